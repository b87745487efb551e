"""A batch written again one client at a time (a unique value refused its statements: two
rows of one batch giving the same identity document) keeps an entity's details tied to its
client: the entity is imported with them, not the whole import failed on a NOT NULL."""

import pytest
from tests.clients.bulk.files import csv_file

from mteja.clients.bulk.importing import import_clients
from mteja.clients.models import Client, ClientNonPerson

pytestmark = pytest.mark.django_db

HEADER = "legalForm,office,firstname,lastname,fullname,documentType,documentKey,submittedOnDate"
ROWS = ("Entity,Kibera,,,Umoja Traders,,,2024-01-10",
        "Person,Kibera,Asha,Njeri,,National ID,SAME-1,2024-01-10",
        "Person,Kibera,Baraka,Otieno,,National ID,SAME-1,2024-01-10")  # fmt: skip


def test_an_entity_of_a_batch_written_again_keeps_its_details(make_user, kibera):
    clerk = make_user(("ALL_FUNCTIONS",), office=kibera)
    report = import_clients(user=clerk, data=csv_file(HEADER, *ROWS))
    assert [row.outcome for row in report.rows] == ["imported", "imported", "invalid"]
    assert [column for column, _message in report.rows[2].errors] == ["documentKey"]
    entity = Client.objects.get(fullname="Umoja Traders")
    assert ClientNonPerson.objects.get(client=entity)
    assert Client.objects.filter(office=kibera).count() == 2
