"""Excel binary workbooks (.xlsb) written for tests, record by record as MS-XLSB lays them
out (no Python library writes one, LibreOffice reads them but cannot write them): a zip of
the package's XML relations and binary parts — the workbook (its sheets), the styles (a
date format), the shared strings and each sheet's rows. LibreOffice reads them as Excel
does (`soffice --convert-to csv` gives the cells back)."""

from __future__ import annotations

import datetime
import io
import struct
import zipfile

_EXCEL_DAY_ZERO = datetime.date(1899, 12, 30)
DATE_STYLE = 1  # the cell format of a date (numFmt 164, "dd mmmm yyyy")
_DATE_FORMAT = "dd mmmm yyyy"
_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"


def record(kind: int, data: bytes = b"") -> bytes:
    """One record: its type and its size, each in 7-bit groups, then its data."""
    head = bytearray()
    head += bytes([kind & 0x7F | 0x80, kind >> 7]) if kind >= 0x80 else bytes([kind])
    size = len(data)
    while True:
        byte, size = size & 0x7F, size >> 7
        head.append(byte | (0x80 if size else 0))
        if not size:
            break
    return bytes(head) + data


def wide(text: str) -> bytes:
    """An XLWideString: its UTF-16 units' count, then them."""
    units = text.encode("utf-16-le")
    return struct.pack("<I", len(units) // 2) + units


class Error:
    """An error cell (#N/A: 0x2A), as a value typed or (`formula`) a formula's."""

    def __init__(self, code: int = 0x2A, *, formula: bool = False):
        self.code, self.formula = code, formula


def _cell(column: int, style: int, kind: int, value: bytes) -> bytes:
    return record(kind, struct.pack("<II", column, style) + value)


def _cells(row: list, strings: dict[str, int]) -> bytes:
    out = b""
    for column, value in enumerate(row):
        if value is None or value == "":
            continue
        if isinstance(value, Error):
            if value.formula:  # its value, flags, then a formula of one token (#N/A)
                formula = struct.pack("<BHI", value.code, 0, 2) + b"\x1c" + bytes([value.code])
                out += _cell(column, 0, 0x0B, formula + struct.pack("<I", 0))
            else:
                out += _cell(column, 0, 0x03, bytes([value.code]))
        elif isinstance(value, bool):
            out += _cell(column, 0, 0x04, bytes([value]))
        elif isinstance(value, datetime.date):
            day = (value - _EXCEL_DAY_ZERO).days
            out += _cell(column, DATE_STYLE, 0x05, struct.pack("<d", day))
        elif isinstance(value, int | float):
            out += _cell(column, 0, 0x05, struct.pack("<d", value))
        elif len(value) > 20:  # a long text inline (BrtCellSt), as Excel may write one
            out += _cell(column, 0, 0x06, wide(value))
        else:
            index = strings.setdefault(value, len(strings))
            out += _cell(column, 0, 0x07, struct.pack("<I", index))
    return out


def _row_header(number: int, *, hidden: bool) -> bytes:
    flags = 0x10 if hidden else 0  # fDyZero, in the flags' second byte
    return record(0x00, struct.pack("<IIHBBBI", number, 0, 300, 0, flags, 0, 0))


def sheet_part(rows: list[list], strings: dict[str, int], hidden_rows=(), first_row=0) -> bytes:
    """A worksheet's records: `rows` from row `first_row` (0-based), those numbered in
    `hidden_rows` hidden."""
    width = max((len(row) for row in rows), default=1)
    last = first_row + max(len(rows), 1) - 1
    out = record(0x81) + record(0x94, struct.pack("<IIII", first_row, last, 0, width - 1))
    out += record(0x91)
    for number, row in enumerate(rows, start=first_row):
        if any(value not in (None, "") for value in row):
            out += _row_header(number, hidden=number in hidden_rows) + _cells(row, strings)
    return out + record(0x92) + record(0x82)


def _workbook_part(names: list[str], hidden_sheets: set[str]) -> bytes:
    out = record(0x83) + record(0x99, struct.pack("<II", 0, 0) + wide("")) + record(0x8F)
    for number, name in enumerate(names, start=1):
        state = 1 if name in hidden_sheets else 0
        out += record(0x9C, struct.pack("<II", state, number) + wide(f"rId{number}") + wide(name))
    return out + record(0x90) + record(0x84)


def _styles_part() -> bytes:
    xf = struct.pack("<HHHHHBBHBB", 0xFFFF, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    date_xf = struct.pack("<HHHHHBBHBB", 0, 164, 0, 0, 0, 0, 0, 0, 0, 0)
    return (
        record(0x296)
        + record(0x267, struct.pack("<I", 1))
        + record(0x2C, struct.pack("<H", 164) + wide(_DATE_FORMAT))
        + record(0x268)
        + record(0x269, struct.pack("<I", 2))
        + record(0x2F, xf)
        + record(0x2F, date_xf)
        + record(0x26A)
        + record(0x297)
    )


def _strings_part(strings: dict[str, int]) -> bytes:
    out = record(0x9F, struct.pack("<II", len(strings), len(strings)))
    for text in strings:  # (in their indexes' order: a dict keeps the order they came in)
        out += record(0x13, b"\x00" + wide(text))
    return out + record(0xA0)


def _xml(text: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text


def xlsb_book(
    sheets: dict[str, list[list]],
    *,
    hidden_sheets: frozenset[str] = frozenset(),
    hidden_rows: dict[str, set[int]] | None = None,
    first_rows: dict[str, int] | None = None,
) -> bytes:
    """An .xlsb of `sheets` (each a list of rows, from its first row: or from
    `first_rows[name]`), in their order; text as shared strings (a long one inline), numbers
    and dates (in a date's format) as numbers, True/False as booleans, an Error as an error
    cell."""
    strings: dict[str, int] = {}
    hidden_rows = hidden_rows or {}
    first_rows = first_rows or {}
    parts = {
        f"xl/worksheets/sheet{number}.bin": sheet_part(
            rows, strings, hidden_rows.get(name, ()), first_rows.get(name, 0)
        )
        for number, (name, rows) in enumerate(sheets.items(), start=1)
    }
    binary = "application/vnd.ms-excel"
    overrides = "".join(
        f'<Override PartName="/{name}" ContentType="{binary}.worksheet"/>' for name in parts
    )
    relations = "".join(
        f'<Relationship Id="rId{number}" Type="{_DOC}/worksheet" '
        f'Target="worksheets/sheet{number}.bin"/>'
        for number in range(1, len(parts) + 1)
    )
    count = len(parts)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(
            "[Content_Types].xml",
            _xml(
                f'<Types xmlns="{_TYPES}"><Default Extension="bin" '
                f'ContentType="{binary}.sheet.binary.macroEnabled.main"/>'
                '<Default Extension="rels" '
                'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                f'<Override PartName="/xl/styles.bin" ContentType="{binary}.styles"/>'
                f'<Override PartName="/xl/sharedStrings.bin" ContentType="{binary}.sharedStrings"/>'
                f"{overrides}</Types>"
            ),
        )
        book.writestr(
            "_rels/.rels",
            _xml(
                f'<Relationships xmlns="{_NS}"><Relationship Id="rId1" '
                f'Type="{_DOC}/officeDocument" Target="xl/workbook.bin"/></Relationships>'
            ),
        )
        book.writestr(
            "xl/_rels/workbook.bin.rels",
            _xml(
                f'<Relationships xmlns="{_NS}">{relations}'
                f'<Relationship Id="rId{count + 1}" Type="{_DOC}/styles" Target="styles.bin"/>'
                f'<Relationship Id="rId{count + 2}" Type="{_DOC}/sharedStrings" '
                'Target="sharedStrings.bin"/></Relationships>'
            ),
        )
        book.writestr("xl/workbook.bin", _workbook_part(list(sheets), set(hidden_sheets)))
        book.writestr("xl/styles.bin", _styles_part())
        book.writestr("xl/sharedStrings.bin", _strings_part(strings))
        for name, data in parts.items():
            book.writestr(name, data)
    return buffer.getvalue()
