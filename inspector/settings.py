"""Settings, declared once with typed defaults and a schema version.

Stored as JSON in the user's config folder (platformdirs). ``INSPECTOR_CONFIG_DIR``
moves it (tests point it at a temporary folder and never touch the user's).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)

APP_NAME = "so-ho-tich"
SETTINGS_SCHEMA_VERSION = 1


def config_dir() -> Path:
    """Folder of the settings file."""
    override = os.environ.get("INSPECTOR_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME))


def log_dir() -> Path:
    """Folder of the log files (no personal data is ever written there)."""
    override = os.environ.get("INSPECTOR_LOG_DIR")
    return Path(override) if override else Path(platformdirs.user_log_dir(APP_NAME))


@dataclass(frozen=True)
class Settings:
    """Everything a person can set, with its default."""

    schema_version: int = SETTINGS_SCHEMA_VERSION
    language: str = "vi"
    officer_name: str = ""
    last_workspace: str = ""
    recent_workspaces: tuple[str, ...] = field(default_factory=tuple)
    ocr_jobs: int = 0  # 0: one worker per core
    review_confidence_threshold: float = 0.90
    # The officer's signing key (never its PIN): a PKCS#12 file, or a PKCS#11 module and token label.
    signing_pkcs12: str = ""
    signing_pkcs11_module: str = ""
    signing_token_label: str = ""

    def with_recent(self, workspace: str) -> Settings:
        """Return settings with ``workspace`` first in the recent list."""
        recent = (workspace, *(w for w in self.recent_workspaces if w != workspace))[:8]
        return replace(self, last_workspace=workspace, recent_workspaces=recent)


def load_settings() -> Settings:
    """Read the settings file; unknown keys are ignored and bad values fall back to defaults."""
    path = config_dir() / "settings.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as exc:
        log.warning("Settings file unreadable, using defaults: %s", type(exc).__name__)
        return Settings()
    defaults = Settings()
    values = {}
    for spec in fields(Settings):
        if spec.name not in raw or spec.name == "schema_version":
            continue
        value = raw[spec.name]
        default = getattr(defaults, spec.name)
        if isinstance(default, tuple) and isinstance(value, list):
            value = tuple(str(v) for v in value)
        if isinstance(default, float) and isinstance(value, int):
            value = float(value)
        if type(value) is type(default):
            values[spec.name] = value
    return replace(defaults, **values)


def save_settings(settings: Settings) -> None:
    """Write the settings file atomically."""
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / "settings.json.tmp"
    data = asdict(settings)
    data["recent_workspaces"] = list(settings.recent_workspaces)
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, folder / "settings.json")
