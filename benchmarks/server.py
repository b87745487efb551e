"""A real Mteja server for a benchmark, and a keep-alive HTTP client that logs in.

The server is `mteja serve --no-worker` (gunicorn, sync workers) on a free port, with the
benchmark's DATABASE_URL; its output goes to var/bench/server.log.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

from benchmarks import env

API = "/fineract-provider/api/v1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving_process(options: list[str], port: int, log: Path, stop_within: float = 60):
    """`mteja serve --port PORT` with `options`, in its own session, its output to `log`;
    yields the process once it answers, and stops its whole group afterwards."""
    mteja = Path(sys.executable).with_name("mteja")
    command = [str(mteja), "serve", *options, "--port", str(port)]
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603
            command, env=env.configure(), stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        try:
            _wait_until_up(port, process)
            yield process
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=stop_within)


@contextmanager
def running_server(workers: int, port: int | None = None, log: Path | None = None):
    """Yields the port of a started server; stops it (its own process group) afterwards."""
    port = port or free_port()
    log = log or env.BENCH_DIR / "server.log"
    with serving_process(["--no-worker", "--workers", str(workers)], port, log):
        yield port


def _wait_until_up(port: int, process: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}): see server.log")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not start in time")


class Http:
    """One keep-alive connection (reopened when the server closes it), with HTTP Basic or a
    web-login session (cookies and the CSRF token)."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.headers: dict[str, str] = {"Fineract-Platform-TenantId": "default"}
        self.cookies: dict[str, str] = {}

    def basic(self, username: str, password: str) -> Http:
        token = base64.b64encode(f"{username}:{password}".encode()).decode()
        self.headers["Authorization"] = f"Basic {token}"
        return self

    def login(self, username: str, password: str) -> Http:
        """Logs in through the web login form; the session then serves API calls too."""
        _status, page, _ms = self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        form = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        )
        status, _body, _ms = self.request(
            "POST", "/login/", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"web login of {username} failed ({status})")
        self.headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        return self

    def request(self, method: str, path: str, body=None, headers=None) -> tuple[int, bytes, float]:
        """(status, body, milliseconds to the whole response)."""
        headers = {**self.headers, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if isinstance(body, dict):
            body, headers["Content-Type"] = json.dumps(body), "application/json"
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body, headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):  # a closed keep-alive: once more
            self.connection.close()
            self.connection.request(method, path, body, headers)
            response = self.connection.getresponse()
        content = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, content, elapsed

    def get(self, path: str) -> tuple[int, bytes, float]:
        return self.request("GET", path)
