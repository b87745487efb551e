"""Two lanes (bulk/lanes.py): a row refused as its batch is written (the duplicate policy)
gives back the file's values it held, whichever lane checks the rows repeating them — the
other lane's batch, its own next one, or its own batch checked again — and the whole file's
outcomes are those of one process (refused_keys.py, decision 219)."""

import pytest
from django.db import connection
from tests.clients.bulk.files import csv_file
from tests.clients.bulk.test_jobs import start
from tests.clients.bulk.test_lanes import batch_writers, two_lanes  # noqa: F401 (a fixture)

from mteja.clients.imports import files
from mteja.clients.models import Client, ClientPolicy, DuplicatePolicy

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="forked lanes need a database on a server"
    ),
]

MOBILE = "0712345678"


def outcome_list(job) -> list[tuple[int, str, list]]:
    return [(row.line, row.outcome, row.errors) for row in files.result_rows(job)]


def test_the_lanes_outcomes_are_one_processes(
    admin_user,
    kibera,
    make_client,
    settings,
    two_lanes,  # noqa: F811
):
    """Batches of two: line 3 (refused: its mobile number is Zawadi's) gives line 5's
    external id (the other lane's batch), which line 7 repeats (the first lane's next batch);
    line 10 (refused alike) gives line 11's, in its own batch, checked again."""
    policy = ClientPolicy.current()
    policy.duplicate_mobile = DuplicatePolicy.BLOCK
    policy.save()
    make_client(office=kibera, firstname="Zawadi", mobile_no=MOBILE)
    data = csv_file(
        "office,firstname,lastname,externalId,mobileNo,submittedOnDate",
        "Kibera,Asha,Njeri,KEY-2,,2024-01-10",
        f"Kibera,Baraka,Otieno,KEY-3,{MOBILE},2024-01-10",
        "Kibera,Chao,Wu,KEY-4,,2024-01-10",
        "Kibera,Baraka,Otieno,KEY-3,,2024-01-10",
        "Kibera,Dalia,Mwangi,KEY-6,,2024-01-10",
        "Kibera,Eli,Kamau,KEY-3,,2024-01-10",
        "Kibera,Gita,Odhiambo,KEY-8,,2024-01-10",
        "Kibera,Hana,Wanjiru,KEY-9,,2024-01-10",
        f"Kibera,Fay,Achieng,KEY-10,{MOBILE},2024-01-10",
        "Kibera,Fay,Achieng,KEY-10,,2024-01-10",
    )
    laned = start(admin_user, data)
    assert len({pid for _line, pid in batch_writers(two_lanes)}) == 2
    Client.objects.exclude(firstname="Zawadi").delete()
    settings.MTEJA_IMPORT_LANES = 1
    plain = start(admin_user, data)
    assert outcome_list(laned) == outcome_list(plain)
    assert [(line, outcome) for line, outcome, _errors in outcome_list(plain)] == [
        (2, "imported"), (3, "invalid"), (4, "imported"), (5, "imported"), (6, "imported"),
        (7, "invalid"), (8, "imported"), (9, "imported"), (10, "invalid"), (11, "imported"),
    ]  # fmt: skip
    assert outcome_list(plain)[5][2] == [("externalId", "Line 5 has the same external id.")]
