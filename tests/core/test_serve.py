"""`mteja serve` keeps its job worker alive: a worker that died is started again while the
web server runs (queued imports would otherwise wait for ever), and none is started once
the server is stopping."""

from mteja import cli


class Process:
    """A child process that exits after `lives` polls (None: never)."""

    def __init__(self, command, lives=None):
        self.command, self.lives, self.signals = command, lives, []
        self.args = command
        self.returncode = None

    def poll(self):
        if self.lives is not None:
            self.lives -= 1
            if self.lives < 0:
                self.returncode = 0 if "gunicorn" in self.command else 1
        return self.returncode

    def send_signal(self, signum):
        self.signals.append(signum)
        self.returncode = 0

    def wait(self, timeout=None):
        return self.returncode


def serve_with(monkeypatch, popen, *, sleep=lambda seconds: None, on_signal=lambda *args: None):
    """`mteja serve` with `popen` making its children, no migrate nor collectstatic run, `sleep` and
    `on_signal` in place of time.sleep and signal.signal."""
    monkeypatch.setattr(cli, "_prepared", lambda: 0)
    monkeypatch.setattr(cli.subprocess, "Popen", popen)
    monkeypatch.setattr(cli.time, "sleep", sleep)
    monkeypatch.setattr(cli.signal, "signal", on_signal)
    return cli.serve([])


def test_a_dead_worker_is_started_again_while_the_server_runs(monkeypatch):
    started = []

    def popen(command, **options):
        is_worker = command[-1] == "worker"
        # The first worker dies at once; the next one lives; the web server serves a while.
        process = Process(command, lives=(0 if not started else None) if is_worker else 6)
        started.append(process)
        return process

    assert serve_with(monkeypatch, popen) == 0
    workers = [process for process in started if process.command[-1] == "worker"]
    assert len(workers) == 2  # the dead one, then its replacement
    assert workers[1].signals  # stopped with the server


def test_no_worker_is_started_once_the_server_is_told_to_stop(monkeypatch):
    """The stop signal arrives while serve waits to start a dead worker again."""
    started, handlers = [], {}

    def popen(command, **options):
        is_worker = command[-1] == "worker"
        process = Process(command, lives=(0 if not started else None) if is_worker else 50)
        started.append(process)
        return process

    def sleep(seconds):
        if seconds == cli.WORKER_RESTART_SECONDS:
            handlers["stop"](15, None)  # SIGTERM, during the wait

    serve_with(monkeypatch, popen, sleep=sleep,
               on_signal=lambda signum, handler: handlers.update(stop=handler))  # fmt: skip
    assert [process.command[-1] for process in started].count("worker") == 1


def test_a_worker_that_does_not_stop_in_time_is_killed(monkeypatch, capsys):
    """Told to stop in the middle of a long import, the job worker finishes its job first:
    `serve` ended in a traceback after 30 s and left it running alone. It is killed (the
    import keeps its whole batches, resumable)."""
    import subprocess

    class Busy(Process):
        killed = False

        def wait(self, timeout=None):
            if not self.killed and timeout is not None:
                raise subprocess.TimeoutExpired(self.command, timeout)
            return self.returncode

        def send_signal(self, signum):
            self.signals.append(signum)  # (its job goes on)

        def kill(self):
            self.killed, self.returncode = True, -9

    started = []

    def popen(command, **options):
        process = Busy(command) if command[-1] == "worker" else Process(command, lives=2)
        started.append(process)
        return process

    assert serve_with(monkeypatch, popen) == 0
    (worker,) = [process for process in started if process.command[-1] == "worker"]
    assert worker.killed and worker.signals  # told first, killed past the wait
    assert "The job worker did not stop within 30 s: killed" in capsys.readouterr().err


def test_what_gunicorn_refuses_itself_is_fineracts_json_body(free_tcp_port, tmp_path):
    """A request line or headers too long, or a request gunicorn cannot parse, never reach
    Django: `mteja serve`'s gunicorn answers them in Fineract's error body too, not its HTML
    page (an API client reads JSON whatever went wrong)."""
    import json
    import os
    import socket
    import subprocess
    import time

    command = cli.gunicorn_command("127.0.0.1", str(free_tcp_port), 1)
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/unused.sqlite3"}
    server = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL)  # noqa: S603

    def ask(request: bytes) -> tuple[str, dict, dict]:
        with socket.create_connection(("127.0.0.1", free_tcp_port), timeout=10) as connection:
            connection.sendall(request)
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        status, *lines = head.decode("latin1").split("\r\n")
        headers = dict(line.split(": ", 1) for line in lines)
        return status, headers, json.loads(body)

    try:
        for _attempt in range(100):  # until the worker listens
            try:
                socket.create_connection(("127.0.0.1", free_tcp_port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        path = "/fineract-provider/api/v1/clients/export?columns=" + "firstname," * 1000
        refusals = [
            (f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode(), "414 URI Too Long"),
            (b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-Pad: y\r\n" * 200 + b"\r\n",
             "431 Request Header Fields Too Large"),
            (b"\x16\x03\x01 not http at all\r\n\r\n", "400 Bad Request"),
        ]  # fmt: skip
        for request, expected in refusals:
            status, headers, body = ask(request)
            assert status == f"HTTP/1.1 {expected}"
            assert headers["Content-Type"] == "application/json"
            assert body["httpStatusCode"] == expected.split()[0]
            assert body["userMessageGlobalisationCode"] == f"error.msg.http.{expected.split()[0]}"
            assert body["errors"] == []
    finally:
        server.terminate()
        server.wait(timeout=30)
