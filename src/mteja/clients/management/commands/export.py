"""`mteja export`: the clients a user sees, filtered as the API's list filters, to a file."""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mteja.clients.bulk.download import export_of
from mteja.clients.filtersets import ClientFilterSet
from mteja.clients.management.interruption import exit_status, terminated_as_interrupted
from mteja.clients.management.operator import NO_SYSTEM_CHECKS, acting_user
from mteja.clients.management.paths import cannot_write, written_whole
from mteja.core.errors import MtejaError


class Command(BaseCommand):
    requires_system_checks = NO_SYSTEM_CHECKS
    help = (
        "Export clients to CSV or XLSX as USER sees them (their offices), filtered with the "
        "API's list parameters: --filter status=active --filter officeId=4. Interrupted, "
        "it exits 130 (Ctrl-C) or 143 (SIGTERM) and leaves --output as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="whose offices and permission apply")
        parser.add_argument(
            "--format", default="csv", choices=["csv", "xlsx"], help="csv (the default) or xlsx"
        )
        parser.add_argument(
            "--output",
            default="-",
            help="a file (replaced once the export is whole; left as it was if it stops), or - "
            "for standard output (not a terminal's for xlsx)",
        )
        parser.add_argument(
            "--columns", default="", help="column names, comma-separated (default: every one)"
        )
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help=f"one of GET /clients's filters ({', '.join(_known_filters())}); repeatable",
        )
        parser.add_argument(
            "--locale",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="the language of this command's messages and of the labels the file holds "
            "(a status, a gender), as the web list's download in that language",
        )

    def handle(self, *args, **options):
        with translation.override(options["locale"]):
            self._export(options)

    def _export(self, options):
        if options["format"] == "xlsx" and options["output"] == "-" and sys.stdout.isatty():
            # A workbook is binary: garbage on a terminal, which it can leave unusable (gzip
            # refuses so too). CSV is text, worth reading there.
            raise CommandError(
                _("An XLSX export is not written to a terminal: give --output FILE, or redirect "
                  "standard output.")
            )  # fmt: skip
        user = acting_user(options["user"], "EXPORT_CLIENT", _("export clients"))
        filters = _filters(options["filter"])
        try:
            export = export_of(user, options, filters=filters)
        except MtejaError as failure:  # a malformed or refused filter (sqlSearch)
            raise CommandError(" ".join(e.message for e in failure.errors)) from failure
        try:
            with _target(options["output"]) as target, terminated_as_interrupted():
                for chunk in export.chunks():
                    target.write(chunk)
                target.flush()
        except BrokenPipeError:  # `mteja export | head`: the reader has gone
            # Python would write to the closed pipe again when it exits.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            closed = ngettext(
                "The output was closed after reading %(count)s client.",
                "The output was closed after reading %(count)s clients.",
                export.count,
            )
            raise CommandError(closed % {"count": export.count}) from None
        except KeyboardInterrupt as interruption:
            raise CommandError(
                _interrupted(export.count, options["output"]), returncode=exit_status(interruption)
            ) from None
        except OSError as exc:  # a full disk, a device that refuses: the file left as it was
            raise cannot_write(options["output"], exc) from None
        exported = ngettext(
            "%(count)s client exported.", "%(count)s clients exported.", export.count
        )
        self.stderr.write(exported % {"count": export.count}, style_func=str)


@contextmanager
def _target(output: str) -> Iterator[BinaryIO]:
    """Standard output, or the file written whole: an export cut short (Ctrl-C, a full disk)
    leaves the file at --output as it was, not a list that ends mid-way and would pass for
    the whole export later (paths.written_whole)."""
    if output == "-":
        yield sys.stdout.buffer
        return
    with written_whole(Path(output)) as target:
        yield target


def _interrupted(count: int, output: str) -> str:
    """The line an interrupted export ends with."""
    read = ngettext(
        "Interrupted after reading %(count)s client",
        "Interrupted after reading %(count)s clients",
        count,
    )
    read = read % {"count": count}
    if output == "-":
        return _("%(read)s: the output is incomplete.") % {"read": read}
    return _("%(read)s; nothing written to %(output)s.") % {"read": read, "output": output}


def _known_filters() -> list[str]:
    return list(ClientFilterSet.base_filters)


def _filters(given: list[str]) -> dict:
    """`--filter NAME=VALUE`s (a name the list does not know is refused by `export_of`, as
    the API's)."""
    filters = {}
    for item in given:
        name, equals, value = item.partition("=")
        if not equals or not name:
            raise CommandError(_("--filter takes NAME=VALUE, not %(item)r.") % {"item": item})
        if name in filters:  # the list takes one value: the first would be dropped unsaid
            raise CommandError(
                _("--filter %(name)s is given twice: a filter takes one value.") % {"name": name}
            )
        filters[name] = value
    return filters
