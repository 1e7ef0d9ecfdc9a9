# fazhi: `make run` serves the demo county; `make test` runs every test (SQLite, then PostgreSQL).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench lint setup assets migrate seed clean

$(STAMPS)/venv: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/assets: package.json package-lock.json scripts/copy-assets.sh
	npm ci --no-audit --no-fund --loglevel=error
	scripts/copy-assets.sh
	@mkdir -p $(STAMPS) && touch $@

setup: $(STAMPS)/venv $(STAMPS)/assets

assets: $(STAMPS)/assets

migrate: setup
	$(BIN)/fazhi migrate --noinput

run: export DEBUG = 1
run: export FAZHI_DEMO = 1
run: setup
	$(BIN)/fazhi migrate --noinput
	$(BIN)/fazhi seed_demo --if-empty
	@echo "fazhi 已启动：http://$(HOST):$(PORT)/   （Ctrl+C 停止）"
	$(BIN)/fazhi runserver $(HOST):$(PORT) --noreload

test: setup
	scripts/test.sh

bench: setup
	scripts/bench.sh

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy fazhi

clean:
	rm -rf $(VENV) $(STAMPS) node_modules fazhi/static/vendor staticfiles
