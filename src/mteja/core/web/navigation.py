"""The main menu: each entry names the permission code that opens it, so the menu shows only
what the user may use. Apps register their entries in `MENU`."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    # The code that opens the entry; several codes: any one of them does.
    permission: str | tuple[str, ...] | None
    # Entries are listed by position, whichever app registered them first.
    position: int = 100

    def open_to(self, user) -> bool:
        codes = self.permission if isinstance(self.permission, tuple) else (self.permission,)
        return any(user.has_fineract_permission(code) for code in codes)


class Menu:
    """The main menu's entries. Each app declares its own in its `web/menu.py`
    (`MENU.register(MenuEntry(...))`); the site app imports those modules at start-up, so
    `core` never imports an app."""

    def __init__(self) -> None:
        self._entries: dict[str, MenuEntry] = {}

    def register(self, *entries: MenuEntry) -> None:
        for entry in entries:
            self._entries[entry.url_name] = entry

    def __iter__(self):
        return iter(sorted(self._entries.values(), key=lambda entry: entry.position))


MENU = Menu()


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str
    current: bool


def navigation_for(request) -> list[MenuLink]:
    """The menu entries `request.user` may open; the one containing the page is current."""
    links = []
    for entry in MENU:
        if not entry.open_to(request.user):
            continue
        url = reverse(entry.url_name)
        current = request.path == url if url == "/" else request.path.startswith(url)
        links.append(MenuLink(entry.label, url, current))
    return links


class PermissionLookup:
    """`{% if request.can.CREATE_OFFICE %}` in a template: does the user hold the code?"""

    def __init__(self, user):
        self._user = user

    def __getitem__(self, code: str) -> bool:
        return bool(self._user.is_authenticated and self._user.has_fineract_permission(code))

    def __contains__(self, code: str) -> bool:
        return self[code]


def menu(request) -> dict:
    """Context processor: the menu, and what the user may do, on every page (Django's own
    error pages included)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": [], "can": {}}
    return {
        "menu": SimpleLazyObject(lambda: navigation_for(request)),
        "can": PermissionLookup(user),  # `{% if can.READ_CLIENT %}` on every page
    }
