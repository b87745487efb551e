"""Uploaded files of long names. Django reads each part of a multipart form within 1,024 bytes
of headers (`multipartparser.MAX_TOTAL_HEADER_SIZE`) and refuses the whole body past them, so
a file named with 1,000 characters — or with 250 of Amharic or emoji, 3 or 4 bytes each, its
part's other headers aside — was "not a valid multipart form". The bound is raised to
MOST_PART_HEADER_BYTES: a part's headers are still read within a bound (the parser doubles its
look from 1 kB up to it), and a form's parts are counted by Django's own limits. The name is
never a path: `shown_file_name` keeps its last part, as text, cut to the stored length with
its extension kept. `unreadable_form` says why a form was refused, the same on the API and
the pages: each of UNREADABLE, Django's refusals of a body as a whole."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousMultipartForm,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import UnreadablePostError, multipartparser
from django.http.multipartparser import MultiPartParserError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from mteja.core.hidden_characters import shown_as_codes
from mteja.core.sizes import file_size

# A 1,000-character name of 4-byte characters, percent-encoded (`filename*=UTF-8''…`, 12 bytes
# a character), with its part's other headers.
MOST_PART_HEADER_BYTES = 16 * 1024
NAME_MAX = 255  # characters kept of a name (a file system's limit for one)
MOST_EXTENSION = 16  # characters after the last dot kept as its extension
# What Django raises reading a form it cannot take (SuspiciousMultipartForm, its parser
# stuck on a malformed body; UnreadablePostError, the sender gone before the body's end).
UNREADABLE = (
    MultiPartParserError,
    SuspiciousMultipartForm,
    TooManyFieldsSent,
    TooManyFilesSent,
    RequestDataTooBig,
    UnreadablePostError,
)


def install() -> None:
    """Process-wide, as Django's parser reads its bound (called from the core app's
    `ready()`)."""
    multipartparser.MAX_TOTAL_HEADER_SIZE = MOST_PART_HEADER_BYTES


def _grouped(number: int) -> str:
    return number_format(number, use_l10n=True, force_grouping=True)


def unreadable_form(error: Exception) -> str:
    """Why Django's parser refused a multipart form (one of UNREADABLE, or the error DRF made
    of it), translated: a part's headers past the bound (a file name of thousands of
    characters), too many fields or files, a body cut short, each said as such."""
    if isinstance(error, TooManyFieldsSent):
        most = _grouped(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)
        return _("The form has too many fields: at most %(most)s.") % {"most": most}
    if isinstance(error, TooManyFilesSent):
        most = _grouped(settings.DATA_UPLOAD_MAX_NUMBER_FILES)
        return _("The form sends too many files: at most %(most)s.") % {"most": most}
    if isinstance(error, RequestDataTooBig):
        most = file_size(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return _("The form's fields are too long: at most %(most)s in all.") % {"most": most}
    if isinstance(error, UnreadablePostError):
        return cut_short()
    if "header size" in str(error):
        most = _grouped(MOST_PART_HEADER_BYTES)
        return _(
            "A file name or form field is too long: the headers of each part of the form "
            "must fit in %(most)s bytes. Give the file a shorter name."
        ) % {"most": most}
    return _("The request body is not a valid multipart form.")


def cut_short() -> str:
    """A file begun and never ended: its part had no closing boundary (the sender stopped)."""
    return _("The file arrived cut short: the form ended before it did. Send it again.")


def one_file_at_a_time() -> str:
    """A file field given twice: taking one of its files would drop the others unsaid."""
    return _("Send one file at a time.")


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
