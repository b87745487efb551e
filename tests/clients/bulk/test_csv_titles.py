"""A CSV's title typed above its header with a comma or semicolon in it ("Clients of Kibera
branch, March 2026"): left out as a title without one is, rather than taken for the header
(the file refused as "Unknown columns: Clients of Kibera branch, March 2026.", or read with
the title's delimiter)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

URL = "/fineract-provider/api/v1/clients/import"
TITLE = "Clients of Kibera branch, March 2026"


def upload(api, text: str):
    body = {"file": SimpleUploadedFile("clients.csv", text.encode(), "text/csv")}
    response = api.post(URL, body, format="multipart")
    assert response.status_code == 200, response.json()
    return [(row["line"], row["status"]) for row in response.json()["rows"]]


@pytest.mark.parametrize(
    "above",
    [
        f"{TITLE}\r\n",  # the comma the file's delimiter
        f"{TITLE},,\r\n",  # with the empty cells a spreadsheet writes to the header's width
        "Clients of Kibera branch; March 2026\r\nPrepared by Asha, Njeri\r\n\r\n",
        "Clients of Kibera branch\r\n",  # (none: as before)
    ],
)
def test_a_title_typed_with_a_comma_above_the_header_is_left_out(api, kibera, above):
    text = above + "office,firstname,lastname\r\nKibera,Asha,Njeri\r\nKibera,Ali\r\n"
    header_line = above.count("\n") + 1
    assert upload(api, text) == [(header_line + 1, "imported"), (header_line + 2, "invalid")]
    assert Client.objects.get().display_name == "Asha Njeri"


def test_a_title_with_a_comma_above_a_semicolon_header_does_not_choose_the_delimiter(api, kibera):
    text = f"{TITLE}\r\n\r\noffice;firstname;lastname\r\nKibera;Asha;Njeri\r\n"
    assert upload(api, text) == [(4, "imported")]


def test_a_header_typed_with_spaces_after_its_commas_is_still_the_header(api, kibera):
    text = "office, firstname, lastname\r\nKibera, Asha, Njeri\r\nKibera, Ali, Omar\r\n"
    assert upload(api, text) == [(2, "imported"), (3, "imported")]


def test_the_cli_imports_a_file_titled_with_a_comma(tmp_path, admin_user, kibera, capsys):
    source = tmp_path / "clients.csv"
    source.write_text(f"{TITLE}\r\noffice,firstname,lastname\r\nKibera,Asha,Njeri\r\n")
    call_command("import", str(source), "--user", admin_user.username, "--no-progress")
    assert '"imported": 1' in capsys.readouterr().out


def test_five_title_lines_one_typed_with_a_comma_above_the_header_are_left_out(api, kibera):
    """As many as a workbook's title rows (reading.table_of): the header the sixth line."""
    above = f"{TITLE}\r\n" + "".join(f"Note {n}\r\n" for n in range(4))
    text = above + "office,firstname,lastname\r\nKibera,Asha,Njeri\r\n"
    assert upload(api, text) == [(7, "imported")]


@pytest.mark.parametrize(
    "rows", ["Kibera,Asha,Njeri\r\n", "Kibera, Asha, Njeri\r\n"], ids=["rows", "typed rows"]
)
def test_a_title_above_a_header_typed_with_spaces_is_left_out(api, kibera, rows):
    text = f"{TITLE}\r\noffice, firstname, lastname\r\n{rows}"
    assert upload(api, text) == [(3, "imported")]
