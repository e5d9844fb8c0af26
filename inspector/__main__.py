"""``python -m inspector`` and the bundled executable: the same as the ``inspector`` command."""

import multiprocessing
import sys

from inspector.cli import main

if __name__ == "__main__":
    # In the PyInstaller bundle the OCR workers are this executable started again
    # (spawn); freeze_support() lets them run their task instead of the CLI.
    multiprocessing.freeze_support()
    sys.exit(main())
