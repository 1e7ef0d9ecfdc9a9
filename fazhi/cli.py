"""The `fazhi` console command: Django's manage.py under a shorter name.

`fazhi migrate`, `fazhi seed_demo`, `fazhi indicators --region 示例县 --year 2023` …
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["fazhi", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
