"""bulk/batch_commit.py: on PostgreSQL a job's batch, which holds its own record of
progress, commits without waiting for its log's flush — but the pass's last batch, which
flushes every batch before it; an import that records nothing commits each batch as
before. The clients are the same either way."""

import pytest
from django.db import connection
from tests.clients.bulk.files import csv_file
from tests.clients.bulk.test_import_batches import HEADER, people

from mteja.clients.bulk import importing
from mteja.clients.bulk.importing import ClientImport
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db


def _commit_setting() -> str:
    """How the transaction in hand will commit (SQLite: as always)."""
    if connection.vendor != "postgresql":
        return "sqlite"
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def _imported(user, *, recorded: bool) -> list[str]:
    """Five rows in batches of two: how each batch's transaction commits, seen from inside it
    (by the caller's record, or by the writing when there is none)."""
    seen = []
    job = ClientImport(user=user, source=csv_file(HEADER, *people(5)))
    if recorded:
        job.run(batch_size=2, on_batch=lambda *_batch: seen.append(_commit_setting()))
    else:
        original = importing.write_clients

        def watched(prepared, *built):
            seen.append(_commit_setting())
            return original(prepared, *built)

        importing.write_clients = watched
        try:
            job.run(batch_size=2)
        finally:
            importing.write_clients = original
    assert Client.objects.filter(external_id__startswith="BAT-").count() == 5
    return seen


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's commit")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_jobs_batches_wait_for_no_flush_but_the_last(admin_user, kibera):
    assert _imported(admin_user, recorded=True) == ["off", "off", "on"]
    assert _commit_setting() == "on"  # the session's own setting, untouched


def test_a_batch_inside_a_callers_transaction_commits_with_it(admin_user, kibera):
    """(A test's transaction holds the import: a setting made inside it would last to its
    end, the last batch's commit included.)"""
    expected = "on" if connection.vendor == "postgresql" else "sqlite"
    assert _imported(admin_user, recorded=True) == [expected] * 3


def test_an_import_recording_nothing_commits_each_batch_as_before(admin_user, kibera):
    expected = "on" if connection.vendor == "postgresql" else "sqlite"
    assert _imported(admin_user, recorded=False) == [expected] * 3
