from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tasks.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "从 manage.py backup 生成的 .tar.gz 恢复数据库和上传文件。"
        "数据库或上传文件目录不是空的时拒绝，除非加 --force（覆盖全部现有数据）。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="备份文件（.tar.gz）")
        parser.add_argument("--force", action="store_true", help="覆盖现有的数据库和上传文件")

    def handle(self, *args, file: Path, force: bool = False, **options) -> None:
        if not file.is_file():
            raise CommandError(f"找不到备份文件 {file}")
        try:
            manifest = restore(file, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"已从 {file}（{manifest['created_at']}）恢复：{len(manifest['tables'])} 张表、"
            f"{rows} 行（行数已核对），上传文件 {len(manifest['media'])} 个（内容已核对）。"
            "如平台版本比备份新，请再运行 manage.py migrate。"
        )
