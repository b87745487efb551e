"""`POST /clients/import` (a Mteja extension): a CSV or XLSX file of clients (the export's
columns), each row checked as `POST /clients` checks it (clients/bulk/importing.py). The
answer is a summary with every row's errors, or with `output=csv|xlsx` the result file (the
input plus a Status column)."""

from __future__ import annotations

import io

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response

from mteja.clients.bulk import sheets
from mteja.clients.bulk.all_or_nothing import STOPPED_AT_A_ROW, RowRefusedAtWrite, stopped_at
from mteja.clients.bulk.counting import count_rows
from mteja.clients.bulk.download import import_at_once_slots, result_download
from mteja.clients.bulk.export import FORMATS, refuse_repeated
from mteja.clients.bulk.importing import import_clients
from mteja.clients.bulk.reading import FileUnreadable
from mteja.clients.bulk.template import offered, template_header, template_workbook
from mteja.clients.bulk.text_dates import TextDates
from mteja.clients.models import LegalForm
from mteja.core.api.inputs import InputSerializer, parse_body
from mteja.core.api.query import int_parameter, query_choice, query_int
from mteja.core.api.schema import FineractError
from mteja.core.api.views import FineractAPIView
from mteja.core.errors import DomainError, ParameterError, ValidationFailed
from mteja.core.wire import DateFormatError
from mteja.documents.api.uploading import UploadView, form_values, uploaded_file
from mteja.organisation.selectors import office_for_write


class ImportOptionsInput(InputSerializer):
    """What an import of a file takes besides the file, at once or as a job."""

    resource = "client.import"
    file = serializers.FileField(required=False, help_text="The CSV or XLSX file.")
    dryRun = serializers.BooleanField(required=False, help_text="Check every row, write none.")
    allOrNothing = serializers.BooleanField(
        required=False, help_text="Import no row unless every row is valid."
    )
    dateFormat = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="How the file writes dates as text (dd/MM/yyyy, dd MMMM yyyy); "
        "yyyy-MM-dd is read too, and Excel's date cells need none.",
    )
    locale = serializers.CharField(
        required=False, allow_blank=True, help_text="The language of dateFormat's month names."
    )

    def validate(self, data):
        try:
            data["dates"] = TextDates(data.pop("dateFormat", ""), data.pop("locale", ""))
        except DateFormatError as refused:
            param = "locale" if refused.rule == "invalid.locale.format" else "dateFormat"
            raise serializers.ValidationError(
                {param: ErrorDetail(str(refused), code="invalid.format")}
            ) from refused
        return data


# The Mifos X web-app's bulk import screen sends the date pattern as "datefFormat" (sic);
# Fineract's importer ignores that part, Mteja reads it as `dateFormat`.
WEB_APP_SPELLINGS = {"datefFormat": "dateFormat"}


# The options read from the query string too (`?dryRun=true`): a client that puts them
# there must not see a dry run write its clients. A form field of the same name wins.
QUERY_OPTIONS = ("dryRun", "allOrNothing")


def options_body(request) -> dict:
    """The upload's form fields besides the file, as an import's options body (the
    web-app's spellings read as the names they stand for), and QUERY_OPTIONS from the query
    string when the form does not give them."""
    body = {name: value for name, value in form_values(request).items() if name != "file"}
    for spelled, name in WEB_APP_SPELLINGS.items():
        if spelled in body:
            body.setdefault(name, body.pop(spelled))
    for name in QUERY_OPTIONS:
        if name not in body and name in request.query_params:
            body[name] = request.query_params[name]
    return body


class ImportInput(ImportOptionsInput):
    output = serializers.ChoiceField(
        choices=["json", *FORMATS], required=False, help_text="json (default), csv or xlsx."
    )


class ImportRowOutput(serializers.Serializer):
    line = serializers.IntegerField()
    status = serializers.CharField()
    accountNo = serializers.CharField()
    errors = serializers.ListField(child=serializers.DictField())


class ImportOutput(serializers.Serializer):
    totalRecords = serializers.IntegerField()
    imported = serializers.IntegerField()
    alreadyImported = serializers.IntegerField()
    valid = serializers.IntegerField()
    invalid = serializers.IntegerField()
    dryRun = serializers.BooleanField()
    rows = ImportRowOutput(many=True)


class OneValueEach:
    """A query parameter given twice is refused (400, naming it), not read by its last
    value: `importDocumentId=7&importDocumentId=6` answered job 6's result file,
    `command=cancel&command=resume` resumed the job, `legalFormType` twice made each row of
    the other legal form (decision 189)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refuse_repeated(request.query_params, (), resource="client.import")


class ClientImportView(OneValueEach, UploadView):
    entity = "CLIENT"  # POST: CREATE_CLIENT, as each row creates one

    def refuse_unread(self, request) -> None:
        # Taken before the body is read (decision 303): a user importing at once already is
        # not made to send, nor the server to hold, a file that would be refused; given back
        # as the response is made, whatever it is.
        self.held = import_at_once_slots(request.user)

    def finalize_response(self, request, response, *args, **kwargs):
        for slot in getattr(self, "held", ()):
            slot.release()
        self.held = ()
        return super().finalize_response(request, response, *args, **kwargs)

    @extend_schema(
        request={"multipart/form-data": ImportInput},
        responses={
            200: ImportOutput,
            **{(200, media): OpenApiTypes.BINARY for media, _ext in FORMATS.values()},
            429: OpenApiResponse(
                FineractError,
                description="The user's import at once, or MTEJA_EXPORTS_AT_ONCE exports and "
                "imports at once, still running: try again when one ends.",
            ),
        },
        operation_id="importClients",
    )
    def post(self, request):
        options = parse_body(ImportInput, options_body(request))
        data, _name = uploaded_file(request, self.upload_limit, resource="client.import")
        _refuse_too_many_rows(data)
        output = options.get("output", "json")
        try:
            report = import_clients(
                user=request.user,
                data=data,
                dry_run=options.get("dryRun", False),
                all_or_nothing=options.get("allOrNothing", False),
                dates=options["dates"],
                keep_cells=output != "json",  # only a result file shows them
            )
        except FileUnreadable as refused:
            raise ValidationFailed(
                [ParameterError("validation.msg.client.import.file.invalid", "file", str(refused))]
            ) from refused
        except RowRefusedAtWrite as refused:  # all or nothing: the batches before it stay
            message = stopped_at(
                refused.line, refused.errors, refused.imported_before or 0, resumable=False
            )
            raise DomainError(STOPPED_AT_A_ROW, message, param="file") from refused
        if output != "json":
            return result_download(report, output)
        rows = [
            {
                "line": row.line,
                "status": row.outcome,
                "accountNo": row.account_no,
                "errors": [{"column": c, "message": m} for c, m in row.shown_errors()],
            }
            for row in report.rows
        ]
        return Response({**report.summary(), "rows": rows})


def _refuse_too_many_rows(data: bytes) -> None:
    """A 400 for a file of more rows than an import at once takes, before any is read (an
    import longer than the server's timeout would be killed midway): a job imports it."""
    most = settings.MTEJA_IMPORT_AT_ONCE_MOST_ROWS
    rows = count_rows(io.BytesIO(data), most=most)
    if rows > most:
        message = _(
            "The file has at least %(rows)s rows; an import at once takes at most %(most)s. "
            "Start it as a background import: POST /clients/uploadtemplate (or the web "
            "import page, or `mteja import`)."
        ) % {"rows": f"{rows:,}", "most": f"{most:,}"}
        raise ValidationFailed(
            [ParameterError("validation.msg.client.import.file.too.many.rows", "file", message)]
        )


LEGAL_FORM_TYPES = {"CLIENTS_PERSON": LegalForm.PERSON, "CLIENTS_ENTITY": LegalForm.ENTITY}


class ClientImportTemplateView(OneValueEach, FineractAPIView):
    """`GET /clients/downloadtemplate`, as Fineract names it (the web-app's bulk import
    screen): the file to fill in, XLSX with drop-down lists (default) or CSV."""

    entity = "CLIENT"

    def required_permission(self, request) -> str:
        return "CREATE_CLIENT"

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        parameters=[
            OpenApiParameter("legalFormType", str, enum=sorted(LEGAL_FORM_TYPES)),
            OpenApiParameter("format", str, enum=sorted(FORMATS), description="xlsx (default)"),
            int_parameter("officeId", 1, description="Offer this office and those below it."),
            int_parameter("staffId", 1, description="Offer this loan officer only."),
        ],
        responses={(200, media): OpenApiTypes.BINARY for media, _ext in FORMATS.values()},
        operation_id="downloadClientImportTemplate",
    )
    def get(self, request):
        params = request.query_params
        forms = {name.lower(): value for name, value in LEGAL_FORM_TYPES.items()}
        legal_form = query_choice(params, "legalFormType", forms, resource="client.template")
        legal_form = legal_form or LegalForm.PERSON
        chosen = query_choice(params, "format", {f: f for f in FORMATS}, resource="client.template")
        chosen = chosen or "xlsx"
        name = f"clients-{'entities' if legal_form == LegalForm.ENTITY else 'persons'}.{chosen}"
        lists = _offered(request)  # checked for either format; only the XLSX has lists
        if chosen == "csv":
            body = b"".join(sheets.csv_chunks(template_header(legal_form), []))
            response = HttpResponse(body, content_type=FORMATS["csv"][0])
        else:
            response = FileResponse(
                template_workbook(lists, legal_form), content_type=FORMATS["xlsx"][0]
            )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response


def _offered(request):
    """The template's offices and officers, narrowed by `officeId` and `staffId`."""
    office_id = query_int(request.query_params, "officeId", minimum=1)
    office = office_for_write(user=request.user, office_id=office_id) if office_id else None
    return offered(request.user, office, query_int(request.query_params, "staffId", minimum=1))
