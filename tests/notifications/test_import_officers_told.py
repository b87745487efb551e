"""An import tells each loan officer who logs in of the clients it gave them: as many
notifications as a batch has such clients, inserted together (users/notifications/services.py,
`officers_assigned`)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.clients.bulk.files import STATEMENTS_A_TABLE
from tests.clients.bulk.lane_turn import watch_turns

from mteja.clients.bulk.importing import import_clients
from mteja.users.notifications.models import Notification

pytestmark = pytest.mark.django_db

CLIENTS = 120  # more than the ORM's bulk_create puts in one SQLite statement (111 of these)


@pytest.fixture
def officer_import(admin_user, make_user, make_staff, kibera):
    """CLIENTS clients imported, each given the officer who logs in as `officer_user`: that
    user, and the statements the import ran."""
    officer = make_staff(office=kibera, firstname="Wanjiru", lastname="Kamau", is_loan_officer=True)
    officer_user = make_user(("READ_CLIENT",), office=kibera, staff=officer)
    rows = [
        f'Kibera,Asha,Njeri{line},TOLD-{line},2024-01-10,"{officer.display_name}"'
        for line in range(CLIENTS)
    ]
    header = "office,firstname,lastname,externalId,submittedOnDate,staff"
    data = ("\r\n".join([header, *rows]) + "\r\n").encode()
    with CaptureQueriesContext(connection) as queries:
        report = import_clients(user=admin_user, data=data)
    assert report.summary()["imported"] == CLIENTS, report.rows[0].errors
    return officer_user, queries


def test_an_import_tells_the_officer_of_each_client_given_them(officer_import, admin_user, kibera):
    officer_user, _queries = officer_import
    told = Notification.objects.filter(user=officer_user).order_by("object_id")
    assert [(item.action, item.actor_id, item.office_id) for item in told] == [
        ("staffAssigned", admin_user.pk, kibera.pk)
    ] * CLIENTS
    names = [item.params["client"] for item in told]
    assert names == [f"Asha Njeri{line}" for line in range(CLIENTS)]
    assert {item.params["actor"] for item in told} == {admin_user.get_full_name()}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's COPY is not captured")
def test_an_imports_batch_tells_the_officers_in_a_few_statements(officer_import):
    """SQLite's statements of a few sizes (core/bulk_insert.py: 64 rows, then a power of two
    each), never one a client."""
    _officer_user, queries = officer_import
    inserts = [q for q in queries.captured_queries if 'INTO "users_notification"' in q["sql"]]
    assert sum(q["sql"].count("), (") + 1 for q in inserts) == CLIENTS
    assert len(inserts) <= STATEMENTS_A_TABLE


@pytest.mark.skipif(connection.vendor != "postgresql", reason="read before the turn there")
def test_whom_to_tell_is_read_before_the_lanes_turn(
    admin_user, make_user, make_staff, kibera, monkeypatch
):
    """On PostgreSQL a batch reads its officers' users before its lane's turn (bulk/
    before_turn.py): the turn, which the lanes take one at a time, only inserts."""
    officer = make_staff(office=kibera, firstname="Wanjiru", lastname="Kamau", is_loan_officer=True)
    officer_user = make_user(("READ_CLIENT",), office=kibera, staff=officer)
    read_in_turn = []
    in_turn = watch_turns(monkeypatch)

    def watched(execute, sql, params, many, context):
        if in_turn and ('"users_appuser"' in sql or '"organisation_office"."hierarchy"' in sql):
            read_in_turn.append(sql)
        return execute(sql, params, many, context)

    header = "office,firstname,lastname,externalId,submittedOnDate,staff"
    rows = [f'Kibera,Asha,Njeri{n},TURN-{n},2024-01-10,"{officer.display_name}"' for n in range(3)]
    with connection.execute_wrapper(watched):
        report = import_clients(user=admin_user, data="\r\n".join([header, *rows]).encode())
    assert report.summary()["imported"] == 3
    assert read_in_turn == []
    told = Notification.objects.filter(user=officer_user)
    assert sorted(item.params["client"] for item in told) == [f"Asha Njeri{n}" for n in range(3)]
