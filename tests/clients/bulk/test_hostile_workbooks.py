""".xlsx files broken or forged in their structure (built by hand: hostile_workbooks.py),
imported through `POST /clients/uploadtemplate` and `mteja import`: a Fineract error body or
a job failed with its error, a one-line refusal of the command, never a 500 nor a traceback
nor a client written; bombs refused before they are inflated; what is odd but readable is
read alike by calamine and the streamed reader (a workbook's size chooses between them)."""

from __future__ import annotations

import io
import json
import os
import random
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from tests.clients.bulk.hostile_workbooks import (
    ASHA,
    CLIENTS_SHEET,
    HEADER,
    MAIN,
    RELATIONS,
    SHEET_PART,
    Entry,
    bomb,
    cell,
    entry,
    parts,
    relations_xml,
    row,
    sheet,
    with_part,
    workbook,
    workbook_xml,
    zipped,
)
from tests.clients.bulk.test_import_xls_ods import password_protected_xlsx, xls_workbook

from mteja.clients.bulk import other_sheets, sheet_markup
from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

API = "/fineract-provider/api/v1"
UNREADABLE = "The Excel workbook cannot be read."
GIGABYTES = 2 << 30
SHEET_START = f'<worksheet xmlns="{MAIN}"><sheetData>' + row(1, *HEADER) + row(2, *ASHA)
SHEET_END = "</sheetData></worksheet>"
STRINGS = f'<sst xmlns="{MAIN}">' + "".join(f"<si><t>{text}</t></si>" for text in ASHA) + "</sst>"
# Entities declared in a document type: a billion laughs, and a file of the server's.
LAUGHS = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY l0 "ha">' + "".join(
    f'<!ENTITY l{level} "{f"&l{level - 1};" * 10}">' for level in range(1, 10)
) + "]>"  # fmt: skip
PASSWD = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY p SYSTEM "file:///etc/passwd">]>'


def shared_row(number: int, *indexes) -> str:
    cells = (
        f'<c r="{"ABC"[i]}{number}" t="s"><v>{index}</v></c>' for i, index in enumerate(indexes)
    )
    return f'<row r="{number}">{"".join(cells)}</row>'


def asha_with(replaced: str, by: str) -> bytes:
    """The workbook of a header and Asha's row, `replaced` in the sheet's XML written `by`."""
    assert replaced in CLIENTS_SHEET
    return workbook({SHEET_PART: CLIENTS_SHEET.replace(replaced, by)})


def through_the_api(api, data: bytes) -> tuple[str, object]:
    """("refused", message) for the upload's 400 (Fineract's body); else the job it started
    and ran: ("failed", its error) or ("completed", its outcomes)."""
    body = {"file": SimpleUploadedFile("clients.xlsx", data, "application/octet-stream")}
    response = api.post(f"{API}/clients/uploadtemplate?legalFormType=CLIENTS_PERSON", body)
    assert response.status_code in (200, 400), response.content[:300]
    answer = response.json()
    if response.status_code == 400:
        assert answer["httpStatusCode"] == "400" and answer["userMessageGlobalisationCode"]
        (error,) = answer["errors"]
        assert error["parameterName"] == "file"
        return "refused", error["defaultUserMessage"]
    job = ImportJob.objects.get(pk=answer)
    assert job.status in ("completed", "failed"), job.status
    if job.status == "failed":
        return "failed", job.error
    return "completed", job.outcomes


def by_the_cli(user, folder, data: bytes) -> tuple[str, object]:
    """("refused", the command's one line) or ("completed", its summary's counts)."""
    source = folder / "clients.xlsx"
    source.write_bytes(data)
    out = io.StringIO()
    try:
        call_command("import", str(source), "--user", user.username, "--no-progress", stdout=out)
    except CommandError as refused:
        assert "\n" not in str(refused) and "Traceback" not in str(refused)
        return "refused", str(refused)
    summary = json.loads(out.getvalue())
    return "completed", {k: v for k, v in summary.items() if k in ("imported", "invalid") and v}


def assert_not_imported(api, admin_user, tmp_path, data: bytes, message: str = UNREADABLE):
    """The file, through the API and the command, ends in `message` (the upload's refusal or
    its job's error; the command's line, which names a job that failed) and writes no
    client."""
    assert through_the_api(api, data)[1] == message
    outcome, line = by_the_cli(admin_user, tmp_path, data)
    assert outcome == "refused" and message in line, line
    assert not Client.objects.exists()


def assert_refused_at_upload(api, admin_user, tmp_path, data: bytes, message: str = UNREADABLE):
    """As `assert_not_imported`, the upload itself refused: no job is made."""
    clients, jobs = Client.objects.count(), ImportJob.objects.count()
    assert through_the_api(api, data) == ("refused", message)
    assert by_the_cli(admin_user, tmp_path, data) == ("refused", message)
    assert (Client.objects.count(), ImportJob.objects.count()) == (clients, jobs)


def sheet_bomb(**stated) -> Entry:
    return bomb(SHEET_PART, SHEET_START, b" ", GIGABYTES, SHEET_END, **stated)


def strings_bomb(**stated) -> Entry:
    start = f'<sst xmlns="{MAIN}"><si><t>Kibera</t></si><si><t>'
    return bomb("xl/sharedStrings.xml", start, b"a", GIGABYTES, "</t></si></sst>", **stated)


def workbook_bomb(**stated) -> Entry:
    start = workbook_xml().removesuffix("</workbook>")
    return bomb("xl/workbook.xml", start, b" ", GIGABYTES, "</workbook>", **stated)


SHARED_SHEET = {SHEET_PART: sheet(row(1, *HEADER) + shared_row(2, 0, 1, 2))}
# Each inflating to 2 GB from 2 MB or less; its headers stating that, or a few kilobytes.
BOMBS = {
    "sheet": lambda: with_part(sheet_bomb()),
    "sheet, its size understated": lambda: with_part(sheet_bomb(stated=4_000)),
    "shared strings": lambda: with_part(strings_bomb(), SHARED_SHEET),
    "shared strings, understated": lambda: with_part(strings_bomb(stated=3_000), SHARED_SHEET),
    "workbook": lambda: with_part(workbook_bomb()),
    "workbook, understated": lambda: with_part(workbook_bomb(stated=300)),
}


@pytest.mark.parametrize("made", BOMBS.values(), ids=BOMBS)
def test_a_zip_bomb_is_refused_before_it_is_inflated(api, admin_user, kibera, tmp_path, made):
    data = made()
    assert len(data) < 3 << 20
    tracemalloc.start()
    try:
        assert_not_imported(api, admin_user, tmp_path, data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 << 20, f"{peak:,} bytes"


def test_a_bomb_in_a_part_no_reader_reads_leaves_the_clients_read(
    api, admin_user, kibera, tmp_path
):
    data = with_part(bomb("docProps/core.xml", "<x>", b" ", GIGABYTES, "</x>"))
    assert through_the_api(api, data) == ("completed", {"imported": 1})
    assert by_the_cli(admin_user, tmp_path, data) == ("completed", {})  # (Asha, already there)


DECLARED = {
    "laughs in the sheet": {SHEET_PART: LAUGHS + CLIENTS_SHEET.replace("Asha", "&l9;")},
    "laughs in the strings": {
        "xl/sharedStrings.xml": LAUGHS + STRINGS.replace("Asha", "&l9;"),
        **SHARED_SHEET,
    },
    "laughs in the workbook": {
        "xl/workbook.xml": LAUGHS + workbook_xml().replace("Clients", "&l9;")
    },
    "/etc/passwd in the sheet": {SHEET_PART: PASSWD + CLIENTS_SHEET.replace("Asha", "&p;")},
    "/etc/passwd in the strings": {
        "xl/sharedStrings.xml": PASSWD + STRINGS.replace("Asha", "&p;"),
        **SHARED_SHEET,
    },
    "/etc/passwd in the workbook": {
        "xl/workbook.xml": PASSWD + workbook_xml().replace("Clients", "&p;")
    },
    "/etc/passwd in the relations": {"xl/_rels/workbook.xml.rels": PASSWD + relations_xml("&p;")},
    "a declaration alone": {
        SHEET_PART: '<?xml version="1.0"?><!DOCTYPE worksheet>' + CLIENTS_SHEET
    },
}


@pytest.mark.parametrize("changed", DECLARED.values(), ids=DECLARED)
def test_a_part_declaring_a_document_type_is_refused_at_its_upload(
    api, admin_user, kibera, tmp_path, xlsx_reader, changed
):
    """No Office file declares one. Before, the entities of a sheet's or strings' rows were
    expanded (or refused) in the job, after the upload had taken the file."""
    assert_refused_at_upload(api, admin_user, tmp_path, workbook(changed))


def test_entities_expanded_in_a_header_hold_no_memory(api, admin_user, kibera, tmp_path):
    """Expat expands entities up to a hundred times the part's bytes: a sheet of a megabyte
    of comments (20 kB compressed) made its header cell a text of 100 MB. Now the document
    type is refused where it begins."""
    random.seed(14)
    comments = "".join(f"<!--{random.getrandbits(128):032x}-->" for _ in range(25_000))
    laughs = '<!DOCTYPE w [<!ENTITY a0 "' + "x" * 1_000 + '">' + "".join(
        f'<!ENTITY a{level} "{f"&a{level - 1};" * 10}">' for level in range(1, 7)
    ) + "]>"  # fmt: skip
    header = '<row r="1">' + cell("A1", "office") + cell("B1", "&a6;") + "</row>"
    data = workbook({SHEET_PART: laughs + sheet(header, before=comments)})
    tracemalloc.start()
    try:
        assert through_the_api(api, data) == ("refused", UNREADABLE)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20, f"{peak:,} bytes"


def test_no_file_of_the_server_is_read_into_a_client_or_a_message(
    api, admin_user, kibera, tmp_path
):
    data = workbook(DECLARED["/etc/passwd in the sheet"])
    said = [through_the_api(api, data), by_the_cli(admin_user, tmp_path, data)]
    assert "root:" not in repr(said)
    assert not Client.objects.exists()


NOT_READ = {
    "a string index past the strings": {
        "xl/sharedStrings.xml": STRINGS,
        SHEET_PART: sheet(row(1, *HEADER) + shared_row(2, 0, 7, 2)),
    },
    "a negative string index": {
        "xl/sharedStrings.xml": STRINGS,
        SHEET_PART: sheet(row(1, *HEADER) + shared_row(2, 0, -2, 2)),
    },
    "string cells without strings": SHARED_SHEET,
    "a cell A0": {SHEET_PART: CLIENTS_SHEET.replace('r="C2"', 'r="A0"')},
    "a cell 1A": {SHEET_PART: CLIENTS_SHEET.replace('r="C2"', 'r="1A"')},
    "a cell without a row": {SHEET_PART: CLIENTS_SHEET.replace('r="C2"', 'r="C"')},
    "a row past Excel's last": {
        SHEET_PART: CLIENTS_SHEET.replace('<row r="2">', '<row r="1048577">')
    },
    "rows out of order": {SHEET_PART: sheet(row(1, *HEADER) + row(3, *ASHA) + row(2, *ASHA))},
    "a row twice": {SHEET_PART: sheet(row(1, *HEADER) + row(2, *ASHA) + row(2, *ASHA))},
}


@pytest.mark.parametrize("changed", NOT_READ.values(), ids=NOT_READ)
def test_a_sheet_no_spreadsheet_writes_imports_no_one(
    api, admin_user, kibera, tmp_path, xlsx_reader, changed
):
    assert_not_imported(api, admin_user, tmp_path, workbook(changed))


def _every_part(change) -> bytes:
    return zipped([change(entry(name, data)) for name, data in parts().items()])


def _compressed_by(method: int, compress) -> bytes:
    def recompressed(part: Entry) -> Entry:
        raw = parts()[part.name].encode()
        return Entry(part.name, compress(raw), part.size, part.crc, method)

    return _every_part(recompressed)


def _raw_bzip2(raw: bytes) -> bytes:
    import bz2

    return bz2.compress(raw)


NO_WORKBOOK = {
    "no sheet": lambda: workbook({"xl/workbook.xml": workbook_xml("")}),
    "no sheets element": lambda: workbook({"xl/workbook.xml": f'<workbook xmlns="{MAIN}"/>'}),
    "a sheet's relation to no part": lambda: workbook(
        {"xl/_rels/workbook.xml.rels": relations_xml("worksheets/sheet9.xml")}
    ),
    "a relation out of the zip": lambda: workbook(
        {"xl/_rels/workbook.xml.rels": relations_xml("../../../../etc/passwd")}
    ),
    "a relation to a folder": lambda: workbook(
        {"xl/_rels/workbook.xml.rels": relations_xml("worksheets/")}
    ),
    "no relations": lambda: workbook({"xl/_rels/workbook.xml.rels": None}),
    "a sheet of an unknown id": lambda: workbook(
        {"xl/workbook.xml": workbook_xml('<sheet name="C" sheetId="1" r:id="rId9"/>')}
    ),
    "no workbook part": lambda: workbook({"xl/workbook.xml": None}),
    "a sheet that is no XML": lambda: workbook({SHEET_PART: b"\x00\x01PK garbage"}),
    "an empty sheet part": lambda: workbook({SHEET_PART: b""}),
    "a sheet in an encoding XML does not know": lambda: workbook(
        {SHEET_PART: '<?xml version="1.0" encoding="cp037"?>' + CLIENTS_SHEET}
    ),
    "a zip's first bytes alone": lambda: b"PK\x03\x04",
    "half a zip": lambda: workbook()[: len(workbook()) // 2],
    "a zip without its end": lambda: workbook()[:-10],
    "a part named twice": lambda: zipped(
        [entry(name, data) for name, data in parts().items()]
        + [entry(SHEET_PART, sheet(row(1, *HEADER) + row(2, "Kibera", "Eve", "Wanjiru")))]
    ),
    "a sheet named out of the zip": lambda: zipped(
        [
            entry(f"../{name}" if name == SHEET_PART else name, data)
            for name, data in parts().items()
        ]
    ),
    "an unknown compression": lambda: _every_part(
        lambda part: Entry(part.name, part.compressed, part.size, part.crc, 99)
    ),
    "bzip2": lambda: _compressed_by(12, _raw_bzip2),
    "a wrong checksum": lambda: _every_part(
        lambda part: Entry(part.name, part.compressed, part.size, part.crc ^ 1)
    ),
    "an OLE2 file of nothing": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
}


@pytest.mark.parametrize("made", NO_WORKBOOK.values(), ids=NO_WORKBOOK)
def test_a_file_that_holds_no_readable_workbook_is_refused_at_its_upload(
    api, admin_user, kibera, tmp_path, made
):
    assert_refused_at_upload(api, admin_user, tmp_path, made())


def test_an_encrypted_workbook_and_an_empty_file_are_refused_saying_why(
    api, admin_user, kibera, tmp_path
):
    protected = "The workbook is protected by a password: open it, save it again without the "
    data = password_protected_xlsx()
    outcome, message = through_the_api(api, data)
    assert (outcome, message[: len(protected)]) == ("refused", protected)
    assert by_the_cli(admin_user, tmp_path, data)[1] == message
    assert_refused_at_upload(api, admin_user, tmp_path, b"", "The file has no header row.")


def test_no_part_is_written_where_its_name_points(api, admin_user, kibera, tmp_path):
    outside = tmp_path / "outside.xml"
    names = ["../" * 12 + str(outside).lstrip("/"), str(outside)]
    data = zipped([*(entry(name, data) for name, data in parts().items()),
                   *(entry(name, "<x/>") for name in names)])  # fmt: skip
    assert through_the_api(api, data) == ("completed", {"imported": 1})
    assert by_the_cli(admin_user, tmp_path, data) == ("completed", {})
    assert not outside.exists() and not os.path.exists("outside.xml")


DATE_HEADER = '<row r="1">' + "".join(
    cell(f"{letter}1", name) for letter, name in zip("ABCD", (*HEADER, "dateOfBirth"), strict=True)
) + "</row>"  # fmt: skip
DATE_STYLES = (
    f'<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/>'
    "</cellXfs></styleSheet>"
)


def dated(value: str, styles: str | None = DATE_STYLES, style: str = "1") -> bytes:
    """Asha born on the serial `value`, in a cell of the style `style`."""
    born = f'<c r="D2" s="{style}"><v>{value}</v></c>'
    rows = DATE_HEADER + row(2, *ASHA).replace("</row>", born + "</row>")
    return workbook({"xl/styles.xml": styles, SHEET_PART: sheet(rows)})


def born(api, data: bytes):
    """The date of birth of the one client the file imported through the API."""
    assert through_the_api(api, data) == ("completed", {"imported": 1})
    return Client.objects.get().date_of_birth


def job_errors(api) -> list[tuple]:
    """The errors `GET /imports/{id}` shows of the last job."""
    job = ImportJob.objects.latest("pk")
    answer = api.get(f"{API}/imports/{job.pk}").json()
    return [(error["line"], error["column"], error["message"]) for error in answer["errors"]]


def test_a_date_cell_is_read_by_its_style_and_without_styles_as_a_number(api, kibera, xlsx_reader):
    assert str(born(api, dated("30000"))) == "1982-02-18"
    Client.objects.all().delete()
    data = dated("30000", styles=None)
    assert through_the_api(api, data) == ("completed", {"invalid": 1})
    ((line, column, message),) = job_errors(api)[-1:]
    assert (line, column) == (2, "dateOfBirth") and "30000" in message


@pytest.mark.parametrize("style", ["99", "-1", "x"])
def test_a_style_naming_no_format_is_no_date(api, kibera, xlsx_reader, style):
    assert through_the_api(api, dated("30000", style=style)) == ("completed", {"invalid": 1})


def test_a_format_id_that_is_no_number_is_no_date_format_for_either_reader(
    api, kibera, xlsx_reader
):
    """calamine read such a styles part, the streamed reader refused the workbook."""
    styles = DATE_STYLES.replace('<xf numFmtId="14"/>', '<xf numFmtId="fourteen"/>')
    styles = styles.replace("<cellXfs", '<numFmts><numFmt numFmtId="x" formatCode="yyyy"/>'
                            "</numFmts><cellXfs")  # fmt: skip
    assert through_the_api(api, dated("30000", styles)) == ("completed", {"invalid": 1})


@pytest.mark.parametrize("value", ["nan", "NaN", "-nan"])
def test_not_a_number_in_a_date_cell_is_refused_as_no_number(api, kibera, xlsx_reader, value):
    """calamine read it as day zero, 30 December 1899."""
    assert through_the_api(api, dated(value)) == ("completed", {"invalid": 1})
    ((line, column, message),) = job_errors(api)
    assert (line, column) == (2, "dateOfBirth")
    assert message.startswith("This number cell holds “nan”, which is no number")


READ = {
    "cells without references": {
        SHEET_PART: CLIENTS_SHEET.replace(' r="B2"', "").replace(' r="C2"', "")
    },
    "a row without its number": {SHEET_PART: CLIENTS_SHEET.replace('<row r="2">', "<row>")},
    "shared and inline strings": {
        "xl/sharedStrings.xml": STRINGS,
        SHEET_PART: sheet(
            row(1, *HEADER) + shared_row(2, 0, 1).replace("</row>", cell("C2", "Njeri") + "</row>")
        ),
    },
    "a dimension of a million rows": {
        SHEET_PART: sheet(row(1, *HEADER) + row(2, *ASHA), '<dimension ref="A1:XFD1048576"/>')
    },
    "no content types": {"[Content_Types].xml": None},
    "a styles part that is no XML": {"xl/styles.xml": None},
    "a sheet in UTF-16": {
        SHEET_PART: ('<?xml version="1.0" encoding="UTF-16"?>' + CLIENTS_SHEET).encode("utf-16")
    },
    "a sheet in UTF-16 without its declaration": {SHEET_PART: CLIENTS_SHEET.encode("utf-16")},
}


@pytest.mark.parametrize("changed", READ.values(), ids=READ)
def test_an_odd_but_whole_workbook_is_read_alike_by_either_reader(
    api, admin_user, kibera, tmp_path, xlsx_reader, changed
):
    """A UTF-16 sheet (Office files may be UTF-16) was read by calamine, which decodes
    UTF-8 alone, as a sheet of no header."""
    data = workbook(changed)
    assert through_the_api(api, data) == ("completed", {"imported": 1})
    assert by_the_cli(admin_user, tmp_path, data) == ("completed", {})
    assert list(Client.objects.values_list("firstname", "lastname")) == [("Asha", "Njeri")]


def test_a_latin_1_sheet_is_read_as_it_says_by_either_reader(api, kibera, xlsx_reader):
    """calamine refused its "é" as no UTF-8 (the job failed, the upload had taken it)."""
    xml = '<?xml version="1.0" encoding="ISO-8859-1"?>' + CLIENTS_SHEET.replace("Asha", "Renée")
    assert through_the_api(api, workbook({SHEET_PART: xml.encode("latin-1")}))[0] == "completed"
    assert list(Client.objects.values_list("firstname", flat=True)) == ["Renée"]


def test_a_far_cell_of_a_row_is_refused_by_its_place(api, kibera, xlsx_reader):
    far = CLIENTS_SHEET.replace("</row></sheetData>", cell("XFD2", "x") + "</row></sheetData>")
    assert through_the_api(api, workbook({SHEET_PART: far})) == ("completed", {"invalid": 1})
    ((line, _column, message),) = job_errors(api)
    assert line == 2 and "This row has a value in column XFD (number 16384)" in message


def test_a_dimension_of_a_million_rows_counts_the_rows_there_are(api, kibera):
    data = workbook(READ["a dimension of a million rows"])
    through_the_api(api, data)
    assert ImportJob.objects.get().total_rows == 1


@pytest.mark.parametrize(
    ("data", "imported"),
    [
        (lambda: b"office,firstname,lastname\r\nKibera,Asha,Njeri\r\n", "csv"),
        (lambda: xls_workbook(list(HEADER), [list(ASHA)]), "xls"),
    ],
    ids=["a CSV", "an .xls"],
)
def test_a_file_named_xlsx_is_read_as_what_it_holds(
    api, admin_user, kibera, tmp_path, data, imported
):
    assert through_the_api(api, data()) == ("completed", {"imported": 1})
    assert by_the_cli(admin_user, tmp_path, data()) == ("completed", {})


def _many_sheets(count: int, part: str) -> bytes:
    """A workbook of the clients' sheet and `count` more, each naming the one part `part`."""
    sheets = "".join(f'<sheet name="S{n}" sheetId="{n + 2}" r:id="rId2"/>' for n in range(count))
    relation = f'<Relationship Id="rId2" Type="{RELATIONS}/worksheet" Target="worksheets/s.xml"/>'
    return workbook(
        {
            "xl/workbook.xml": workbook_xml('<sheet name="C" sheetId="1" r:id="rId1"/>' + sheets),
            "xl/_rels/workbook.xml.rels": relations_xml("worksheets/sheet1.xml").replace(
                "</Relationships>", relation + "</Relationships>"
            ),
            "xl/worksheets/s.xml": part,
        }
    )


def test_other_sheets_share_one_bound_of_markup(api, admin_user, kibera, tmp_path, monkeypatch):
    """Each sheet was walked within a bound of its own: twenty sheets naming one part of
    900,000 empty elements (a 677 kB upload) kept the upload a minute (the bound scaled down
    here)."""
    monkeypatch.setattr(sheet_markup, "MOST_ELEMENTS_ANYWAY", 2_000)
    part = sheet(row(1, "Notes"), before="<sheetViews>" + "<x/>" * 1_500 + "</sheetViews>")
    assert through_the_api(api, _many_sheets(1, part)) == ("completed", {"imported": 1})
    Client.objects.all().delete()
    assert_refused_at_upload(api, admin_user, tmp_path, _many_sheets(20, part))


def test_many_sheets_are_looked_through_at_what_their_headers_cost(
    api, admin_user, kibera, tmp_path, monkeypatch
):
    """A sheet with a header was priced as 100 cells, its reading costing 800: 3,000 sheets
    naming one part (a 16 kB upload) kept the upload 14 seconds (scaled down here)."""
    monkeypatch.setattr(other_sheets, "MOST_LOOKED", 20_000)
    data = _many_sheets(100, sheet(row(1, *HEADER)))
    message = through_the_api(api, data)[1]
    assert message.startswith("The workbook's other sheets were looked through for clients")
    # Each sheet 100 units, 800 for its header's columns, 4 for its row: the 23rd passes.
    assert "as far as line 1 of the sheet “S22”" in message
    assert not Client.objects.exists() and not ImportJob.objects.exists()
