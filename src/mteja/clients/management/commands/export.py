"""`mteja export`: the clients a user sees, filtered as the API's list filters, to a file."""

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mteja.clients.bulk.download import export_of
from mteja.clients.filtersets import ClientFilterSet
from mteja.clients.management.interruption import exit_status, terminated_as_interrupted
from mteja.clients.management.operator import NO_SYSTEM_CHECKS, acting_user
from mteja.core.errors import MtejaError


class Command(BaseCommand):
    requires_system_checks = NO_SYSTEM_CHECKS
    help = (
        "Export clients to CSV or XLSX as USER sees them (their offices), filtered with the "
        "API's list parameters: --filter status=active --filter officeId=4. Interrupted, "
        "it exits 130 (Ctrl-C) or 143 (SIGTERM) and removes the part of --output written."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="whose offices and permission apply")
        parser.add_argument(
            "--format", default="csv", choices=["csv", "xlsx"], help="csv (the default) or xlsx"
        )
        parser.add_argument(
            "--output",
            default="-",
            help="a file (replaced if it exists), or - for standard output (not a terminal's for "
            "xlsx)",
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
        if options["output"] == "-":
            target = sys.stdout.buffer
        else:
            try:
                target = open(options["output"], "wb")  # noqa: SIM115
            except OSError as exc:
                raise CommandError(
                    _("Cannot write to %(output)s: %(error)s")
                    % {"output": options["output"], "error": exc}
                ) from exc
        try:
            with terminated_as_interrupted():
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
        finally:
            if target is not sys.stdout.buffer:
                target.close()
        exported = ngettext(
            "%(count)s client exported.", "%(count)s clients exported.", export.count
        )
        self.stderr.write(exported % {"count": export.count}, style_func=str)


def _interrupted(count: int, output: str) -> str:
    """The line an interrupted export ends with. A file cut short is removed: its clients end
    mid-list, or it is no workbook at all, and it would pass for the whole export later."""
    read = ngettext(
        "Interrupted after reading %(count)s client",
        "Interrupted after reading %(count)s clients",
        count,
    )
    read = read % {"count": count}
    if output == "-":
        return _("%(read)s: the output is incomplete.") % {"read": read}
    try:
        os.remove(output)
    except OSError as exc:
        incomplete = _("%(read)s; %(output)s is incomplete (%(error)s).")
        return incomplete % {"read": read, "output": output, "error": exc}
    return _("%(read)s; %(output)s removed.") % {"read": read, "output": output}


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
