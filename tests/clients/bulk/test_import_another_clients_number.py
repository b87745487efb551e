"""A row is "already imported" as the client it names, never as another client: a row
whose external id is not the client's that its account number (or identity document) finds
is another client (a file from another system, numbered from 1 as Mteja is; an export's
rows copied for new clients, given new ids), and is refused as `POST /clients` would refuse
it, rather than skipped as imported: its client was never written."""

import pytest
from tests.clients.bulk.files import csv_file

from mteja.clients.bulk.importing import import_clients
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

HEADER = "externalId,accountNo,office,firstname,lastname,documentType,documentKey"


@pytest.fixture
def asha(admin_user, kibera):
    first = import_clients(
        user=admin_user,
        data=csv_file(HEADER, "OLD-1,000000042,Kibera,Asha,Njeri,National ID,12345678"),
    )
    assert [row.outcome for row in first.rows] == ["imported"]
    return Client.objects.get(external_id="OLD-1")


def outcomes(user, *rows):
    report = import_clients(user=user, data=csv_file(HEADER, *rows))
    return [(row.outcome, row.account_no, row.errors) for row in report.rows]


def test_another_clients_account_number_is_refused_not_taken_as_imported(admin_user, asha):
    ((outcome, number, errors),) = outcomes(admin_user, "NEW-1,000000042,Kibera,Baraka,Otieno,,")
    assert outcome == "invalid" and number == ""
    assert [column for column, _message in errors] == ["accountNo"]
    assert not Client.objects.filter(external_id="NEW-1").exists()


def test_another_clients_identity_document_is_refused_not_taken_as_imported(admin_user, asha):
    ((outcome, _number, errors),) = outcomes(
        admin_user, "NEW-2,,Kibera,Baraka,Otieno,National ID,12345678"
    )
    assert outcome == "invalid"
    assert [column for column, _message in errors] == ["documentKey"]


def test_the_same_client_is_still_known_by_each_key(admin_user, asha):
    for row in (
        "OLD-1,000000042,Kibera,Asha,Njeri,National ID,12345678",  # every key its own
        ",000000042,Kibera,Asha,Njeri,,",  # an export read back, no external id
        ",,Kibera,Asha,Njeri,National ID,12345678",  # known by its document
    ):
        assert outcomes(admin_user, row) == [("already imported", asha.account_no, [])]
