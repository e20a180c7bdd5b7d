"""`make run`'s last step: the web server, a Celery worker and beat on one machine, with a
broker that needs no server (kombu's filesystem transport under BROKER_DIR, var/broker unless
set). One Ctrl+C (or SIGTERM, or closing the terminal) stops all three and leaves nothing
running; if any of them exits on its own, the others are stopped too.

Each child runs in a process group of its own, so stopping it reaches its children as well
(the worker's pool processes); a group that does not stop in time is killed.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Seconds a process group is given after SIGINT (a warm shutdown: the worker finishes the job in
# hand), then after SIGTERM, before SIGKILL.
GRACE = (10.0, 5.0)


class Command(BaseCommand):
    help = "启动网站、Celery worker 和 beat（本机文件队列），按 Ctrl+C 全部停止。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--concurrency", type=int, default=2, help="worker 的进程数")

    def handle(self, *args, addrport: str, concurrency: int, **options) -> None:
        broker_dir = Path(os.environ.get("BROKER_DIR") or settings.VAR_DIR / "broker").resolve()
        for folder in ("queue", "control"):
            (broker_dir / folder).mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "BROKER_DIR": str(broker_dir), "PYTHONUNBUFFERED": "1"}
        python = sys.executable
        manage = str(Path(settings.BASE_DIR) / "manage.py")
        celery = [python, "-m", "celery", "-A", "config"]
        commands = {
            "网站": [python, manage, "runserver", addrport, "--noreload"],
            "worker": [
                *celery, "worker", "--loglevel", "INFO", "--concurrency", str(concurrency),
                "--hostname", "embedded@%h",
                # gossip, mingle and event heartbeats are broadcasts; /healthz reads heartbeat rows
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            "beat": [*celery, "beat", "--loglevel", "INFO"],
        }  # fmt: skip
        stack = Stack(self.stdout.write, self.stderr.write)
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, stack.request_stop)
        try:
            for name, command in commands.items():
                stack.start(name, command, env=env, cwd=settings.BASE_DIR)
            where = "Redis" if settings.REDIS_URL else f"文件队列 {broker_dir}"
            self.stdout.write(
                f"已启动：网站 http://{addrport}/ 、worker、beat（消息经 {where}）。"
                "按 Ctrl+C 全部停止。"
            )
            failed = stack.wait()
        finally:
            stack.stop()
        if failed:
            raise CommandError(f"{failed} 意外退出，已停止全部进程。")
        self.stdout.write("已全部停止。")


class Stack:
    """Child processes, each leading its own process group, stopped together."""

    def __init__(self, out, err) -> None:
        self.out, self.err = out, err
        self.children: dict[str, subprocess.Popen] = {}
        self.stopping = False

    def start(self, name: str, command: list[str], **kwargs) -> None:
        self.children[name] = subprocess.Popen(
            command, start_new_session=True, preexec_fn=_die_with_parent, **kwargs
        )

    def request_stop(self, signum, frame) -> None:
        self.stopping = True

    def wait(self) -> str | None:
        """Until a stop is asked for (None) or a child exits by itself (its name)."""
        while not self.stopping:
            for name, child in self.children.items():
                if child.poll() is not None:
                    self.err(f"{name} 已退出（返回码 {child.returncode}）")
                    return name
            time.sleep(0.2)
        return None

    def stop(self) -> None:
        """SIGINT to every group, then SIGTERM, then SIGKILL to any group still there."""
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C waits too
        try:
            self._stop()
        finally:
            signal.signal(signal.SIGINT, previous)

    def _stop(self) -> None:
        groups = [child.pid for child in self.children.values()]
        for signum, grace in ((signal.SIGINT, GRACE[0]), (signal.SIGTERM, GRACE[1])):
            for pgid in groups:
                _signal_group(pgid, signum)
            deadline = time.monotonic() + grace
            while time.monotonic() < deadline and any(map(_group_alive, groups)):
                self._reap()
                time.sleep(0.1)
        for pgid in groups:
            _signal_group(pgid, signal.SIGKILL)
        for child in self.children.values():
            try:
                child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.err(f"进程 {child.pid} 未能结束")
        deadline = time.monotonic() + 5  # SIGKILL'd grandchildren leave a moment later
        while time.monotonic() < deadline and any(map(_group_alive, groups)):
            time.sleep(0.05)

    def _reap(self) -> None:
        for child in self.children.values():
            child.poll()


def _signal_group(pgid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signum)


def _group_alive(pgid: int) -> bool:
    """Some process of the group is still running (on Linux, zombies waiting for a parent that
    does not reap them do not count)."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    if not os.path.isdir("/proc/self"):
        return True
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            state, _ppid, group = stat.rsplit(")", 1)[1].split()[:3]
            if int(group) == pgid and state != "Z":
                return True
    return False


def _die_with_parent() -> None:
    """In the child, before exec (Linux): SIGTERM it if the launcher dies without cleaning up
    (kill -9), so not even then is a worker or a server left behind."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the launcher died before prctl took hold
        os._exit(1)
