"""Per-request context that services read without it being passed around: the request id."""

from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="")
request_path: ContextVar[str] = ContextVar("request_path", default="")
