"""Backup and restore of the whole portal: the database and the uploaded files (MEDIA_ROOT:
evidence, exports) in one .tar.gz (README: 备份与恢复).

The archive holds manifest.json (format, version, engine, row count of every table, size and
SHA-256 of every file), the database (PostgreSQL: a pg_dump custom-format file; SQLite: a copy
made with SQLite's online backup API, consistent while the site runs) and media/. Row counts are
taken in the same snapshot as the dump, so a restore can check it got exactly what was saved.
"""

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "portal-backup"
VERSION = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
MEDIA_DIR = "media"
# Filled by `migrate` itself; a freshly migrated database is still empty.
BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in Chinese."""


def default_archive_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    path = settings.VAR_DIR / "backups" / f"portal-{stamp}.tar.gz"
    if path.exists():  # two backups in one minute
        path = path.with_name(f"portal-{timezone.localtime().strftime('%Y%m%d-%H%M%S')}.tar.gz")
    return path


# ---------------------------------------------------------------------------------------------
# Backup


def backup(out: Path) -> dict:
    """Write the archive to `out` (through a temporary file next to it); returns the manifest."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as work:
        work = Path(work)
        if connection.vendor == "sqlite":
            database_file = work / SQLITE_FILE
            _sqlite_copy(_sqlite_path(), database_file)
            tables = _sqlite_row_counts(database_file)
            extra = {}
        elif connection.vendor == "postgresql":
            database_file = work / PG_FILE
            tables, extra = _pg_dump(database_file)
        else:
            raise BackupError(
                f"不支持备份 {connection.vendor} 数据库（只支持 PostgreSQL、SQLite）。"
            )
        media = _media_files()
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.localtime().isoformat(timespec="seconds"),
            "engine": connection.vendor,
            "database": database_file.name,
            **extra,
            "migrations": _applied_migrations(),
            "tables": tables,
            "media": media,
        }
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(dt.datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(database_file, arcname=database_file.name)
            root = Path(settings.MEDIA_ROOT)
            for item in media:
                archive.add(root / item["path"], arcname=f"{MEDIA_DIR}/{item['path']}")
        os.replace(partial, out)
    return manifest


def _sqlite_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"])


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup API: a consistent copy while others read and write."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        dst.close()
        src.close()


def _sqlite_row_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}
    finally:
        db.close()


def _table_row_counts() -> dict[str, int]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = {}
        for name in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {quote(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def _applied_migrations() -> dict[str, str]:
    latest = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name"):
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def _media_files() -> list[dict]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    files = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        files.append(
            {
                "path": path.relative_to(root).as_posix(),
                "size": path.stat().st_size,
                "sha256": _sha256(path),
            }
        )
    return files


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------
# PostgreSQL tools


def _pg_tool(name: str) -> str:
    """pg_dump / pg_restore: from PG_BIN (a folder, e.g. /usr/lib/postgresql/16/bin) if set,
    else from PATH."""
    folder = os.environ.get("PG_BIN", "")
    tool = str(Path(folder) / name) if folder else shutil.which(name)
    if not tool or not Path(tool).exists():
        raise BackupError(
            f"找不到 {name}：请安装 PostgreSQL 客户端（Debian：apt-get install "
            "postgresql-client），或用 PG_BIN 指向其所在目录。"
        )
    return tool


def _tool_major(tool: str) -> int:
    text = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", text)
    if not match:
        raise BackupError(f"无法识别 {tool} 的版本：{text.strip()}")
    return int(match.group(1))


def _pg_env() -> dict:
    db = settings.DATABASES["default"]
    env = {**os.environ}
    for key, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGDATABASE", db.get("NAME")),
        ("PGSSLMODE", (db.get("OPTIONS") or {}).get("sslmode")),
    ):
        if value:
            env[key] = str(value)
    return env


def _server_major() -> int:
    connection.ensure_connection()
    return connection.pg_version // 10000


def _pg_dump(target: Path) -> tuple[dict[str, int], dict]:
    """pg_dump in the snapshot the row counts are taken in (--snapshot), so they agree."""
    tool = _pg_tool("pg_dump")
    tool_major, server_major = _tool_major(tool), _server_major()
    if tool_major < server_major:
        raise BackupError(
            f"pg_dump 的版本（{tool_major}）低于数据库服务器（{server_major}），无法备份："
            f"请安装 {server_major} 版的 PostgreSQL 客户端，并用 PG_BIN 指向它的 bin 目录。"
        )
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        tables = _table_row_counts()
        done = subprocess.run(
            [tool, "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot}", f"--file={target}"],
            env=_pg_env(), capture_output=True, text=True,
        )  # fmt: skip
    if done.returncode != 0:
        raise BackupError(f"pg_dump 失败：{done.stderr.strip()[-2000:]}")
    return tables, {"pg_dump_version": tool_major, "server_version": server_major}


# ---------------------------------------------------------------------------------------------
# Restore


def read_manifest(archive_path: Path) -> dict:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            manifest = json.loads(member.read()) if member else None
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as exc:
        raise BackupError(f"{archive_path} 不是本平台的备份文件：{exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive_path} 不是本平台的备份文件（没有 {FORMAT} 清单）。")
    if manifest.get("version", 0) > VERSION:
        raise BackupError(
            f"备份格式版本 {manifest.get('version')} 比本程序支持的（{VERSION}）新，请先升级平台。"
        )
    return manifest


def database_contents() -> str | None:
    """The first table that holds data (bookkeeping tables aside), or None for an empty database."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for name in sorted(connection.introspection.table_names(cursor)):
            if name in BOOKKEEPING_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {quote(name)} LIMIT 1")
            if cursor.fetchone():
                return name
    return None


def restore(archive_path: Path, *, force: bool = False) -> dict:
    """Replace the database and MEDIA_ROOT with the archive's. Refuses a database that holds data
    or a MEDIA_ROOT with files, unless `force`. Returns the manifest."""
    archive_path = Path(archive_path)
    manifest = read_manifest(archive_path)
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"备份来自 {manifest['engine']} 数据库，当前是 {connection.vendor}："
            "只能恢复到同一种数据库。"
        )
    if not force:
        table = database_contents()
        if table:
            raise BackupError(
                f"当前数据库不是空的（{table} 表中有数据），恢复会覆盖全部数据。"
                "确认要覆盖时加 --force（make restore FILE=… FORCE=1）。"
            )
        if any(p.is_file() for p in Path(settings.MEDIA_ROOT).rglob("*")):
            raise BackupError(
                f"上传文件目录 {settings.MEDIA_ROOT} 不是空的，恢复会替换其中的文件。"
                "确认要覆盖时加 --force（make restore FILE=… FORCE=1）。"
            )
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as work:
        work = Path(work)
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(work, filter="data")
        _check_media(work / MEDIA_DIR, manifest["media"])
        if connection.vendor == "sqlite":
            _sqlite_restore(work / manifest["database"])
        else:
            _pg_restore(work / manifest["database"], manifest)
        _media_restore(work / MEDIA_DIR)
    counts = _table_row_counts()
    differ = {
        name: (rows, counts.get(name))
        for name, rows in manifest["tables"].items()
        if counts.get(name) != rows
    }
    if differ:
        raise BackupError(f"恢复后行数与备份不符（表：备份时行数, 恢复后行数）：{differ}")
    return manifest


def _check_media(folder: Path, expected: list[dict]) -> None:
    for item in expected:
        path = folder / item["path"]
        if not path.is_file() or _sha256(path) != item["sha256"]:
            raise BackupError(f"备份文件已损坏：上传文件 {item['path']} 缺失或内容不符。")


def _sqlite_restore(source: Path) -> None:
    connection.close()
    target = _sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    _sqlite_copy(source, target)  # replaces every page of the target, WAL included
    connection.close()


def _pg_restore(source: Path, manifest: dict) -> None:
    tool = _pg_tool("pg_restore")
    tool_major = _tool_major(tool)
    if tool_major < manifest.get("pg_dump_version", 0):
        raise BackupError(
            f"备份由 {manifest['pg_dump_version']} 版 pg_dump 生成，pg_restore 是 {tool_major} 版，"
            "无法读取：请安装同版或更新的 PostgreSQL 客户端，并用 PG_BIN 指向它的 bin 目录。"
        )
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for name in connection.introspection.table_names(cursor):
            cursor.execute(f"DROP TABLE IF EXISTS {quote(name)} CASCADE")
    connection.close()
    done = subprocess.run(
        [tool, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
         f"--dbname={settings.DATABASES['default']['NAME']}", str(source)],
        env=_pg_env(), capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        raise BackupError(f"pg_restore 失败：{done.stderr.strip()[-2000:]}")


def _media_restore(source: Path) -> None:
    root = Path(settings.MEDIA_ROOT)
    if root.is_dir():
        for child in root.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    root.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, root, dirs_exist_ok=True)
