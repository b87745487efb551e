"""Two lanes (bulk/lanes.py): line 5 (the second lane's batch, lines 4–5) repeats the mobile
number or the name and date of birth of line 2 (the first lane's), which the institution
refuses twice — refused naming line 2, as in one process, not by the duplicate policy's
look-up as it is written (decision 247)."""

import pytest
from django.db import connection
from tests.clients.bulk.test_jobs import start
from tests.clients.bulk.test_lanes import batch_writers, two_lanes  # noqa: F401 (a fixture)
from tests.clients.bulk.test_noted_rule_values import REPEATS, repeating_file, uninterrupted
from tests.clients.bulk.test_resumed_dry_run_keys import outcome_list

from mteja.clients.models import Client

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="forked lanes need a database on a server"
    ),
]


@pytest.mark.parametrize("rule", REPEATS)
def test_a_repeat_of_the_other_lanes_line_is_refused_as_in_one_process(
    admin_user,
    kibera,
    two_lanes,  # noqa: F811
    rule,
):
    job = start(admin_user, repeating_file(rule))
    assert job.status == "completed"
    assert outcome_list(job) == uninterrupted(rule, "imported")
    assert len({pid for _line, pid in batch_writers(two_lanes)}) == 2
    assert Client.objects.count() == 3
