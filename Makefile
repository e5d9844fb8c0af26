# Two commands: `make run` (set up and start the app on a demo workspace) and
# `make test` (set up and run every check headless). Both install only what
# is missing and are quiet when nothing is.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps
DEMO_WORKSPACE ?= demo-workspace

export OMP_THREAD_LIMIT := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test setup lint demo bundle bench clean

setup: $(STAMPS)/debian $(STAMPS)/venv

$(STAMPS)/debian: tools/setup/debian-packages.txt tools/setup/ensure-debian-packages.sh
	@mkdir -p $(STAMPS)
	@tools/setup/ensure-debian-packages.sh
	@touch $@

$(STAMPS)/venv: pyproject.toml $(STAMPS)/debian
	@mkdir -p $(STAMPS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade "pip>=23.1" >/dev/null
	@$(BIN)/python -m pip install -q -e ".[dev]"
	@touch $@

run: setup
	@$(BIN)/python -m inspector demo --workspace $(DEMO_WORKSPACE)

lint: setup
	@$(BIN)/ruff check --quiet .
	@$(BIN)/lint-imports --no-cache >/dev/null || $(BIN)/lint-imports --no-cache

test: setup lint
	@QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: setup
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

bundle: setup
	@$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build build.spec
	@QT_QPA_PLATFORM=offscreen dist/inspector/inspector --version
	@QT_QPA_PLATFORM=offscreen dist/inspector/inspector gui --screenshot dist/bundle-screenshot.png
	@echo "bundle: dist/inspector/ (screenshot: dist/bundle-screenshot.png)"

clean:
	rm -rf $(STAMPS) build dist $(DEMO_WORKSPACE)
