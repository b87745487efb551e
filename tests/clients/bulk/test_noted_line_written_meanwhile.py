"""A lane checks a row repeating the external id of a line another lane checks (a noted
line: file_key_claims.py); that lane commits the line between the row's two look-ups of the
database (deterministically: in a hook before the second). The row is refused as the noted
line's repeat, as in one process, not reported "already imported" as if this file's row had
been written before (CI found this by timing, on two real lanes: test_lanes.py)."""

import pytest
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.bulk import checking
from mteja.clients.bulk.checking import RowChecker
from mteja.clients.bulk.importing import ClientImport
from mteja.clients.bulk.row_results import INVALID

pytestmark = pytest.mark.django_db


def test_a_noted_lines_client_written_between_the_look_ups_makes_the_repeat_invalid(
    admin_user, kibera, make_client, monkeypatch
):
    source = client_file(4).decode().replace("JOB-5", "JOB-2").encode()
    importing = ClientImport(user=admin_user, source=source)
    checker = RowChecker(admin_user, importing.reader, importing.columns, noted_hold=False)
    rows = [row for batch in importing.batches(size=2) for row in batch]
    first, second = rows[0], rows[3]  # lines 2 and 5
    checker.note_lines([first])  # line 2: the other lane's
    held_values = checking._held_values

    def the_other_lane_writes_line_2(clients):
        make_client(office=kibera, external_id="JOB-2", lastname="Njeri2")
        return held_values(clients)

    monkeypatch.setattr(checking, "_held_values", the_other_lane_writes_line_2)
    ((result, prepared),) = checker.check_batch([second])  # line 5
    assert (result.line, result.outcome, prepared) == (5, INVALID, None)
    assert result.errors == [("externalId", "Line 2 has the same external id.")]
