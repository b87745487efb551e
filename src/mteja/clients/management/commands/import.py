"""`mteja import FILE --user USER`: a CSV or XLSX file of clients, imported as USER (their
offices and permissions) in the foreground, as a job (listed with the others), with a
progress bar on stderr. `--resume JOB` continues a job whose worker died (or this command
interrupted) after its last written batch."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mteja.clients.bulk.download import result_chunks
from mteja.clients.bulk.reading import FileUnreadable
from mteja.clients.bulk.text_dates import TextDates
from mteja.clients.imports import files, running
from mteja.clients.imports.progress import counts, text_bar
from mteja.clients.imports.services import import_job_create, import_job_resume
from mteja.clients.models import ImportJob, ImportStatus
from mteja.core.errors import MtejaError
from mteja.core.wire import DateFormatError
from mteja.users.models import AppUser


class Command(BaseCommand):
    help = (
        "Import clients from a CSV or XLSX file (the columns of `mteja export`) as a job, in "
        "the foreground. Prints a summary as JSON; --result writes the file with a Status "
        "column per row; --resume JOB continues an interrupted job."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, nargs="?")
        parser.add_argument("--user", help="whose offices and permissions apply")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write none")
        parser.add_argument(
            "--all-or-nothing", action="store_true", help="import nothing unless all rows are valid"
        )
        parser.add_argument(
            "--date-format",
            default="",
            help="how the file writes dates as text, as a Java pattern (dd/MM/yyyy, "
            "dd MMMM yyyy); yyyy-MM-dd is read too",
        )
        parser.add_argument("--locale", default="", help="the language of its month names")
        parser.add_argument("--result", type=Path, help="where to write the result (.csv/.xlsx)")
        parser.add_argument("--resume", type=int, metavar="JOB", help="continue this import job")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        if options["result"]:  # refused before the import, not once it is done
            try:
                options["result"].open("ab").close()
            except OSError as exc:
                raise CommandError(
                    f"Cannot write the result to {options['result']}: {exc}"
                ) from exc
        job = self._resumed(options) if options["resume"] is not None else self._created(options)
        show = None if options["no_progress"] else self._show
        try:
            job = running.run_job(job.pk, on_progress=show)
        except KeyboardInterrupt:
            raise CommandError(
                f"\nInterrupted: whole batches are kept. Continue with --resume {job.pk}."
            ) from None
        if show:
            self._show(job)
            self.stderr.write("")
        if options["result"]:
            chosen = "xlsx" if options["result"].suffix.lower() == ".xlsx" else "csv"
            with options["result"].open("wb") as out:
                for chunk in result_chunks(files.header(job), files.result_rows(job), chosen):
                    out.write(chunk)
        if job.status != ImportStatus.COMPLETED:
            raise CommandError(f"Import job {job.pk} {job.status}. {job.error}".strip())
        tally = counts(job)
        summary = {
            "totalRecords": sum(job.outcomes.values()),
            "imported": tally["imported"],
            "alreadyImported": tally["alreadyImported"],
            "valid": tally["valid"],
            "invalid": tally["invalid"],
            "dryRun": job.dry_run,
            "importId": job.pk,
        }
        self.stdout.write(json.dumps(summary))

    def _show(self, job):
        self.stderr.write("\r" + text_bar(job), ending="")
        self.stderr.flush()

    def _user(self, username):
        user = AppUser.objects.filter(username=username, is_active=True).first()
        if user is None or not user.has_fineract_permission("CREATE_CLIENT"):
            raise CommandError(f"No active user {username!r} who may create clients.")
        return user

    def _created(self, options):
        if options["file"] is None or not options["user"]:
            raise CommandError("Give a FILE and --user (or --resume JOB).")
        user = self._user(options["user"])
        try:
            return import_job_create(
                actor=user,
                data=options["file"],
                file_name=options["file"].name,
                dry_run=options["dry_run"],
                all_or_nothing=options["all_or_nothing"],
                dates=TextDates(options["date_format"], options["locale"]),
            )
        except (FileUnreadable, DateFormatError, OSError) as exc:
            raise CommandError(str(exc)) from exc

    def _resumed(self, options):
        job = ImportJob.objects.select_related("created_by").filter(pk=options["resume"]).first()
        if job is None:
            raise CommandError(f"No import job {options['resume']}.")
        user = self._user(options["user"]) if options["user"] else job.created_by
        try:
            return import_job_resume(actor=user, job=job)
        except MtejaError as refused:
            raise CommandError(str(refused)) from refused
