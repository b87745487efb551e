"""`mteja export`: the clients a user sees, filtered as the API's list filters, to a file."""

import sys

from django.core.management.base import BaseCommand, CommandError

from mteja.clients.bulk.download import export_of
from mteja.core.errors import MtejaError
from mteja.users.models import AppUser


class Command(BaseCommand):
    help = (
        "Export clients to CSV or XLSX as USER sees them (their offices), filtered with the "
        "API's list parameters: --filter status=active --filter officeId=4."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="whose offices and permission apply")
        parser.add_argument("--format", default="csv", choices=["csv", "xlsx"])
        parser.add_argument("--output", default="-", help="a file, or - for standard output")
        parser.add_argument("--columns", default="", help="column names, comma-separated")
        parser.add_argument("--filter", action="append", default=[], metavar="NAME=VALUE")

    def handle(self, *args, **options):
        user = AppUser.objects.filter(username=options["user"], is_active=True).first()
        if user is None or not user.has_fineract_permission("EXPORT_CLIENT"):
            raise CommandError(f"No active user {options['user']!r} who may export clients.")
        filters = dict(item.partition("=")[::2] for item in options["filter"])
        try:
            export = export_of(user, options, filters=filters)
        except MtejaError as failure:  # a malformed or refused filter (sqlSearch)
            raise CommandError(" ".join(e.message for e in failure.errors)) from failure
        target = sys.stdout.buffer if options["output"] == "-" else open(options["output"], "wb")  # noqa: SIM115
        try:
            for chunk in export.chunks():
                target.write(chunk)
        finally:
            if target is not sys.stdout.buffer:
                target.close()
        self.stderr.write(f"{export.count} clients exported.")
