"""The main menu: each entry names the permission code that opens it, so the menu shows only
what the user may use."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    # The code that opens the entry; several codes: any one of them does.
    permission: str | tuple[str, ...] | None

    def open_to(self, user) -> bool:
        codes = self.permission if isinstance(self.permission, tuple) else (self.permission,)
        return any(user.has_fineract_permission(code) for code in codes)


MENU: list[MenuEntry] = [
    MenuEntry(_("Dashboard"), "home", None),
    MenuEntry(_("Clients"), "client_list", "READ_CLIENT"),
    MenuEntry(_("Offices"), "office_list", "READ_OFFICE"),
    MenuEntry(_("Staff"), "staff_list", "READ_STAFF"),
    MenuEntry(_("Code lists"), "code_list", "READ_CODE"),
    MenuEntry(_("Users"), "user_list", "READ_USER"),
    MenuEntry(_("Roles"), "role_list", "READ_ROLE"),
    MenuEntry(_("Audit log"), "audit_list", "READ_AUDIT"),
    MenuEntry(
        _("Settings"),
        "client_settings",
        ("READ_CLIENTPOLICY", "READ_IDENTIFIERFORMAT", "READ_FIELDCONFIGURATION", "READ_DATATABLE"),
    ),
]


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
    """Context processor: the menu on every page, Django's own error pages included."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    return {"menu": SimpleLazyObject(lambda: navigation_for(request))}
