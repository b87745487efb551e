"""`mteja export`: the clients a user sees, filtered as the API's list filters, to a file."""

import os
import sys

from django.core.management.base import BaseCommand, CommandError

from mteja.clients.bulk.download import export_of
from mteja.clients.filtersets import ClientFilterSet
from mteja.clients.management.interruption import exit_status, terminated_as_interrupted
from mteja.clients.management.operator import acting_user
from mteja.core.errors import MtejaError


class Command(BaseCommand):
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

    def handle(self, *args, **options):
        if options["format"] == "xlsx" and options["output"] == "-" and sys.stdout.isatty():
            # A workbook is binary: garbage on a terminal, which it can leave unusable (gzip
            # refuses so too). CSV is text, worth reading there.
            raise CommandError(
                "An XLSX export is not written to a terminal: give --output FILE, or redirect "
                "standard output."
            )
        user = acting_user(options["user"], "EXPORT_CLIENT", "export clients")
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
                raise CommandError(f"Cannot write to {options['output']}: {exc}") from exc
        try:
            with terminated_as_interrupted():
                for chunk in export.chunks():
                    target.write(chunk)
                target.flush()
        except BrokenPipeError:  # `mteja export | head`: the reader has gone
            # Python would write to the closed pipe again when it exits.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise CommandError(
                f"The output was closed after reading {_clients(export.count)}."
            ) from None
        except KeyboardInterrupt as interruption:
            raise CommandError(
                _interrupted(export.count, options["output"]), returncode=exit_status(interruption)
            ) from None
        finally:
            if target is not sys.stdout.buffer:
                target.close()
        self.stderr.write(f"{_clients(export.count)} exported.", style_func=str)


def _interrupted(count: int, output: str) -> str:
    """The line an interrupted export ends with. A file cut short is removed: its clients end
    mid-list, or it is no workbook at all, and it would pass for the whole export later."""
    read = f"Interrupted after reading {_clients(count)}"
    if output == "-":
        return f"{read}: the output is incomplete."
    try:
        os.remove(output)
    except OSError as exc:
        return f"{read}; {output} is incomplete ({exc})."
    return f"{read}; {output} removed."


def _clients(count: int) -> str:
    return f"{count} client{'' if count == 1 else 's'}"


def _known_filters() -> list[str]:
    return list(ClientFilterSet.base_filters)


def _filters(given: list[str]) -> dict:
    """`--filter NAME=VALUE`s (a name the list does not know is refused by `export_of`, as
    the API's)."""
    filters = {}
    for item in given:
        name, equals, value = item.partition("=")
        if not equals or not name:
            raise CommandError(f"--filter takes NAME=VALUE, not {item!r}.")
        if name in filters:  # the list takes one value: the first would be dropped unsaid
            raise CommandError(f"--filter {name} is given twice: a filter takes one value.")
        filters[name] = value
    return filters
