"""The `mteja` command: `serve`, `worker`, and every Django management command
(`demo`, `createadmin`, `migrate`, …)."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

from mteja.core.parent_death import on_parent_death

# Gunicorn's %(U)s is the path without the query string: Fineract-style searches carry names
# and ID numbers in query strings, and those must not reach the access log.
ACCESS_LOG_FORMAT = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
WORKER_RESTART_SECONDS = 5  # before a job worker that died is started again


def _django(*args: str) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mteja", *args])


def gunicorn_command(host: str, port: str, workers: int) -> list[str]:
    """The web server `mteja serve` starts."""
    return [
        sys.executable, "-m", "gunicorn", "mteja.wsgi:application",
        "--bind", f"{host}:{port}",
        "--workers", str(workers),
        "--access-logfile", "-",
        "--access-logformat", ACCESS_LOG_FORMAT,
        "--timeout", "120",
        # gunicorn's longest request line (8190 bytes; 4094 by default): an export's address
        # names its filters and chosen columns, one parameter per column from the web list.
        "--limit-request-line", "8190",
        # What gunicorn answers itself (a request line too long…): Fineract's JSON body.
        "--config", "python:mteja.gunicorn_hooks",
        # Django loaded once, in the master: the workers share its pages (decision 299).
        "--preload",
    ]  # fmt: skip


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="mteja serve", description="Serve the web UI and API.")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    parser.add_argument("--no-worker", action="store_true", help="do not start a job worker")
    options = parser.parse_args(argv)

    if failed := _prepared():
        return failed
    children: list[subprocess.Popen] = []
    if not options.no_worker:
        children.append(_start_worker())
    gunicorn = gunicorn_command(options.host, options.port, options.workers)
    print(f"Mteja is serving on http://{options.host}:{options.port}/", flush=True)
    # Killed outright, `serve` takes its web server with it as its own stop would (gunicorn's
    # graceful SIGTERM: the port freed at once, requests given their time) and its job worker
    # at once, as a worker that outlives the stop's wait is (decision 324).
    web = subprocess.Popen(gunicorn, preexec_fn=on_parent_death(signal.SIGTERM))  # noqa: S603
    children.append(web)

    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while web.poll() is None:
            # A job worker that died (an error it did not survive) is started again: queued
            # imports would otherwise wait for ever behind a server that still answers.
            if not options.no_worker and children[0].poll() is not None and not stopping:
                print("The job worker stopped; starting it again.", file=sys.stderr, flush=True)
                time.sleep(WORKER_RESTART_SECONDS)
                if not stopping:  # told to stop while waiting
                    children[0] = _start_worker()
            time.sleep(1)
        return web.returncode
    finally:
        stop(None, None)
        for child in children:
            _ended(child)


def _prepared() -> int:
    """Migrates and collects the static files, each in a child process (its status if one
    failed, else 0). `serve` stays for the server's whole life as the parent of its job
    worker and gunicorn: run here, these commands left it holding Django and all they read
    (140 MB, more than a web worker) while it only waits."""
    for command in (
        ("migrate", "--no-input", "-v", "0"),
        ("collectstatic", "--no-input", "-v", "0"),
    ):
        if status := subprocess.call([sys.executable, "-m", "mteja.cli", *command]):  # noqa: S603
            return status
    return 0


STOP_SECONDS = 30  # what a child is given to end once told to


def _ended(child: subprocess.Popen) -> None:
    """Waits for a child told to stop; kills it past STOP_SECONDS. A job worker finishes
    its job before it stops: an import of a million rows would keep it for many minutes,
    and it was left running on its own (no server, no one to stop it) while `serve` ended
    in a traceback. Killed, its import keeps its whole batches and is resumed from its page."""
    try:
        child.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        what = "The job worker" if child.args[-1] == "worker" else "The web server"
        print(
            f"{what} did not stop within {STOP_SECONDS} s: killed (an import it was running "
            "keeps its whole batches; resume it from its page).",
            file=sys.stderr,
            flush=True,
        )
        child.kill()
        child.wait()


def _start_worker() -> subprocess.Popen:
    command = [sys.executable, "-m", "mteja.cli", "worker"]
    return subprocess.Popen(command, preexec_fn=on_parent_death(signal.SIGKILL))  # noqa: S603


def worker(argv: list[str]) -> int:
    from mteja.clients.imports.upkeep import upkeep_now_and_later

    # Import jobs left queued with no task, or never made, by a process that died; then again
    # once a minute, while idle too.
    upkeep_now_and_later()
    _django("db_worker", *argv)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mteja.settings")
    command, rest = (argv[0], argv[1:]) if argv else ("help", [])
    if command == "serve":  # Django is set up in its children only (_prepared)
        return serve(rest)
    import django

    django.setup()
    if command == "worker":
        return worker(rest)
    try:
        _django(command, *rest)
    except KeyboardInterrupt as interruption:
        # Ctrl-C (or SIGTERM, where the command turns it into one) where the command has no
        # word of its own for it (before an export reads its first client, while an import's
        # file is copied): one line and the shell's status, 130 or 143.
        from mteja.clients.management.interruption import exit_status

        print("Interrupted.", file=sys.stderr)
        return exit_status(interruption)
    return 0


if __name__ == "__main__":
    sys.exit(main())
