# Preventionsportalen — the two commands: `make run` and `make test`. Needs only python3 and make.
SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 8000
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test test-production install lint format messages migrate seed worker clean bench

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# Installs exactly the versions in uv.lock (seconds when cached).
install: $(UV)
	$(UV) sync --frozen --quiet
	$(PY) scripts/compilemessages.py

migrate: install
	@mkdir -p var
	$(PY) manage.py migrate --no-input -v0

seed: migrate
	$(PY) manage.py seed_demo

# Links in e-mails point at this server (SITE_URL from the environment wins, e.g. behind a proxy).
SITE_URL ?= http://127.0.0.1:$(PORT)

run: seed
	@echo "Preventionsportalen: http://127.0.0.1:$(PORT)  (admin: http://127.0.0.1:$(PORT)/admin/)"
	SITE_URL=$(SITE_URL) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	bash scripts/ensure-chromium
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

# The tests that run like production (gunicorn with the production settings, PostgreSQL without a
# wrapping transaction, a private Redis and a real worker): see docs/operations.md. E.g.
# DATABASE_URL=postgres://postgres@127.0.0.1:5432/preventionsportalen make test-production
test-production: install
	bash scripts/ensure-chromium
	REQUIRE_PRODUCTION_TESTS=1 $(PY) -m pytest -n 0 -m production $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Regenerate the English catalogue from the Swedish source strings (needs GNU gettext).
messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=.tools --ignore=var --ignore=tests
	$(PY) scripts/compilemessages.py

# site/ holds the `config` package with the Celery app (it is a folder, not a package: see
# site/config/paths.py), so it goes on the worker's path like manage.py and wsgi put it on theirs.
worker: install
	@test -n "$$CELERY_BROKER_URL" || { echo "make worker needs CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0); without it jobs run in-process."; exit 2; }
	PYTHONPATH=site:. $(VENV)/bin/celery -A config worker --loglevel=INFO

# Benchmarks: seeds its own PostgreSQL databases pp_bench_1x and pp_bench_100x, serves them with
# gunicorn and writes bench/results/latest.{json,md} (see README, "Benchmarks"). E.g.
# make bench BENCH_ARGS="--reuse --requests 20".
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(TOOLS) var
