"""`mteja import FILE --user USER`: a CSV or XLSX file of clients, imported as USER (their
offices and permissions) in the foreground, as a job (listed with the others), with a
progress bar on stderr. `--resume JOB` continues a job whose worker died (or this command
interrupted) after its last written batch."""

import json
import os
from functools import partial
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from mteja.clients.bulk.download import result_chunks
from mteja.clients.bulk.reading import FileUnreadable
from mteja.clients.bulk.text_dates import TextDates
from mteja.clients.imports import access, files, running
from mteja.clients.imports.job_errors import error_for
from mteja.clients.imports.progress import counts, text_bar
from mteja.clients.imports.services import import_job_create, import_job_resume
from mteja.clients.management.interruption import exit_status, terminated_as_interrupted
from mteja.clients.management.operator import NO_SYSTEM_CHECKS, acting_user
from mteja.clients.management.paths import readable_file, written_whole
from mteja.clients.models import ImportJob, ImportStatus
from mteja.core.errors import DomainError, MtejaError
from mteja.core.languages import site_language
from mteja.core.lock_wait import outwaiting_writers
from mteja.core.wire import DateFormatError

CLEAR_TO_END = "\x1b[K"
RESUMED_AS_BEGUN = ("--dry-run", "--all-or-nothing", "--date-format", "--locale")


class Command(BaseCommand):
    requires_system_checks = NO_SYSTEM_CHECKS
    help = (
        "Import clients from a CSV, XLSX, XLSB, XLS or ODS file (the columns of `mteja export`) as "
        "a job, in the foreground. Prints a summary as JSON; --result writes the file with a "
        "Status column per row; --resume JOB continues an interrupted job. Interrupted, it "
        "exits 130 (Ctrl-C) or 143 (SIGTERM), as a shell reports a command those signals end."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, nargs="?", help="the CSV, XLSX, XLSB, XLS or ODS file"
        )
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
        parser.add_argument(
            "--locale",
            default="",
            help="the language of its month names, of the rows' errors and of this command's "
            "messages (English when it is none of the site's)",
        )
        parser.add_argument("--result", type=Path, help="where to write the result (.csv/.xlsx)")
        parser.add_argument("--resume", type=int, metavar="JOB", help="continue this import job")
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="no progress bar (there is none either when standard error is not a terminal)",
        )

    def handle(self, *args, **options):
        # The command's own words in the language of the rows' errors (a resumed job's: `_run`).
        with translation.override(site_language(options["locale"])):
            self._import(options)

    def _import(self, options):
        result = options["result"]
        if result is not None:
            self._result_writable(result, options["file"])
        job = self._run(options)
        ended = _("Import job %(id)s %(status)s.") % {
            "id": job.pk,
            "status": job.get_status_display().lower(),
        }
        if result:
            self._write_result(job, result, ended)
        if job.status != ImportStatus.COMPLETED:
            # Failed, or cancelled from its page meanwhile: its error as fits the user it ran
            # as (job_errors.py); a resume offered only if it would be taken, else why not
            # (its starter may no longer create clients: their rows would all be refused).
            standing = access.resume_standing(self._actor, job)
            told = [ended, error_for(job, self._actor, may_resume=standing.may_resume)]
            if standing.may_resume:
                told.append(_("Continue with --resume %(id)s.") % {"id": job.pk})
            told += [standing.refused, standing.left_to]
            raise CommandError(" ".join(filter(None, told)))
        tally = counts(job)
        summary = {
            "totalRecords": sum(job.outcomes.values()),
            "imported": tally["imported"],
            "alreadyImported": tally["alreadyImported"],
            "valid": tally["valid"],
            "invalid": tally["invalid"],
            "hiddenRowsImported": job.hidden_rows_imported,
            "dryRun": job.dry_run,
            "importId": job.pk,
        }
        self.stdout.write(json.dumps(summary))
        if job.held_back:  # all or nothing: nothing (more), a refusal for the shell too
            where = _("%(result)s says why") % {"result": result} if result else None
            told = {"invalid": tally["invalid"], "imported": tally["imported"]}
            told["where"] = where or _("--result FILE writes why")
            if tally["imported"]:  # resumed after a row refused as written (all_or_nothing.py)
                raise CommandError(
                    _("Nothing more imported: %(invalid)s rows are invalid (--all-or-nothing); "
                      "the %(imported)s imported before the import stopped are kept; %(where)s.")
                    % told
                )  # fmt: skip
            raise CommandError(
                _("Nothing imported: %(invalid)s rows are invalid (--all-or-nothing); %(where)s.")
                % told
            )

    def _result_writable(self, result: Path, source: Path | None) -> None:
        """Refuses, before the import rather than once it is done, a result that cannot be
        written or would replace the file imported. Nothing is created: the result is
        written whole once the job ends (paths.written_whole)."""
        if result.exists() and source is not None and source.exists() and result.samefile(source):
            raise CommandError(
                _("The result would replace the file imported: %(result)s.") % {"result": result}
            )
        folder = result.parent
        if result.is_dir():
            refusal = _("it is a directory")
        elif not result.exists() and not folder.is_dir():
            refusal = _("no directory %(folder)s") % {"folder": folder}
        elif not result.exists() and not os.access(folder, os.W_OK | os.X_OK):
            refusal = _("permission denied")
        else:
            return
        raise CommandError(
            _("Cannot write the result to %(result)s: %(error)s")
            % {"result": result, "error": refusal}
        )

    def _write_result(self, job: ImportJob, result: Path, ended: str) -> None:
        """The job's rows, each with its Status; a failure says how the job ended too (its
        rows are imported: only the file is missing, `downloadOutputTemplate` gives it)."""
        try:
            columns = files.header(job)
        except DomainError as unreadable:  # the job failed on its file: no result
            raise CommandError(f"{ended} {unreadable}") from unreadable
        chosen = "xlsx" if result.suffix.lower() == ".xlsx" else "csv"
        try:
            with written_whole(result) as out:
                for chunk in result_chunks(columns, files.result_rows(job), chosen):
                    out.write(chunk)
        except OSError as exc:
            cannot = _("Cannot write the result to %(result)s: %(error)s") % {
                "result": result,
                "error": exc.strerror or exc,
            }
            raise CommandError(f"{ended} {cannot}") from None

    def _run(self, options):
        # SIGTERM while the job is made (a migration's file copied and counted) stops it as
        # Ctrl-C does: the job and its copy of the file are undone (cli.py says 143).
        with terminated_as_interrupted():
            resumed = options["resume"] is not None
            job = self._resumed(options) if resumed else self._created(options)
        if resumed:  # (the override in `handle` puts the language back)
            translation.activate(running.job_language(job))
        # A bar redrawn in place is for a terminal: a log file would get every one of them.
        drawn = not options["no_progress"] and self.stderr.isatty()
        show = self._show if drawn else None
        try:
            with terminated_as_interrupted():
                job = running.run_job(job.pk, on_progress=show, claimed=True)
        except KeyboardInterrupt as interruption:
            if show:
                self.stderr.write("", style_func=str)  # the message below the bar, not after it
            raise CommandError(
                _("Interrupted: whole batches are kept. Continue with --resume %(id)s.")
                % {"id": job.pk},
                returncode=exit_status(interruption),
            ) from None
        if show:
            self._show(job)
            self.stderr.write("", style_func=str)
        return job

    def _show(self, job):
        # Uncoloured (standard error's style is an error's), the rest of a longer line before
        # it cleared.
        self.stderr.write("\r" + text_bar(job) + CLEAR_TO_END, ending="", style_func=str)
        self.stderr.flush()

    def _user(self, username):
        return acting_user(username, "CREATE_CLIENT", _("create clients"))

    def _created(self, options):
        if options["file"] is None or not options["user"]:
            raise CommandError(_("Give a FILE and --user (or --resume JOB)."))
        # The file as it was judged is the file read, wherever its link leads by then.
        with readable_file(options["file"]) as judged:
            user = self._actor = self._user(options["user"])
            try:  # (on SQLite, once no other writer holds the database, as its batches wait)
                made = partial(
                    import_job_create,
                    actor=user,
                    data=judged,
                    file_name=options["file"].name,
                    dry_run=options["dry_run"],
                    all_or_nothing=options["all_or_nothing"],
                    # (TextDates checks the format)
                    dates=TextDates(options["date_format"], options["locale"]),
                    run_here=True,  # made running here: resumable if this process dies
                )
                return outwaiting_writers(made)
            except (FileUnreadable, DateFormatError, OSError) as exc:
                raise CommandError(str(exc)) from exc

    def _resumed(self, options):
        # The job goes on as it began: another file or option would be ignored unsaid.
        ignored = [name for name in RESUMED_AS_BEGUN if options[name.strip("-").replace("-", "_")]]
        if options["file"] is not None:
            ignored.insert(0, "FILE")
        if ignored:
            raise CommandError(
                _("--resume continues the job as it began: leave out %(options)s.")
                % {"options": ", ".join(ignored)}
            )
        # --user resumes as that user, a job they see (as the page and the API show it);
        # without, as the job's starter.
        user = self._user(options["user"]) if options["user"] else None
        jobs = ImportJob.objects.visible_to(user) if user else ImportJob.objects.all()
        job = jobs.select_related("created_by").filter(pk=options["resume"]).first()
        if job is None:
            raise CommandError(_("No import job %(id)s.") % {"id": options["resume"]})
        user = self._actor = user or job.created_by
        try:
            return outwaiting_writers(
                partial(import_job_resume, actor=user, job=job, run_here=True)
            )
        except MtejaError as refused:
            raise CommandError(str(refused)) from refused
