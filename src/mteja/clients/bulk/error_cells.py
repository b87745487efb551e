"""The error cells (#N/A, #REF!: a formula's that failed) of an .xls, .xlsb or .ods, which
calamine reads as blank (or, an .ods's, as the value LibreOffice writes beside the error: an
empty text, maybe 0): the client was written without the value. The count of the cells
ahead of calamine (xls_range.py, xlsb_range.py, ods_range.py) counts them; when the sheet
read holds any, they are found again (that sheet's cells walked a second time, in a file
holding errors only) and put in calamine's rows as CellError, as an .xlsx's are
(sheet_stream.py), so that the row is refused saying so (spoilt_cells.py)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from typing import IO

from mteja.clients.bulk import ods_range, xls_range, xlsb_range
from mteja.clients.bulk.sheet_cells import CellError, cell_error
from mteja.clients.bulk.xls_range import SheetRange

# A sheet's error cells, as the runs the file writes (an .ods's cell repeated over columns and
# rows is one): its first and last row, first and last column (from A1), and the error as the
# sheet shows it. A forged .ods of a thousand bytes repeats one over a million cells: held
# one by one, they took hundreds of megabytes and seconds.
Errors = list[tuple[int, int, int, int, str]]
ErrorsOf = Callable[[int], Errors]


def in_xls(stream: IO[bytes], ranges: list[SheetRange]) -> ErrorsOf:
    """The error cells of the .xls's sheet of an index (`ranges`: its sheets' counts)."""
    return lambda index: _if_any(ranges, index, lambda: xls_range.sheet_errors(stream, index))


def in_ods(stream: IO[bytes], ranges: list[SheetRange]) -> ErrorsOf:
    """The error cells of the .ods's sheet of an index (`ranges`: its sheets' counts)."""

    def errors_of(index: int) -> Errors:
        return _if_any(
            ranges, index, lambda: ods_range.sheet_errors(zipfile.ZipFile(stream), index)
        )

    return errors_of


def in_xlsb(stream: IO[bytes], ranges: list[SheetRange]) -> ErrorsOf:
    """The error cells of the .xlsb's sheet of an index (`ranges`: its sheets' counts)."""

    def errors_of(index: int) -> Errors:
        return _if_any(
            ranges, index, lambda: xlsb_range.sheet_errors(zipfile.ZipFile(stream), index)
        )

    return errors_of


def _if_any(ranges: list[SheetRange], index: int, found: Callable[[], Errors]) -> Errors:
    """`found()`, unless the count says the sheet holds no error cell (a count written down
    before they were counted says nothing: they are looked for)."""
    if index < len(ranges) and ranges[index].errors == 0:
        return {}
    return found()


def marked(rows: Iterator[list], errors_of: ErrorsOf | None, index: int) -> Iterator[list]:
    """calamine's rows of the sheet `index` (from A1), each error cell (`errors_of`) a
    CellError."""
    errors = errors_of(index) if errors_of is not None else []
    if not errors:
        yield from rows
        return
    errors.sort(key=lambda run: run[0])  # (stable: a cell written twice takes the last)
    shown: dict[str, CellError] = {}  # one of each (a column of #N/A shows one error)
    runs, active = iter(errors), []  # the runs below; those over the row read
    waiting = next(runs, None)
    for number, row in enumerate(rows):
        while waiting is not None and waiting[0] <= number:
            _first_row, last_row, first, last, error = waiting
            if error not in shown:
                shown[error] = cell_error(error)
            active.append((last_row, first, last, shown[error]))
            waiting = next(runs, None)
        if active:
            active = [run for run in active if run[0] >= number]
            for _last_row, first, last, error in active:
                row += [""] * (last + 1 - len(row))
                row[first : last + 1] = [error] * (last + 1 - first)
        yield row
