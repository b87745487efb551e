"""`mteja import FILE --user USER`: a CSV or XLSX file of clients, imported as USER
(their offices and permissions), each row checked as the API checks it."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mteja.clients.bulk.download import result_download
from mteja.clients.bulk.importing import import_clients
from mteja.clients.bulk.reading import FileUnreadable
from mteja.users.models import AppUser


class Command(BaseCommand):
    help = (
        "Import clients from a CSV or XLSX file (the columns of `mteja export`). Prints a "
        "summary as JSON; --result writes the file with a Status column per row."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="whose offices and permissions apply")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write none")
        parser.add_argument(
            "--all-or-nothing", action="store_true", help="import nothing unless all rows are valid"
        )
        parser.add_argument("--result", type=Path, help="where to write the result (.csv/.xlsx)")

    def handle(self, *args, **options):
        user = AppUser.objects.filter(username=options["user"], is_active=True).first()
        if user is None or not user.has_fineract_permission("CREATE_CLIENT"):
            raise CommandError(f"No active user {options['user']!r} who may create clients.")
        try:
            report = import_clients(
                user=user,
                data=options["file"],
                dry_run=options["dry_run"],
                all_or_nothing=options["all_or_nothing"],
            )
        except (FileUnreadable, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if options["result"]:
            chosen = "xlsx" if options["result"].suffix.lower() == ".xlsx" else "csv"
            options["result"].write_bytes(result_download(report, chosen).content)
        self.stdout.write(json.dumps(report.summary()))
