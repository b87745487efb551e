"""An import reads a plain text or ISO date cell new to its file without DRF's layers
(core/api/plain_values.py): a cell that looks plain and is not — too long by one, spaces
around it, a date not in ISO form or of no real day, a hidden character — is refused, or
taken, as `POST /clients` refuses or takes the same value, in the same words."""

import pytest
from django.utils import translation
from tests.clients.bulk.files import csv_file

from mteja.clients.bulk.importing import import_clients
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

API = "/fineract-provider/api/v1/clients"
HEADER = "office,externalId,firstname,lastname,mobileNo,dateOfBirth,submittedOnDate"
PLAIN = {"externalId": "E-1", "firstname": "Asha", "lastname": "Njeri", "mobileNo": "",
         "dateOfBirth": "1990-05-17", "submittedOnDate": "2024-01-10"}  # fmt: skip
CELLS = [
    ("firstname", "a" * 50), ("firstname", "a" * 51), ("firstname", "é" * 51),
    ("firstname", "🙂" * 51), ("firstname", " Asha "), ("firstname", "Asha\u200b"),
    ("lastname", "\u202eNjeri"), ("externalId", "x" * 100), ("externalId", "x" * 101),
    ("mobileNo", "0" * 51), ("mobileNo", "+254 712 345 678"), ("dateOfBirth", "1990-02-30"),
    ("dateOfBirth", "1990/01/05"), ("dateOfBirth", "1990-1-5"), ("dateOfBirth", "19900105"),
    ("dateOfBirth", " 1990-01-05 "), ("dateOfBirth", "1990-13-01"), ("dateOfBirth", "today"),
    ("submittedOnDate", "2024-02-30"), ("submittedOnDate", "１９９０-01-05"),
]  # fmt: skip


def _imported(user, values: dict) -> list[tuple[str, str]] | str:
    """The row's errors by column, or "valid"."""
    cells = ",".join(f'"{values[name]}"' if name in values else "Kibera"
                     for name in HEADER.split(","))  # fmt: skip
    report = import_clients(user=user, data=csv_file(HEADER, cells), dry_run=True)
    (row,) = report.rows
    return row.errors or row.outcome


def _posted(api, office, values: dict, language: str) -> list[tuple[str, str]] | str:
    """The request's errors by parameter, or "valid" (the client then removed)."""
    body = {"officeId": office.pk, "legalFormId": 1,
            **{name: value for name, value in values.items() if value}}  # fmt: skip
    response = api.post(API, body, "json", HTTP_ACCEPT_LANGUAGE=language)
    if response.status_code == 200:
        Client.objects.filter(pk=response.json()["clientId"]).delete()
        return "valid"
    return [(e["parameterName"], e["defaultUserMessage"]) for e in response.json()["errors"]]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("column", "cell"), CELLS)
def test_a_cell_is_refused_or_taken_as_the_api_refuses_or_takes_its_value(
    api, admin_user, kibera, column, cell, language
):
    values = {**PLAIN, column: cell}
    with translation.override(language):
        imported = _imported(admin_user, values)
        posted = _posted(api, kibera, values, language)
    assert imported == posted


def test_a_row_of_plain_cells_is_valid_and_holds_them(admin_user, kibera):
    report = import_clients(
        user=admin_user,
        data=csv_file(HEADER, 'Kibera,E-1,Zoë,"Njeri",0712345678,1990-05-17,2024-01-10'),
    )
    assert report.rows[0].errors == []
    client = Client.objects.get(external_id="E-1")
    assert (client.firstname, client.lastname, client.mobile_no) == ("Zoë", "Njeri", "0712345678")
    assert str(client.date_of_birth) == "1990-05-17"
