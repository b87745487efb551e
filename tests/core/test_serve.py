"""`mteja serve` keeps its job worker alive: a worker that died is started again while the
web server runs (queued imports would otherwise wait for ever), and none is started once
the server is stopping."""

from mteja import cli


class Process:
    """A child process that exits after `lives` polls (None: never)."""

    def __init__(self, command, lives=None):
        self.command, self.lives, self.signals = command, lives, []
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


def test_a_dead_worker_is_started_again_while_the_server_runs(monkeypatch):
    started = []

    def popen(command):
        is_worker = command[-1] == "worker"
        # The first worker dies at once; the next one lives; the web server serves a while.
        process = Process(command, lives=(0 if not started else None) if is_worker else 6)
        started.append(process)
        return process

    monkeypatch.setattr(cli, "_django", lambda *args: None)
    monkeypatch.setattr(cli.subprocess, "Popen", popen)
    monkeypatch.setattr(cli.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(cli.signal, "signal", lambda *args: None)
    assert cli.serve([]) == 0
    workers = [process for process in started if process.command[-1] == "worker"]
    assert len(workers) == 2  # the dead one, then its replacement
    assert workers[1].signals  # stopped with the server


def test_no_worker_is_started_once_the_server_is_told_to_stop(monkeypatch):
    """The stop signal arrives while serve waits to start a dead worker again."""
    started, handlers = [], {}

    def popen(command):
        is_worker = command[-1] == "worker"
        process = Process(command, lives=(0 if not started else None) if is_worker else 50)
        started.append(process)
        return process

    def sleep(seconds):
        if seconds == cli.WORKER_RESTART_SECONDS:
            handlers["stop"](15, None)  # SIGTERM, during the wait

    monkeypatch.setattr(cli, "_django", lambda *args: None)
    monkeypatch.setattr(cli.subprocess, "Popen", popen)
    monkeypatch.setattr(cli.time, "sleep", sleep)
    monkeypatch.setattr(cli.signal, "signal", lambda signum, handler: handlers.update(stop=handler))
    cli.serve([])
    assert [process.command[-1] for process in started].count("worker") == 1
