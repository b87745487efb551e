"""The URL patterns of a kind of record's pages, named alike in every app."""

from __future__ import annotations

from django.urls import path


def record_pages(route: str, name: str, listing=None, edit=None, detail=None, delete=None):
    """Below `route` (e.g. "staff/"): the list (<name>_list), new/ (<name>_create, the edit
    view creating), <int:pk>/ (<name>_detail), <int:pk>/edit/ (<name>_update) and
    <int:pk>/delete/ (<name>_delete), for the class-based views given."""
    pages = [
        ("", listing, {}, "list"),
        ("new/", edit, {"creating": True}, "create"),
        ("<int:pk>/", detail, {}, "detail"),
        ("<int:pk>/edit/", edit, {}, "update"),
        ("<int:pk>/delete/", delete, {}, "delete"),
    ]
    return [
        path(f"{route}{tail}", view.as_view(**options), name=f"{name}_{suffix}")
        for tail, view, options, suffix in pages
        if view is not None
    ]
