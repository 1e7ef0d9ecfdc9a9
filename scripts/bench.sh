#!/usr/bin/env bash
# `make bench`: each script under bench/ builds its own data in a temporary database and prints
# its figures. Nothing here asserts on timing.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=fazhi.settings_test
for script in bench/bench_*.py; do
  printf '\n== %s\n' "$script"
  .venv/bin/python "$script"
done
