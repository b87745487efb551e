"""Exporting the client list as the user has filtered it: the same FilterSet as the list and
the API (`ClientFilterSet`, Fineract's parameter names), over the user's offices, row by row
from the database to the file, each export one event in the audit journal (who, which
filter, how many rows)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connections, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mteja.clients.bulk import columnar, copied, lined, sheets, workbook
from mteja.clients.bulk.column_access import readable, refuse_unreadable
from mteja.clients.bulk.columns import Column, client_columns
from mteja.clients.bulk.custom import custom_export_columns
from mteja.clients.bulk.parts import part_export_columns
from mteja.clients.bulk.related import RelatedRows
from mteja.clients.bulk.search_windows import export_parts
from mteja.clients.filtersets import ClientFilterSet
from mteja.clients.models import Client
from mteja.core import audit, context
from mteja.core.errors import ParameterError, ValidationFailed
from mteja.core.filter_values import FILTER_NAMES, row_names
from mteja.core.hidden_characters import shown_as_codes
from mteja.core.models import AuditEvent

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
READ_ROWS = 2000  # rows per database round trip
# The key every client has (an external id or a document may be blank): an export of chosen
# columns carries it too, so that its file imported again is "already imported".
ACCOUNT_NO = "accountNo"
PERMISSION = "EXPORT_CLIENT"
CLIENT_ID = "pk"


def _bad(param: str, rule: str, message: str, value=None) -> ValidationFailed:
    return ValidationFailed(
        [ParameterError(f"validation.msg.client.export.{param}.{rule}", param, message, value)]
    )


def chosen_columns(names: str | None, user=None) -> list[Column]:
    """The columns named (comma-separated headers), in that order, and the account number
    after them when they leave it out; every column if none: the client's, its identity
    document's and address's, then its custom fields' — those `user` may read, when given
    (the export refuses a column named that they may not: `ClientExport`)."""
    every = client_columns() + part_export_columns() + custom_export_columns()
    if not (names or "").strip():
        return every if user is None else readable(every, user)
    by_name = {column.name: column for column in every}
    wanted = [name.strip() for name in names.split(",") if name.strip()]
    if not wanted:  # "," names no column: a file of none is no answer
        raise _bad("columns", "invalid", _("Name at least one column."), names[:200])
    unknown = [name for name in wanted if name not in by_name]
    if unknown:
        raise _bad(
            "columns",
            "invalid",
            _("Unknown columns: %(names)s.") % {"names": shown_as_codes(", ".join(unknown[:10]))},
            names[:200],
        )
    return [by_name[name] for name in dict.fromkeys([*wanted, ACCOUNT_NO])]


def refuse_nul(params) -> None:
    """A 400 for a NUL character in any of `params` (a query string, or the filters): no
    database column and no JSON of the journal holds one, and PostgreSQL refuses it only when
    the download is already under way."""
    pairs = params.lists() if hasattr(params, "lists") else params.items()
    for name, values in pairs:
        values = values if isinstance(values, list) else [values]
        if "\0" in name or any(isinstance(value, str) and "\0" in value for value in values):
            shown = name.replace("\0", "")
            raise _bad(
                shown,
                "contains.nul",
                _("“%(name)s” holds a NUL character.") % {"name": shown},
            )


# The unknown parameters a refusal names, and the characters of each it shows: a query
# string of many, or of a long one, is not echoed back whole (once per error, and with the
# filters listed).
MOST_UNKNOWN_NAMED, MOST_NAME_CHARS = 10, 100


def refuse_unknown_filters(names: Iterable[str], passed_over: Collection[str]) -> None:
    """A 400 naming each parameter (the first MOST_UNKNOWN_NAMED) that is neither one of the
    list's filters nor in `passed_over`: a filter's name mistyped (`staus=active`) would
    export every client of the user's offices rather than those meant."""
    known = {*ClientFilterSet.base_filters, *ClientFilterSet.refused, *passed_over}
    unknown = [_shortened(name) for name in names if name not in known][:MOST_UNKNOWN_NAMED]
    if unknown:
        listed = ", ".join(ClientFilterSet.base_filters)
        message = _("“%(name)s” is not one of the client list's filters: %(filters)s.")
        raise ValidationFailed([
            ParameterError(
                "validation.msg.client.export.filter.unknown", name,
                message % {"name": name, "filters": listed}, name,
            )
            for name in unknown
        ])  # fmt: skip


def _shortened(name: str) -> str:
    return name if len(name) <= MOST_NAME_CHARS else f"{name[:MOST_NAME_CHARS]}…"


def refuse_repeated(params, may_repeat: Collection[str], resource: str = "client.export") -> None:
    """A 400 for a parameter given more than once but those in `may_repeat`: the list reads
    a filter's last value, so that `officeId=2&officeId=1` exported office 1's clients alone,
    the other passed over (`mteja export` refuses a filter given twice alike; so do the
    import jobs' endpoints, `resource` "client.import": decision 189)."""
    for name, values in params.lists() if hasattr(params, "lists") else ():
        if len(values) > 1 and name not in may_repeat:
            shown = _shortened(name)
            message = _("“%(name)s” is given %(count)s times: it takes one value.")
            code = f"validation.msg.{resource}.{shown}.repeated"
            raise ValidationFailed(
                [ParameterError(code, shown, message % {"name": shown, "count": len(values)})]
            )


def file_format(value: str | None) -> str:
    chosen = (value or "csv").strip().lower()
    if chosen not in FORMATS:
        raise _bad("format", "invalid", _("The format must be csv or xlsx."), value)
    return chosen


class _Names(dict):
    """A column's shown values by stored value (a reference's name by its id, a choice's
    label), neutralised once here rather than in every cell: NULL stays empty, a value
    without a name (or with an empty one) shows as itself."""

    def __init__(self, names: dict, *, neutral: bool):
        self._neutral = neutral
        super().__init__({stored: self._shown(stored, name) for stored, name in names.items()})
        self[None] = None

    def _shown(self, stored, name) -> str:
        shown = name or str(stored)
        return sheets.neutralise(shown, exported=True) if self._neutral else shown

    def __missing__(self, stored) -> str:
        return self._shown(stored, None)

    def column(self, values: list) -> list:
        """Each of `values` shown (a C loop of dict look-ups: a drop-down's value that no
        key can be comes as its JSON text, custom.py's `drop_down_value`)."""
        return list(map(self.__getitem__, values))


def _dates_stored_as_text(clients: QuerySet) -> bool:
    """Whether the database stores a date as its ISO 8601 text (SQLite): read as it is, the
    workbook makes each distinct date's day number once (workbook.py) rather than a date
    object be parsed from each cell (decision 273)."""
    return connections[clients.db].vendor == "sqlite"


def _stored_date(column: Column) -> bool:
    """A date of the client's own row: read as ISO 8601 text when the file wants text."""
    return column.kind == "date" and not column.reader and not column.related


class _ChunkReading:
    """Reads the stored values of `columns`, a chunk of clients at a time, one list per
    column: the client's own (each path read once: a custom table's row serves each of its
    columns), then those of the rows beside it, by the chunk's client ids."""

    def __init__(self, columns: list[Column], *, text_dates: bool):
        own = [index for index, column in enumerate(columns) if not column.related]
        self._beside: dict[RelatedRows, list[int]] = {}
        for index, column in enumerate(columns):
            if column.related:
                self._beside.setdefault(column.related, []).append(index)
        self._paths = list(dict.fromkeys(columns[index].path for index in own))
        if self._beside and CLIENT_ID not in self._paths:
            self._paths.append(CLIENT_ID)
        self._places = {index: self._paths.index(columns[index].path) for index in own}
        self._text_dates = [
            self._places[index] for index in own if text_dates and _stored_date(columns[index])
        ]
        self._columns = columns

    def chunks(self, clients: QuerySet) -> Iterator[list[list]]:
        beside = []  # (its reader, {column: place of its values})
        for related, indexes in self._beside.items():
            paths = list(dict.fromkeys(self._columns[index].path for index in indexes))
            places = {index: paths.index(self._columns[index].path) for index in indexes}
            beside.append((related.reader(paths), places))
        reading = columnar.column_chunks(clients, self._paths, READ_ROWS, self._text_dates)
        try:
            for read in reading:
                columns = [read[self._places[index]] if index in self._places else None
                           for index in range(len(self._columns))]  # fmt: skip
                client_ids = read[self._paths.index(CLIENT_ID)] if self._beside else []
                for read_beside, places in beside:
                    values = read_beside(client_ids)
                    for index, place in places.items():
                        columns[index] = values[place]
                yield columns
        finally:
            reading.close()


@dataclass
class ClientExport:
    """One export: its rows are read when `chunks()` is iterated (by the response)."""

    user: object
    filters: dict
    columns: list[Column]
    file_format: str
    count: int = 0
    # The request that asked for it (its journal entry's), kept: the download streams after
    # the request has ended. Empty from the shell.
    origin: dict = field(init=False)

    def __post_init__(self):
        self.origin = {
            "request_id": context.request_id.get(),
            "api_path": context.request_path.get(),
        }
        # A malformed filter is Fineract's 400 now, before any byte is sent; a column the user
        # may not read, a 403.
        refuse_nul(self.filters)
        refuse_unreadable(self.columns, self.user)
        self._matching = ClientFilterSet(
            self.filters, queryset=Client.objects.all(), user=self.user
        ).results()
        if self.file_format == "xlsx":
            self._check_fits_a_sheet()

    def _parts(self) -> Iterator[QuerySet]:
        """The matching clients of the user's offices, as parts read one after the other
        (a search's in windows of ids where the database needs it: search_windows.py)."""
        return export_parts(self.filters, self._matching, self.user)

    def _check_fits_a_sheet(self) -> None:
        """An Excel sheet holds 1,048,575 rows besides its header: more clients are refused
        now (400), rather than a file that Excel cuts and Mteja cannot read back. Each part
        is counted only that far."""
        most = workbook.rows_held()
        found = 0
        for part in self._parts():
            found += part.order_by()[: most + 1 - found].count()
            if found > most:
                raise _bad(
                    "format",
                    "too.many.rows",
                    _("More clients than an Excel sheet holds (%(most)s): export them as CSV, "
                      "or filter the list.") % {"most": f"{most:,}"},
                    self.file_format,
                )  # fmt: skip

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def kinds(self) -> list[str]:
        return [column.kind for column in self.columns]

    def column_chunks(
        self, *, text_dates: bool = False, neutralise_texts: bool = True
    ) -> Iterator[list[list]]:
        """Every matching client of the user's offices (office by office, then those awaiting
        transfer in, each by id), a chunk at a time as one list of cells per column, read
        and prepared column by column. Dates are dates, or ISO 8601 text if `text_dates`;
        the text columns `raw_texts()` names are neutralised, or left to the writer (the
        CSV's, which neutralises a column in one pass) if not `neutralise_texts`."""
        lookups = self._lookups()
        readers = {
            index: column.reader() for index, column in enumerate(self.columns) if column.reader
        }
        plain_texts = self.raw_texts() if neutralise_texts else []
        reading = _ChunkReading(self.columns, text_dates=text_dates)
        for part in self._parts():
            chunks = reading.chunks(part.order_by("pk"))
            try:
                for columns in chunks:
                    for index, shown in readers.items():
                        columns[index] = list(map(shown, columns[index]))
                    for index, names in lookups.items():
                        columns[index] = names.column(columns[index])
                    for index in plain_texts:
                        columns[index] = sheets.neutralise_column(columns[index])
                    self.count += len(columns[0])
                    yield columns
            finally:
                chunks.close()  # its transaction ends (the reader stopped)

    def raw_texts(self) -> list[int]:
        """The places of the text columns whose cells are the stored text, neutralised
        neither when read (a looked-up name is) nor by the database (copied.py)."""
        return [
            index
            for index, column in enumerate(self.columns)
            if column.kind == "text" and not column.lookup
        ]

    def _lookups(self) -> dict[int, _Names]:
        """Each looked-up column's shown values, by its place."""
        return {
            index: _Names(column.lookup(), neutral=column.kind == "text")
            for index, column in enumerate(self.columns)
            if column.lookup
        }

    def _database_chunks(self, writer: type[copied.CopiedCsv | lined.LinedCsv]) -> Iterator[bytes]:
        """`csv_column_chunks` of `column_chunks`, written by the database: PostgreSQL's
        COPY (bulk/copied.py), SQLite's lines (bulk/lined.py)."""
        copy = writer(self.columns, self._lookups())
        head = sheets.csv_head(self.header).encode()  # leaves with the first rows
        for part in self._parts():
            blocks = copy.blocks(part)
            try:
                for block, rows in blocks:
                    self.count += rows
                    yield head + block
                    head = b""
            finally:
                blocks.close()  # the COPY cancelled, its transaction ended (SQLite's cursor)
        if head:
            yield head

    def file_name(self, today) -> str:
        return f"clients-{today.isoformat()}.{FORMATS[self.file_format][1]}"

    def chunks(self) -> Iterator[bytes]:
        """The file's bytes. The journal records the export before the first of them leaves
        (in a transaction of its own: a download cut short, even by its worker killed, is
        in the journal), and how many rows went out once the reading ends, at the file's end
        or when the reader stops (the rows then unknown only if the worker died)."""
        event = self._record()
        if self.file_format == "csv" and copied.applies(self.columns, self._matching):
            read = written = self._database_chunks(copied.CopiedCsv)
        elif self.file_format == "csv" and lined.applies(self.columns, self._matching):
            read = written = self._database_chunks(lined.LinedCsv)
        elif self.file_format == "csv":
            read = self.column_chunks(text_dates=True, neutralise_texts=False)
            kinds = ["text" if _stored_date(column) else column.kind for column in self.columns]
            for index in self.raw_texts():
                kinds[index] = sheets.RAW_TEXT
            written = sheets.csv_column_chunks(self.header, read, kinds)
        else:
            read = self.column_chunks(text_dates=_dates_stored_as_text(self._matching))
            written = workbook.workbook_column_chunks(self.header, read, self.kinds)
        try:
            yield from written
        finally:
            read.close()  # the reading's transaction ends before the journal's
            with transaction.atomic():
                audit.amend(event, rows=self.count)

    def _record(self) -> AuditEvent:
        # Those that chose the clients: another parameter is ignored, as by the list.
        filters = {
            name: value
            for name, value in self.filters.items()
            if name in ClientFilterSet.base_filters
        }
        with transaction.atomic():
            return audit.record(
                actor=self.user,
                action="EXPORT",
                entity="CLIENT",
                resource_id=None,
                office=getattr(self.user, "office", None),
                changes={
                    "filters": filters,
                    # The offices, officers and groups chosen, by their names now: what the
                    # user chose, however they are renamed later (core/filter_values.py).
                    FILTER_NAMES: row_names(ClientFilterSet, filters, self.user),
                    "format": self.file_format,
                    "columns": self.header,
                    "rows": None,  # counted when the download ends
                },
                **self.origin,
            )
