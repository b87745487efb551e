"""`mteja serve` killed outright (`kill -9`) takes its job worker and web server with it, so
that `mteja serve` run again listens on its port and serves. They used to go on alone: the
old gunicorn kept the port (the new one could not listen, and `serve` ended) and the old job
worker ran imports that no server watched (decision 324)."""

import os
import signal
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

from tests.core.test_serve_supervisor_memory import _children, _login_page

# Half-second looks: gunicorn gives its requests 30 s to end once told to stop; a process
# that outlives that has not been told.
WAITS = 120


def _serve(port: int, tmp_path) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/serve.sqlite3",
        "MTEJA_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "mteja.settings",
    }
    command = [sys.executable, "-m", "mteja.cli", "serve", "--workers", "1", "--port", str(port)]
    return subprocess.Popen(  # noqa: S603
        command,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _alive(pid: int) -> bool:
    """Whether the process runs (a zombie left for its new parent to reap does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _until_gone(pids: list[int]) -> list[int]:
    for _look in range(WAITS):
        left = [pid for pid in pids if _alive(pid)]
        if not left:
            return []
        time.sleep(0.5)
    return left


def test_a_server_killed_outright_leaves_nothing_running_and_starts_again(free_tcp_port, tmp_path):
    server = _serve(free_tcp_port, tmp_path)
    again = None
    try:
        assert _login_page(free_tcp_port, server) == 200
        children = _children(server.pid)  # the job worker and gunicorn's master
        assert len(children) == 2
        server.kill()
        server.wait()
        assert _until_gone(children) == []

        again = _serve(free_tcp_port, tmp_path)
        assert _login_page(free_tcp_port, again) == 200
    finally:
        for process in (server, again):
            if process is not None:
                with suppress(ProcessLookupError):  # (its group may have ended with it)
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=60)
