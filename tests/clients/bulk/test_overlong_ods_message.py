"""An .ods LibreOffice saved may hold a cell longer than an Excel cell (32,767 characters):
the import refuses it by its cell (decision 183) with a message true of any workbook, in
the user's language — not, as before, one saying that no spreadsheet saved it
(decision 211)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.clients.bulk.test_import import URL
from tests.clients.bulk.test_overlong_ods_xlsb import ods

from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

MESSAGES = {
    "en": "This cell holds 40,000 characters, more than the import takes in a cell (32,767, "
    "as many as an Excel cell holds). Shorten the text and save the file again.",
    "fr": "Cette cellule contient 40\xa0000 caractères, plus que l’import n’en prend dans une "
    "cellule (32\xa0767, autant qu’une cellule d’Excel en contient). Raccourcissez le texte "
    "et enregistrez de nouveau le fichier.",
    "es": "Esta celda contiene 40\xa0000 caracteres, más de los que la importación toma en una "
    "celda (32\xa0767, tantos como caben en una celda de Excel). Acorte el texto y guarde el "
    "archivo de nuevo.",
}


@pytest.mark.parametrize("language", MESSAGES)
def test_a_long_cell_of_an_ods_is_refused_by_a_true_message(api, kibera, language):
    data = ods(f"<text:p>{'b' * 40_000}</text:p>")
    body = {"file": SimpleUploadedFile("clients.ods", data), "dryRun": "true"}
    response = api.post(URL, body, format="multipart", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.json()
    [row] = response.json()["rows"]
    [error] = row["errors"]
    assert (error["column"], error["message"]) == ("monthlyIncome", MESSAGES[language])
    assert not Client.objects.exists()
