"""Dates as people read them: one format per language (mteja/formats/), or the one a user
chose in their profile ("05/09/2025", "2025-09-05"), applied to every page of their request.

Every date a page shows goes through Django's named formats (`DATE_FORMAT`,
`SHORT_DATE_FORMAT`, … in templates, tables and messages); `install()` lets the user's choice
answer for those names while a page is drawn. The API never sees a choice: it writes dates in
Fineract's wire format, and the dates inside its messages stay ISO (`shown`)."""

from __future__ import annotations

import datetime
from contextvars import ContextVar

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from mteja.core.api.guard import is_api_path


class DateDisplay(models.TextChoices):
    LANGUAGE = "", _("Day, month and year: 5 Sep 2025")
    DAY_FIRST = "dmy", _("Day first, in digits: 05/09/2025")
    ISO = "iso", _("Year first (ISO): 2025-09-05")


_DIGITS = {DateDisplay.DAY_FIRST: "d/m/Y", DateDisplay.ISO: "Y-m-d"}
# The named formats a choice answers for.
OVERRIDES = {
    choice: {
        "DATE_FORMAT": pattern,
        "SHORT_DATE_FORMAT": pattern,
        "DATETIME_FORMAT": f"{pattern} H:i",
        "SHORT_DATETIME_FORMAT": f"{pattern} H:i",
    }
    for choice, pattern in _DIGITS.items()
}

# The format chosen for the request being answered: None outside a page for people (API,
# command line, jobs), "" for the language's own.
chosen: ContextVar[str | None] = ContextVar("date_display", default=None)

_django_get_format = formats.get_format


def get_format(format_type, lang=None, use_l10n=None):
    override = OVERRIDES.get(chosen.get() or "")
    if override is not None and format_type in override:
        return override[format_type]
    return _django_get_format(format_type, lang, use_l10n)


def install() -> None:
    """Makes Django's named date formats follow the request's choice (CoreConfig.ready)."""
    formats.get_format = get_format


def shown(day: datetime.date | None) -> str:
    """A date inside a message: as the user reads dates on a page, ISO elsewhere (the API's
    error bodies keep what integrators already parse)."""
    if day is None:
        return ""
    if chosen.get() is None:
        return day.isoformat()
    return formats.date_format(day, "DATE_FORMAT")


class DateDisplayMiddleware:
    """The user's date format for the pages they are shown (not the API)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api_path(request.path):
            return self.get_response(request)
        user = getattr(request, "user", None)
        choice = getattr(user, "date_display", "") if user is not None else ""
        token = chosen.set(choice or "")
        try:
            return self.get_response(request)
        finally:
            chosen.reset(token)
