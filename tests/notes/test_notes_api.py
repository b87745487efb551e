"""/clients/{id}/notes: Fineract's notes, with the earlier texts of an edited note kept, and
Mteja's filters by date and author."""

import datetime

import pytest

from mteja.core.models import AuditEvent
from mteja.notes.models import Note

pytestmark = pytest.mark.django_db
BASE = "/fineract-provider/api/v1"


def url(client, note_id=None):
    base = f"{BASE}/clients/{client.pk}/notes"
    return base if note_id is None else f"{base}/{note_id}"


def test_add_read_edit_keeps_history_and_delete(api, admin_user, make_client):
    client = make_client()
    created = api.post(url(client), {"note": "Visited the shop"}, format="json")
    assert created.status_code == 200
    note_id = created.json()["resourceId"]
    assert created.json()["clientId"] == client.pk
    shown = api.get(url(client, note_id)).json()
    assert shown["note"] == "Visited the shop"
    assert shown["createdByUsername"] == admin_user.username
    assert shown["noteType"]["code"] == "noteType.client"
    assert shown["history"] == []
    edited = api.put(url(client, note_id), {"note": "Visited the shop twice"}, format="json")
    assert edited.json()["changes"] == {"note": "Visited the shop twice"}
    shown = api.get(url(client, note_id)).json()
    assert shown["note"] == "Visited the shop twice"
    assert [h["note"] for h in shown["history"]] == ["Visited the shop"]
    assert shown["history"][0]["writtenByUsername"] == admin_user.username
    assert shown["history"][0]["replacedByUsername"] == admin_user.username
    assert api.delete(url(client, note_id)).status_code == 200
    assert api.get(url(client, note_id)).status_code == 404
    actions = AuditEvent.objects.filter(entity_name="CLIENTNOTE").values_list(
        "action_name", flat=True
    )
    assert sorted(actions) == ["CREATE", "DELETE", "UPDATE"]


@pytest.mark.parametrize("body", [{}, {"note": ""}, {"note": "   "}, {"note": "x" * 1001}])
def test_note_is_required_and_at_most_1000_characters(api, make_client, body):
    client = make_client()
    response = api.post(url(client), body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameterName"] == "note"
    assert not Note.objects.exists()
    assert api.post(url(client), {"note": "x" * 1000}, format="json").status_code == 200


def test_list_newest_first_filtered_by_dates_and_author(api, api_as, make_client, make_user):
    client = make_client()
    other = make_user(("ALL_FUNCTIONS",), username="mercy")
    api.post(url(client), {"note": "March"}, format="json")
    api_as(other).post(url(client), {"note": "May"}, format="json")
    for text, month in (("March", 3), ("May", 5)):  # written on those days
        day = datetime.datetime(2026, month, 1, 9, tzinfo=datetime.UTC)
        Note.objects.filter(note=text).update(created_on=day)
    assert [n["note"] for n in api.get(url(client)).json()] == ["May", "March"]
    in_april_on = api.get(url(client), {"fromDate": "2026-04-01"}).json()
    assert [n["note"] for n in in_april_on] == ["May"]
    up_to_march = api.get(url(client), {"toDate": "2026-03-01"}).json()
    assert [n["note"] for n in up_to_march] == ["March"]
    by_mercy = api.get(url(client), {"createdBy": other.pk}).json()
    assert [n["note"] for n in by_mercy] == ["May"]
    assert [n["note"] for n in api.get(url(client), {"createdBy": "mercy"}).json()] == ["May"]
    assert api.get(url(client), {"createdBy": "nobody"}).json() == []
    assert api.get(url(client), {"fromDate": "yesterday"}).status_code == 400


def test_another_branchs_notes_do_not_exist(api, api_as, make_client, make_office, make_user):
    theirs = make_client(office=make_office())
    note_id = api.post(url(theirs), {"note": "Private"}, format="json").json()["resourceId"]
    clerk = api_as(make_user(("ALL_FUNCTIONS",), office=make_office()))
    assert clerk.get(url(theirs)).status_code == 404
    assert clerk.get(url(theirs, note_id)).status_code == 404
    assert clerk.put(url(theirs, note_id), {"note": "Mine"}, format="json").status_code == 404
    assert clerk.delete(url(theirs, note_id)).status_code == 404
    assert Note.objects.get(pk=note_id).note == "Private"
