"""What another user does between a batch's check and its write (deterministically: in a
hook just before the batch is admitted): a row whose identity document a client of another
branch took meanwhile is refused as its re-run would refuse it, naming no client the
importer may not see; the others are written, once. (The other user's write is made once
the batch is checked, before the import's transaction: made inside it, on the test's one
connection, its rollback would undo both.)"""

import pytest
from tests.clients.bulk.files import csv_file

from mteja.clients.bulk.checking import RowChecker
from mteja.clients.bulk.importing import import_clients
from mteja.clients.models import Client
from mteja.core.models import AuditEvent
from mteja.organisation.models import CodeValue

pytestmark = pytest.mark.django_db

BASE = "/fineract-provider/api/v1"
HEADER = "office,firstname,lastname,documentType,documentKey,submittedOnDate"
ROWS = ("Kibera,Asha,Njeri,National ID,TAKEN-0,2024-01-10",
        "Kibera,Baraka,Otieno,National ID,TAKEN-1,2024-01-10",
        "Kibera,Chao,Wu,National ID,TAKEN-2,2024-01-10")  # fmt: skip


def test_a_document_another_branch_takes_before_the_write_refuses_its_row_alone(
    api, make_user, make_office, make_client, kibera, monkeypatch
):
    nakuru_client = make_client(office=make_office(name="Nakuru"))
    national_id = CodeValue.objects.get(name="National ID")
    clerk = make_user(("ALL_FUNCTIONS",), office=kibera)
    check_batch = RowChecker.check_batch

    def taken_once_checked(self, batch):
        checked = check_batch(self, batch)
        answer = api.post(
            f"{BASE}/clients/{nakuru_client.pk}/identifiers",
            {"documentTypeId": national_id.pk, "documentKey": "TAKEN-1"},
            format="json",
        )
        assert answer.status_code == 200, answer.json()
        monkeypatch.setattr(RowChecker, "check_batch", check_batch)
        return checked

    monkeypatch.setattr(RowChecker, "check_batch", taken_once_checked)
    report = import_clients(user=clerk, data=csv_file(HEADER, *ROWS))
    assert [row.outcome for row in report.rows] == ["imported", "invalid", "imported"]
    ((column, message),) = report.rows[1].errors
    assert column == "documentKey"
    assert nakuru_client.account_no not in message
    assert Client.objects.filter(office=kibera).count() == 2
    created = AuditEvent.objects.filter(action_name="CREATE", entity_name="CLIENT")
    assert created.filter(office=kibera).count() == 2
    # The re-run says the same of that row.
    again = import_clients(user=clerk, data=csv_file(HEADER, *ROWS), dry_run=True)
    assert [row.outcome for row in again.rows] == [
        "already imported",
        "invalid",
        "already imported",
    ]
    assert again.rows[1].errors == report.rows[1].errors
