"""Client files as real programs write them, for checking what the import does with each
(docs/benchmarks.md, issue 14's nineteenth session, helper 7): R's `write.csv`, Excel's
"CSV UTF-8" and "Unicode text", a Windows-1252 CSV, classic Mac line ends, a NUL byte, 5,000
columns, a header repeated in the middle, Google Sheets' export, a LibreOffice .xlsx of
formulas with their cached values, an .xlsx of text dates (dd/mm/yyyy), a file of blank rows
but one. Each is a function of the same few clients (`PEOPLE`, in office `OFFICE`) giving
the file's bytes; `main` writes them all to a directory, and with `--server` posts each to a
running server's `POST /clients/import` (its clients' external ids made the file's own), and
prints each file's status, its rows' outcomes and errors, the clients as `GET /clients` then
shows them, and the request's time, as JSON lines:

    .venv/bin/python benchmarks/real_program_files.py OUT_DIR
    .venv/bin/python benchmarks/real_program_files.py OUT_DIR --server http://127.0.0.1:8807 \
        --user admin --password …
"""

from __future__ import annotations

import argparse
import base64
import datetime
import io
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.hostile_texts import MAIN, PACKAGE, RELS, TYPES, column  # noqa: E402

OFFICE = "Kibera"
HEADER = ("office", "firstname", "middlename", "lastname", "gender", "dateOfBirth",
          "externalId", "numberOfDependents")  # fmt: skip
# (first name, middle name or None, last name, gender, birth date, external id, dependents)
PEOPLE = (
    ("José", None, "Müller", "Male", datetime.date(1990, 5, 17), "RP-1", 2),
    ("Zoë", "Ñandú", "Çelik", "Female", datetime.date(1985, 12, 3), "RP-2", None),
    ("Amina", None, "Njeri", None, datetime.date(2001, 1, 31), "RP-3", 0),
)
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def _cells(person: tuple) -> list:
    first, middle, last, gender, born, external_id, dependents = person
    return [OFFICE, first, middle, last, gender, born, external_id, dependents]


def _text_rows(show_date, missing: str = "") -> list[list[str]]:
    """The header and each person's cells as text: dates by `show_date`, None as `missing`."""
    rows = [list(HEADER)]
    for person in PEOPLE:
        cells = _cells(person)
        rows.append([
            missing if cell is None else show_date(cell) if isinstance(cell, datetime.date)
            else str(cell)
            for cell in cells
        ])  # fmt: skip
    return rows


def _joined(rows: list[list[str]], delimiter=",", line_end="\r\n", quote_all=False) -> str:
    def shown(cell: str) -> str:
        if quote_all or any(c in cell for c in (delimiter, '"', "\r", "\n")):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    return "".join(delimiter.join(map(shown, row)) + line_end for row in rows)


def r_write_csv(row_names: bool = False) -> bytes:
    """R's `write.csv(df, row.names = FALSE)`: strings quoted, `NA` unquoted for every
    missing value (a middle name, a gender, a count), numbers bare, LF line ends, no BOM;
    with `row_names` (R's default), a first column of quoted row names ("1", "2"…) under an
    empty quoted header cell."""
    lines = []
    for number, row in enumerate(_text_rows(datetime.date.isoformat, missing="\0")):
        cells = ["NA" if cell == "\0" else cell if cell.isdigit() else f'"{cell}"' for cell in row]
        if row_names:
            cells.insert(0, f'"{number or ""}"')
        lines.append(",".join(cells))
    return ("\n".join(lines) + "\n").encode()


def excel_csv_utf8() -> bytes:
    """Excel's "CSV UTF-8 (Comma delimited)": a BOM, CRLF, dates as the machine's short date
    (day first here: imported with dateFormat dd/MM/yyyy)."""
    rows = _text_rows(lambda day: day.strftime("%d/%m/%Y"))
    return ("\ufeff" + _joined(rows)).encode()


def excel_unicode_text() -> bytes:
    """Excel's "Unicode Text": UTF-16 little-endian with its BOM, tab-delimited, CRLF."""
    rows = _text_rows(datetime.date.isoformat)
    return "\ufeff".encode("utf-16-le") + _joined(rows, delimiter="\t").encode("utf-16-le")


def windows_1252_csv() -> bytes:
    """Excel's plain "CSV (Comma delimited)" on a Western Windows: Windows-1252, no BOM."""
    return _joined(_text_rows(datetime.date.isoformat)).encode("cp1252")


def mac_cr_csv() -> bytes:
    """Classic Mac OS (and Excel 2011's "CSV (Macintosh)"): lines ended by CR alone."""
    return _joined(_text_rows(datetime.date.isoformat), line_end="\r").encode()


def nul_byte_csv() -> bytes:
    """A database's export of a field holding a NUL: the second person's last name."""
    rows = _text_rows(datetime.date.isoformat)
    rows[2][3] = rows[2][3][:2] + "\x00" + rows[2][3][2:]
    return _joined(rows).encode()


def five_thousand_columns_csv() -> bytes:
    """The clients' columns, then 4,992 more named "extra1"… with a cell each row."""
    rows = _text_rows(datetime.date.isoformat)
    extra = 5000 - len(HEADER)
    rows[0] += [f"extra{n}" for n in range(1, extra + 1)]
    for row in rows[1:]:
        row += ["x"] * extra
    return _joined(rows).encode()


def five_thousand_blank_columns_csv() -> bytes:
    """A sheet formatted far to the right: 4,992 columns without a name nor a value."""
    rows = _text_rows(datetime.date.isoformat)
    return _joined([row + [""] * (5000 - len(HEADER)) for row in rows]).encode()


def header_repeated_csv() -> bytes:
    """Two files joined: the header again between the first person and the others."""
    rows = _text_rows(datetime.date.isoformat)
    return _joined([*rows[:2], rows[0], *rows[2:]]).encode()


def google_sheets_csv() -> bytes:
    """Google Sheets' "Comma-separated values": UTF-8 without BOM, CRLF, dates as the sheet
    shows them in a US locale (M/d/yyyy: refused without dateFormat, read with M/d/yyyy)."""
    rows = _text_rows(lambda day: f"{day.month}/{day.day}/{day.year}")
    return _joined(rows).encode()


def blank_but_one_csv() -> bytes:
    """Rows of delimiters only (Excel's formatted empty rows) around one client."""
    rows = _text_rows(datetime.date.isoformat)
    blank = [""] * len(HEADER)
    return _joined([rows[0], blank, blank, rows[1], *[blank] * 50]).encode()


# --- .xlsx as LibreOffice Calc writes it (by hand: no library writes LibreOffice's markup)

_OOXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _libreoffice_workbook(rows: list[list[str]]) -> bytes:
    """A workbook of one sheet of `rows`, each cell's XML given (or None for none); style 1
    a date (LibreOffice's own format 164, DD/MM/YYYY)."""
    sheet_rows = []
    for number, cells in enumerate(rows, start=1):
        xml = "".join(
            cell.format(ref=f"{column(i)}{number}") for i, cell in enumerate(cells) if cell
        )
        sheet_rows.append(f'<row r="{number}" customFormat="false" ht="12.8">{xml}</row>')
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{TYPES}"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_OOXML}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_OOXML}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_OOXML}.styles+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" Type="'
        f'{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><workbookPr '
        'backupFile="false" showObjects="all" date1904="false"/><sheets><sheet name="Sheet1" '
        'sheetId="1" state="visible" r:id="rId2"/></sheets><calcPr iterateCount="100" '
        'refMode="A1" iterate="false" iterateDelta="0.001"/></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PACKAGE}"><Relationship '
        f'Id="rId1" Type="{RELS}/styles" Target="styles.xml"/><Relationship Id="rId2" '
        f'Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/styles.xml": f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt '
        'numFmtId="164" formatCode="DD/MM/YYYY"/></numFmts><fonts count="1"><font><sz '
        'val="10"/><name val="Arial"/></font></fonts><fills count="1"><fill><patternFill '
        'patternType="none"/></fill></fills><borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" '
        'borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" '
        'xfId="0" applyNumberFormat="true"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}" xmlns:r="{RELS}">'
        f'<dimension ref="A1:{column(len(rows[0]) - 1)}{len(rows)}"/><sheetData>'
        + "".join(sheet_rows)
        + "</sheetData></worksheet>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                             + text)  # fmt: skip
    return out.getvalue()


def _text_cell(text: str) -> str:
    return '<c r="{ref}" s="0" t="inlineStr"><is><t>' + _escaped(text) + "</t></is></c>"


def _proper_cell(name: str) -> str:
    """A text cell of a formula, `PROPER()` of the name in lower case, with its value."""
    formula = f'PROPER("{_escaped(name.lower())}")'
    return f'<c r="{{ref}}" s="0" t="str"><f aca="false">{formula}</f><v>{_escaped(name)}</v></c>'


def libreoffice_formulas_xlsx() -> bytes:
    """Each person's cells computed by formulas, saved with their values (as LibreOffice
    saves them): names by `PROPER()`, the birth date by `DATE()` (a date cell), the count
    by a sum. The formulas' values are what the import reads."""
    rows = [[_text_cell(name) for name in HEADER]]
    for person in PEOPLE:
        first, middle, last, gender, born, external_id, dependents = person
        serial = (born - EXCEL_EPOCH).days
        row = [_text_cell(OFFICE)]
        for name in (first, middle, last, gender):
            row.append(None if name is None else _proper_cell(name))
        row.append('<c r="{ref}" s="1" t="n"><f aca="false">'
                   f"DATE({born.year};{born.month};{born.day})</f><v>{serial}</v></c>")  # fmt: skip
        row.append(_text_cell(external_id))
        row.append(None if dependents is None else '<c r="{ref}" s="0" t="n"><f aca="false">'
                   f"{dependents}+0</f><v>{dependents}</v></c>")  # fmt: skip
        rows.append(row)
    return _libreoffice_workbook(rows)


def text_dates_xlsx() -> bytes:
    """An .xlsx whose date column holds text, dd/mm/yyyy (typed into a Text column, or
    pasted): imported with dateFormat dd/MM/yyyy, refused by its cell without it."""
    rows = [[_text_cell(name) for name in HEADER]]
    for person in PEOPLE:
        cells = _cells(person)
        cells[5] = cells[5].strftime("%d/%m/%Y")
        rows.append([None if cell is None else _text_cell(str(cell)) for cell in cells])
    return _libreoffice_workbook(rows)


FILES = {
    "r_write.csv": r_write_csv,
    "r_write_row_names.csv": lambda: r_write_csv(row_names=True),
    "excel_csv_utf8.csv": excel_csv_utf8,
    "excel_unicode_text.txt": excel_unicode_text,
    "windows_1252.csv": windows_1252_csv,
    "mac_cr.csv": mac_cr_csv,
    "nul_byte.csv": nul_byte_csv,
    "five_thousand_columns.csv": five_thousand_columns_csv,
    "five_thousand_blank_columns.csv": five_thousand_blank_columns_csv,
    "header_repeated.csv": header_repeated_csv,
    "google_sheets.csv": google_sheets_csv,
    "libreoffice_formulas.xlsx": libreoffice_formulas_xlsx,
    "text_dates.xlsx": text_dates_xlsx,
    "blank_but_one.csv": blank_but_one_csv,
}


FORMATS = {"excel_csv_utf8.csv": "dd/MM/yyyy", "google_sheets.csv": "M/d/yyyy",
           "text_dates.xlsx": "dd/MM/yyyy"}  # fmt: skip
API = "/fineract-provider/api/v1"


def _request(server: str, auth: str, path: str, body: bytes | None = None, kind: str = ""):
    request = urllib.request.Request(server + API + path, data=body)  # noqa: S310 (ours)
    request.add_header("Authorization", "Basic " + auth)
    request.add_header("Fineract-Platform-TenantId", "default")
    if kind:
        request.add_header("Content-Type", kind)
    try:
        with urllib.request.urlopen(request, timeout=600) as response:  # noqa: S310 (ours)
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read() or b"null")


def _multipart(name: str, data: bytes, form: dict) -> tuple[bytes, str]:
    boundary = "mteja-real-program-files"
    head = f"--{boundary}\r\nContent-Disposition: form-data; name="
    parts = [f'{head}"{key}"\r\n\r\n{value}\r\n'.encode() for key, value in form.items()]
    file_head = f'{head}"file"; filename="{name}"\r\nContent-Type: application/octet-stream'
    parts.append(f"{file_head}\r\n\r\n".encode() + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def post_all(server: str, user: str, password: str) -> None:
    """Each file posted with its own external ids (RP-n becomes the file's number and n)."""
    global PEOPLE
    auth = base64.b64encode(f"{user}:{password}".encode()).decode()
    people = PEOPLE
    for number, (name, write) in enumerate(FILES.items(), start=1):
        PEOPLE = tuple(p[:5] + (f"RP{number}-{p[5][3:]}",) + p[6:] for p in people)
        form = {"dateFormat": FORMATS[name]} if name in FORMATS else {}
        body, kind = _multipart(name, write(), form)
        started = time.perf_counter()
        status, answer = _request(server, auth, "/clients/import", body, kind)
        seconds = round(time.perf_counter() - started, 2)
        found = {"file": name, "status": status, "seconds": seconds}
        if status == 200:
            found["rows"] = [(row["line"], row["status"], [e["message"] for e in row["errors"]])
                             for row in answer["rows"]]  # fmt: skip
        else:
            found["refusal"] = [error["defaultUserMessage"] for error in answer["errors"]]
        found["stored"] = []
        for person in PEOPLE:
            query = urllib.parse.urlencode({"externalId": person[5]})
            _status, page = _request(server, auth, f"/clients?{query}")
            found["stored"] += [
                [item.get(key) for key in ("externalId", "firstname", "middlename", "lastname",
                                           "dateOfBirth")]
                for item in page.get("pageItems", [])
            ]  # fmt: skip
        print(json.dumps(found, ensure_ascii=False), flush=True)
    PEOPLE = people


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--server", help="post each file to this server's API")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="")
    options = parser.parse_args()
    options.directory.mkdir(parents=True, exist_ok=True)
    for name, write in FILES.items():
        (options.directory / name).write_bytes(write())
    if options.server:
        post_all(options.server, options.user, options.password)


if __name__ == "__main__":
    main()
