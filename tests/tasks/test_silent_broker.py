"""A Redis that accepts connections but never answers (issue #13 §7): publishing a job gives up
within about a second, as the README promises, instead of waiting out a 5-second socket timeout.
The web request that enqueues (an approval) goes on; the nightly recompute catches up."""

import socket
import threading
from pathlib import Path

from tests.fresh_process import run_snippet

ROOT = Path(__file__).resolve().parents[2]

ENQUEUE = """
import django, json, time
django.setup()
from tasks import jobs
started = time.monotonic()
sent = jobs.enqueue(jobs.recompute_plan_statuses, 1)
print(json.dumps({"sent": sent, "seconds": time.monotonic() - started}))
"""


class SilentListener:
    """A TCP server that accepts every connection and never sends a byte."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.accepted.append(conn)  # kept open, never answered

    def close(self) -> None:
        self.server.close()
        for conn in self.accepted:
            conn.close()


def test_enqueue_gives_up_within_a_second_when_redis_never_answers(tmp_path):
    listener = SilentListener()
    try:
        result = run_snippet(
            ENQUEUE,
            DEBUG="on",
            DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
            REDIS_URL=f"redis://127.0.0.1:{listener.port}/0",
            BROKER_DIR="",
        )
    finally:
        listener.close()
    assert listener.accepted, "the job was never sent to the silent Redis"
    assert result["sent"] is False
    assert result["seconds"] < 1.5, result
