# Mteja: `make run` serves the app, `make test` runs the whole suite. Both set everything up.
PYTHON ?= python3
BOOTSTRAP := .bootstrap/venv
UV := $(BOOTSTRAP)/bin/uv
VENV := .venv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test lint format install system-deps clean

$(UV):
	$(PYTHON) -m venv $(BOOTSTRAP)
	$(BOOTSTRAP)/bin/pip install --quiet --disable-pip-version-check "uv==0.13.9"

# Bytecode compiled once here: where PYTHONDONTWRITEBYTECODE is set, every start would
# compile Django and the app again (two seconds of each command, test worker and server).
$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	$(VENV)/bin/python -m compileall -q src
	touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/mteja migrate --no-input
	$(VENV)/bin/mteja createadmin
	$(VENV)/bin/mteja demo --if-empty
	$(VENV)/bin/mteja serve

# Chromium and gettext from Debian when missing (or one line saying how to install them).
system-deps:
	@sh scripts/ensure-system-packages

test: install system-deps
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/ruff check src tests benchmarks

format: install
	$(VENV)/bin/ruff format src tests benchmarks
	$(VENV)/bin/ruff check --fix src tests benchmarks

clean:
	rm -rf $(VENV) $(BOOTSTRAP) var/static
