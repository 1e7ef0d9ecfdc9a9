"""How long `fazhi seed_demo` takes on a fresh SQLite file (every registered demo step).

Run: .venv/bin/python bench/bench_seed.py
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="fazhi-bench-seed-"))
    try:
        run(workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(workdir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "fazhi.settings_test"
    os.environ["FAZHI_VAR_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from fazhi.org.models import Region, Unit, User

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter() - started

    output = io.StringIO()
    started = time.perf_counter()
    call_command("seed_demo", stdout=output)
    seeded = time.perf_counter() - started

    print(f"migrate (empty SQLite file):  {migrated:6.2f} s")
    print(f"seed_demo (all steps):        {seeded:6.2f} s")
    for line in output.getvalue().splitlines():
        if line.startswith("["):
            print(f"  {line}")
    print(
        f"rows: {Region.objects.count()} regions, {Unit.objects.count()} units, "
        f"{User.objects.count()} users"
    )
    connections.close_all()


if __name__ == "__main__":
    main()
