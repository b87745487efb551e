"""An import's result file holds no cell longer than an Excel cell (32,767 characters): a
Status of many or long errors keeps the errors that fit and says how many more there are,
and a cell of the file longer than that is echoed as its start, in the CSV and the XLSX
result alike (decisions 138, 287): calamine, as other readers, reads a longer cell's start
unsaid. An error quoting a long cell quotes its start and length (decision 297)."""

import csv
import io
import re
import zipfile

import pytest
from django.utils import translation
from django.utils.formats import number_format
from python_calamine import CalamineWorkbook
from tests.clients.bulk.files import csv_file
from tests.clients.bulk.test_cli_refusals import mteja

from mteja.clients.bulk.row_results import INVALID, RowResult
from mteja.core.echoed_values import MOST_ECHOED_CHARACTERS

pytestmark = pytest.mark.django_db

HEADER = "externalId,office,firstname,lastname,dateOfBirth,submittedOnDate"
EXCEL_CELL = 32_767
LONG = "9" * 40_000  # a text no date column takes, echoed by its error


def results(tmp_path, monkeypatch, capsys, username, *rows: str) -> dict[str, list[list]]:
    """`mteja import --dry-run --result` of the rows, as CSV and as XLSX: each file's rows."""
    source = tmp_path / "clients.csv"
    source.write_bytes(csv_file(HEADER, *rows))
    sheets = {}
    for chosen in ("csv", "xlsx"):
        result = tmp_path / f"result.{chosen}"
        args = ("import", str(source), "--user", username, "--dry-run", "--result", str(result))
        assert mteja(monkeypatch, capsys, *args)[0] == 0
        if chosen == "csv":
            sheets[chosen] = list(csv.reader(io.StringIO(result.read_text("utf-8-sig"))))
            continue
        with zipfile.ZipFile(result) as book:  # as written, not as a reader cuts it
            xml = book.read("xl/worksheets/sheet1.xml").decode()
        assert max(map(len, re.findall(r"<t[^>]*>([^<]*)</t>", xml))) <= EXCEL_CELL
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(result.read_bytes()))
        sheets[chosen] = workbook.get_sheet_by_index(0).to_python()
    return sheets


NOT_ISO = "” is not an ISO date (yyyy-MM-dd); send `dateFormat` and `locale` for other formats."


def test_a_long_cell_an_error_quotes_is_quoted_as_its_start_and_its_length(
    tmp_path, admin_user, kibera, monkeypatch, capsys
):
    """Each of two long dates filled the Status with its 40,000 characters, which then kept
    the first error's start only (decision 297)."""
    sheets = results(
        tmp_path, monkeypatch, capsys, admin_user.username, f"E-1,Kibera,Asha,Njeri,{LONG},{LONG}"
    )
    assert sheets["csv"] == sheets["xlsx"]
    quoted = "9" * MOST_ECHOED_CHARACTERS + "… (40,000 characters)"
    assert sheets["xlsx"][1][-1] == (
        f"dateOfBirth: “{quoted}{NOT_ISO}; submittedOnDate: “{quoted}{NOT_ISO}"
    )


def test_a_long_cells_hidden_characters_are_shown_as_codes_after_the_cut(
    tmp_path, admin_user, kibera, monkeypatch, capsys
):
    long = "\u202e" + "9" * 40_000
    sheets = results(
        tmp_path, monkeypatch, capsys, admin_user.username, f"E-1,Kibera,Asha,Njeri,{long},"
    )
    assert sheets["csv"] == sheets["xlsx"]
    quoted = "<U+202E>" + "9" * (MOST_ECHOED_CHARACTERS - 1) + "… (40,001 characters)"
    assert sheets["xlsx"][1][-1] == f"dateOfBirth: “{quoted}{NOT_ISO}"


def test_a_cell_too_long_for_a_spreadsheet_is_echoed_as_its_start(
    tmp_path, admin_user, kibera, monkeypatch, capsys
):
    sheets = results(
        tmp_path, monkeypatch, capsys, admin_user.username, f"E-1,Kibera,Asha,Njeri,{LONG},"
    )
    assert sheets["csv"] == sheets["xlsx"]
    (row,) = sheets["xlsx"][1:]
    assert row[4] == "9" * 200 + "…"
    assert row[-1].startswith("dateOfBirth: “" + "9" * 200 + "… (40,000 characters)”")


def test_a_status_within_a_cell_is_whole(tmp_path, admin_user, kibera, monkeypatch, capsys):
    row = "E-1,Kibera,Asha,Njeri,1985-02-30,2024-01-10"
    sheets = results(tmp_path, monkeypatch, capsys, admin_user.username, row)
    assert sheets["csv"] == sheets["xlsx"]
    assert sheets["xlsx"][1][-1] == "dateOfBirth: “1985-02-30” is not a real date."


@pytest.mark.parametrize(
    ("language", "ending"),
    [
        ("en", " … and %s more errors"),
        ("fr", " … et %s autres erreurs"),
        ("es", " … y %s errores más"),
    ],
)
def test_the_errors_that_fit_are_kept_whole_in_the_readers_language(language, ending):
    """1,350 errors of 110 characters: the first 298 fit, with the ending."""
    errors = [(f"survey.field_{number}", "x" * 90) for number in range(1_350)]
    with translation.override(language):
        status = RowResult(2, [], INVALID, errors=errors).status()
        more = ending % number_format(1_052, force_grouping=True)
    assert status.endswith(more) and len(status) <= EXCEL_CELL
    kept = status.removesuffix(more).split("; ")
    assert kept == [f"{column}: {message}" for column, message in errors[:298]]
