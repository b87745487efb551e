"""A batch's rows are made before its turn to write (bulk/before_turn.py, on PostgreSQL; under
the turn on SQLite) and written only for the clients admitted under the turn: a client the
duplicate policy refuses there leaves none of its rows (no document, no event), and a
generated account number a client took by hand in the meantime is not given twice."""

import pytest
from django.db.models import Max
from tests.clients.bulk.files import csv_file

from mteja.clients.bulk import importing
from mteja.clients.bulk.importing import ClientImport
from mteja.clients.models import Client, ClientIdentifier, ClientPolicy, DuplicatePolicy
from mteja.core.models import AuditEvent

pytestmark = pytest.mark.django_db

HEADER = "office,firstname,lastname,externalId,mobileNo,documentType,documentKey,submittedOnDate"
MOBILE = "0712345678"
ROWS = (
    "Kibera,Asha,Njeri,BLT-1,,National ID,AB-1001,2024-01-10",
    f"Kibera,Baraka,Otieno,BLT-2,{MOBILE},National ID,AB-1002,2024-01-10",
    "Kibera,Chao,Wu,BLT-3,,National ID,AB-1003,2024-01-10",
)


def created_events(entity: str) -> dict[str, dict]:
    """The CREATE events of `entity`'s rows: their changes by the row's external id."""
    events = AuditEvent.objects.filter(action_name="CREATE", entity_name=entity)
    return dict(events.values_list("resource_external_id", "changes"))


def test_a_client_refused_under_the_turn_leaves_none_of_its_rows(admin_user, kibera, make_client):
    policy = ClientPolicy.current()
    policy.duplicate_mobile = DuplicatePolicy.BLOCK
    policy.save()
    make_client(office=kibera, firstname="Zawadi", mobile_no=MOBILE)
    report = ClientImport(user=admin_user, source=csv_file(HEADER, *ROWS)).run()
    assert [row.outcome for row in report.rows] == ["imported", "invalid", "imported"]
    assert "mobile" in report.rows[1].status().lower()
    imported = Client.objects.filter(external_id__startswith="BLT-")
    assert sorted(imported.values_list("external_id", flat=True)) == ["BLT-1", "BLT-3"]
    documents = ClientIdentifier.objects.filter(client__in=imported)
    assert sorted(documents.values_list("document_key", flat=True)) == ["AB-1001", "AB-1003"]
    assert not ClientIdentifier.objects.filter(document_key="AB-1002").exists()
    named = created_events("CLIENT")
    assert {"BLT-1", "BLT-3"} <= named.keys() and "BLT-2" not in named
    assert (
        AuditEvent.objects.filter(action_name="CREATE", entity_name="CLIENTIDENTIFIER").count() == 2
    )
    numbers = [row.account_no for row in report.rows if row.outcome == "imported"]
    assert numbers == [imported.get(external_id=f"BLT-{n}").account_no for n in (1, 3)]
    assert numbers == sorted(numbers)  # in the file's order


def test_a_generated_number_taken_by_hand_meanwhile_is_not_given_twice(
    admin_user, kibera, make_client, monkeypatch
):
    """Just before the batch is written, under its turn, a user gives a client by hand the
    number the batch's first client would be generated (its id on nine digits): that
    client is numbered with a suffix, as a number taken before its batch was checked
    would be, and its CREATE event says the number it got."""
    admitted = importing.ClientImport._without_refused_duplicates

    def taken_meanwhile(self, checker, checked):
        valid = admitted(self, checker, checked)
        first = valid[0][1].client
        holder = make_client(office=kibera, firstname="Zawadi", account_no="HELD-BY-HAND")
        # The first client's id: taken before the turn (PostgreSQL), or the next (SQLite).
        pk = first.pk or Client.objects.aggregate(last=Max("id"))["last"] + 1
        Client.objects.filter(pk=holder.pk).update(account_no=f"{pk:09d}")
        return valid

    monkeypatch.setattr(importing.ClientImport, "_without_refused_duplicates", taken_meanwhile)
    report = ClientImport(user=admin_user, source=csv_file(HEADER, ROWS[0], ROWS[2])).run()
    assert [row.outcome for row in report.rows] == ["imported", "imported"]
    first = Client.objects.get(external_id="BLT-1")
    held = Client.objects.get(firstname="Zawadi").account_no
    assert first.account_no == f"{held}-1"
    assert report.rows[0].account_no == first.account_no
    said = created_events("CLIENT")
    assert said["BLT-1"]["account_no"] == [None, first.account_no]
    third = Client.objects.get(external_id="BLT-3").account_no
    assert said["BLT-3"]["account_no"] == [None, third]
    numbers = Client.objects.values_list("account_no", flat=True)
    assert len(set(numbers)) == len(numbers)
