"""The count of an .xls's cells (clients/bulk/xls_range.py) walks each sheet's records
once: a forged list of sheets beginning at each record of one sheet made it quadratic."""

import io
import struct

import pytest
import xlwt

from mteja.clients.bulk import xls_range


def _record(kind: int, payload: bytes) -> bytes:
    return struct.pack("<HH", kind, len(payload)) + payload


def _workbook_stream(sheet_offsets: list[int], cells: bytes) -> bytes:
    """A workbook stream: globals listing sheets at `sheet_offsets` (from the cells' start),
    then one sheet of `cells` and its EOF record."""
    globals_length = len(sheet_offsets) * 12 + 4
    listed = b"".join(
        _record(xls_range.BOUNDSHEET, struct.pack("<I", globals_length + offset) + bytes(4))
        for offset in sheet_offsets
    )
    return listed + _record(xls_range.EOF, b"") + cells + _record(xls_range.EOF, b"")


BLANKS = b"".join(_record(0x0201, struct.pack("<HHH", row, 0, 15)) for row in range(2_000))


def test_sheets_listed_inside_one_another_are_refused_not_walked_again_and_again(monkeypatch):
    # 2,000 sheets, one at each record of a sheet of 2,000 blank cells: 4,000,000 records.
    data = _workbook_stream([10 * record for record in range(2_000)], BLANKS)
    monkeypatch.setattr(xls_range, "_workbook_data", lambda stream: data)
    walked = []
    records = xls_range._records

    def counted_records(data: bytes, start: int):
        for record in records(data, start):
            walked.append(record)
            yield record

    monkeypatch.setattr(xls_range, "_records", counted_records)
    with pytest.raises(xls_range.XlsUnreadable, match="runs on into the next"):
        xls_range.sheet_ranges(io.BytesIO())
    assert len(walked) < 3 * 2_001 + 3  # the globals thrice, the first sheet to the second


def test_a_sheet_listed_twice_counts_twice_as_calamine_reads_it_twice(monkeypatch):
    data = _workbook_stream([0, 0], BLANKS)
    monkeypatch.setattr(xls_range, "_workbook_data", lambda stream: data)
    assert xls_range.sheet_ranges(io.BytesIO()) == [xls_range.SheetRange(2_000, 1, 0, 0)] * 2


def test_a_workbook_of_several_sheets_counts_each():
    book = xlwt.Workbook()
    for sheet_number in range(3):
        sheet = book.add_sheet(f"S{sheet_number}")
        for row in range(10 * (sheet_number + 1)):
            sheet.write(row, sheet_number, "x")
    buffer = io.BytesIO()
    book.save(buffer)
    ranges = xls_range.sheet_ranges(io.BytesIO(buffer.getvalue()))
    assert [(sheet.rows, sheet.columns) for sheet in ranges] == [(10, 1), (20, 2), (30, 3)]
