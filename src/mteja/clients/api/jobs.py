"""Import jobs over the API, as Fineract's bulk import names them (the web-app's bulk import
screen): `POST /clients/uploadtemplate` starts one and answers its id, `GET /imports` lists
them, `GET /imports/downloadOutputTemplate` gives the result file. Mteja's extensions:
`GET /imports/{id}` with the progress and the first errors,
`POST /imports/{id}?command=cancel|resume`, and `DELETE /imports/{id}/files` (a finished
job's files deleted before their days are up: decision 235).

A user sees the jobs of their offices they started; one holding READ_IMPORT, also those of
their offices' users (imports/access.py). Any other job answers 404; a cancel, resume or
deletion of files the user may not make, 403."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.response import Response

from mteja.clients.api.imports import (
    LEGAL_FORM_TYPES,
    ImportOptionsInput,
    OneValueEach,
    options_body,
)
from mteja.clients.bulk.export import FORMATS
from mteja.clients.bulk.reading import FileUnreadable
from mteja.clients.imports import files
from mteja.clients.imports.access import resume_standing
from mteja.clients.imports.before_reading import look_before_reading
from mteja.clients.imports.files import job_result
from mteja.clients.imports.job_errors import error_for
from mteja.clients.imports.progress import counts, progress
from mteja.clients.imports.quota import MostKeptBytes
from mteja.clients.imports.running import shown_status
from mteja.clients.imports.services import (
    import_job_cancel,
    import_job_create,
    import_job_files_delete,
    import_job_resume,
)
from mteja.clients.models import ImportJob
from mteja.clients.models.imports import job_reading_permission
from mteja.core.api.inputs import parse_body
from mteja.core.api.query import (
    int_parameter,
    offset_and_limit,
    offset_and_limit_parameters,
    query_choice,
    query_int,
)
from mteja.core.api.schema import FineractError
from mteja.core.api.views import FineractAPIView, one
from mteja.core.errors import NotFound, ParameterError, ValidationFailed
from mteja.core.wire import date_out
from mteja.documents.api.uploading import UploadView, uploaded_path

# What Mteja imports, as apps name it: the web-app's bulk import screen lists "client" (both
# legal forms, as Fineract answers it), Fineract's own codes name each legal form.
ENTITY_TYPES = ("client", "clients", "clients.person", "clients.entity", "clients_person",
                "clients_entity")  # fmt: skip
LISTED_JOBS = 500  # the newest, unless `limit` asks fewer; Fineract lists every import ever made
ERRORS_SHOWN = 50


def _file_refused(refused: FileUnreadable) -> ValidationFailed:
    return ValidationFailed(
        [ParameterError("validation.msg.client.import.file.invalid", "file", str(refused))]
    )


class JobPermission(OneValueEach):
    """Starting a job needs CREATE_CLIENT; reading one, CREATE_CLIENT or READ_CLIENT (and
    the job must be visible); cancelling or resuming one, as reading it, then what the
    service asks (imports/access.py: a resume, CREATE_CLIENT among others)."""

    def required_permission(self, request) -> str:
        return job_reading_permission(request.user)


class ClientUploadTemplateView(OneValueEach, UploadView):
    entity = "CLIENT"  # CREATE_CLIENT
    upload_limit_setting = "MTEJA_IMPORT_MAX_BYTES"  # a whole migration's file (core/api/guard.py)

    def refuse_unread(self, request) -> None:
        look_before_reading(request.user, self.upload_limit)

    @extend_schema(
        parameters=[OpenApiParameter("legalFormType", str, enum=sorted(LEGAL_FORM_TYPES))],
        request={"multipart/form-data": ImportOptionsInput},
        responses={
            200: OpenApiTypes.INT,
            429: OpenApiResponse(
                FineractError,
                description="The user has MTEJA_IMPORTS_WAITING_PER_USER imports queued or "
                "running: start another once one ends, or cancel one.",
            ),
        },
        operation_id="uploadClientImportFile",
        description="Starts an import job; answers its id (the importId of `GET /imports`).",
    )
    def post(self, request):
        forms = {name.lower(): value for name, value in LEGAL_FORM_TYPES.items()}
        legal_form = query_choice(
            request.query_params, "legalFormType", forms, resource="client.import"
        )
        options = parse_body(ImportOptionsInput, options_body(request))
        path, name = uploaded_path(request, self.upload_limit, resource="client.import")
        try:
            job = import_job_create(
                actor=request.user,
                data=path,
                file_name=name or "clients",
                legal_form=legal_form,
                dry_run=options.get("dryRun", False),
                all_or_nothing=options.get("allOrNothing", False),
                dates=options["dates"],
                most_waiting=settings.MTEJA_IMPORTS_WAITING_PER_USER,
                most_kept_bytes=MostKeptBytes.configured(),
                hand_over=True,
            )
        except FileUnreadable as refused:
            raise _file_refused(refused) from refused
        return Response(job.pk)


def _not_found(job_id=None):
    return lambda: NotFound(
        "error.msg.import.id.invalid",
        _("Import with identifier %(id)s does not exist.") % {"id": job_id},
        value=job_id,
    )


def job_row(job: ImportJob) -> dict:
    """Fineract's ImportData (and the job's status, a Mteja extension)."""
    tally = counts(job)
    return {
        "importId": job.pk,
        "documentId": job.pk,
        "name": job.file_name,
        "importTime": date_out(job.created_on),
        "endTime": date_out(job.finished_at),
        "completed": job.status == "completed",
        "createdBy": job.created_by_id,
        "totalRecords": job.total_rows,
        "successCount": tally["successCount"],
        "failureCount": tally["failureCount"],
        # Of the rows imported (checked only: valid), those the sheet hides; null until the
        # job ends (clients/imports/files.py `hidden_rows_taken`).
        "hiddenRowsImported": job.hidden_rows_imported,
        "status": shown_status(job),
        # Whether `downloadOutputTemplate` can make its result file (to whoever may take it):
        # a job stopped before writing a row has one (clients/imports/files.py).
        "resultAvailable": files.result_offered(job),
    }


IMPORT_ROWS = inline_serializer(
    "ImportData",
    many=True,
    fields={
        "importId": serializers.IntegerField(),
        "documentId": serializers.IntegerField(),
        "name": serializers.CharField(),
        "importTime": serializers.ListField(child=serializers.IntegerField()),
        "endTime": serializers.ListField(child=serializers.IntegerField(), allow_null=True),
        "completed": serializers.BooleanField(),
        "createdBy": serializers.IntegerField(),
        "totalRecords": serializers.IntegerField(),
        "successCount": serializers.IntegerField(),
        "failureCount": serializers.IntegerField(),
        "hiddenRowsImported": serializers.IntegerField(allow_null=True),
        "status": serializers.CharField(),
        "resultAvailable": serializers.BooleanField(),
    },
)


def _entity_type(request) -> str:
    return request.query_params.get("entityType", "").strip().lower()


class ImportsView(JobPermission, FineractAPIView):
    entity = "CLIENT"

    def required_permission(self, request):
        # The list of a type Mteja does not import is empty for whoever is signed in (it names
        # no record), so that the web-app's screen of it opens to show its refusal (decision
        # 254) to its users too who may not read clients (decision 325).
        entity_type = _entity_type(request)
        if entity_type and entity_type not in ENTITY_TYPES:
            return None
        return super().required_permission(request)

    @extend_schema(
        parameters=[
            OpenApiParameter("entityType", str, required=True, description="clients"),
            *offset_and_limit_parameters(),
        ],
        responses={200: IMPORT_ROWS},
        operation_id="listImports",
    )
    def get(self, request):
        entity_type = _entity_type(request)
        if not entity_type:
            raise ValidationFailed(
                [
                    ParameterError(
                        "validation.msg.import.entityType.cannot.be.blank",
                        "entityType",
                        _("The parameter `entityType` is mandatory."),
                    )
                ]
            )
        offset, limit = offset_and_limit(
            request.query_params, default_limit=LISTED_JOBS, most=LISTED_JOBS
        )
        if entity_type not in ENTITY_TYPES:
            return Response([])
        jobs = (
            ImportJob.objects.visible_to(request.user)
            .filter(entity_type="clients")
            .order_by("-pk")[offset : offset + limit]
        )
        return Response([job_row(job) for job in jobs])


def _visible_job(request, raw_id) -> ImportJob:
    """The job if the user sees it, as the list does (within their offices: decision 208)."""
    job = one(ImportJob.objects.visible_to(request.user).filter(pk=raw_id))
    if job is None:
        raise _not_found(raw_id)()
    return job


class ImportOutputView(JobPermission, FineractAPIView):
    """The result file: the rows done so far, each with its Status (XLSX unless
    `format=csv`)."""

    entity = "CLIENT"

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        parameters=[
            int_parameter("importDocumentId", required=True),
            OpenApiParameter("format", str, enum=sorted(FORMATS), description="xlsx (default)"),
        ],
        responses={(200, media): OpenApiTypes.BINARY for media, _ext in FORMATS.values()},
        operation_id="downloadImportResult",
    )
    def get(self, request):
        params = request.query_params
        job_id = query_int(params, "importDocumentId")
        if job_id is None:
            raise ValidationFailed(
                [
                    ParameterError(
                        "validation.msg.import.importDocumentId.cannot.be.blank",
                        "importDocumentId",
                        _("The parameter `importDocumentId` is mandatory."),
                    )
                ]
            )
        job = _visible_job(request, job_id)
        chosen = query_choice(params, "format", {f: f for f in FORMATS}, resource="import")
        return job_result(job, chosen or "xlsx", request.user)


def job_detail(job: ImportJob, user) -> dict:
    """A job with its progress, counts and first errors (Mteja's `GET /imports/{id}`), as
    `user` sees it."""
    failed = files.failed_rows(job, ERRORS_SHOWN)
    standing = resume_standing(user, job)
    return {
        **job_row(job),
        **progress(job),
        **counts(job),
        "dryRun": job.dry_run,
        "allOrNothing": job.all_or_nothing,
        "dateFormat": job.date_format,
        "locale": job.locale,
        "cancelRequested": job.cancel_requested,
        # When its files (its upload and result) were removed, kept days after it ended
        # (imports/retention.py); null while kept.
        "filesRemovedOn": date_out(job.files_removed_at),
        # Whether `command=resume` by this user would be taken (its share of waiting imports
        # aside): the job's state and who they are (imports/access.py); its error as fits them.
        "resumable": standing.may_resume,
        "errorMessage": error_for(job, user, may_resume=standing.may_resume),
        "errors": [
            {"line": row.line, "column": column, "message": message}
            for row in failed
            for column, message in row.shown_errors()
        ],
    }


class ImportDetailView(JobPermission, FineractAPIView):
    entity = "CLIENT"

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="retrieveImport")
    def get(self, request, pk):
        return Response(job_detail(_visible_job(request, pk), request.user))

    @extend_schema(
        parameters=[OpenApiParameter("command", str, enum=["cancel", "resume"], required=True)],
        request=None,
        responses={
            200: OpenApiTypes.OBJECT,
            403: OpenApiResponse(
                FineractError,
                description="`cancel` of a finished import (`error.msg.import.already.finished`); "
                "`resume` of one that has not stopped (`error.msg.import.not.resumable`), whose "
                "file was removed (`error.msg.import.file.gone`) or that stopped on its file "
                "itself, which a resume would read again (`error.msg.import.file.refused`); or "
                "by a user who may not.",
            ),
            429: OpenApiResponse(
                FineractError,
                description="`resume` of a failed or cancelled import whose starter has "
                "MTEJA_IMPORTS_WAITING_PER_USER imports queued or running.",
            ),
        },
        operation_id="commandImport",
    )
    def post(self, request, pk):
        job = _visible_job(request, pk)
        command = query_choice(
            request.query_params, "command", {"cancel": "cancel", "resume": "resume"}
        )
        if command is None:
            raise ValidationFailed(
                [
                    ParameterError(
                        "validation.msg.import.command.cannot.be.blank",
                        "command",
                        _("The parameter `command` is mandatory: cancel or resume."),
                    )
                ]
            )
        if command == "cancel":
            job = import_job_cancel(actor=request.user, job=job)
        else:
            job = import_job_resume(
                actor=request.user,
                job=job,
                most_waiting=settings.MTEJA_IMPORTS_WAITING_PER_USER,
                hand_over=True,
            )
            job.refresh_from_db()
        return Response({"resourceId": job.pk, "changes": {"status": job.status}})


class ImportFilesView(JobPermission, FineractAPIView):
    """A finished job's files (its upload and its result), deleted before their days are up."""

    entity = "CLIENT"

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer(
                "ImportFilesDeleted",
                {
                    "resourceId": serializers.IntegerField(),
                    "changes": inline_serializer(
                        "ImportFilesDeletedChanges",
                        {"filesRemovedOn": serializers.ListField(child=serializers.IntegerField())},
                    ),
                },
            ),
            403: OpenApiResponse(
                FineractError,
                description="Another's job without DELETE_IMPORT, or a job that has not ended "
                "(queued, running or interrupted): `error.msg.import.files.in.use`.",
            ),
            404: OpenApiResponse(
                FineractError,
                description="No such job among those the user sees, or its files removed "
                "already (`error.msg.import.result.expired`, `…deleted`).",
            ),
        },
        operation_id="deleteImportFiles",
        description="Deletes a finished import's files (Mteja's extension); the import and its "
        "counts stay, journaled as REMOVEFILES.",
    )
    def delete(self, request, pk):
        job = import_job_files_delete(actor=request.user, job=_visible_job(request, pk))
        return Response(
            {"resourceId": job.pk, "changes": {"filesRemovedOn": date_out(job.files_removed_at)}}
        )
