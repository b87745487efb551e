"""Two lanes take their batches' client ids before their turns to write (bulk/before_turn.py,
`Lane.ids_turn`), one batch after the other in the file's order: the generated account
numbers follow the file even when the first batch's check takes longer than the second's.
A client refused under the turn leaves its number untaken — a gap, as a rolled-back insert
leaves in a PostgreSQL sequence — and gives no number twice.

On PostgreSQL with real transactions, as tests/clients/bulk/test_lanes.py (forked lanes see
only committed rows; on SQLite's in-memory test database an import keeps to one process)."""

import os
import time

import pytest
from django.db import connection
from tests.clients.bulk.test_jobs import result_lines, start

from mteja.clients.bulk import checking
from mteja.clients.imports import running
from mteja.clients.models import Client, ClientPolicy, DuplicatePolicy

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="forked lanes need a database on a server"
    ),
]

HEADER = "office,firstname,lastname,externalId,mobileNo,submittedOnDate"
MOBILE = "0712345678"


def test_numbers_follow_the_file_when_the_first_batch_is_checked_last(
    admin_user, kibera, make_client, monkeypatch, settings
):
    settings.MTEJA_IMPORT_LANES = 2
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    policy = ClientPolicy.current()
    policy.duplicate_mobile = DuplicatePolicy.BLOCK
    policy.save()
    make_client(office=kibera, firstname="Zawadi", mobile_no=MOBILE)
    check_batch = checking.RowChecker.check_batch

    def first_batch_late(self, batch, *args, **kwargs):
        if batch and batch[0][0] == 2:  # the first lane's first batch (lines 2 and 3)
            time.sleep(2)  # the second lane's batch is checked first
        return check_batch(self, batch, *args, **kwargs)

    monkeypatch.setattr(checking.RowChecker, "check_batch", first_batch_late)
    rows = [f"Kibera,Asha,Njeri{line},IDS-{line},,2024-01-10" for line in range(2, 10)]
    rows[1] = f"Kibera,Baraka,Otieno,IDS-3,{MOBILE},2024-01-10"  # refused under its turn
    job = start(admin_user, ("\r\n".join([HEADER, *rows]) + "\r\n").encode())
    assert job.status == "completed" and job.outcomes == {"imported": 7, "invalid": 1}
    assert dict(result_lines(job))[3] == "invalid"
    by_number = Client.objects.filter(external_id__startswith="IDS-").order_by("account_no")
    assert list(by_number.values_list("external_id", flat=True)) == [
        f"IDS-{line}" for line in range(2, 10) if line != 3
    ]
    numbers = list(Client.objects.values_list("account_no", flat=True))
    assert len(set(numbers)) == len(numbers)
