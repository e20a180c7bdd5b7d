from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tasks.services.calendar import calendar_fill, fill_summary
from workplans.models import Bureau


class Command(BaseCommand):
    help = (
        "把国家公布的某年节假日和调休上班日导入机构的工作日历（可重复运行；"
        "手工录入或修改过的日期保持不变）。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--bureau", required=True, help="机构名称，如：益阳市赫山区卫生健康局")
        parser.add_argument("--year", type=int, required=True, help="年度，如：2026")

    def handle(self, *args, **options) -> None:
        try:
            bureau = Bureau.objects.get(name=options["bureau"])
        except Bureau.DoesNotExist as exc:
            raise CommandError(f"没有名为“{options['bureau']}”的机构。") from exc
        year = options["year"]
        try:
            counts = calendar_fill(bureau=bureau, year=year)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(f"{bureau.name} {year}年工作日历：{fill_summary(counts)}")
