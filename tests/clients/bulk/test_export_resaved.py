"""An export opened in a spreadsheet and saved again, then imported: the file as LibreOffice
leaves it (written here as it does, without LibreOffice)."""

import pytest
from tests.clients.bulk.files import csv_file
from tests.clients.bulk.test_sheet_stream import excel_workbook

from mteja.clients.bulk import workbook
from mteja.clients.bulk.importing import import_clients
from mteja.clients.bulk.reading import FileUnreadable
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db
HEADER = ["accountNo", "office", "firstname", "lastname", "submittedOnDate"]
# The UTF-8 byte-order mark and an accent as Windows-1252 reads them: a CSV export opened
# in LibreOffice without choosing UTF-8 (its default character set), saved again.
GARBLED = ["\u00ef\u00bb\u00bf" + HEADER[0], *HEADER[1:]]
ROW = ["000000001", "Kibera", "\u00c3\u2030mile", "Njeri", "2024-01-10"]


def _xlsx(header: list[str], row: list[str]) -> bytes:
    chunks = [[[cell] for cell in row]]
    return b"".join(workbook.workbook_column_chunks(header, chunks, ["text"] * len(header)))


@pytest.mark.parametrize(
    "data",
    [csv_file(",".join(GARBLED), ",".join(ROW), bom=False), _xlsx(GARBLED, ROW)],
    ids=["csv", "xlsx"],
)
def test_a_csv_opened_as_western_text_is_refused_saying_how_to_open_it(admin_user, kibera, data):
    """Not "Unknown columns: ï»¿accountNo.", which no user can act on; nor its rows imported
    with their accents garbled."""
    with pytest.raises(FileUnreadable, match=r"as Western text, not UTF-8.*Unicode \(UTF-8\)"):
        import_clients(user=admin_user, data=data)
    assert not Client.objects.exists()


def test_a_name_a_spreadsheet_took_for_a_yes_or_no_is_read_as_it_shows(admin_user, kibera):
    """LibreOffice opening a CSV (and Excel) makes a cell TRUE a boolean, which an .xlsx then
    holds: the client is named as the cell shows, not refused as "Not a valid string."."""
    header = ["office", "firstname", "lastname", "submittedOnDate"]
    texts = [*header, "Kibera", "Gitau"]
    sheet = (
        '<row r="1">'
        + "".join(f'<c r="{c}1" t="s"><v>{i}</v></c>' for i, c in enumerate("ABCD"))
        + '</row><row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" t="s"><v>5</v></c>'
        '<c r="C2" t="b"><v>1</v></c><c r="D2" s="1"><v>45301</v></c></row>'
    )
    data = excel_workbook(sheet, shared=texts)
    report = import_clients(user=admin_user, data=data)
    assert [(row.outcome, row.errors) for row in report.rows] == [("imported", [])]
    assert Client.objects.get().display_name == "Gitau TRUE"


SHORTENED = "is a long number the spreadsheet shortened, its last digits lost"


def test_a_long_number_a_french_excel_shortened_is_refused_by_its_column(admin_user, kibera):
    """French and Spanish Excel write the shortened number with a decimal comma."""
    data = csv_file(
        "office;firstname;lastname;submittedOnDate;documentType;documentKey",
        "Kibera;Chiku;Otieno;2024-01-10;National ID;2,54712E+19",
        "Kibera;Dalia;Wanjiru;2024-01-10;National ID;25471234",
    )  # semicolons as a French Excel saves a CSV
    report = import_clients(user=admin_user, data=data)
    assert [(row.outcome, row.errors) for row in report.rows] == [
        ("invalid", [("documentKey", f"“2,54712E+19” {SHORTENED}: format the column as Text, "
                                     "type the numbers again, and save the file.")]),
        ("imported", []),
    ]  # fmt: skip


def test_a_number_cell_of_more_digits_than_a_spreadsheet_keeps_is_refused(admin_user, kibera):
    """In an .xlsx a long number is a number cell: of 16 digits or more typed, a spreadsheet
    kept 15. A shorter one (a mobile number, an external id) is read as its digits."""
    header = ["office", "firstname", "lastname", "submittedOnDate", "externalId", "mobileNo"]
    texts = [*header, "Kibera", "Asha", "Njeri", "Baraka", "Kamau"]
    cells = "".join(f'<c r="{c}1" t="s"><v>{i}</v></c>' for i, c in enumerate("ABCDEF"))
    rows = [
        ("6", "7", "8", "12345678901234567000", ""),
        ("6", "9", "10", "4471234", "254712345678"),
    ]
    for number, (office, first, last, external, mobile) in enumerate(rows, start=2):
        cells += (
            f'</row><row r="{number}"><c r="A{number}" t="s"><v>{office}</v></c>'
            f'<c r="B{number}" t="s"><v>{first}</v></c><c r="C{number}" t="s"><v>{last}</v></c>'
            f'<c r="D{number}" s="1"><v>45301</v></c><c r="E{number}"><v>{external}</v></c>'
            + (f'<c r="F{number}"><v>{mobile}</v></c>' if mobile else "")
        )
    data = excel_workbook(f'<row r="1">{cells}</row>', shared=texts)
    report = import_clients(user=admin_user, data=data)
    refused = [(row.outcome, [column for column, _message in row.errors]) for row in report.rows]
    assert refused == [("invalid", ["externalId"]), ("imported", [])]
    assert f"“1.23457E+19” {SHORTENED}" in report.rows[0].errors[0][1]
    assert Client.objects.get().external_id == "4471234"
    assert Client.objects.get().mobile_no.endswith("712345678")


def _read_as_western(text: str) -> str:
    """UTF-8 text as a spreadsheet shows it when it opened the file as Western text."""
    return text.encode().decode("cp1252", errors="replace")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_names_garbled_by_a_file_opened_as_western_text_are_refused_saying_what_they_read(
    admin_user, kibera, kind
):
    """A UTF-8 file without a byte-order mark (another system's), opened in Excel as Western
    text and saved again as CSV UTF-8 or a workbook, has no garbled mark to tell it by: its
    clients were imported as "JosÃ©" and "NgÅ©gÄ©". A row without an accent is right."""
    header = ["office", "firstname", "lastname", "submittedOnDate"]
    rows = [["Kibera", "José", "Müller", "2024-01-10"], ["Kibera", "Asha", "Njeri", "2024-01-10"],
            ["Kibera", "Ngũgĩ", "wa Thiong'o", "2024-01-10"]]  # fmt: skip
    garbled = [[_read_as_western(cell) for cell in row] for row in rows]
    if kind == "csv":
        data = csv_file(*(",".join(row) for row in [header, *garbled]), bom=False)
    else:
        data = b"".join(
            workbook.workbook_column_chunks(
                header, [[list(column) for column in zip(*garbled, strict=True)]], ["text"] * 4
            )
        )
    report = import_clients(user=admin_user, data=data)
    assert [(row.outcome, [column for column, _message in row.errors]) for row in report.rows] == [
        ("invalid", ["firstname", "lastname"]),
        ("imported", []),
        ("invalid", ["firstname"]),
    ]
    assert (
        report.rows[0]
        .errors[0][1]
        .startswith(
            "“JosÃ©” is garbled: the file was opened in a spreadsheet as Western text, not UTF-8 "
            "(it reads “José”)."
        )
    )
    assert report.rows[2].errors[0][1].startswith("“NgÅ©gÄ©” is garbled")
    assert list(Client.objects.values_list("firstname", flat=True)) == ["Asha"]


def test_a_header_garbled_by_a_file_opened_as_western_text_refuses_the_file(admin_user, kibera):
    """Not "Unknown columns: PrÃ©nom.": the file's every accent is as garbled."""
    lines = ["Agence,Prénom,Nom de famille,Date de soumission", "Kibera,Asha,Njeri,2024-01-10"]
    data = csv_file(*map(_read_as_western, lines), bom=False)
    with pytest.raises(FileUnreadable, match=r"as Western text, not UTF-8.*Unicode \(UTF-8\)"):
        import_clients(user=admin_user, data=data)
    assert not Client.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["Zoë", "São", "Ngũgĩ", "Ñandú", "Jérôme", "Łukasz", "Ã", "李", "Müller-Öz", "JOSÉ–MARIA",
     "ANDRÉ’S", "ÉLODIE»"],
)  # fmt: skip
def test_names_with_accents_as_typed_are_not_taken_for_garbled_ones(admin_user, kibera, name):
    data = csv_file("office,firstname,lastname,submittedOnDate", f"Kibera,{name},Njeri,2024-01-10")
    assert import_clients(user=admin_user, data=data).summary()["imported"] == 1


def test_names_in_capitals_garbled_are_refused_saying_what_they_read(admin_user, kibera):
    """Capitals a typographic sign follows are taken as typed; garbled capitals are not."""
    garbled = _read_as_western("JOSÉ NGŨGĨ")
    data = csv_file(
        "office,firstname,lastname,submittedOnDate", f"Kibera,{garbled},Njeri,2024-01-10"
    )
    report = import_clients(user=admin_user, data=data)
    assert report.rows[0].errors == [
        ("firstname", f"“{garbled}” is garbled: the file was opened in a spreadsheet as Western "
         "text, not UTF-8 (it reads “JOSÉ NGŨGĨ”). Open the CSV file again choosing the "
         "character set Unicode (UTF-8), or import the file as it was written.")
    ]  # fmt: skip


def test_a_long_cell_is_told_garbled_or_not_without_a_step_a_character(admin_user, kibera):
    """A cell of 32,000 characters that looks garbled to its last one, shown by every row (a
    workbook keeps the text once): each cell was written back as Western bytes a character
    at a time in Python, 12 ms a cell (a 33 kB file of 3,000 rows: 10 s of CPU). Counted:
    the steps Python takes in garbled.py."""
    import sys

    from tests.clients.bulk.test_sheets_of_clients import xlsx

    from mteja.clients.bulk import garbled

    long_text = "Ã©" * 16_000 + "李"  # (李: no Western byte shows it, so no garbled text)
    rows = [
        ["office", "firstname", "lastname"],
        *[["Kibera", long_text, f"Njeri {n}"] for n in range(20)],
    ]
    steps = []

    def counted(frame, event, _arg):
        if event == "call" and frame.f_code.co_filename == garbled.__file__:
            steps.append(frame.f_code.co_name)

    sys.setprofile(counted)
    try:
        report = import_clients(user=admin_user, data=xlsx({"Clients": rows}))
    finally:
        sys.setprofile(None)
    assert [row.errors[0][0] for row in report.rows] == ["firstname"] * 20  # too long
    assert len(steps) < 1_000  # a call or two a cell, not one a character (640,000)
