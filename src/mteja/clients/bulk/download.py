"""An export as an HTTP download, streamed as it is written (the API's and the web's)."""

from __future__ import annotations

from django.http import StreamingHttpResponse

from mteja.clients.bulk.export import FORMATS, ClientExport, chosen_columns, file_format
from mteja.core import clock


def download(export: ClientExport) -> StreamingHttpResponse:
    response = StreamingHttpResponse(export.chunks(), content_type=FORMATS[export.file_format][0])
    name = export.file_name(clock.today())
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


EXPORT_CONTROLS = ("format", "columns")  # the export's own parameters, not filters


def export_of(user, params) -> ClientExport:
    """The export a query string asks for: its filters (ClientFilterSet's), format, columns."""
    filters = {key: value for key, value in params.items() if key not in EXPORT_CONTROLS}
    return ClientExport(
        user=user,
        filters=filters,
        columns=chosen_columns(params.get("columns")),
        file_format=file_format(params.get("format")),
    )
