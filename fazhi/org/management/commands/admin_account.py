"""`fazhi admin_account`: create or reset a 系统管理员, 安全管理员 or 审计管理员 account.

The only way to these accounts: no page may create or reset them (三权分立).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.exceptions import ApplicationError
from fazhi.org import services
from fazhi.org.models import Unit
from fazhi.org.roles import ADMIN_ROLES, Role


class Command(BaseCommand):
    help = "新建或重置系统管理员、安全管理员、审计管理员账号（仅限服务器命令行）"

    def add_arguments(self, parser: CommandParser) -> None:
        choices = sorted(str(r) for r in ADMIN_ROLES)
        parser.add_argument("--role", required=True, choices=choices, help="角色")
        parser.add_argument("--username", required=True, help="用户名")
        parser.add_argument("--full-name", default="", help="姓名（新建时必填）")
        parser.add_argument("--unit", default="", help="所在单位编码（新建时必填）")
        parser.add_argument("--reset", action="store_true", help="重置已有账号的密码")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = None
        if not options["reset"]:
            if not options["full_name"] or not options["unit"]:
                raise CommandError("新建账号须给出 --full-name 和 --unit")
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"未找到单位编码：{options['unit']}")
        try:
            user, password = services.admin_account_provision(
                username=options["username"],
                full_name=options["full_name"],
                unit=unit,  # type: ignore[arg-type]
                role=options["role"],
                reset=options["reset"],
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        action = "已重置" if options["reset"] else "已新建"
        self.stdout.write(f"{action}{Role(options['role']).label}账号 {user.username}")
        self.stdout.write(f"初始密码（只显示这一次，首次登录须修改）：{password}")
