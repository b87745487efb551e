"""Uploaded files of long names. Django reads each part of a multipart form within 1,024 bytes
of headers (`multipartparser.MAX_TOTAL_HEADER_SIZE`) and refuses the whole body past them, so
a file named with 1,000 characters — or with 250 of Amharic or emoji, 3 or 4 bytes each, its
part's other headers aside — was "not a valid multipart form". The bound is raised to
MOST_PART_HEADER_BYTES: a part's headers are still read within a bound (the parser doubles its
look from 1 kB up to it), and a form's parts are counted by Django's own limits. The name is
never a path: `shown_file_name` keeps its last part, as text, cut to the stored length with
its extension kept. `unreadable_form` says why a form was refused, the same on the API and
the pages."""

from __future__ import annotations

from django.http import multipartparser
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from mteja.core.hidden_characters import shown_as_codes

# A 1,000-character name of 4-byte characters, percent-encoded (`filename*=UTF-8''…`, 12 bytes
# a character), with its part's other headers.
MOST_PART_HEADER_BYTES = 16 * 1024
NAME_MAX = 255  # characters kept of a name (a file system's limit for one)
MOST_EXTENSION = 16  # characters after the last dot kept as its extension


def install() -> None:
    """Process-wide, as Django's parser reads its bound (called from the core app's
    `ready()`)."""
    multipartparser.MAX_TOTAL_HEADER_SIZE = MOST_PART_HEADER_BYTES


def unreadable_form(error: Exception) -> str:
    """Why Django's parser refused a multipart form (its MultiPartParserError, or the error
    DRF made of it), translated: a part's headers past the bound (a file name of thousands of
    characters) said as such."""
    if "header size" in str(error):
        most = number_format(MOST_PART_HEADER_BYTES, use_l10n=True, force_grouping=True)
        return _(
            "A file name or form field is too long: the headers of each part of the form "
            "must fit in %(most)s bytes. Give the file a shorter name."
        ) % {"most": most}
    return _("The request body is not a valid multipart form.")


def shown_file_name(name: str, default: str, most: int = NAME_MAX) -> str:
    """The sender's file name as text to show: its last part after any `/` or `\\` (never a
    path), control characters and direction marks as their codes (hidden_characters.py), at
    most `most` characters, its extension (".csv") kept when it is cut; `default` for none."""
    name = shown_as_codes(name.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    if len(name) <= most:
        return name or default
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) >= MOST_EXTENSION:
        return name[:most]
    return stem[: most - len(extension) - 1] + "." + extension
