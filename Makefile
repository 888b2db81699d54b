# PrivaShop. Quick start: `make run` (serve the demo shop) and `make test` (the whole suite).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The accessibility check's axe-core (tests/e2e/axe.py holds the pin), installed from the npm registry into var/npm/.
AXE_CORE_VERSION := $(shell sed -n 's/^AXE_CORE_VERSION = "\(.*\)"/\1/p' tests/e2e/axe.py)
AXE_PACKAGE := var/npm/node_modules/axe-core/package.json
# Lighthouse for `make lighthouse` (bench/lighthouse.py), from the npm registry into var/npm/ beside axe-core.
LIGHTHOUSE_VERSION := 12.2.3
LIGHTHOUSE_PACKAGE := var/npm/node_modules/lighthouse/package.json

.PHONY: run serve test check lint install migrate seed bench fuzz clean axe lighthouse

$(VENV)/.installed: requirements.txt .ci/system-packages
	bash .ci/system-packages
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	DEMO_CARRIER_API_BASE_URL=http://$(HOST):$(PORT)/demo-carrier/api $(PY) manage.py seed_demo

run: seed
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production on one machine: gunicorn, a Celery worker and Celery beat (Procfile, run by honcho) against the
# PostgreSQL and Redis named by DATABASE_URL and REDIS_URL, with config.settings.production. The environment
# must also give DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, PRIVACY_ENCRYPTION_KEYS and PRIVACY_HASH_KEY (README).
serve: install
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" || { echo "make serve needs DATABASE_URL (PostgreSQL) and REDIS_URL"; exit 2; }
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py collectstatic --noinput
	mkdir -p var
	DJANGO_SETTINGS_MODULE=config.settings.production PATH=$(CURDIR)/$(VENV)/bin:$$PATH $(VENV)/bin/honcho start -f Procfile

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

check: install
	DJANGO_SETTINGS_MODULE=config.settings.local DATABASE_URL=sqlite:///:memory: REDIS_URL= $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m ruff check .

axe:
	@if grep -qs '"version": "$(AXE_CORE_VERSION)"' $(AXE_PACKAGE); then :; \
	elif command -v npm >/dev/null; then mkdir -p var/npm && cd var/npm && \
		npm install --no-save --no-audit --no-fund --silent axe-core@$(AXE_CORE_VERSION); \
	else echo "make: npm not found: the accessibility check will be skipped"; fi

# Lighthouse (mobile) on the home, a category, a product, the cart and the privacy centre of a server it starts
# with the demo data; prints the four scores per page. LIGHTHOUSE_ARGS="--cpu-slowdown 1" on a loaded machine.
lighthouse: install
	@if grep -qs '"version": "$(LIGHTHOUSE_VERSION)"' $(LIGHTHOUSE_PACKAGE) && grep -qs '"version": "$(AXE_CORE_VERSION)"' $(AXE_PACKAGE); then :; \
	else mkdir -p var/npm && cd var/npm && \
		npm install --no-save --no-audit --no-fund --silent lighthouse@$(LIGHTHOUSE_VERSION) axe-core@$(AXE_CORE_VERSION); fi
	$(PY) bench/lighthouse.py $(LIGHTHOUSE_ARGS)

test: check axe
	$(PY) -m pytest $(PYTEST_ARGS)

# A longer schemathesis run: many examples per operation, boundary values, shrinking (make test runs 5 each).
fuzz: install
	PRIVASHOP_FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} $(PY) -m pytest tests/core/test_api_fuzz.py $(PYTEST_ARGS)

bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
