"""The launcher's process handling (manage.py runembedded), with stand-in processes: one that
dies takes the others down, and a process group that ignores SIGINT and SIGTERM is killed,
children and all."""

import os
import sys
import time

import pytest

from tasks.management.commands import runembedded
from tasks.management.commands.runembedded import Stack

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]
# Ignores SIGINT and SIGTERM, and leaves a child in its process group that does the same.
STUBBORN = [
    sys.executable,
    "-c",
    "import signal, subprocess, sys, time\n"
    "for s in (signal.SIGINT, signal.SIGTERM): signal.signal(s, signal.SIG_IGN)\n"
    "subprocess.Popen([sys.executable, '-c', 'import signal, time; "
    "signal.signal(signal.SIGINT, signal.SIG_IGN); signal.signal(signal.SIGTERM, signal.SIG_IGN); "
    "time.sleep(60)'])\n"
    "time.sleep(60)\n",
]

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups (POSIX)")


def test_a_child_that_exits_stops_the_others():
    messages = []
    stack = Stack(messages.append, messages.append)
    stack.start("网站", [sys.executable, "-c", "raise SystemExit(3)"])
    stack.start("worker", SLEEPER)
    assert stack.wait() == "网站"
    stack.stop()
    assert all(child.poll() is not None for child in stack.children.values())
    assert not any(runembedded._group_alive(child.pid) for child in stack.children.values())
    assert "网站 已退出（返回码 3）" in messages


def test_stop_kills_a_group_that_ignores_signals(monkeypatch):
    monkeypatch.setattr(runembedded, "GRACE", (0.5, 0.5))
    stack = Stack([].append, [].append)
    stack.start("beat", STUBBORN)
    stack.start("worker", SLEEPER)
    time.sleep(1)  # the stubborn child has started its own child
    stack.request_stop(None, None)
    assert stack.wait() is None
    stack.stop()
    for child in stack.children.values():
        assert not runembedded._group_alive(child.pid)
