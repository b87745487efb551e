"""Workbooks broken or forged in their structure, built by hand: the zip written byte by byte
(so that a part may be named twice, lie about its size or hold a deflate stream made by
repeating one compressed block), its parts' XML written as text."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER = ("office", "firstname", "lastname")
ASHA = ("Kibera", "Asha", "Njeri")


def cell(reference: str | None, text: str) -> str:
    """An inline string's cell (`reference` None: a cell without its `r`)."""
    where = f' r="{reference}"' if reference is not None else ""
    return f'<c{where} t="inlineStr"><is><t>{text}</t></is></c>'


def row(number: int, *texts: str) -> str:
    cells = "".join(cell(f"{'ABC'[i]}{number}", text) for i, text in enumerate(texts))
    return f'<row r="{number}">{cells}</row>'


def sheet(rows: str, before: str = "") -> str:
    """A worksheet's XML: `before` its rows (a `<dimension>`), then its rows."""
    return f'<worksheet xmlns="{MAIN}">{before}<sheetData>{rows}</sheetData></worksheet>'


CLIENTS_SHEET = sheet(row(1, *HEADER) + row(2, *ASHA))


SHEET_PART = "xl/worksheets/sheet1.xml"


def parts(changed: dict[str, str | bytes | None] | None = None) -> dict[str, str | bytes]:
    """A one-sheet workbook's parts by name, holding a header and Asha's row; `changed`
    adds or replaces parts by name (None: leaves it out)."""
    made = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" Type="'
        f'{RELATIONS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": workbook_xml(),
        "xl/_rels/workbook.xml.rels": relations_xml("worksheets/sheet1.xml"),
        SHEET_PART: CLIENTS_SHEET,
    }
    for name, value in (changed or {}).items():
        if value is None:
            made.pop(name, None)
        else:
            made[name] = value
    return made


def workbook_xml(sheets: str = '<sheet name="Clients" sheetId="1" r:id="rId1"/>') -> str:
    return f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}"><sheets>{sheets}</sheets></workbook>'


def relations_xml(target: str) -> str:
    return (
        f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
        f'Type="{RELATIONS}/worksheet" Target="{target}"/></Relationships>'
    )


@dataclass
class Entry:
    """A zip's part as written: its compressed bytes and what its headers state."""

    name: str
    compressed: bytes
    size: int  # stated, inflated
    crc: int
    method: int = 8  # deflated (0: stored)


def entry(name: str, data: str | bytes) -> Entry:
    raw = data.encode() if isinstance(data, str) else data
    deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    compressed = deflate.compress(raw) + deflate.flush()
    return Entry(name, compressed, len(raw), zlib.crc32(raw))


def zipped(entries: list[Entry]) -> bytes:
    """A zip of `entries` in their order, each as its headers state it."""
    body, directory = b"", b""
    for part in entries:
        name = part.name.encode()
        fields = (20, 0, part.method, 0, 0, part.crc, len(part.compressed), part.size, len(name))
        local = b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields, 0) + name
        directory += (
            b"PK\x01\x02"
            + struct.pack("<HHHHHHIIIHHHHHII", 20, *fields, 0, 0, 0, 0, 0, len(body))
            + name
        )
        body += local + part.compressed
    end = struct.pack("<HHHHIIH", 0, 0, len(entries), len(entries), len(directory), len(body), 0)
    return body + directory + b"PK\x05\x06" + end


def workbook(changed: dict[str, str | bytes | None] | None = None) -> bytes:
    """The workbook of `parts(changed)`."""
    return zipped([entry(name, data) for name, data in parts(changed).items()])


def bomb(name: str, start: str, filler: bytes, size: int, end: str, *, stated: int | None = None):
    """A part inflating to `start`, `filler` repeated to about `size` bytes, then `end`,
    compressed in memory without ever being whole: one compressed block of a megabyte of
    `filler` repeated. `stated`: the inflated size its headers state (the truth by default;
    less, with the checksum of what many bytes hold, for a bomb that lies)."""
    block = filler * ((1 << 20) // len(filler))
    repeats = max(1, size // len(block))
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = deflate.compress(start.encode()) + deflate.flush(zlib.Z_FULL_FLUSH)
    one = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    tail = deflate.compress(end.encode()) + deflate.flush()
    compressed = head + one * repeats + tail
    whole = len(start) + len(block) * repeats + len(end)
    if stated is None:
        return Entry(name, compressed, whole & 0xFFFFFFFF, 0)  # (its checksum is never reached)
    prefix = (start.encode() + block * (stated // len(block) + 1))[:stated]
    return Entry(name, compressed, stated, zlib.crc32(prefix))


def with_part(replaced: Entry, changed: dict[str, str | bytes | None] | None = None) -> bytes:
    """The workbook of `parts(changed)`, its part of `replaced`'s name replaced by it (or
    added)."""
    entries = [entry(name, data) for name, data in parts(changed).items()]
    entries = [part for part in entries if part.name != replaced.name]
    return zipped([*entries, replaced])
