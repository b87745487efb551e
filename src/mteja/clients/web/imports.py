"""The import page: a client file (the template's columns, or an export's) handed to a
background job (clients/imports/), then its page — a progress bar refreshed while it runs,
the first errors by row and column, the result file, a Cancel button, once it has ended a
link to delete its files (after a confirmation) — and the list of recent jobs."""

from __future__ import annotations

import datetime
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.timesince import timeuntil
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mteja.clients.bulk.export import FORMATS
from mteja.clients.bulk.reading import FileUnreadable
from mteja.clients.bulk.text_dates import TextDates
from mteja.clients.imports import access, files
from mteja.clients.imports.bar import two_passes
from mteja.clients.imports.before_reading import look_before_reading
from mteja.clients.imports.job_errors import error_for
from mteja.clients.imports.progress import blank_rows_passed, counts, progress
from mteja.clients.imports.quota import MostKeptBytes
from mteja.clients.imports.removed_files import files_removed
from mteja.clients.imports.running import (
    INTERRUPTED,
    STUCK,
    file_gone,
    file_kept,
    shown_status,
    status_label,
    stopped_early,
)
from mteja.clients.imports.services import (
    import_job_cancel,
    import_job_create,
    import_job_files_delete,
    import_job_from_check,
    import_job_resume,
    import_of_check,
    importable_check,
)
from mteja.clients.imports.unclaimed import STUCK_AFTER
from mteja.clients.models import ImportJob, ImportStatus
from mteja.clients.models.imports import job_reading_permission
from mteja.clients.web.export import refused_download
from mteja.core import clock
from mteja.core.errors import DomainError, MtejaError, ValidationFailed
from mteja.core.sizes import file_too_large
from mteja.core.web.access import permission_required
from mteja.core.web.forms import MtejaForm
from mteja.core.web.uploads import upload_form, upload_page

JOBS_PER_PAGE = 20
STOP_POLLING = 286  # htmx stops polling an element whose answer has this status
ERRORS_SHOWN = 50
MINUTE = 60
# The patterns offered for dates written as text (month names in the user's language).
TEXT_DATE_FORMATS = [
    ("", "2025-09-05"),
    ("dd/MM/yyyy", "05/09/2025"),
    ("MM/dd/yyyy", "09/05/2025"),
    ("dd.MM.yyyy", "05.09.2025"),
    ("dd-MM-yyyy", "05-09-2025"),
    ("dd MMMM yyyy", _("05 September 2025")),
]

# The templates the page offers: each legal form, in each format (api/imports.py makes them).
TEMPLATES = [
    (_("persons (Excel)"), "CLIENTS_PERSON", "xlsx"),
    (_("entities (Excel)"), "CLIENTS_ENTITY", "xlsx"),
    (_("persons (CSV)"), "CLIENTS_PERSON", "csv"),
    (_("entities (CSV)"), "CLIENTS_ENTITY", "csv"),
]


def _template_links() -> list[tuple[str, str]]:
    url = reverse("api-client-template-file")
    return [
        (label, f"{url}?{urlencode({'legalFormType': legal_form, 'format': chosen})}")
        for label, legal_form, chosen in TEMPLATES
    ]


class ImportForm(MtejaForm):
    file = forms.FileField(
        label=_("Client file"),
        help_text=_(
            "CSV, Excel (.xlsx, .xlsb, .xls) or OpenDocument (.ods), with the template's "
            "columns or an export's."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.xlsb,.xls,.ods,text/csv"}),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file (import nothing)"), required=False, initial=True
    )
    all_or_nothing = forms.BooleanField(
        label=_("Import nothing unless every row is valid"), required=False
    )
    date_format = forms.ChoiceField(
        label=_("Dates written as text"),
        help_text=_(
            "How the file writes a date in a text cell: each choice shows 5 September 2025. "
            "Year first (2025-09-05) is always read, and cells Excel keeps as dates need nothing."
        ),
        choices=TEXT_DATE_FORMATS,
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MTEJA_IMPORT_MAX_BYTES:
            raise forms.ValidationError(self.too_large())
        return upload

    @staticmethod
    def too_large() -> str:
        return file_too_large(settings.MTEJA_IMPORT_MAX_BYTES)


def _look_before_reading(request) -> None:
    look_before_reading(request.user, request.upload_limit)


@permission_required("CREATE_CLIENT")  # judged first: the body of a user who may not, unread
@upload_page("MTEJA_IMPORT_MAX_BYTES", refuse_unread=_look_before_reading)
def client_import(request):
    # A body refused (over the limit, unreadable: core/web/uploads.py) gives the form as
    # first shown, a check only, the reason by the file.
    form = upload_form(request, ImportForm)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            upload = data["file"]
            with upload.open("rb") as stream:
                job = import_job_create(
                    actor=request.user,
                    # A large file waits on disk (Django's temporary file): copied, not read.
                    data=Path(upload.temporary_file_path())
                    if hasattr(upload, "temporary_file_path")
                    else stream.read(),
                    file_name=data["file"].name,
                    dry_run=data["dry_run"],
                    all_or_nothing=data["all_or_nothing"],
                    dates=TextDates(data["date_format"], get_language() or ""),
                    most_waiting=settings.MTEJA_IMPORTS_WAITING_PER_USER,
                    most_kept_bytes=MostKeptBytes.configured(),
                    hand_over=True,
                )
        except (FileUnreadable, MtejaError) as refused:
            form.add_error("file", str(refused))
        else:
            return redirect("client_import_job", pk=job.pk)
    # Every job the user sees, newest first, a page at a time (older ones a page further).
    jobs = ImportJob.objects.visible_to(request.user).select_related("created_by").order_by("-pk")
    page = Paginator(jobs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    for job in shown:
        job.shown_status = status_label(job)
    context = {"form": form, "jobs": shown, "page": page, "templates": _template_links()}
    return render(request, "clients/client_import.html", context)


def _job(request, pk) -> ImportJob:
    """The job, if the user sees it; reading one needs CREATE_CLIENT or READ_CLIENT, as over
    the API (api/jobs.py): who may start an import follows it."""
    if not request.user.has_fineract_permission(job_reading_permission(request.user)):
        raise PermissionDenied
    job = ImportJob.objects.visible_to(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def _time_left(seconds: int | None) -> str:
    """A minute or more to go in minutes and hours ("About 1 hour, 5 minutes left"), not in
    thousands of seconds; less, in seconds (the template's sentence)."""
    if seconds is None or seconds < MINUTE:
        return ""
    now = clock.now()
    return timeuntil(now + datetime.timedelta(seconds=seconds), now, depth=2)


def _resume_context(user, job: ImportJob) -> dict:
    """Resume offered when `user` may (access.resume_standing); to one who could otherwise
    (its starter, or a user who may resume others' imports), said why not instead; to a
    reader who may not resume it at all, the notices of a job interrupted or stuck say who
    may (`resume_left_to`) rather than "Resume it", as its error does (job_errors.py)."""
    standing = access.resume_standing(user, job)
    return {
        "may_resume": standing.may_resume,
        "resume_refused": standing.refused,
        "resume_left_to": standing.left_to,
        "job_error": error_for(job, user, may_resume=standing.may_resume),
    }


def _context(request, job: ImportJob) -> dict:
    may_change = request.user.has_fineract_permission("CREATE_CLIENT")
    shown = progress(job)
    checked = job.dry_run and job.status == ImportStatus.COMPLETED
    imported_as = import_of_check(job) if checked else None
    gone, removed = file_gone(), files_removed(job)
    return {
        "job": job,
        "progress": shown,
        "time_left": _time_left(shown["secondsLeft"]),
        # The bar counts both passes of all or nothing: the sentence tells each apart.
        "two_passes": two_passes(job),
        "blank_rows_passed": blank_rows_passed(job, shown),
        "counts": counts(job),
        "failed_rows": files.failed_rows(job, ERRORS_SHOWN) if job.finished else [],
        "hidden_taken": job.hidden_rows_imported,
        # Stopped early, its file removed by an operator: said (once: a job that failed on
        # it says it as its error), rather than Resume offered.
        "file_gone": gone
        if stopped_early(job) and not file_kept(job) and job.error != gone
        else "",
        # Removed days after it ended (imports/retention.py): said, no result file offered.
        "files_removed": removed,
        "status_label": status_label(job),
        "interrupted": shown_status(job) == INTERRUPTED,
        "stuck": shown_status(job) == STUCK,
        "stuck_minutes": STUCK_AFTER.seconds // 60,
        # A check of one's own that found every row valid: imported from its page, once.
        "imported_as": imported_as,
        "may_import_check": may_change
        and importable_check(request.user, job)
        and not (imported_as or removed),
        # Asked already, it stops after the batch in hand (a second ask would only journal
        # a second CANCEL); its worker gone, only a cancel ends it.
        "may_cancel": access.may_cancel(request.user, job)
        and not job.finished
        and (not job.cancel_requested or shown_status(job) == INTERRUPTED),
        **_resume_context(request.user, job),
        "may_delete_files": access.files_deletable(request.user, job),
        # The result file, whenever one can be made (a job stopped before writing a row has
        # one: its rows not imported, and why).
        "formats": [(chosen, ext.upper()) for chosen, (_media, ext) in FORMATS.items()]
        if files.may_take_result(request.user, job) and not removed and files.result_offered(job)
        else [],
    }


@permission_required(None)  # _job checks
def client_import_job(request, pk):
    job = _job(request, pk)
    return render(request, "clients/import_job.html", _context(request, job))


@permission_required(None)  # _job checks
def client_import_progress(request, pk):
    """The job's status block alone: what the page polls while the job runs. Polled for a
    job the user no longer sees (deleted, no longer in their offices, their permission
    removed), it ends the polling and says why: htmx swaps no 403 or 404 and would ask
    again every 2 s for as long as the tab stays open; 286 is htmx's "stop polling"."""
    try:
        job = _job(request, pk)
    except (Http404, PermissionDenied) as gone:
        if not request.htmx:
            raise
        context = {"forbidden": isinstance(gone, PermissionDenied)}
        return render(request, "clients/_import_gone.html", context, status=STOP_POLLING)
    return render(request, "clients/_import_progress.html", _context(request, job))


@permission_required(None)  # _job checks
def client_import_result(request, pk, chosen):
    job = _job(request, pk)
    if chosen not in FORMATS:
        raise Http404
    try:
        return files.job_result(job, chosen, request.user)
    # More rows than an Excel sheet holds (400), or the export slots taken (429).
    except (ValidationFailed, DomainError) as failure:
        return refused_download(request, failure, reverse("client_import_job", args=[job.pk]))


@permission_required(None)  # _job checks; the services, who may cancel or resume
def client_import_command(request, pk, command):
    job = _job(request, pk)  # refused (403, 404) as the job's page is, whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if command == "import" and not request.user.has_fineract_permission("CREATE_CLIENT"):
        raise PermissionDenied
    try:
        if command == "cancel":
            import_job_cancel(actor=request.user, job=job)
        elif command == "resume":
            import_job_resume(
                actor=request.user,
                job=job,
                most_waiting=settings.MTEJA_IMPORTS_WAITING_PER_USER,
                hand_over=True,
            )
        elif command == "import":
            job = import_job_from_check(
                actor=request.user,
                job=job,
                most_waiting=settings.MTEJA_IMPORTS_WAITING_PER_USER,
                most_kept_bytes=MostKeptBytes.configured(),
                hand_over=True,
            )
        else:
            raise Http404
    # Finished meanwhile, another's not to resume, a check's file no longer kept: said why.
    except (FileUnreadable, MtejaError) as refused:
        messages.error(request, str(refused))
    # A check imported already (a second ask): the page of its import, which says so.
    made = import_of_check(job) if command == "import" else None
    return redirect("client_import_job", pk=made or job.pk)


@permission_required(None)  # _job checks; the service, who may delete the files
def client_import_files_delete(request, pk):
    """GET: asks to confirm; POST: deletes the finished job's files (services.py), then back
    to its page, which says they were deleted (or why not)."""
    job = _job(request, pk)
    page = reverse("client_import_job", args=[job.pk])
    if request.method != "POST":
        if not access.files_deletable(request.user, job):
            return redirect(page)  # (ended meanwhile, or deleted: the page says so)
        context = {
            "title": _("Delete the files of import %(id)s?") % {"id": job.pk},
            "message": _(
                "Its uploaded file (%(name)s) and its result file are deleted from the server "
                "now. The import, its counts and its journal stay; it can no longer be "
                "resumed. This cannot be undone."
            ) % {"name": job.file_name},
            "confirm_label": _("Delete its files"),
            "cancel_url": page,
        }  # fmt: skip
        return render(request, "core/confirm.html", context)
    try:
        import_job_files_delete(actor=request.user, job=job)
    except MtejaError as refused:  # another's, not ended, deleted already: said why
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The files of import %(id)s are deleted.") % {"id": job.pk})
    return redirect(page)
