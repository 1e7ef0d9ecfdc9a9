"""What the benches built on Django share: the environment, a region tree of their own, the
guard against a database that already holds it, the cleanup and a repeated timer.

A bench calls `setup("name")` before importing anything of Django or fazhi, then
`run(env, main, cleanup, root_code=…)` at the end. Without DATABASE_URL it runs on a temporary
SQLite file; on a given database the rows it creates are deleted at the end (kept with
BENCH_KEEP=1 where the bench offers that, to study query plans).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 5


@dataclass(frozen=True)
class Env:
    var_dir: str
    own_database: bool  # a temporary SQLite file, dropped with var_dir
    keep: bool  # BENCH_KEEP=1: leave the rows in a given database


def setup(name: str) -> Env:
    """Test settings, a temporary var dir and (unless DATABASE_URL is set) a temporary SQLite
    database; then `django.setup()`."""
    sys.path.insert(0, str(ROOT))
    var_dir = tempfile.mkdtemp(prefix=f"fazhi-bench-{name}-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "fazhi.settings_test"
    os.environ["FAZHI_VAR_DIR"] = var_dir
    own_database = "DATABASE_URL" not in os.environ
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var_dir}/bench.sqlite3")
    import django

    django.setup()
    return Env(var_dir, own_database, os.environ.get("BENCH_KEEP") == "1")


def region(code: str, name: str, level: str, parent: Any, *, save: bool = True) -> Any:
    """A region under `parent` (None: a root) with its path; saved unless `save` is False
    (for a bulk_create)."""
    from fazhi.org.models import Region

    path = f"{parent.path if parent else '/'}{code}/"
    found = Region(code=code, name=name, level=level, parent=parent, path=path)
    if save:
        found.save()
    return found


def delete_tree(root_code: str) -> None:
    """Delete the regions under and including `root_code`, the lowest level first (a region
    protects its children); their units must be gone already."""
    from fazhi.org.models import Region, RegionLevel

    tree = Region.objects.filter(path__startswith=f"/{root_code}/")
    for level in reversed(list(RegionLevel)):
        tree.filter(level=level).delete()


def run(
    env: Env,
    main: Callable[[], object],
    cleanup: Callable[[], object],
    *,
    root_code: str,
    unit_prefix: str = "",
) -> None:
    """Migrate, refuse a database that already has the bench's region (or units), run `main`
    and clean up after it on a given database; always drop the temporary files."""
    from django.core.management import call_command
    from django.db import connection

    from fazhi.org.models import Region, Unit

    try:
        call_command("migrate", verbosity=0)
        taken = Region.objects.filter(code=root_code).exists() or (
            bool(unit_prefix) and Unit.objects.filter(code__startswith=unit_prefix).exists()
        )
        if taken:
            what = f"区划 {root_code}" + (f" 或 {unit_prefix} 单位" if unit_prefix else "")
            print(f"{what}已存在：请换一个数据库再运行基准测试")
            return
        try:
            main()
        finally:
            if not env.own_database and not env.keep:
                cleanup()
    finally:
        connection.close()
        shutil.rmtree(env.var_dir, ignore_errors=True)


def repeated(work: Callable[[], object], times: int = REPEAT) -> tuple[float, float]:
    """The best and the median wall-clock seconds of `times` runs of `work`."""
    seconds = []
    for _ in range(times):
        started = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - started)
    return min(seconds), statistics.median(seconds)
