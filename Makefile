# FreelanceHub's single entry point: install, run, test, lint, worker, bench.
# `make run` and `make test` install whatever is missing first.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.8
UV := .tools/bin/uv
HOST ?= 127.0.0.1
PORT ?= 8000
# The address links in e-mails, .ics files and join links lead to: this server's, unless given.
SITE_URL ?= http://$(HOST):$(PORT)
PYTEST_ARGS ?=

# uv uses the Python of .python-version found on this machine; it never downloads one.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
DEV_ENV := DEBUG=1
DEV_TOTP_CODE := 000000

.PHONY: install run test lint format check-deploy messages worker seed bench backup clean

install: $(VENV)/.installed node_modules/.installed

$(UV):
	@PY312=$$(command -v python3.12 || command -v python3); \
	  "$$PY312" -m venv .tools && .tools/bin/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --quiet
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

run: install
	$(DEV_ENV) SITE_URL=$(SITE_URL) $(PY) manage.py migrate --no-input -v0
	$(DEV_ENV) SITE_URL=$(SITE_URL) $(PY) manage.py seed_demo
	@echo ""
	@echo "  FreelanceHub runs at http://$(HOST):$(PORT)/"
	@echo "  Demo member:  claire@demo.freelancehub.fr / demo-freelancehub"
	@echo "  Moderator:    sophie@demo.freelancehub.fr / demo-freelancehub  (admin at /admin/;"
	@echo "                two-factor code in development: $(DEV_TOTP_CODE))"
	@echo ""
	$(DEV_ENV) SITE_URL=$(SITE_URL) DEV_TOTP_CODE=$(DEV_TOTP_CODE) $(PY) manage.py runserver $(HOST):$(PORT)

# Against PostgreSQL when DATABASE_URL points at one, on SQLite otherwise. pytest-xdist runs the
# tests in PYTEST_WORKERS processes (2, one per core; 0 runs them in this one), each with its own
# test database and live server; the tests marked xdist_group("…") stay together on one worker.
test: install
	$(PY) -m pytest -n $${PYTEST_WORKERS:-2} --dist loadgroup $(PYTEST_ARGS)

# django-upgrade's admin_register fixer is skipped: our admin classes already use @admin.register,
# and in django-upgrade 1.33 it garbles a docstring of forums/admin.py (it appends `."""`).
DJANGO_UPGRADE := $(VENV)/bin/django-upgrade --target-version 6.1 --skip admin_register

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	git ls-files -z '*.py' | xargs -0 $(DJANGO_UPGRADE) --check
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run -v0
	$(DEV_ENV) $(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules
	git diff --exit-code --stat -- locale || (echo "Compiled catalogues are stale: run make messages" && false)

format: install
	git ls-files -z '*.py' | xargs -0 $(DJANGO_UPGRADE)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The production settings must pass Django's deployment checks without a single warning.
check-deploy: install
	SECRET_KEY=$$(openssl rand -base64 48) ALLOWED_HOSTS=freelancehub.fr SITE_URL=https://freelancehub.fr \
	  REDIS_URL=redis://127.0.0.1:6379/0 DATABASE_URL=$${DATABASE_URL:-sqlite:///:memory:} \
	  $(PY) manage.py check --deploy --fail-level WARNING

messages: install
	$(DEV_ENV) $(PY) manage.py makemessages -l fr -l en --no-obsolete --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=.tools
	$(DEV_ENV) $(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules

worker: install
	$(PY) manage.py worker

seed: install
	$(DEV_ENV) $(PY) manage.py migrate --no-input -v0
	$(DEV_ENV) $(PY) manage.py seed_demo

bench: install
	bench/run.sh

# The database and the uploaded files into a new folder of BACKUP_DIR, keeping the BACKUP_KEEP
# newest there (README.md, "Backups").
backup: install
	$(PY) manage.py backup --to "$${BACKUP_DIR:?set BACKUP_DIR to the backups folder}" --keep $${BACKUP_KEEP:-14}

clean:
	rm -rf $(VENV) .tools node_modules staticfiles
