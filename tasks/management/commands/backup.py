from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tasks.backup import BackupError, backup, default_archive_path


class Command(BaseCommand):
    help = (
        "备份数据库和上传文件（佐证材料、导出文件）到一个 .tar.gz："
        "PostgreSQL 用 pg_dump，SQLite 用其在线备份；默认 var/backups/portal-年月日-时分.tar.gz。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--out", type=Path, help="备份文件路径（.tar.gz）")

    def handle(self, *args, out: Path | None = None, **options) -> None:
        out = out or default_archive_path()
        try:
            manifest = backup(out)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"已备份到 {out}：{manifest['engine']} 数据库 {len(manifest['tables'])} 张表、"
            f"{rows} 行，上传文件 {len(manifest['media'])} 个。"
        )
