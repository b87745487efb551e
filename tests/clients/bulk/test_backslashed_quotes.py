"""A CSV whose quotes inside a quoted cell are escaped with a backslash (`\\"`), as MySQL's
`SELECT … INTO OUTFILE` writes them, not doubled (`""`) as CSV does: read
as CSV, the quote after the backslash closed the cell, so that "Asha \\"Mama\\"" was imported
as the name `Asha \\Mama\\""`, and a comma inside the quotes parted the cell in two, shifting
every cell after it into the next column. The file is refused, naming the line and saying
how to export it again, before any row of it is written."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from tests.clients.bulk.files import csv_file

from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

API = "/fineract-provider/api/v1"
HEADER = "office,firstname,lastname,externalId,mobileNo"
ESCAPED = {
    "a quoted nickname": r'Kibera,"Asha \"Mama\"",Njeri,E2,',
    "a comma inside": r'Kibera,"Asha \"Mama, B\"",Njeri,E2',
    "an apostrophe's quote": r'Kibera,"O\"Brien",Njeri,E2,',
}


def escaped_at(line: int) -> str:
    return (
        f"Line {line} escapes a quote with a backslash (\\\"), as MySQL's export writes it: a "
        'CSV writes a quote inside a quoted cell twice (""), so its cells would be read '
        "wrong. Export the file again with quotes doubled (MySQL: FIELDS ESCAPED BY ''), or "
        "save it from a spreadsheet as CSV UTF-8."
    )


@pytest.mark.parametrize("row", ESCAPED.values(), ids=ESCAPED)
def test_a_file_of_backslashed_quotes_is_refused_naming_the_line(api, kibera, row):
    data = csv_file(HEADER, "Kibera,Baraka,Otieno,E1,", row, "Kibera,Zoë,Ngũgĩ,E3,")
    body = {"file": SimpleUploadedFile("clients.csv", data, "text/csv")}
    response = api.post(f"{API}/clients/import", body, format="multipart")
    assert response.status_code == 400
    assert response.json()["httpStatusCode"] == "400"
    messages = [error["defaultUserMessage"] for error in response.json()["errors"]]
    assert messages == [escaped_at(3)]
    assert not Client.objects.exists()


def test_the_job_of_a_long_file_fails_naming_the_line(api, admin_user, kibera, tmp_path):
    rows = [f"Kibera,Asha,Njeri,E{number}," for number in range(2, 3000)]
    data = csv_file(HEADER, *rows, ESCAPED["a comma inside"])
    body = {"file": SimpleUploadedFile("clients.csv", data, "application/octet-stream")}
    response = api.post(f"{API}/clients/uploadtemplate?legalFormType=CLIENTS_PERSON", body,
                        format="multipart")  # fmt: skip
    assert response.status_code == 200, response.json()
    job = ImportJob.objects.get(pk=response.json())
    assert (job.status, job.error) == ("failed", escaped_at(3000))
    source = tmp_path / "clients.csv"
    source.write_bytes(csv_file(HEADER, ESCAPED["a quoted nickname"]))
    with pytest.raises(CommandError, match=re.escape(escaped_at(2))):
        call_command("import", str(source), "--user", admin_user.username, "--no-progress",
                     stdout=io.StringIO())  # fmt: skip


def test_a_backslash_and_quotes_as_csv_writes_them_are_imported_as_written(api, kibera):
    """A backslash in a cell, a quote doubled inside a quoted one, a value holding a
    backslash and a quote (`\\""`), a cell ending in a backslash: no escape."""
    data = csv_file(HEADER, r"Kibera,Asha\B,Njeri,E1,", 'Kibera,"Asha ""Mama""",Njeri,E2,',
                    r'Kibera,"Zoë \""Z\""",Njeri,E3,', r'Kibera,"Baraka\",Otieno,E4,')  # fmt: skip
    body = {"file": SimpleUploadedFile("clients.csv", data, "text/csv")}
    response = api.post(f"{API}/clients/import", body, format="multipart")
    assert response.status_code == 200, response.json()
    assert sorted(Client.objects.values_list("firstname", "lastname")) == [
        ('Asha "Mama"', "Njeri"), ("Asha\\B", "Njeri"), ("Baraka\\", "Otieno"),
        ('Zoë \\"Z\\"', "Njeri"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "said"),
    [("fr", "La ligne 2 échappe un guillemet"), ("es", "La línea 2 escapa una comilla")],
)
def test_the_refusal_is_in_the_users_language(api, kibera, language, said):
    data = csv_file(HEADER, ESCAPED["a quoted nickname"])
    body = {"file": SimpleUploadedFile("clients.csv", data, "text/csv")}
    response = api.post(f"{API}/clients/import", body, format="multipart",
                        HTTP_ACCEPT_LANGUAGE=language)  # fmt: skip
    assert response.status_code == 400
    assert response.json()["errors"][0]["defaultUserMessage"].startswith(said)
