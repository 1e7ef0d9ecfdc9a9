"""`fazhi verify_audit_chain`: recompute the audit trail's hash chain (等保 L3-CES1-14).

Exit 0 and "审计日志完整：N 条" when every row matches; otherwise a non-zero exit naming the first
row that does not, for cron or monitoring. The check itself is recorded in the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fazhi.core import audit


class Command(BaseCommand):
    help = "校验审计日志的摘要链是否完整（发现被改动或删除的记录）"

    def handle(self, *args: Any, **options: Any) -> None:
        check = audit.check_chain()
        audit.record_chain_check(user=None, check=check, via="命令行 verify_audit_chain")
        if check.broken is not None:
            raise CommandError(check.summary())
        self.stdout.write(self.style.SUCCESS(f"审计日志完整：{check.count} 条"))
