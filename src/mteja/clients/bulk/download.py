"""Client files as HTTP downloads: an export, streamed as it is written, and an import's
result (the API's and the web's)."""

from __future__ import annotations

import datetime

from django.http import HttpResponse, StreamingHttpResponse

from mteja.clients.bulk import sheets
from mteja.clients.bulk.export import FORMATS, ClientExport, chosen_columns, file_format
from mteja.clients.bulk.importing import ImportReport
from mteja.core import clock


def download(export: ClientExport) -> StreamingHttpResponse:
    response = StreamingHttpResponse(export.chunks(), content_type=FORMATS[export.file_format][0])
    name = export.file_name(clock.today())
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


EXPORT_CONTROLS = ("format", "columns")  # the export's own parameters, not filters


def export_of(user, params, filters: dict | None = None) -> ClientExport:
    """The export `params` ask for (format, columns) of the clients `filters` select
    (ClientFilterSet's parameters; by default the rest of `params`, as the API takes them)."""
    if filters is None:
        filters = {key: value for key, value in params.items() if key not in EXPORT_CONTROLS}
    return ClientExport(
        user=user,
        filters=filters,
        columns=chosen_columns(params.get("columns")),
        file_format=file_format(params.get("format")),
    )


def result_download(report: ImportReport, chosen: str) -> HttpResponse:
    """An import's result file: the rows as read, each with its Status."""
    header, rows = report.result_table()
    cells = [[_cell(value) for value in row] for row in rows]
    texts = list(range(len(header)))
    safe = (sheets.neutralise_cells(row, texts) for row in cells)
    kinds = ["text"] * len(header)
    if chosen == "csv":
        body = b"".join(sheets.csv_chunks(header, safe, kinds))
    else:
        with sheets.xlsx_file(header, safe, kinds) as workbook:
            body = workbook.read()
    response = HttpResponse(body, content_type=FORMATS[chosen][0])
    name = f"import-result-{clock.today().isoformat()}.{FORMATS[chosen][1]}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
