"""gunicorn's settings module (`mteja serve` passes `--config python:mteja.gunicorn_hooks`):
the answers gunicorn writes itself, before Django sees a request — a request line or headers
too long (414, 431), a request it cannot parse (400) — are Fineract's JSON error body, as
every other answer of the API is, not gunicorn's HTML page; a worker streaming a long
download tells its master it lives (core/liveness.py), not killed at `--timeout` mid-file;
the workers share the pages of the master that loaded Django, and a worker that grew while
answering gives back what it freed (core/shared_memory.py, decisions 299 and 300)."""

from __future__ import annotations

import json

from gunicorn import util


def write_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's `util.write_error`, with Fineract's error body."""
    from mteja.core.api.errors import simple_body

    code = f"error.msg.http.{status_int}"
    body = json.dumps(simple_body(status_int, code, mesg or reason)).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin1") + body)


def post_worker_init(worker) -> None:
    """Each worker writes its own refusals through `write_error` (gunicorn has no setting
    for their body; its workers call `util.write_error`), and tells its master it lives
    while a long download progresses (core/liveness.py)."""
    from mteja.core import liveness

    util.write_error = write_error
    liveness.served_by(worker.notify)


def when_ready(server) -> None:
    """In the master, once it loaded the application (`--preload`) and before it forks its
    workers: they share its pages (core/shared_memory.py)."""
    from mteja.core.shared_memory import ready_to_fork

    ready_to_fork()


def post_request(worker, req, environ, resp) -> None:
    """A worker that grew while answering (an export's rows) gives back what it freed."""
    from mteja.core.shared_memory import give_back_if_grown

    give_back_if_grown()
