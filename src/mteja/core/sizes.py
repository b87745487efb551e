"""Sizes as people read them: a limit of 536870912 bytes is "512 MB" ("512 Mo" in French),
in the user's language and number format; one message for every file over a limit (the web
pages', the API's, the command line's)."""

from __future__ import annotations

import math

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

KB = 1024
MB = 1024 * KB
GB = 1024 * MB


def file_size(size: int) -> str:
    """`size` bytes in the largest unit it fills, to a tenth at most (rounded down: a limit
    is never said to be larger than it is)."""
    if size >= GB:
        return gettext("%s GB") % _tenths(size / GB)
    if size >= MB:
        return gettext("%s MB") % _tenths(size / MB)
    if size >= KB:
        return gettext("%s KB") % _tenths(size / KB)
    return ngettext("%(size)d byte", "%(size)d bytes", size) % {"size": size}


def _tenths(value: float) -> str:
    tenths = math.floor(value * 10)
    shown = tenths // 10 if tenths % 10 == 0 else tenths / 10
    return number_format(shown, use_l10n=True)


def file_too_large(limit: int) -> str:
    return gettext("The file is larger than the limit of %(limit)s.") % {"limit": file_size(limit)}


def request_body_too_large(limit: int) -> str:
    return gettext("The request body is larger than the limit of %(limit)s.") % {
        "limit": file_size(limit)
    }
