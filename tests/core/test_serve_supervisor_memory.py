"""`mteja serve` stays, for the server's whole life, as the parent that watches the job
worker and gunicorn. It used to set Django up and run `migrate` and `collectstatic` itself,
then hold that memory (140 MB measured beside a million-row import: more than either web
worker) while doing nothing but wait. Those commands now run in a child process: the
parent holds a bare Python's memory, and the server it starts is migrated and serves.

The web workers are forked by gunicorn's master once it loaded Django (`--preload`, decision
299): what they load is the master's pages, shared, instead of about 80 MB each of their own."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

# Python alone with argparse and subprocess: about 10 MB; Django set up: about 87 MB.
SUPERVISOR_MOST_KB = 40 * 1024
# A web worker's own pages once it served pages: about 23 MB forked from a master that loaded
# Django, about 80 MB loading it itself.
WEB_WORKER_OWN_MOST_KB = 45 * 1024


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _login_page(port: int, server: subprocess.Popen) -> int:
    """The login page's status once the server answers (it migrates first)."""
    for _attempt in range(600):
        assert server.poll() is None, "mteja serve ended"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as page:  # noqa: S310
                return page.status
        except OSError:
            time.sleep(0.5)
    raise AssertionError("the server did not answer")


def _children(pid: int) -> list[int]:
    return [
        int(child)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]


def _own_kb(pid: int) -> int:
    """The process's private pages (USS): what it holds that no other process shares."""
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    return sum(int(line.split()[1]) for line in rollup if line.startswith("Private_"))


def _serving(port: int, tmp_path, workers: int) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/serve.sqlite3",
        "MTEJA_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "mteja.settings",
    }
    command = [sys.executable, "-m", "mteja.cli", "serve", "--no-worker",
               "--workers", str(workers), "--port", str(port)]  # fmt: skip
    return subprocess.Popen(  # noqa: S603
        command, env=environment, stdout=subprocess.DEVNULL, start_new_session=True
    )


def test_the_serving_parent_does_not_hold_django(free_tcp_port, tmp_path):
    server = _serving(free_tcp_port, tmp_path, workers=1)
    try:
        assert _login_page(free_tcp_port, server) == 200  # migrated, static files collected
        assert (tmp_path / "static").is_dir()
        assert _rss_kb(server.pid) < SUPERVISOR_MOST_KB
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def test_the_web_workers_share_what_the_master_loaded(free_tcp_port, tmp_path):
    server = _serving(free_tcp_port, tmp_path, workers=2)
    try:
        for _page in range(6):  # on new connections: both workers serve some
            assert _login_page(free_tcp_port, server) == 200
        (master,) = _children(server.pid)
        web_workers = _children(master)
        assert len(web_workers) == 2
        for web_worker in web_workers:
            assert _own_kb(web_worker) < WEB_WORKER_OWN_MOST_KB
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
