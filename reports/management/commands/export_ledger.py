import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.exports import ledger_options
from reports.ledger import ledger_workbook
from workplans.models import Plan, User


class Command(BaseCommand):
    help = "导出一份工作要点的督办台账（.xlsx），内容与页面上“导出督办台账”相同（全部任务）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--plan", type=int, required=True, metavar="ID", help="工作要点编号")
        parser.add_argument(
            "--as-of", default=None, metavar="YYYY-MM-DD", help="截止日期（默认今天或该年年底）"
        )
        parser.add_argument("--include-submitted", action="store_true", help="包括待审核的报送")
        parser.add_argument(
            "--include-cooperation",
            action="store_true",
            help="工作进展中附上配合单位的配合情况",
        )
        parser.add_argument("--out", required=True, metavar="FILE.xlsx", help="输出文件")

    def handle(self, *args, **options) -> None:
        plan = Plan.objects.filter(pk=options["plan"]).first()
        if plan is None:
            raise CommandError(f"找不到编号为 {options['plan']} 的工作要点。")
        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError:
            raise CommandError("截止日期应写成 YYYY-MM-DD，如 2026-06-30。") from None
        stored = {
            "as_of": as_of.isoformat() if as_of else None,
            "include_submitted": options["include_submitted"],
            "include_cooperation": options["include_cooperation"],
        }
        # Whoever runs commands on the server sees the whole plan, as a platform operator does.
        operator = User(username="manage.py", is_superuser=True)
        body = ledger_workbook(plan=plan, user=operator, options=ledger_options(plan, stored))
        out = Path(options["out"])
        out.write_bytes(body)
        self.stdout.write(f"已导出 {plan.title} 的督办台账：{out}（{len(body) // 1024} KB）")
