import datetime
from decimal import Decimal

import pytest
from django.db import transaction

from mteja.clients.models import ClientStatus
from mteja.core import audit
from mteja.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(admin_user, head_office):
    return audit.record(
        actor=admin_user,
        action="UPDATE",
        entity="OFFICE",
        resource_id=head_office.pk,
        office=head_office,
        changes={"name": ["Old", "New"]},
    )


def test_a_saved_event_cannot_be_changed(recorded):
    recorded.changes = {"name": ["Old", "Forged"]}
    with pytest.raises(PermissionError):
        recorded.save()
    assert AuditEvent.objects.get(pk=recorded.pk).changes == {"name": ["Old", "New"]}


def test_queryset_update_is_refused(recorded):
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=recorded.pk).update(maker_username="someone else")
    recorded.maker_username = "someone else"
    with pytest.raises(PermissionError), transaction.atomic():
        AuditEvent.objects.bulk_update([recorded], ["maker_username"])
    assert AuditEvent.objects.get(pk=recorded.pk).maker_username == "root"


def test_events_cannot_be_deleted(recorded):
    with pytest.raises(PermissionError):
        recorded.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=recorded.pk).delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=recorded.pk).exists()


def test_record_stores_plain_values_and_the_maker(recorded, admin_user):
    event = AuditEvent.objects.get(pk=recorded.pk)
    assert event.maker == admin_user
    assert event.maker_username == admin_user.username
    assert event.made_on is not None
    assert event.processing_result == "PROCESSED"
    plain = audit.record(
        actor=None,
        action="UPDATE",
        entity="CLIENT",
        resource_id=1,
        changes={
            "dateOfBirth": [datetime.date(1990, 1, 2), datetime.date(1991, 3, 4)],
            "amount": [Decimal("1.50"), Decimal("2.00")],
            "office": [None, event.office],
        },
    )
    stored = AuditEvent.objects.get(pk=plain.pk)
    assert stored.changes == {
        "dateOfBirth": ["1990-01-02", "1991-03-04"],
        "amount": ["1.50", "2.00"],
        "office": [None, event.office_id],
    }
    assert stored.maker is None
    assert stored.maker_username == "system"


def test_diff_keeps_only_changed_fields():
    before = {"name": "A", "external_id": None, "opening_date": "2020-01-01"}
    after = {"name": "B", "external_id": None, "opening_date": "2020-01-01"}
    assert audit.diff(before, after) == {"name": ["A", "B"]}
    assert audit.diff({}, {"name": "A", "parent_id": None}) == {"name": [None, "A"]}


def test_an_api_write_carries_the_request_id_and_path(api):
    response = api.post("/fineract-provider/api/v1/roles", {"name": "Traced"}, format="json")
    event = AuditEvent.objects.get(entity_name="ROLE", action_name="CREATE")
    assert event.request_id == response["X-Request-ID"]
    assert event.api_path == "/fineract-provider/api/v1/roles"


def test_plain_values_of_every_kind_the_snapshots_hold(head_office):
    moment = datetime.datetime(2024, 3, 25, 8, 30, tzinfo=datetime.UTC)
    values = [
        (ClientStatus.ACTIVE, 300),
        (datetime.date(1990, 1, 2), "1990-01-02"),
        (moment, "2024-03-25T08:30:00+00:00"),
        (datetime.time(8, 30), "08:30:00"),
        (Decimal("1.50"), "1.50"),
        (head_office, head_office.pk),
        (("a", datetime.date(2024, 1, 1)), ["a", "2024-01-01"]),
        ({"b"}, ["b"]),
        (7, 7),
    ]
    for value, expected in values:
        assert audit.plain(value) == expected
    assert audit.plain(ClientStatus.ACTIVE) is ClientStatus.ACTIVE  # kept: JSON writes 300


def test_an_events_changes_are_their_plain_values(admin_user, head_office):
    """An event's changes are `plain`'s of each [old, new]: those copied as they are (plain
    values and a choice's members, as snapshots give them) and the others made plain alike."""
    moment = datetime.datetime(2024, 3, 25, 8, 30, tzinfo=datetime.UTC)
    changes = {
        "status": [None, ClientStatus.ACTIVE],
        "name": ["Old", "New"],
        "flag": [True, 2.5],
        "born": [None, datetime.date(1990, 1, 2)],
        "office": [head_office, None],
        "at": [moment, ClientStatus.PENDING],
        "amount": [Decimal("1.50"), None],
        "three": [1, 2, 3],
        "word": "alone",
        "pair": ("a", "b"),
        "addresses": [None, [{"city": "Kisumu"}]],
    }
    made = audit.event(
        actor=admin_user, action="UPDATE", entity="CLIENT", resource_id=1, changes=changes
    )
    assert made.changes == {name: audit.plain(change) for name, change in changes.items()}
    assert made.changes["status"][1] is ClientStatus.ACTIVE
    assert made.changes["office"] == [head_office.pk, None]
