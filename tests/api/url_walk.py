"""Every endpoint under the API prefix, found by walking Django's URL resolver.

Tests built on this list pick up endpoints added later without being edited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

API_PREFIX = "fineract-provider/api/v1/"
# Methods Django and DRF give every view whether or not the view means to serve them.
IMPLICIT_METHODS = {"head", "options"}

_CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_NAMED_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^)]*)\)")


@dataclass(frozen=True)
class Endpoint:
    url: str
    callback: object
    view_class: type | None

    @property
    def methods(self) -> list[str]:
        """The HTTP methods the view implements itself, OPTIONS included (DRF answers it
        for every view, so it must be guarded like the rest)."""
        if self.view_class is None:
            return []
        names = [
            name
            for name in self.view_class.http_method_names
            if name not in IMPLICIT_METHODS and hasattr(self.view_class, name)
        ]
        return [*names, "options"]


def _sample(regex: str) -> str:
    """A value a URL parameter accepts: "1" for ids, else the first literal alternative."""
    for candidate in ("1", *re.findall(r"[A-Za-z_][\w-]*", regex)):
        if re.fullmatch(regex, candidate):
            return candidate
    raise AssertionError(f"cannot invent a value for the URL parameter pattern {regex!r}")


def _fill(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        return _CONVERTER.sub(lambda m: _sample(pattern.converters[m.group("name")].regex), route)
    if isinstance(pattern, RegexPattern):
        regex = pattern.regex.pattern.lstrip("^").rstrip("$").replace("\\Z", "")
        filled = _NAMED_GROUP.sub(lambda m: _sample(m.group("body")), regex)
        return filled.replace("\\", "")
    raise AssertionError(f"unknown URL pattern type {type(pattern).__name__}")


def _walk(patterns, prefix: str, under_api: bool):
    for entry in patterns:
        if not under_api:
            # Outside the API only the path towards it is followed; nothing there is filled.
            route = str(entry.pattern)
            path = prefix + route
            if isinstance(entry, URLResolver) and API_PREFIX.startswith(path):
                yield from _walk(entry.url_patterns, path, path == API_PREFIX)
            continue
        part = "<any>" if _is_catch_all(entry) else _fill(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + part, True)
        elif isinstance(entry, URLPattern):
            yield Endpoint(
                url="/" + prefix + part,
                callback=entry.callback,
                view_class=getattr(entry.callback, "view_class", None),
            )


def _is_catch_all(entry) -> bool:
    return isinstance(entry.pattern, RegexPattern) and entry.pattern.regex.pattern in (
        r"^.*$",
        r"^.*",
    )


def api_endpoints() -> list[Endpoint]:
    return list(_walk(get_resolver().url_patterns, "", False))
