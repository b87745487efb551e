"""Client files as HTTP downloads: an export, streamed as it is written, and an import's
result (the API's and the web's)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from mteja.clients.bulk import sheets, workbook
from mteja.clients.bulk.export import (
    FORMATS,
    ClientExport,
    chosen_columns,
    file_format,
    refuse_nul,
    refuse_repeated,
    refuse_unknown_filters,
)
from mteja.clients.bulk.overlong_cells import MOST_CELL_CHARACTERS, OverlongCell, within_a_cell
from mteja.clients.bulk.report import ImportReport, RowResult, result_header, result_row
from mteja.clients.bulk.rows import RowReader
from mteja.clients.filtersets import ORDER_FIELDS
from mteja.core import clock, liveness, slots
from mteja.core.api.query import paging
from mteja.core.errors import TooBusy


def download(export: ClientExport, *, head: bool = False) -> HttpResponse:
    """The export as a download, while it holds one of the host's export slots (and its
    user's one): a 429 (TooBusy) when they are taken. For a HEAD request (`head`) its
    headers alone: a server reads the whole body of a HEAD answer before it drops it, so the
    file would be written, and journaled, for no one."""
    content_type = FORMATS[export.file_format][0]
    if head:
        response = HttpResponse(content_type=content_type)
    else:
        held = export_slots(export.user)
        response = StreamingHttpResponse(_Releasing(export.chunks(), held), content_type)
    name = export.file_name(clock.today())
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def export_slots(user) -> list[slots.Slot]:
    """A slot of the user's and one of the host's, for a download that streams clients from
    a sync web worker (an export, an import's result file): a 429 (TooBusy) when they
    are taken."""
    return _long_request_slots(
        slots.take(f"export-user-{user.pk}", settings.MTEJA_EXPORTS_PER_USER),
        TooBusy(
            "error.msg.client.export.in.progress",
            _("You are already exporting clients; wait until that download ends."),
        ),
        TooBusy(
            "error.msg.client.export.busy",
            _("The server is busy with other exports; try again in a minute."),
        ),
    )


def import_at_once_slots(user) -> list[slots.Slot]:
    """For an import at once (`POST /clients/import`), which holds a sync web worker until
    its rows are written: one of the user's (one at a time) and one of the host's, the
    exports' (decision 192); a 429 (TooBusy) when they are taken. Release them as it ends."""
    return _long_request_slots(
        slots.take(f"import-at-once-user-{user.pk}", 1),
        TooBusy(
            "error.msg.client.import.in.progress",
            _(
                "You are already importing a file at once; wait until it ends, or start this "
                "one as a background import."
            ),
        ),  # fmt: skip
        TooBusy(
            "error.msg.client.import.busy",
            _(
                "The server is busy with other imports and exports; try again in a minute, or "
                "start this one as a background import."
            ),
        ),  # fmt: skip
    )


def _long_request_slots(mine: slots.Slot | None, in_progress: TooBusy, busy: TooBusy):
    """`mine` (the user's slot, None when taken) and one of the host's shared by every
    request that holds a worker long (MTEJA_EXPORTS_AT_ONCE: one worker is always left
    free), or the refusal that fits."""
    if mine is None:
        raise in_progress
    shared = slots.take("export", settings.MTEJA_EXPORTS_AT_ONCE)
    if shared is None:
        mine.release()
        raise busy
    return [mine, shared]


class _Releasing:
    """The chunks of a download, its slots released once it is read to its end or the server
    closes the response (the reader gone), even if it never began."""

    def __init__(self, chunks: Iterator[bytes], held: list[slots.Slot]):
        self._chunks, self._held = chunks, held

    def __iter__(self) -> Iterator[bytes]:
        try:  # (minutes for a million rows: past gunicorn's timeout, alive while it moves on)
            yield from liveness.kept_alive(self._chunks)
        finally:  # read to its end: the slots are free at once
            self.close()

    def close(self) -> None:
        try:
            self._chunks.close()
        finally:
            for slot in self._held:
                slot.release()


EXPORT_CONTROLS = ("format", "columns")  # the export's own parameters, not filters
# GET /clients's paging and order: a malformed one is refused as the list refuses it, the
# others left out (an export is every matching client, office by office, each by id).
PAGING = ("offset", "afterId", "limit", "orderBy", "sortOrder")
# Sent along by Fineract's apps and scripts without choosing clients: the tenant, a list's
# `paged` and `fields`, a cache-buster.
PASSED_OVER = ("tenantIdentifier", "paged", "fields", "_")


def export_of(user, params, filters: dict | None = None) -> ClientExport:
    """The export `params` ask for (format, columns) of the clients `filters` select
    (ClientFilterSet's parameters; by default the rest of `params`, as the API takes them)."""
    refuse_nul(params)
    if filters is None:
        refuse_repeated(params, may_repeat=("columns",))
        filters = {key: value for key, value in params.items() if key not in EXPORT_CONTROLS}
    refuse_unknown_filters(filters, passed_over=(*PAGING, *PASSED_OVER))
    paging(filters, ORDER_FIELDS)
    filters = {key: value for key, value in filters.items() if key not in PAGING}
    # `columns=a,b`, or a form's ticked boxes: `columns=a&columns=b`.
    named = params.getlist("columns") if hasattr(params, "getlist") else [params.get("columns")]
    return ClientExport(
        user=user,
        filters=filters,
        columns=chosen_columns(",".join(name for name in named if name) or None, user),
        file_format=file_format(params.get("format")),
    )


def result_download(report: ImportReport, chosen: str) -> HttpResponse:
    """An import's result file: the rows as read, each with its Status."""
    body = b"".join(result_chunks(report.header, report.rows, chosen))
    return _result_headers(HttpResponse(body, content_type=FORMATS[chosen][0]), chosen, "")


def result_file(
    header: list[str],
    rows: Iterable[RowResult],
    chosen: str,
    name: str = "",
    held: list[slots.Slot] = (),
) -> StreamingHttpResponse:
    """The result file of `rows`, streamed as they are read (a job's, from its batch files),
    the export slots `held` (`export_slots`) released when it ends."""
    chunks = _Releasing(result_chunks(header, rows, chosen), list(held))
    response = StreamingHttpResponse(chunks, content_type=FORMATS[chosen][0])
    return _result_headers(response, chosen, name)


def result_chunks(header: list[str], rows: Iterable[RowResult], chosen: str) -> Iterator[bytes]:
    """The input's cells with a Status column, as CSV or XLSX bytes."""
    names = result_header(header)
    bounded = RowReader(None, header).text_limits.bounded
    safe = (_neutralised([cell_text(value) for value in result_row(header, row, bounded)])
            for row in rows)  # fmt: skip
    if chosen == "csv":
        yield from sheets.csv_chunks(names, safe)
        return
    # A row's cells past the header follow its Status, under no header (decision 298).
    yield from workbook.workbook_chunks(names, safe, ["text"] * len(names), past_header=True)


def _neutralised(cells: list[str]) -> list[str]:
    """Every cell given back, those past the header too."""
    return sheets.neutralise_cells(cells, range(len(cells)))


def _result_headers(response, chosen: str, name: str):
    name = name or f"import-result-{clock.today().isoformat()}"
    # The uploaded file's name: any character (quotes, an en dash), so encoded as RFC 6266
    # says, with an ASCII fallback.
    response["Content-Disposition"] = content_disposition_header(
        True, f"{name}.{FORMATS[chosen][1]}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def cell_text(value) -> str:
    if value.__class__ is str:  # most cells; a CSV's is not cut as it is read, a workbook's is
        return value if len(value) <= MOST_CELL_CHARACTERS else within_a_cell(value).shown()
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()  # as the import reads a date-time cell (rows.py)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value.__class__ is OverlongCell:  # (beyond a spreadsheet's cell: its start)
        return value.shown()
    return str(value)
