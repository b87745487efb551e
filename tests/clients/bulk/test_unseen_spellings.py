"""A name in a cell or a header that looks like the right one is read as it: a zero-width
space or a byte-order mark pasted with an office's or a list value's name (a second file's
mark left at the start of its first line when two files were joined), and accents written
apart from their letters (decomposed Unicode: a file saved on a Mac, a name pasted from a
PDF). The import had refused such rows quoting a name the user could not tell from the
office's ("No office named “Kibera” among your offices.") and such a header as an unknown
column ("Unknown columns: Prénom.")."""

import io
import json
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from tests.clients.bulk.files import csv_file

from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

URL = "/fineract-provider/api/v1/clients/uploadtemplate?legalFormType=CLIENTS_PERSON"


def decomposed(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def imported_job(api, data: bytes) -> ImportJob:
    body = {"file": SimpleUploadedFile("clients.csv", data, "text/csv")}
    response = api.post(URL, body, format="multipart")
    assert response.status_code == 200, response.json()
    return ImportJob.objects.get(pk=response.json())


@pytest.mark.parametrize(
    "office",
    ["\u200bKibera", "Kibera\u200b", "\ufeffKibera", "Ki\u00adbera", "\u2060Kibera"],
    ids=["zero-width space", "trailing zero-width space", "byte-order mark", "soft hyphen",
         "word joiner"],
)  # fmt: skip
def test_an_office_named_with_an_invisible_character_is_that_office(api, kibera, office):
    job = imported_job(api, csv_file("office,firstname,lastname", f"{office},Asha,Njeri"))
    assert job.outcomes == {"imported": 1}, job.outcomes
    assert list(Client.objects.values_list("office__name", "firstname")) == [("Kibera", "Asha")]


def test_a_list_value_with_a_zero_width_space_is_that_value(api, kibera):
    data = csv_file("office,firstname,lastname,gender", "Kibera,Asha,Njeri,Female\u200b")
    assert imported_job(api, data).outcomes == {"imported": 1}
    assert Client.objects.get().gender.name == "Female"


def test_an_office_named_with_accents_written_apart_is_that_office(api, make_office):
    make_office(name="Thiès")
    data = csv_file("office,firstname,lastname", f"{decomposed('Thiès')},Awa,Diop")
    assert imported_job(api, data).outcomes == {"imported": 1}
    assert Client.objects.get().office.name == "Thiès"


def test_a_header_with_accents_written_apart_names_its_column(tmp_path, admin_user, kibera):
    source = tmp_path / "clients.csv"
    source.write_bytes(csv_file(f"office,{decomposed('Prénom')},lastname", "Kibera,Asha,Njeri"))
    out = io.StringIO()
    call_command("import", str(source), "--user", admin_user.username, "--no-progress",
                 stdout=out)  # fmt: skip
    assert json.loads(out.getvalue())["imported"] == 1
    assert Client.objects.get().firstname == "Asha"


def test_an_office_name_an_invisible_character_does_not_make_is_still_refused(api, kibera):
    job = imported_job(api, csv_file("office,firstname,lastname", "\u200bKiberra,Asha,Njeri"))
    assert job.outcomes == {"invalid": 1}
    assert not Client.objects.exists()
