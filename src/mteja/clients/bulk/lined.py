"""The CSV export on SQLite, its lines written by the database: one `printf` a client gives
the whole line, its cells already shown as the file shows them (references and choices by
name, dates as stored ISO 8601 text, yes/no as True/False, text neutralised and quoted), so
that Python reads one text a row rather than a value per cell (more than half of the
export's time in Python: docs/benchmarks.md). The same columns, rows, order and bytes as
the rows written in Python (`ClientExport.column_chunks` and `sheets.csv_column_chunks`:
compared byte for byte by tests/clients/bulk/test_lined_csv.py).

What costs little in SQLite decides for most cells, and Python is asked only about the rare
ones (a function registered on the connection): a text starting with a letter needs no
apostrophe, one starting with a formula's character gets one; one starting with an
apostrophe, a space, `#` or a digit followed by what begins a shortened number ("4.5E+11")
is looked at by `sheets.neutralise` itself; a decimal that is no whole number is shown by
Django's converter. Names are looked up by halving their sorted stored values (`CASE`, the
names as parameters): a join or a subquery per cell costs three times more.

A custom field's cells are read from its row's values by their key (`->>`, `->`) and shown
in SQL too (bulk/lined_custom.py, decision 152). Not for a file of one column (where the csv
module quotes an empty cell) nor a field of another type than those below: those files are
written in Python (decision 149)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import F, QuerySet

from mteja.clients.bulk import lined_custom, sheets
from mteja.clients.bulk.columns import Column
from mteja.clients.bulk.na_cells import NA
from mteja.clients.bulk.own_row import compiled, own_row
from mteja.clients.bulk.related import CLIENT_KEY, RelatedRows
from mteja.organisation.models import CodeValue

READ_ROWS = 2000  # lines per fetch, and per block sent
LINE_END_BYTES = sheets.CSV_LINE_END.encode()
# Each fetched row holds its line alone: a block is its rows chained, joined by line ends, and
# this last empty one (no Python call a line, nor a copy of the block for its end).
_LAST = (b"",)
# Fields whose stored value SQLite shows as Python shows it (a date-time would need a T; a
# float, Python's shortest repr).
_SHOWN_ALIKE = (
    models.CharField, models.TextField, models.IntegerField, models.DecimalField,
    models.BooleanField, models.ForeignKey,
)  # fmt: skip
DECIMAL = "mteja_decimal_{digits}_{places}"
NAME = "mteja_name_{index}"  # a looked-up column's, by its place
WHOLE_DIGITS = 15  # Django reads SQLite's decimals to 15 significant digits


def applies(columns: list[Column], queryset: QuerySet) -> bool:
    """Whether SQLite writes this file: of more than one column, each of a field shown alike
    (or the id, or a custom field's)."""
    return (
        connections[queryset.db].vendor == "sqlite"
        and len(columns) > 1
        and all(map(_shown_alike, columns))
    )


def _field(column: Column) -> models.Field | None:
    if column.related:
        return column.related.rows().model._meta.get_field(column.path)
    return column.field


def _shown_alike(column: Column) -> bool:
    if column.key:  # a custom field's
        return lined_custom.shown_alike(column)
    field = _field(column)
    if column.reader:
        return False
    if field is None:
        return column.path == "pk"
    dated = isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)
    return dated or isinstance(field, _SHOWN_ALIKE)


class LinedCsv:
    """The lines of `columns` for a queryset of clients (one scope part at a time)."""

    def __init__(self, columns: list[Column], lookups: dict[int, dict]):
        self._columns = columns
        self._lookups = lookups  # {column's index: {stored value: shown value}} (`_Names`)
        self._code_values: dict[str, set[int]] = {}
        if any(getattr(columns[index].field, "code_name", "") for index in lookups):
            for code, value in CodeValue.objects.values_list("code__name", "pk"):
                self._code_values.setdefault(code, set()).add(value)

    def blocks(self, clients: QuerySet) -> Iterator[tuple[bytes, int]]:
        """The CSV lines of `clients` (by id), READ_ROWS at a time, each block with how many
        rows it holds. One SELECT outside any transaction: it reads one snapshot (WAL) and
        blocks no writer, as the rows read in Python."""
        try:
            sql, params = self._query(clients)
        except EmptyResultSet:  # a filter that can match nothing (`.none()`)
            return
        connection = connections[clients.db]
        with connection.cursor() as cursor:
            self._register(connection)
            cursor.execute(sql, params)
            while lines := _as_bytes(connection.connection, cursor):
                rows = len(lines)
                lines.append(_LAST)  # the block's last line end, by the same join
                yield LINE_END_BYTES.join(itertools.chain.from_iterable(lines)), rows

    def _register(self, connection) -> None:
        raw = connection.connection
        raw.create_function(SHOWN_TEXT, 1, _shown_text, deterministic=True)
        for index, names in self._lookups.items():
            raw.create_function(NAME.format(index=index), 1, _name_function(names))
        for index, column in enumerate(self._columns):
            field = _field(column)
            if column.key:
                names = self._lookups.get(index)
                shown = lined_custom.cell_function(column, names, field, connection)
                raw.create_function(lined_custom.CUSTOM.format(index=index), 1, shown)
                continue
            if isinstance(field, models.DecimalField):
                name, shown = _decimal_function(field, connection)
                raw.create_function(name, 1, shown, deterministic=True)

    def _query(self, clients: QuerySet) -> tuple[str, list]:
        """The SELECT (its `%s` the parameters, in the order of their places in its text).
        With custom fields, their JSON is read by a subquery first, a fence SQLite does not
        flatten (`LIMIT -1 OFFSET 0`: a co-routine, in the clients' order, that the CROSS
        JOIN keeps the outer loop), each read once a line rather than at each of its cell's
        places; the client's own row and the other rows beside it are read beside the fence
        (by the client's id), not through it: handing every value through costs more than
        the reads (docs/benchmarks.md)."""
        quote = connections[clients.db].ops.quote_name
        own, key, inner_sql, inner_params = own_row(self._columns, clients)
        reads: dict[str, str] = {}  # a custom cell's read, and its row's values → its alias

        def read_once(sql: str) -> str:
            return "f." + reads.setdefault(sql, f"f{len(reads)}")

        beside: dict[RelatedRows, str] = {}
        self._texts: list[str] = []  # the text cells `_text_sql` shows, as read
        cells, cell_params = [], []
        for index, column in enumerate(self._columns):
            if column.related:
                name = beside.setdefault(column.related, f"r{len(beside)}")
                cell = f"{name}.{quote(_field(column).column)}"
            else:
                cell = f"c.{own[column.path]}"
            if column.key:
                read = read_once(lined_custom.read_sql(column, cell))
                sql, params = self._custom_cell(index, column, read, read_once(cell))
            else:
                sql, params = self._cell(index, column, cell)
            cells.append(sql)
            cell_params += params
        custom = {column.related for column in self._columns if column.key}
        joins = {True: ([], []), False: ([], [])}  # in the fence (custom rows), beside it
        for related, name in beside.items():
            first_sql, first_params = _first_row(related, f"c.{key}")
            meta = related.rows().model._meta
            table, pk = quote(meta.db_table), quote(meta.pk.column)
            sqls, params = joins[related in custom]
            sqls.append(f"LEFT JOIN {table} AS {name} ON {name}.{pk} = ({first_sql})")
            params += first_params
        line_format = ",".join(["%s"] * len(cells))  # a parameter: no % in the text
        query = f"SELECT printf(%s, {', '.join(cells)}) "  # noqa: S608
        if self._texts:  # the line in a subquery, beside its row's look for what is quoted
            look = _ROW_LOOK.format(texts=", ".join(self._texts))
            query = f"SELECT (SELECT printf(%s, {', '.join(cells)}) FROM {look}) "  # noqa: S608
            cell_params.append("%s" * len(self._texts))
        rows = f"({inner_sql}) AS c {' '.join(joins[False][0])}"
        if not reads:
            query += f"FROM {rows} ORDER BY c.{key}"
            return query, [line_format, *cell_params, *inner_params, *joins[False][1]]
        fence = ", ".join(f"{sql} AS {alias}" for sql, alias in reads.items())
        query += (
            f"FROM (SELECT c.{key} AS k, {fence} FROM ({inner_sql}) AS c "  # noqa: S608
            f"{' '.join(joins[True][0])} ORDER BY c.{key} LIMIT -1 OFFSET 0) AS f "
            f"CROSS JOIN {rows} WHERE c.{key} = f.k"
        )
        return query, [
            line_format, *cell_params, *inner_params, *joins[True][1], *inner_params,
            *joins[False][1],
        ]  # fmt: skip

    def _custom_cell(self, index: int, column: Column, read: str, values: str):
        params = []

        def looked_up(cell: str) -> str:
            names = lined_custom.names_by_json(self._lookups[index])
            sql, found = _looked_up(cell, names if len(names) <= MOST_NAMES_IN_SQL else [])
            params.extend(found)
            return sql

        sql = lined_custom.cell_sql(index, column, read, values, self._text_sql, looked_up)
        return sql, params

    def _text_sql(self, cell: str) -> str:
        self._texts.append(cell)
        return _text_sql(cell)

    def _cell(self, index: int, column: Column, cell: str) -> tuple[str, list]:
        field = _field(column)
        if index in self._lookups:
            # The names of a code list's values in SQL; another's (a value moved from another
            # list) or a stored value without a name from Python (`_Names`).
            code = self._code_values.get(getattr(column.field, "code_name", ""))
            names = sorted(
                (stored, shown)
                for stored, shown in self._lookups[index].items()
                if stored is not None and (code is None or stored in code)
            )
            if len(names) > MOST_NAMES_IN_SQL:  # (a long list's names all from Python)
                names = []
            found, params = _looked_up(cell, names)
            missing = f"{NAME.format(index=index)}({cell})"
            return f"CASE WHEN {cell} IS NOT NULL THEN coalesce({found}, {missing}) END", params
        if isinstance(field, models.BooleanField):
            return f"CASE {cell} WHEN 1 THEN 'True' WHEN 0 THEN 'False' ELSE {cell} END", []
        if isinstance(field, models.DecimalField):
            name = DECIMAL.format(digits=field.max_digits, places=field.decimal_places)
            whole = 10**WHOLE_DIGITS
            return (
                f"CASE WHEN {cell} IS NULL THEN NULL "
                f"WHEN typeof({cell}) = 'integer' AND {cell} > %s AND {cell} < %s "
                f"THEN {cell} || %s ELSE {name}({cell}) END",
                [-whole, whole, "." + "0" * field.decimal_places if field.decimal_places else ""],
            )
        if column.kind == "text":
            return self._text_sql(cell), []
        return cell, []  # a whole number, a date (ISO 8601 text as stored), the id


def _as_bytes(raw, cursor) -> list[tuple]:
    """The next lines, as the UTF-8 bytes SQLite holds: not decoded to be encoded again."""
    text_factory, raw.text_factory = raw.text_factory, bytes
    try:
        return cursor.fetchmany(READ_ROWS)
    finally:
        raw.text_factory = text_factory


def _first_row(related: RelatedRows, client: str) -> tuple[str, list]:
    """The id of a client's first row of `related` (by id), for the client's id `client`."""
    rows = related.rows().order_by().values(owner=F(CLIENT_KEY), rid=F("pk"))
    sql, params = compiled(rows)
    return (
        f"SELECT s.rid FROM ({sql}) AS s WHERE s.owner = {client} "  # noqa: S608
        "ORDER BY s.rid LIMIT 1"
    ), params


# `sheets.neutralise(…, exported=True)` and the csv module's quotes, decided in SQL where the
# first character tells: nothing to do for a cell starting between these two (letters, most
# of Unicode) and holding nothing the csv module quotes for, but the text NA (its first
# letter among them; an apostrophe: na_cells.py, told by one comparison with a literal:
# `char()` costs 80 instructions more a cell, docs/benchmarks.md), an apostrophe before one
# starting with a formula's character; Python (`_shown_text`) for those that hold what is
# quoted, or start with what may need a look (an apostrophe, a space, `#`, a digit then what
# `sheets.SHORTENED_PATTERN` has next: "4.5E+11", or a digit and ".0" last:
# `sheets.WHOLE_AS_DECIMAL_PATTERN`, "12345.0"; with a decimal comma it is quoted). Every
# constant is written by its characters' codes.
_ASKED = {"'", " ", *(c for c in sheets.SPOILT_FIRST if not c.isdigit())}
_SAFE_FROM = 1 + max(
    ord(c) for c in sheets.FORMULA_FIRST | sheets.SPOILT_FIRST | _ASKED if c < "\x80"
)
_SAFE_BEFORE = min(ord(c) for c in sheets.FORMULA_FIRST if c >= "\x80")
_DIGITS = (ord("1"), ord("9"))
_SHORTENED_SECOND = ".,Ee"
_DECIMAL_WHOLE_END = ".0"
# Their GLOBs (none of these characters is special in a GLOB's class or outside it).
_SHORTENED = f"?[{_SHORTENED_SECOND}]*"
_DECIMAL_WHOLE = f"*{_DECIMAL_WHOLE_END}"
_APOSTROPHE_FIRST = sorted(map(ord, sheets.FORMULA_FIRST))
_ASKED_FIRST = sorted(map(ord, _ASKED))
# A GLOB of what the csv module quotes a cell for (four `instr` cost as much).
_QUOTED = f"*[{sheets.CSV_QUOTED_CHARACTERS}]*"
SHOWN_TEXT = "mteja_shown_text"  # the function registered on the connection
_NA_SHOWN = sheets.neutralise(NA, exported=True)


def _codes(text) -> str:
    return ", ".join(str(ord(char)) for char in text)


# A GLOB of `_QUOTED` costs each character a recursive call (SQLite's `*[…]` is its slow
# search): it is asked of a text cell only where its row's text cells, joined once (`printf`,
# each up to a NUL it holds, as the line shows it), hold one of those characters, each
# looked for by a GLOB of one character (`strcspn`: a few instructions for 16 bytes). The
# subqueries are fences (OFFSET: not flattened), so the join and its looks run once a line
# and the cells read `w.quoted` (docs/benchmarks.md, decision 179). Its parameter: the
# join's format, a `%s` a text cell.
_ROW_LOOK = (
    "(SELECT "  # noqa: S608 (constants)
    + " OR ".join(
        f"t.joined GLOB char({_codes('*' + char + '*')})" for char in sheets.CSV_QUOTED_CHARACTERS
    )
    + " AS quoted FROM (SELECT printf(%s, {texts}) AS joined LIMIT -1 OFFSET 0) AS t "
    "LIMIT -1 OFFSET 0) AS w"
)


def _text_sql(cell: str) -> str:
    """A text cell as the Python writer shows it (a stored value without a name, too). Its
    first character is told by `unicode()` once a comparison (a BETWEEN, or a simple CASE's
    WHENs: integers compared), not by comparing the texts (each a read of the cell) nor by
    `IN` lists (each a look-up in a temporary index): docs/benchmarks.md."""
    first = f"unicode({cell})"
    whens = " ".join(
        [f"WHEN {code} THEN char(39) || {cell}" for code in _APOSTROPHE_FIRST]
        + [f"WHEN {code} THEN {SHOWN_TEXT}({cell})" for code in _ASKED_FIRST]
    )
    return (
        f"CASE WHEN {cell} IS NULL THEN NULL "
        f"WHEN w.quoted AND {cell} GLOB char({_codes(_QUOTED)}) THEN {SHOWN_TEXT}({cell}) "
        f"WHEN {first} BETWEEN {_SAFE_FROM} AND {_SAFE_BEFORE - 1} THEN CASE WHEN {cell} = "
        f"'{NA}' THEN '{_NA_SHOWN.replace(chr(39), chr(39) * 2)}' ELSE {cell} END "
        f"WHEN {first} BETWEEN {_DIGITS[0]} AND {_DIGITS[1]} THEN CASE WHEN {cell} GLOB "
        f"char({_codes(_SHORTENED)}) OR {cell} GLOB char({_codes(_DECIMAL_WHOLE)}) "
        f"THEN {SHOWN_TEXT}({cell}) ELSE {cell} END "
        f"ELSE CASE {first} {whens} ELSE {cell} END END"
    )


def _shown_text(value):
    """A text cell as the Python writer shows it: neutralised as exported, then quoted."""
    if value is None:
        return None
    return sheets.csv_quoted(sheets.neutralise(str(value), exported=True))


MOST_SEQUENTIAL = 4  # names compared one by one below this many
# The most names of one column looked up in SQL: a statement is prepared for each scope part
# and search window, and its cost grows faster than its names (256 names 0.3 ms, 1,000 2.6 ms,
# 5,000 loan officers 76 ms, 20,000 1.2 s); a longer list's names come from Python, one call
# a cell (`_name_function`).
MOST_NAMES_IN_SQL = 256


def _looked_up(cell: str, names: list[tuple]) -> tuple[str, list]:
    """The name of the stored value, among `names` (sorted by stored value), quoted as the
    csv module quotes it; NULL for a value without one (or a name holding a NUL, which no
    SQL text holds: Python's). The names are literals of the SQL, the stored values its
    parameters: a parameter's text holds no terminating NUL, so the line's `printf` copies
    it again a cell (docs/benchmarks.md)."""
    if len(names) <= MOST_SEQUENTIAL:
        written = [(stored, shown) for stored, shown in names if "\x00" not in shown]
        if not written:
            return "NULL", []
        whens = " ".join(
            f"WHEN %s THEN {_literal(sheets.csv_quoted(shown))}" for _stored, shown in written
        )
        return f"CASE {cell} {whens} END", [stored for stored, _shown in written]
    half = len(names) // 2
    below, below_params = _looked_up(cell, names[:half])
    above, above_params = _looked_up(cell, names[half:])
    sql = f"CASE WHEN {cell} < %s THEN {below} ELSE {above} END"
    return sql, [names[half][0], *below_params, *above_params]


def _literal(text: str) -> str:
    """`text` as an SQL literal, for Django's SQLite cursor: its `%` doubled (the cursor
    reads `%s` as a parameter's place and `%%` as `%`), its apostrophes too (SQL's)."""
    return "'" + text.replace("'", "''").replace("%", "%%") + "'"


def _name_function(names: dict) -> Callable:
    def shown(value):
        return None if value is None else sheets.csv_quoted(names[value])

    return shown


def _decimal_function(field: models.DecimalField, connection) -> tuple[str, Callable]:
    """The registered name and function showing a stored decimal as the Python writer shows
    it (Django's converter, then `str`)."""
    col = field.get_col(field.model._meta.db_table)
    converter = connection.ops.get_decimalfield_converter(col)

    def shown(value):
        return None if value is None else str(converter(value, col, connection))

    return DECIMAL.format(digits=field.max_digits, places=field.decimal_places), shown
