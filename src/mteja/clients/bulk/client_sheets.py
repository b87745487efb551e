"""What makes a sheet's header a client file's (`header_refusal`: the read sheet's is refused
otherwise), and the refusal of a workbook holding clients on more than one sheet: the import
reads one (which_sheet.py), and the clients of the others would be left out unsaid."""

from __future__ import annotations

from collections import Counter
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from mteja.clients.bulk.cell_kinds import DATE, TEXT, kind_of
from mteja.clients.bulk.headers import shown_names
from mteja.clients.bulk.other_sheets import (
    LookedTooFar,
    Looking,
    other_sheet_tables,
    read_sheet_table,
    visible_sheet_names,
)
from mteja.clients.bulk.rows import RowReader
from mteja.clients.bulk.sheets import cell_value
from mteja.clients.bulk.unreadable import FileUnreadable
from mteja.core import context


def header_refusal(reader: RowReader) -> str | None:
    """Why the header `reader` reads is no client file's, or None when it is one: each of
    its columns is one of Mteja's (or one left out), none named twice, one at least a
    client's field."""
    if reader.unknown_columns:
        return _("Unknown columns: %(names)s.") % {"names": shown_names(reader.unknown_columns)}
    named = Counter(name for name in reader.names if name)
    twice = [name for name, count in named.items() if count > 1]
    if twice:  # which of the two would a row's value be?
        return _("Columns named twice: %(names)s.") % {"names": shown_names(twice)}
    if not named:
        return _("No column of the file names a client's field.")
    return None


def refuse_clients_elsewhere(user, stream: IO[bytes]) -> None:
    """FileUnreadable when a worksheet the user sees, besides the one read, holds clients: a
    header that is a client file's and, below it, a row with a value typed in a client's
    column (`_holds_clients`); instructions, an empty copy of the header hold none. The
    refusal names the sheets holding clients: the one read only if it holds some too."""
    with context.remembering():  # the columns' declarations read once for the sheets
        try:
            elsewhere = [
                name
                for name, table in other_sheet_tables(stream, Looking())
                if _holds_clients(RowReader(user, table.header), table.rows)
            ]
        except LookedTooFar as stopped:
            stream.seek(0)
            raise FileUnreadable(_looked_too_far(stopped)) from stopped
        read_holds = not elsewhere or _read_sheet_holds(user, stream)
    stream.seek(0)
    if not elsewhere:
        return
    first = visible_sheet_names(stream)[0]
    if not read_holds and len(elsewhere) == 1:
        message = _(
            "The workbook's first sheet, “%(sheet)s”, is the one read and holds no clients; "
            "they are on the sheet “%(other)s”: move it first, or delete the other sheets."
        )
        raise FileUnreadable(
            message % {"sheet": shown_names([first]), "other": shown_names(elsewhere)}
        )
    sheets = [first, *elsewhere] if read_holds else elsewhere
    message = _(
        "The workbook holds clients on the sheets %(sheets)s, and an import reads one sheet: "
        "import each sheet as a file of its own, or put all the clients on one sheet."
    )
    quoted = pgettext("a sheet's name in a message", "“%(name)s”")
    raise FileUnreadable(message % {"sheets": shown_names(sheets, quoted=quoted)})


def _read_sheet_holds(user, stream: IO[bytes]) -> bool:
    """Whether the sheet read holds clients (or cannot be told: it is named with the
    others)."""
    try:
        read = read_sheet_table(stream, Looking())
        return read is None or _holds_clients(RowReader(user, read.header), read.rows)
    except LookedTooFar:
        return True


def _looked_too_far(stopped: LookedTooFar) -> str:
    message = _(
        "The workbook's other sheets were looked through for clients, which an import of one "
        "sheet would leave out, as far as line %(line)s of the sheet “%(sheet)s” (%(units)s "
        "rows and cells in all): delete the sheets that hold no clients, or save the "
        "clients' sheet as a workbook of its own, and import that."
    )
    return message % {
        "line": f"{stopped.line:,}",
        "sheet": shown_names([stopped.sheet]),
        "units": f"{stopped.most:,}",
    }


# A client is typed in (its name, its ids, its dates): a sheet of values to pick from (the
# template's Lists sheet, under its columns' own names; an institution's list of offices)
# holds only choices and references.
TYPED_IN = frozenset({TEXT, DATE})


def _holds_clients(reader: RowReader, rows: list[list]) -> bool:
    typed = [i for i, target in reader.targets.items() if kind_of(target.column.field) in TYPED_IN]
    return header_refusal(reader) is None and any(
        cell_value(row, index) is not None for row in rows for index in typed
    )
