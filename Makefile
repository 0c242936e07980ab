# Two commands do everything on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
WORKER_QUEUES ?= default
export PYTHONDONTWRITEBYTECODE := 1
# One xdist worker per core; the tests sharing a seeded site stay on one worker (tests/conftest.py), and the
# 15 slowest tests are listed at the end. PYTEST_ARGS adds to it (CI: `--ignore=tests/e2e`).
PYTEST_PARALLEL := -n auto --dist loadgroup --durations=15

.PHONY: run test setup install messages migrate seed check lint pytest e2e bench clean format makemessages \
	worker scheduler

# The embedded defaults: SQLite, in-process cache, tasks run at once (TASKS_BACKEND in README for a worker).
run: setup migrate seed
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup lint check pytest

# Background work on Redis (README, "Background work"): TASKS_BACKEND=rq and RQ_REDIS_URL (or REDIS_URL) set
# for these and for the web processes. Run one scheduler and as many workers as the load needs;
# WORKER_QUEUES names the queues a worker listens on (`make worker WORKER_QUEUES="default mail"`).
worker: setup
	$(PY) manage.py rqworker --with-scheduler $(WORKER_QUEUES)

scheduler: setup
	$(PY) manage.py rqcron rongmei.cron

setup: install messages

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet -e . --group dev
	touch $@

# Compiles every catalogue (site/locale and each app's locale/) with Babel, so no gettext tools are needed.
messages: install
	$(PY) -m rongmei.i18n compile

# Maintainers only (needs GNU gettext): extract strings, fill zh-hant by OpenCC, report missing English.
makemessages: install
	$(PY) -m rongmei.i18n extract

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --no-input

seed: migrate
	$(PY) manage.py seed_demo --if-empty

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	mkdir -p var  # makemigrations --check reads the migration history of the default database there
	DJANGO_SETTINGS_MODULE=rongmei.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=rongmei.settings.test $(PY) manage.py makemigrations --check --dry-run

pytest: install messages
	@if [ -x /usr/bin/chromium ] || [ -n "$$CHROMIUM" ]; then \
		echo "Chromium found: the browser tests in tests/e2e run too."; \
	else \
		echo "Chromium not installed: the browser tests in tests/e2e are SKIPPED (apt-get install chromium)."; \
	fi
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

e2e: install messages
	$(VENV)/bin/pytest tests/e2e

bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
