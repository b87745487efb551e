"""Every endpoint of the API, and every page of the web UI, found by walking Django's URL
resolver.

Tests built on these lists pick up endpoints and pages added later without being edited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

API_PREFIX = "fineract-provider/api/v1/"
# Routes that are not web pages: the API (under both prefixes) and its schema and docs.
NOT_PAGES = ("fineract-provider/", "api/")
# Methods Django and DRF give every view whether or not the view means to serve them.
IMPLICIT_METHODS = {"head", "options"}

_CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_NAMED_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^)]*)\)")
_CATCH_ALL = "<any>"


@dataclass(frozen=True)
class Endpoint:
    # The URL with each parameter as `{name}`, and a value each parameter accepts.
    template: str
    samples: dict[str, str]
    callback: object
    view_class: type | None
    name: str | None = None
    kwargs: dict = field(default_factory=dict)  # the extra kwargs the URL pattern passes

    @property
    def url(self) -> str:
        return self.url_for()

    @property
    def parameters(self) -> list[str]:
        return list(self.samples)

    def url_for(self, **values) -> str:
        """The URL with `values` for the parameters they name, samples for the rest."""
        return self.template.format(**{**self.samples, **{k: str(v) for k, v in values.items()}})

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


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _template(pattern, samples: dict[str, str]) -> str:
    """The pattern as a format string; each parameter's sample value goes into `samples`."""

    def parameter(name: str, regex: str) -> str:
        samples[name] = _sample(regex)
        return "{" + name + "}"

    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        parts = _CONVERTER.split(route)
        # split gives literal, converter, name, literal, converter, name, …, literal
        out = []
        for index in range(0, len(parts), 3):
            out.append(_escape(parts[index]))
            if index + 2 < len(parts):
                name = parts[index + 2]
                out.append(parameter(name, pattern.converters[name].regex))
        return "".join(out)
    if isinstance(pattern, RegexPattern):
        regex = pattern.regex.pattern.lstrip("^").rstrip("$").replace("\\Z", "")
        out, end = [], 0
        for match in _NAMED_GROUP.finditer(regex):
            out.append(_escape(regex[end : match.start()].replace("\\", "")))
            out.append(parameter(match.group("name"), match.group("body")))
            end = match.end()
        out.append(_escape(regex[end:].replace("\\", "")))
        return "".join(out)
    raise AssertionError(f"unknown URL pattern type {type(pattern).__name__}")


def _walk(patterns, prefix: str, samples: dict[str, str], follow):
    """Every URLPattern below `patterns`; `follow(route)` says which routes to enter (tried
    on the literal route so far, before any parameter is filled)."""
    for entry in patterns:
        literal = prefix + str(entry.pattern)
        if not follow(literal):
            continue
        entry_samples = dict(samples)
        part = _CATCH_ALL if _is_catch_all(entry) else _template(entry.pattern, entry_samples)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + part, entry_samples, follow)
        elif isinstance(entry, URLPattern):
            yield Endpoint(
                template="/" + prefix + part,
                samples=entry_samples,
                callback=entry.callback,
                view_class=getattr(entry.callback, "view_class", None),
                name=entry.name,
                kwargs=dict(entry.default_args),
            )


def _is_catch_all(entry) -> bool:
    return isinstance(entry.pattern, RegexPattern) and entry.pattern.regex.pattern in (
        r"^.*$",
        r"^.*",
    )


def _towards_api(route: str) -> bool:
    return route.startswith(API_PREFIX) or API_PREFIX.startswith(route)


def _is_page(route: str) -> bool:
    return not route.startswith(NOT_PAGES)


def api_endpoints() -> list[Endpoint]:
    """Every endpoint under the API prefix (the same views also answer under /api/v1/)."""
    walked = _walk(get_resolver().url_patterns, "", {}, _towards_api)
    return [endpoint for endpoint in walked if endpoint.template.startswith("/" + API_PREFIX)]


def web_pages() -> list[Endpoint]:
    """Every URL of the web UI: everything outside the API, its schema and its docs."""
    return list(_walk(get_resolver().url_patterns, "", {}, _is_page))
