"""Two client files joined into one, the second saved with another separator (a comma CSV,
then a semicolon or tab one): its header, read as one cell holding the whole line, is refused
as a repeated header saying so, and each of its rows, also one cell, as written with another
separator — not as a client of that one cell ("Office is required"), nor one named by the
whole line."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from python_calamine import CalamineWorkbook
from tests.clients.bulk.files import csv_file

from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

URL = "/fineract-provider/api/v1/clients/import"
HEADER = "externalId,office,firstname,lastname,gender"
NAMES = {";": "a semicolon", "\t": "a tab", ",": "a comma"}


def header_refused(separator: str) -> str:
    return (
        f"This line repeats the header row with {NAMES[separator]} between its names, not the "
        "file's separator (two files joined into one, saved differently?): it is no client. "
        "Remove it, and save the rows below it with the file's separator: written otherwise "
        "they cannot be read, and are refused."
    )


def row_refused(separator: str) -> str:
    return (
        f"This line's values are written with {NAMES[separator]} between them, not the file's "
        "separator (two files joined into one, saved differently?): they cannot be told apart, "
        "so the line is refused. Save it with the file's separator and import it again."
    )


def joined(first: str, second: str) -> bytes:
    """A file of two clients saved with `first`, joined to one of two saved with `second`."""
    return csv_file(HEADER, "J-1,Kibera,Asha,Njeri,Female", "J-2,Kibera,Ali,Omar,Male",
                    delimiter=first) + b"\r\n" + csv_file(
        HEADER, "J-3,Kibera,Baraka,Otieno,Male", "J-4,Kibera,Dalia,Wanjiru,Female",
        delimiter=second, bom=False,
    )  # fmt: skip


@pytest.mark.parametrize(("first", "second"), [(",", ";"), (",", "\t"), (";", ","), ("\t", ";")])
def test_the_api_refuses_a_header_and_rows_joined_with_another_separator_saying_so(
    api, kibera, first, second
):
    body = {"file": SimpleUploadedFile("joined.csv", joined(first, second), "text/csv")}
    response = api.post(URL, body, format="multipart")
    assert response.status_code == 200, response.json()
    outcomes = [(row["line"], row["status"], row["errors"]) for row in response.json()["rows"]]
    assert outcomes == [
        (2, "imported", []),
        (3, "imported", []),
        (4, "invalid", [{"column": "", "message": header_refused(second)}]),
        (5, "invalid", [{"column": "", "message": row_refused(second)}]),
        (6, "invalid", [{"column": "", "message": row_refused(second)}]),
    ]
    assert sorted(Client.objects.values_list("external_id", flat=True)) == ["J-1", "J-2"]


def test_a_header_written_with_another_separator_and_its_names_quoted_is_told(api, kibera):
    second = '"externalId";"office";"firstname";"lastname";"gender"'
    data = csv_file(HEADER, "J-1,Kibera,Asha,Njeri,Female") + b"\r\n" + second.encode()
    body = {"file": SimpleUploadedFile("joined.csv", data, "text/csv")}
    rows = api.post(URL, body, format="multipart").json()["rows"]
    assert rows[1]["errors"] == [{"column": "", "message": header_refused(";")}]


def test_a_row_whose_first_cell_holds_the_separator_is_still_read(api, kibera):
    """A quoted cell holding separators, the row's others blank, is a client's cell: only one
    splitting into exactly the header's columns is taken for a line of another file."""
    data = csv_file(HEADER, '"J;1;x",Kibera,Asha,Njeri,Female', '"J-2; a; b",,,,')
    body = {"file": SimpleUploadedFile("clients.csv", data, "text/csv")}
    rows = api.post(URL, body, format="multipart").json()["rows"]
    assert rows[0]["status"] == "imported"
    assert {error["column"] for error in rows[1]["errors"]} >= {"office"}


def test_the_cli_result_file_says_why_the_joined_lines_were_refused(tmp_path, admin_user, kibera):
    source, result = tmp_path / "joined.csv", tmp_path / "result.xlsx"
    source.write_bytes(joined(",", ";"))
    call_command("import", str(source), "--user", admin_user.username, "--result", str(result),
                 "--no-progress")  # fmt: skip
    table = CalamineWorkbook.from_path(str(result)).get_sheet_by_index(0).to_python()
    assert [row[-1] for row in table[3:]] == [
        header_refused(";"), row_refused(";"), row_refused(";")
    ]  # fmt: skip


def test_the_refusals_are_in_the_users_language(api, kibera):
    body = {"file": SimpleUploadedFile("joined.csv", joined(",", "\t"), "text/csv")}
    rows = api.post(URL, body, format="multipart", HTTP_ACCEPT_LANGUAGE="fr").json()["rows"]
    assert rows[2]["errors"][0]["message"].startswith(
        "Cette ligne répète la ligne d’en-tête avec une tabulation entre ses noms"
    )
    assert rows[3]["errors"][0]["message"].startswith(
        "Les valeurs de cette ligne sont séparées par une tabulation"
    )


def test_rows_of_another_separator_are_told_below_a_header_with_empty_columns_after_it(api, kibera):
    """A spreadsheet's CSV may write empty columns after the header's names; the rows joined
    from another file, saved without them, still split into the header's named columns."""
    first = csv_file(f"{HEADER},,", "J-1,Kibera,Asha,Njeri,Female,,")
    second = csv_file(HEADER, "J-3,Kibera,Baraka,Otieno,Male", delimiter=";", bom=False)
    body = {"file": SimpleUploadedFile("joined.csv", first + b"\r\n" + second, "text/csv")}
    rows = api.post(URL, body, format="multipart").json()["rows"]
    assert [row["errors"] for row in rows[1:]] == [
        [{"column": "", "message": header_refused(";")}],
        [{"column": "", "message": row_refused(";")}],
    ]
