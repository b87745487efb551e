"""Per-request context that services read without it being passed around: the request id,
and a memo of the institution's settings rows read during the request."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

request_id: ContextVar[str] = ContextVar("request_id", default="")
request_path: ContextVar[str] = ContextVar("request_path", default="")
# Rows read once per request (ClientPolicy); None outside a request: every read queries.
memo: ContextVar[dict | None] = ContextVar("memo", default=None)


def remembered(key: Any, load: Callable[[], Any]) -> Any:
    """`load()` once per request for `key`; outside a request, every time."""
    store = memo.get()
    if store is None:
        return load()
    if key not in store:
        store[key] = load()
    return store[key]


@contextmanager
def remembering() -> Iterator[None]:
    """A unit of work that reads the settings rows once, as a request does (a bulk import's
    batch): within it, `remembered` and the reference cache (core/reference_cache.py) keep."""
    token = memo.set({})
    try:
        yield
    finally:
        memo.reset(token)


def forget(key: Any) -> None:
    """Drops what the request remembered for `key` (the row was just saved)."""
    store = memo.get()
    if store is not None:
        store.pop(key, None)
