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

.PHONY: run test install lint format messages migrate seed worker clean bench

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

run: seed
	@echo "Preventionsportalen: http://127.0.0.1:$(PORT)  (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	bash scripts/ensure-chromium
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

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

worker: install
	$(VENV)/bin/celery -A config worker --loglevel=INFO

# Benchmarks: seeds its own PostgreSQL databases pp_bench_1x and pp_bench_100x, serves them with
# gunicorn and writes bench/results/latest.{json,md} (see README, "Benchmarks"). E.g.
# make bench BENCH_ARGS="--reuse --requests 20".
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(TOOLS) var
