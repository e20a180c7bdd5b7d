"""Backup and restore (issue #13 §8, README: 备份与恢复): seed the demo and an evidence file,
back up, wipe the database and the uploads, restore, and find every table's row count, the
reports and targets and the evidence bytes as they were. On SQLite always; on PostgreSQL (with
pg_dump / pg_restore) when DATABASE_URL names one."""

import json
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SEED = """
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("seed_demo", stdout=open("/dev/null", "w"))
from tasks.models import Attachment, ProgressReport
report = ProgressReport.objects.order_by("pk").first()
data = bytes.fromhex(%r)
attachment = Attachment(report=report, name="佐证材料.pdf", size=len(data),
                        content_type="application/pdf", uploaded_by=report.author)
attachment.file.save("佐证材料.pdf", ContentFile(data))
"""

FINGERPRINT = """
import django, hashlib, json
django.setup()
from django.db import connection
from tasks.models import Attachment, ProgressReport, TargetActual
from workplans.models import Target

def checksum(queryset):
    rows = list(queryset.order_by("pk").values_list())
    return hashlib.sha256(json.dumps(rows, default=str, ensure_ascii=False).encode()).hexdigest()

with connection.cursor() as cursor:
    tables = {}
    for name in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
        tables[name] = cursor.fetchone()[0]
evidence = {}
for attachment in Attachment.objects.order_by("pk"):
    with attachment.file.open("rb") as handle:
        evidence[attachment.file.name] = hashlib.sha256(handle.read()).hexdigest()
print(json.dumps({
    "tables": tables,
    "reports": checksum(ProgressReport.objects.all()),
    "targets": checksum(Target.objects.all()),
    "actuals": checksum(TargetActual.objects.all()),
    "evidence": evidence,
}))
"""

EVIDENCE = b"%PDF-1.4\n" + bytes(range(256)) * 40 + "佐证".encode()


def engines() -> list:
    params = ["sqlite"]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        params.append("postgresql")
    return params


class Site:
    """A portal instance in its own processes: its database and MEDIA_ROOT under tmp_path."""

    def __init__(self, engine: str, tmp_path: Path) -> None:
        self.engine = engine
        self.media = tmp_path / "media"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "on",
            "MEDIA_ROOT": str(self.media),
            "REDIS_URL": "",
            "BROKER_DIR": "",
        }
        if engine == "sqlite":
            self.db_file = tmp_path / "portal.sqlite3"
            self.env["DATABASE_URL"] = f"sqlite:///{self.db_file}"
        else:
            if not shutil.which("pg_dump"):
                pytest.fail("DATABASE_URL names PostgreSQL but pg_dump is not installed")
            base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
            self.admin_url = f"{base}/postgres"
            self.db_name = f"portal_backup_{uuid.uuid4().hex[:8]}"
            self.env["DATABASE_URL"] = f"{base}/{self.db_name}"
            self.pg("CREATE DATABASE " + self.db_name)

    def pg(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql)

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=self.env, capture_output=True, text=True,
            timeout=300,
        )  # fmt: skip
        if check:
            assert done.returncode == 0, done.stderr[-3000:]
        return done

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return self.run("manage.py", *args, check=check)

    def fingerprint(self) -> dict:
        return json.loads(self.run("-c", FINGERPRINT).stdout.strip().splitlines()[-1])

    def media_bytes(self) -> dict[str, bytes]:
        return {
            path.relative_to(self.media).as_posix(): path.read_bytes()
            for path in sorted(self.media.rglob("*"))
            if path.is_file()
        }

    def wipe(self) -> None:
        if self.engine == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.db_file}{suffix}").unlink(missing_ok=True)
        else:
            self.pg(f"DROP DATABASE {self.db_name} WITH (FORCE)")
            self.pg(f"CREATE DATABASE {self.db_name}")
        shutil.rmtree(self.media)

    def drop(self) -> None:
        if self.engine == "postgresql":
            self.pg(f"DROP DATABASE IF EXISTS {self.db_name} WITH (FORCE)")


@pytest.fixture(params=engines())
def site(request, tmp_path):
    site = Site(request.param, tmp_path)
    yield site
    site.drop()


def test_backup_wipe_restore_gives_back_every_row_and_file(site, tmp_path):
    site.run("-c", SEED % EVIDENCE.hex())
    before = site.fingerprint()
    files = site.media_bytes()
    assert sum(before["tables"].values()) > 100 and len(before["evidence"]) == 1
    assert list(files.values()) == [EVIDENCE]

    archive = tmp_path / "backups" / "portal.tar.gz"
    site.manage("backup", "--out", str(archive))
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert (manifest["format"], manifest["version"], manifest["engine"]) == (
        "portal-backup",
        1,
        site.engine,
    )
    assert manifest["tables"] == before["tables"]
    assert [f"media/{name}" for name in files] == [n for n in names if n.startswith("media/")]

    site.wipe()
    assert not site.media.exists()
    site.manage("restore", str(archive))
    assert site.fingerprint() == before
    assert site.media_bytes() == files

    refused = site.manage("restore", str(archive), check=False)
    assert refused.returncode != 0 and "不是空的" in refused.stderr and "--force" in refused.stderr
    (site.media / "stray.txt").write_text("not in the backup")
    site.manage("restore", str(archive), "--force")
    assert site.fingerprint() == before
    assert site.media_bytes() == files  # the stray file is gone with the rest


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    site = Site("sqlite", tmp_path)
    bogus = tmp_path / "x.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        (tmp_path / "a.txt").write_text("x")
        tar.add(tmp_path / "a.txt", arcname="a.txt")
    done = site.manage("restore", str(bogus), check=False)
    assert done.returncode != 0 and "不是本平台的备份文件" in done.stderr
