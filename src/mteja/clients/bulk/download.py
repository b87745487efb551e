"""Client files as HTTP downloads: an export, streamed as it is written, and an import's
result (the API's and the web's)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.http import HttpResponse, StreamingHttpResponse

from mteja.clients.bulk import sheets, workbook
from mteja.clients.bulk.export import FORMATS, ClientExport, chosen_columns, file_format
from mteja.clients.bulk.importing import ImportReport, RowResult, result_header, result_row
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
    body = b"".join(result_chunks(report.header, report.rows, chosen))
    return _result_headers(HttpResponse(body, content_type=FORMATS[chosen][0]), chosen, "")


def result_file(
    header: list[str], rows: Iterable[RowResult], chosen: str, name: str = ""
) -> StreamingHttpResponse:
    """The result file of `rows`, streamed as they are read (a job's, from its batch files)."""
    chunks = result_chunks(header, rows, chosen)
    response = StreamingHttpResponse(chunks, content_type=FORMATS[chosen][0])
    return _result_headers(response, chosen, name)


def result_chunks(header: list[str], rows: Iterable[RowResult], chosen: str) -> Iterator[bytes]:
    """The input's cells with a Status column, as CSV or XLSX bytes."""
    names = result_header(header)
    texts = list(range(len(names)))
    safe = (
        sheets.neutralise_cells([cell_text(value) for value in result_row(header, row)], texts)
        for row in rows
    )
    kinds = ["text"] * len(names)
    if chosen == "csv":
        yield from sheets.csv_chunks(names, safe)
        return
    yield from workbook.workbook_chunks(names, safe, kinds)


def _result_headers(response, chosen: str, name: str):
    name = name or f"import-result-{clock.today().isoformat()}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{FORMATS[chosen][1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
