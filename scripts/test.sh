#!/usr/bin/env bash
# `make test`: static checks, the suite on SQLite, then the suite again on a throwaway PostgreSQL.
# With CI=true, the PostgreSQL server, Chromium and CJK fonts are installed from Debian when
# missing, and nothing is skipped. Outside CI a missing service skips its part with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=fazhi.settings_test
export PYTHONDONTWRITEBYTECODE=1

is_ci() { [[ "${CI:-}" =~ ^(true|1|yes)$ ]]; }
pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if is_ci; then
  missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
  [[ -n "$(pg_bindir)" ]] || missing+=(postgresql)
  if ((${#missing[@]})); then
    say "CI: 安装 ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  export FAZHI_REQUIRE_BROWSER=1
fi

say "静态检查：ruff、分层（import-linter）、类型（mypy）、迁移是否齐全"
$BIN/ruff check --quiet .
$BIN/lint-imports --no-cache >/dev/null || { $BIN/lint-imports --no-cache; exit 1; }
mypy_out=$($BIN/mypy fazhi 2>&1) || { printf '%s\n' "$mypy_out"; exit 1; }
$BIN/python manage.py makemigrations --check --dry-run >/dev/null || {
  echo "模型改动缺少迁移：请运行 fazhi makemigrations" >&2; exit 1; }

say "测试（SQLite）"
$BIN/pytest -q -p no:cacheprovider "$@"

bindir=$(pg_bindir)
if [[ -z "$bindir" ]]; then
  echo "跳过 PostgreSQL 测试：本机未安装 PostgreSQL 服务端（Debian: apt-get install postgresql）。"
  exit 0
fi

say "测试（PostgreSQL $("$bindir/postgres" --version | awk '{print $3}')）"
pgdir=$(mktemp -d /tmp/fazhi-pg.XXXXXX)
port=$($BIN/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() {
  # PostgreSQL refuses to run as root: run its tools as the postgres user when we are root.
  if [[ $(id -u) == 0 ]]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}
[[ $(id -u) == 0 ]] && chown postgres "$pgdir"
stop_pg() {
  as_pg "$bindir/pg_ctl -D $pgdir/data -m immediate -w stop" >/dev/null 2>&1 || true
  rm -rf "$pgdir"
}
trap stop_pg EXIT
as_pg "$bindir/initdb -D $pgdir/data -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
# Durability switches off: a throwaway test cluster, never a real database.
as_pg "$bindir/pg_ctl -D $pgdir/data -l $pgdir/log -w start -o \"-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\"" >/dev/null
DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres" $BIN/pytest -q -p no:cacheprovider "$@"
