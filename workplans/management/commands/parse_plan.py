import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workplans.parsing import PlanImportError, parse_document
from workplans.parsing.reading import read_upload


class Command(BaseCommand):
    help = (
        "解析一份工作要点（.docx、.txt、.xlsx），在标准输出打印 JSON：标题、年度、发文单位、文号、"
        "板块、任务、分项、量化指标、牵头/配合单位和完成时限。不读写数据库。"
    )
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="工作要点文件路径")
        parser.add_argument("--year", type=int, default=None, help="年度（默认从标题识别）")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：文件不存在或没有读取权限。") from exc
        try:
            outline = parse_document(read_upload(path.name, data), year=options["year"])
        except PlanImportError as error:
            raise CommandError(error.message) from error
        self.stdout.write(json.dumps(outline.to_json(), ensure_ascii=False, indent=2))
