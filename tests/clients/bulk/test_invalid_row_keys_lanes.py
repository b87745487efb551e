"""Two lanes (bulk/lanes.py), each noting the external ids of the batches the other checks: a
line of the other lane's batch refused for its own errors holds none of them, a valid one
does — whether the other lane had written it by then or not (file_key_claims.py)."""

import pytest
from django.db import connection
from tests.clients.bulk.test_jobs import client_file, result_lines, start
from tests.clients.bulk.test_lanes import two_lanes  # noqa: F401 (a fixture)

from mteja.clients.imports import files
from mteja.clients.models import Client

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="forked lanes need a database on a server"
    ),
]


def test_an_invalid_line_of_the_other_lanes_batch_holds_no_external_id(
    admin_user,
    kibera,
    two_lanes,  # noqa: F811
):
    """Line 3 (the first lane's batch, lines 2–3) has no last name and line 5's id (the
    second lane's, lines 4–5): line 5 is imported, as in one process."""
    rows = client_file(6, bad_lines={3}).decode().replace("JOB-5", "JOB-3")
    job = start(admin_user, rows.encode())
    assert job.outcomes == {"imported": 5, "invalid": 1}
    assert result_lines(job) == [(line, "invalid" if line == 3 else "imported")
                                 for line in range(2, 8)]  # fmt: skip
    assert Client.objects.get(external_id="JOB-3").lastname == "Njeri5"


def test_a_valid_line_of_the_other_lanes_batch_holds_its_external_id(
    admin_user,
    kibera,
    two_lanes,  # noqa: F811
):
    rows = client_file(6).decode().replace("JOB-5", "JOB-3")
    job = start(admin_user, rows.encode())
    assert job.outcomes == {"imported": 5, "invalid": 1}
    (refused,) = [row for row in files.result_rows(job) if row.outcome == "invalid"]
    assert (refused.line, refused.errors) == (
        5,
        [("externalId", "Line 3 has the same external id.")],
    )
    assert Client.objects.get(external_id="JOB-3").lastname == "Njeri3"


def test_two_rows_of_one_batch_giving_an_invalid_lines_id_keep_it_to_the_first(
    admin_user,
    kibera,
    two_lanes,  # noqa: F811
):
    """Lines 4 and 5 (the second lane's batch) give the id of line 3 (the first lane's, no
    last name): line 4 is imported, line 5 refused as its repeat, as in one process."""
    rows = client_file(6, bad_lines={3}).decode()
    for line in (3, 4, 5):
        rows = rows.replace(f"JOB-{line}", "JOB-X")
    job = start(admin_user, rows.encode())
    assert job.outcomes == {"imported": 4, "invalid": 2}
    refused = [(row.line, row.errors) for row in files.result_rows(job) if row.errors]
    assert refused[1] == (5, [("externalId", "Line 4 has the same external id.")])
    assert Client.objects.get(external_id="JOB-X").lastname == "Njeri4"
