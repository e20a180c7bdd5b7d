from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.plan_table import plan_task_table
from workplans.models import Plan


class Command(BaseCommand):
    help = "导出一份工作要点的任务分工表（.xlsx），可在“导入工作要点”中读回。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--plan", type=int, required=True, metavar="ID", help="工作要点编号")
        parser.add_argument("--out", required=True, metavar="FILE.xlsx", help="输出文件")

    def handle(self, *args, **options) -> None:
        plan = Plan.objects.filter(pk=options["plan"]).first()
        if plan is None:
            raise CommandError(f"找不到编号为 {options['plan']} 的工作要点。")
        body = plan_task_table(plan=plan)
        out = Path(options["out"])
        out.write_bytes(body)
        self.stdout.write(f"已导出 {plan.title} 的任务分工表：{out}（{len(body) // 1024} KB）")
