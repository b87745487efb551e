"""A download longer than gunicorn's `--timeout` (an export, an import's result file of a
million rows) tells the worker's master it lives as it moves on: gunicorn's sync worker
tells it only between requests, and killed such a download mid-file."""

import pytest

from mteja import gunicorn_hooks
from mteja.core import liveness

pytestmark = pytest.mark.django_db

URL = "/fineract-provider/api/v1/clients/export"


class Worker:
    """What `post_worker_init` is given: a gunicorn worker, its `notify` counted."""

    def __init__(self):
        self.notified = 0

    def notify(self):
        self.notified += 1


@pytest.fixture
def worker(monkeypatch):
    monkeypatch.setattr(liveness, "_notify", None)
    monkeypatch.setattr(liveness, "_last", 0.0)
    running = Worker()
    gunicorn_hooks.post_worker_init(running)
    return running


def test_a_streaming_export_tells_the_master_it_lives(api, make_client, worker, monkeypatch):
    for number in range(3):
        make_client(firstname=f"Asha{number}", lastname="Njeri")
    clock = iter(range(100, 10_000, 6))  # each part sent 6 s after the one before
    monkeypatch.setattr(liveness.time, "monotonic", lambda: next(clock))
    response = api.get(URL, {"format": "csv"})
    assert response.status_code == 200
    parts = list(response.streaming_content)
    assert b"Asha2" in b"".join(parts)
    assert worker.notified == len(parts) >= 1


def test_the_master_is_told_at_most_every_few_seconds(worker, monkeypatch):
    """A file's touch per part of a fast download would be wasted: once in EVERY_SECONDS."""
    clock = iter([10.0, 11.0, 12.0, 15.5, 16.0, 21.0])
    monkeypatch.setattr(liveness.time, "monotonic", lambda: next(clock))
    assert list(liveness.kept_alive([b"a"] * 6)) == [b"a"] * 6
    assert worker.notified == 3  # at 10, 15.5 and 21


def test_outside_gunicorn_nothing_is_told(monkeypatch):
    monkeypatch.setattr(liveness, "_notify", None)
    assert list(liveness.kept_alive([b"a", b"b"])) == [b"a", b"b"]
