# Styrkort — the two set-up commands are `make run` and `make test` (see README.md).
# .python-version selects the interpreter through pyenv; else a python3.13/3.12 on PATH.
PYTHON ?= $(shell pyenv which python 2>/dev/null || command -v python3.13 || command -v python3.12)
VENV := .venv
BIN := $(VENV)/bin
DEV_ENV := DJANGO_DEBUG=1
# Tests run with DEBUG off, as production does; the key is only for the test run.
TEST_ENV := DJANGO_SECRET_KEY=test-only-not-secret
# One pytest worker per core (pytest-xdist); override with `make test PYTEST_ARGS=...`.
PYTEST_ARGS ?= -n auto

.PHONY: install run test lint check demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py loaddemo

run: demo
	@echo ""
	@echo "Styrkort körs på http://127.0.0.1:8000/"
	@echo "Demoinloggningar (lösenord styrkort-demo): controller, controller_other, manager, reader, admin; gemensam nämnd: namnd_controller, namnd_manager, namnd_admin"
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(TEST_ENV) $(BIN)/python manage.py check
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/mypy .
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

# The static checks of `make test` alone (quicker while editing).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/mypy .

clean:
	rm -rf $(VENV) var/*.sqlite3 var/static
