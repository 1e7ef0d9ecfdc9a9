"""`fazhi seed_demo`: the demo county 示例县 with its peers, people and every module's records."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.demo import DemoContext, demo_steps, new_context, run_step
from fazhi.core.text import display_width
from fazhi.org import demo
from fazhi.org.data.demo_county import DEMO_PASSWORD, PEER_COUNTIES

PEERS = "、".join(c.name for c in PEER_COUNTIES)


class Command(BaseCommand):
    help = "生成演示数据：示例市的示例县及其他各县的组织机构、人员，以及各业务模块登记的演示记录。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="数据库已有组织机构或用户数据时不生成（示例县已存在时仍打印演示账号）",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="数据库非空时仍然生成（演示数据的区划代码、单位编码和用户名不得已存在）",
        )
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="登录说明中显示的访问地址"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not self._may_seed(if_empty=options["if_empty"], force=options["force"]):
            if demo.demo_seeded():
                self.print_logins(options["url"])
            return
        ctx = new_context()
        self.stdout.write(
            f"生成演示数据：示例县及{PEERS}，年度 {ctx.years[0]}–{ctx.years[-1]}"
            f"（截至 {ctx.today:%Y-%m-%d}）"
        )
        started = time.perf_counter()
        self._run_steps(ctx)
        self.stdout.write(
            self.style.SUCCESS(f"演示数据已生成，共用时 {time.perf_counter() - started:.1f} 秒。")
        )
        self.print_logins(options["url"])

    def _may_seed(self, *, if_empty: bool, force: bool) -> bool:
        counts = demo.org_row_counts()
        if not any(counts.values()):
            return True
        existing = "、".join(f"{n} 个{label}" for label, n in counts.items() if n)
        if if_empty:
            what = "示例县演示数据已存在" if demo.demo_seeded() else f"数据库中已有 {existing}"
            self.stdout.write(f"{what}，跳过生成演示数据。")
            return False
        if not force:
            raise CommandError(
                f"数据库不是空的（已有 {existing}），为免演示数据与现有数据混在一起，未做任何修改。"
                "确需在此数据库中生成演示数据，请加 --force；只在空库时生成请用 --if-empty。"
            )
        taken = demo.conflicts()
        if taken:
            more = f" 等 {len(taken)} 项" if len(taken) > 5 else " "
            raise CommandError(
                f"演示数据与数据库中已有数据冲突：{'、'.join(taken[:5])}{more} 已存在，"
                "未做任何修改。请换用一个空数据库。"
            )
        return True

    def _run_steps(self, ctx: DemoContext) -> None:
        steps = demo_steps()
        for index, step in enumerate(steps, start=1):
            self.stdout.write(f"[{index}/{len(steps)}] {step.name} …", ending="")
            self.stdout.flush()
            try:
                outcome = run_step(ctx, step)
            except Exception as exc:
                self.stdout.write(self.style.ERROR("失败"))
                raise CommandError(
                    f"演示数据步骤“{step.name}”失败：{exc}。该步骤的数据已全部撤销，"
                    f"此前 {index - 1} 个步骤的数据已写入；请删除数据库后重新运行。"
                ) from exc
            counts = "，".join(f"{label} {n}" for label, n in outcome.counts.items())
            self.stdout.write(f"完成 ({outcome.seconds:.1f} 秒){'：' + counts if counts else ''}")

    def print_logins(self, url: str) -> None:
        users = demo.main_logins()
        if not users:
            return
        rows = [("用户名", "姓名", "单位", "角色")]
        rows += [
            (u.username, u.full_name, u.unit.name if u.unit else "", "、".join(u.role_labels()))
            for u in users
        ]
        widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
        lines = ["  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)) for row in rows]
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("演示账号"))
        self.stdout.write(f"  访问地址：{url}")
        self.stdout.write(f"  密码：{DEMO_PASSWORD}（所有演示账号相同）")
        self.stdout.write("")
        for line in lines:
            self.stdout.write(f"  {line.rstrip()}")
        self.stdout.write("")
        self.stdout.write(
            "  另有各部门、乡镇（街道）、司法所的填报员（如 clerk_scjg、clerk_baisha、"
            "clerk_sfs_qingshi），乡镇法审员（如 reviewer_qingshi），"
            f"{PEERS}的县级管理员和法审员（如 county_admin_linxi、reviewer_linxi），密码相同。"
        )
        self.stdout.write(
            "  演示模式（FAZHI_DEMO=1，make run 已开启）下可直接使用上述密码；"
            "非演示模式下，每个账号首次登录时须修改密码。"
        )


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))
