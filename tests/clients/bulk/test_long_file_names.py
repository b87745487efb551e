"""A file of a very long name (1,000 characters, as a script or a phone may send: a browser
sends the name it has, at most 255 characters, of up to 4 bytes each) is imported from the
page, the API and the CLI: its name kept cut to 255 characters, its extension kept, never
taken for a path. It was refused as "not a valid multipart form": Django read a form part's
headers within 1,024 bytes."""

import json

import pytest
from django.core.management import call_command
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

API = "/fineract-provider/api/v1"
LONG = "../" + "wateja-" * 142 + "é" * 6 + ".csv"  # 1,009 characters, and a path to ignore


def multipart(name: str, data: bytes, **fields: str) -> tuple[bytes, str]:
    """A form body with the file named `name` as a browser writes it (UTF-8, raw)."""
    boundary = "----mteja4"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    return b"".join(
        parts
    ) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _kept(name: str) -> None:
    assert len(name) == 255 and name.startswith("wateja-") and name.endswith(".csv")


@pytest.mark.parametrize("path", ["clients/uploadtemplate?legalFormType=CLIENTS_PERSON",
                                  "clients/import"])  # fmt: skip
def test_the_api_imports_a_file_of_a_1000_character_name(api_as, clerk, path):
    body, content_type = multipart(LONG, client_file(2))
    response = api_as(clerk).generic("POST", f"{API}/{path}", body, content_type=content_type)
    assert response.status_code == 200, response.content
    assert Client.objects.count() == 2
    if path.startswith("clients/uploadtemplate"):
        _kept(ImportJob.objects.get().file_name)
        listed = api_as(clerk).get(f"{API}/imports", {"entityType": "clients"}).json()
        _kept(listed[0]["name"])


def test_the_page_imports_a_file_of_a_1000_character_name(browse_as, clerk):
    body, content_type = multipart(LONG, client_file(2))
    web = browse_as(clerk)
    page = web.get("/clients/import/")  # (its CSRF cookie)
    token = page.cookies["csrftoken"].value
    body, content_type = multipart(LONG, client_file(2), csrfmiddlewaretoken=token)
    response = web.generic("POST", "/clients/import/", body, content_type=content_type)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.get()
    _kept(job.file_name)
    assert Client.objects.count() == 2


def test_the_cli_keeps_a_long_names_extension(tmp_path, admin_user, kibera, capsys):
    """A name of 254 bytes, its control characters shown as codes (<U+001B>): 324."""
    source = tmp_path / ("\x1b" * 10 + "wateja-" * 34 + "ab.csv")
    source.write_bytes(client_file(1))
    call_command("import", str(source), "--user", admin_user.username, "--no-progress")
    assert json.loads(capsys.readouterr().out)["imported"] == 1
    name = ImportJob.objects.get().file_name
    assert len(name) == 255 and name.startswith("<U+001B>") and name.endswith(".csv")


def test_a_name_past_the_bound_of_a_forms_headers_is_refused_saying_so(api_as, clerk):
    body, content_type = multipart("a" * 20_000 + ".csv", client_file(1))
    response = api_as(clerk).generic(
        "POST", f"{API}/clients/uploadtemplate?legalFormType=CLIENTS_PERSON", body,
        content_type=content_type,
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["defaultUserMessage"] == (
        "A file name or form field is too long: the headers of each part of the form must fit "
        "in 16,384 bytes. Give the file a shorter name."
    )
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_page_refuses_a_name_past_the_bound_by_its_file_field(browse_as, clerk, language):
    """Nothing of the form is read (not even its CSRF token): the page shown again with the
    API's reason by the file field, status 400, never a bare "Bad request"; nothing imported."""
    web = browse_as(clerk, HTTP_ACCEPT_LANGUAGE=language)
    token = web.get("/clients/import/").cookies["csrftoken"].value
    body, content_type = multipart("a" * 20_000 + ".csv", client_file(1),
                                   csrfmiddlewaretoken=token)  # fmt: skip
    response = web.generic("POST", "/clients/import/", body, content_type=content_type)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {"file": [LONG_HEADERS[language]]}
    page = response.content.decode()
    assert 'id="id_file"' in page and LONG_HEADERS[language] in page
    assert not ImportJob.objects.exists() and not Client.objects.exists()


LONG_HEADERS = {
    "en": "A file name or form field is too long: the headers of each part of the form must "
    "fit in 16,384 bytes. Give the file a shorter name.",
    "fr": "Un nom de fichier ou un champ du formulaire est trop long : les en-têtes de chaque "
    "partie du formulaire doivent tenir en 16\xa0384 octets. Donnez au fichier un nom plus court.",
    "es": "Un nombre de archivo o un campo del formulario es demasiado largo: los encabezados de "
    "cada parte del formulario deben caber en 16\xa0384 bytes. Dé al archivo un nombre más corto.",
}
