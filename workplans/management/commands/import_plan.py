from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from workplans.imports import plan_import_create, plan_import_publish
from workplans.models import Bureau, User
from workplans.parsing import PlanImportError


class Command(BaseCommand):
    help = (
        "把一份工作要点导入为某个机构的草稿（同名草稿会被替换）；加 --publish 则直接发布。"
        "文件中提到、但机构尚未登记的单位会列出，发布前需先添加。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="工作要点文件路径（.docx、.txt、.xlsx）")
        parser.add_argument("--bureau", required=True, help="机构名称，如：益阳市赫山区卫生健康局")
        parser.add_argument("--year", type=int, default=None, help="年度（默认从标题识别）")
        parser.add_argument("--publish", action="store_true", help="导入后直接发布")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        try:
            bureau = Bureau.objects.get(name=options["bureau"])
        except Bureau.DoesNotExist as exc:
            raise CommandError(f"没有名为“{options['bureau']}”的机构。") from exc
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：文件不存在或没有读取权限。") from exc
        operator = User.objects.filter(bureau=bureau, role=User.Role.ADMIN).first()
        try:
            plan_import = plan_import_create(
                user=operator, bureau=bureau, filename=path.name, data=data, year=options["year"]
            )
        except PlanImportError as error:
            raise CommandError(error.message) from error
        outline = plan_import.outline
        tasks = sum(len(s["tasks"]) for s in outline["sections"])
        self.stdout.write(
            f"已导入草稿 #{plan_import.pk}：{plan_import.title}（{plan_import.year} 年，"
            f"{len(outline['sections'])} 个板块、{tasks} 项任务）"
        )
        if outline.get("summary_found"):
            self.stdout.write("文件中还有一份年度工作总结，已跳过。")
        if not options["publish"]:
            self.stdout.write("请在“导入工作要点”页面核对后发布，或加 --publish 直接发布。")
            return
        try:
            plan = plan_import_publish(
                plan_import=plan_import, version=plan_import.version, user=operator
            )
        except ValidationError as exc:
            raise CommandError("未发布：" + "；".join(exc.messages)) from exc
        self.stdout.write(f"已发布：{plan.title}（工作要点 #{plan.pk}）")
