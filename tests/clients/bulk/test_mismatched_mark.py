"""A CSV whose first bytes mark it as UTF-16 (or UTF-32) text, its text behind the mark
UTF-8 (a program that wrote one encoding's mark and another's text, or two files joined):
read by its mark, its header was Chinese-looking garbage refused as unknown columns. The
file is refused as a whole, saying its mark does not match its text, at its upload (the
API's Fineract body, the page's form) and by `mteja import`."""

import codecs
import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

API = "/fineract-provider/api/v1"
TEXT = "office,firstname,lastname\r\nKibera,Asha,Njeri\r\nKibera,Zoë,Ngũgĩ\r\n"
MARKED = {
    "UTF-16 LE": (codecs.BOM_UTF16_LE, "UTF-16"),
    "UTF-16 BE": (codecs.BOM_UTF16_BE, "UTF-16"),
    "UTF-32 LE": (codecs.BOM_UTF32_LE, "UTF-32"),
}


def mismatch(encoding: str) -> str:
    return (
        f"The file begins with the mark of {encoding} text, but its text is not {encoding} "
        "(UTF-8 behind a wrong mark?): export it again as CSV UTF-8."
    )


def upload(api, data: bytes, endpoint="clients/uploadtemplate?legalFormType=CLIENTS_PERSON"):
    body = {"file": SimpleUploadedFile("clients.csv", data, "application/octet-stream")}
    return api.post(f"{API}/{endpoint}", body, format="multipart")


@pytest.mark.parametrize(("mark", "encoding"), MARKED.values(), ids=MARKED)
@pytest.mark.parametrize("endpoint", ["clients/uploadtemplate?legalFormType=CLIENTS_PERSON",
                                      "clients/import"])  # fmt: skip
@pytest.mark.parametrize("ending", ["", "\r\n"], ids=["odd bytes", "even bytes"])
def test_utf8_text_behind_another_encodings_mark_is_refused_saying_so(
    api, kibera, mark, encoding, endpoint, ending
):
    """(Its UTF-8 bytes odd in number, it was said damaged on line 1; even, its header was
    unknown columns of Chinese-looking characters.)"""
    response = upload(api, mark + (TEXT + ending).encode(), endpoint)
    assert response.status_code == 400
    body = response.json()
    assert body["httpStatusCode"] == "400"
    assert [error["defaultUserMessage"] for error in body["errors"]] == [mismatch(encoding)]
    assert not ImportJob.objects.exists() and not Client.objects.exists()


def test_the_command_refuses_it_saying_so(admin_user, kibera, tmp_path):
    source = tmp_path / "clients.csv"
    source.write_bytes(codecs.BOM_UTF16_LE + TEXT.encode())
    with pytest.raises(CommandError, match=re.escape(mismatch("UTF-16"))):
        call_command("import", str(source), "--user", admin_user.username, "--no-progress",
                     stdout=io.StringIO())  # fmt: skip
    assert not Client.objects.exists()


SAID = {
    "fr": "Le fichier commence par la marque d’un texte UTF-16, mais son texte n’est pas en UTF-16",
    "es": "El archivo empieza con la marca de un texto UTF-16, pero su texto no está en UTF-16",
}


@pytest.mark.parametrize("language", SAID)
def test_the_page_refuses_it_in_the_users_language(browse_as, admin_user, language):
    body = {"file": SimpleUploadedFile("c.csv", codecs.BOM_UTF16_LE + TEXT.encode())}
    web = browse_as(admin_user)
    web.cookies["django_language"] = language
    page = html.unescape(web.post("/clients/import/", body).content.decode())
    assert SAID[language] in page and "field-error" in page
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE
        + "office,firstname,lastname\r\nKibera,Иван,Петров\r\n".encode("utf-16-be"),
        codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"),
    ],
    ids=["UTF-16", "UTF-16 Cyrillic", "UTF-32"],
)
def test_text_its_mark_tells_is_still_imported(api, kibera, data):
    response = upload(api, data, "clients/import")
    assert response.status_code == 200, response.json()
    assert {row["status"] for row in response.json()["rows"]} == {"imported"}
