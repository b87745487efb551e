"""A file of rows without a key of their own (no external id, no identity document) imported
again with its accents encoded otherwise — decomposed, "e" and an accent apart, as a Mac or a
database's export may save it — is known again, not imported a second time."""

import unicodedata

import pytest
from tests.clients.bulk.files import csv_file

from mteja.clients.bulk.importing import import_clients
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

ROWS = ("office,firstname,lastname,dateOfBirth", "Kibera,José,Nuñez,1980-03-04")


def encoded(form: str) -> bytes:
    return csv_file(*[unicodedata.normalize(form, row) for row in ROWS])


@pytest.mark.parametrize(("first", "again"), [("NFC", "NFD"), ("NFD", "NFC")])
def test_a_keyless_file_with_its_accents_encoded_otherwise_is_known_again(
    admin_user, kibera, first, again
):
    assert encoded(first) != encoded(again)
    import_clients(user=admin_user, data=encoded(first))
    report = import_clients(user=admin_user, data=encoded(again))
    assert [row.outcome for row in report.rows] == ["already imported"]
    assert Client.objects.count() == 1
