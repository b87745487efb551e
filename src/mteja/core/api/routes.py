"""The URL patterns of a Fineract collection, named alike in every app."""

from __future__ import annotations

from django.urls import path

from mteja.core.api import converters  # noqa: F401 -- registers `<id:…>`, which routes use


def collection(route: str, name: str, items, *, template=None, item=None, key="pk", plural=""):
    """`route` (list, create) named api-<plural> (api-<name>s unless told), `route/template`
    named api-<name>-template and `route/<id:key>` (one row) named api-<name>; each view a
    class-based one."""
    patterns = [path(route, items.as_view(), name=f"api-{plural or name + 's'}")]
    if template is not None:
        patterns.append(path(f"{route}/template", template.as_view(), name=f"api-{name}-template"))
    if item is not None:
        patterns.append(path(f"{route}/<id:{key}>", item.as_view(), name=f"api-{name}"))
    return patterns


def endpoint(route: str, view, name: str | None = None):
    """One class-based view at `route`, named api-<name> when named."""
    return path(route, view.as_view(), name=f"api-{name}" if name else None)
