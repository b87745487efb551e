"""/groups/{id}/notes and /groups/{id}/documents (a center's too: its id names it there, as
the Mifos X web-app's center page calls them): the client's rules, on groups."""

import pytest

from documents import files
from documents.conftest import upload
from mteja.core.models import AuditEvent
from mteja.documents.models import Document
from mteja.notes.models import Note

from .conftest import BASE, codes_of


@pytest.fixture(params=["group", "center"])
def owner(request, new_group, new_center):
    return new_group() if request.param == "group" else new_center()


def notes(owner, note_id=None):
    url = f"{BASE}/groups/{owner.pk}/notes"
    return url if note_id is None else f"{url}/{note_id}"


def docs(owner, document_id=None):
    url = f"{BASE}/groups/{owner.pk}/documents"
    return url if document_id is None else f"{url}/{document_id}"


def test_notes_are_added_edited_with_history_and_deleted(api, admin_user, owner):
    created = api.post(notes(owner), {"note": "Met on Monday"}, format="json")
    assert created.status_code == 200, created.json()
    assert created.json()["groupId"] == owner.pk and created.json()["officeId"] == owner.office_id
    note_id = created.json()["resourceId"]
    shown = api.get(notes(owner, note_id)).json()
    assert (shown["groupId"], shown["clientId"]) == (owner.pk, None)
    assert shown["noteType"]["code"] == "noteType.group"
    assert shown["createdByUsername"] == admin_user.username
    edited = api.put(notes(owner, note_id), {"note": "Met on Tuesday"}, format="json")
    assert edited.json()["changes"] == {"note": "Met on Tuesday"}
    (listed,) = api.get(notes(owner)).json()
    assert listed["note"] == "Met on Tuesday"
    assert [h["note"] for h in listed["history"]] == ["Met on Monday"]
    assert api.delete(notes(owner, note_id)).status_code == 200
    assert api.get(notes(owner, note_id)).status_code == 404
    events = AuditEvent.objects.filter(entity_name="GROUPNOTE").order_by("id")
    assert [e.action_name for e in events] == ["CREATE", "UPDATE", "DELETE"]
    assert {(e.group_id, e.office_id, e.client_id) for e in events} == {
        (owner.pk, owner.office_id, None)
    }


def test_notes_are_filtered_by_author(api, api_as, make_user, owner):
    mercy = make_user(("ALL_FUNCTIONS",), username="mercy")
    api.post(notes(owner), {"note": "Mine"}, format="json")
    api_as(mercy).post(notes(owner), {"note": "Hers"}, format="json")
    assert [n["note"] for n in api.get(f"{notes(owner)}?createdBy=mercy").json()] == ["Hers"]
    assert [n["note"] for n in api.get(f"{notes(owner)}?createdBy={mercy.pk}").json()] == ["Hers"]
    assert api.get(f"{notes(owner)}?fromDate=2999-01-01").json() == []


def test_a_blank_or_long_note_is_refused(api, owner):
    blank = api.post(notes(owner), {"note": "  "}, format="json")
    assert blank.status_code == 400
    assert codes_of(blank) == ["validation.msg.note.note.cannot.be.blank"]
    long = api.post(notes(owner), {"note": "x" * 1001}, format="json")
    assert long.status_code == 400
    unknown = api.post(notes(owner), {"note": "ok", "colour": "red"}, format="json")
    assert codes_of(unknown) == ["error.msg.parameter.unsupported"]
    assert not Note.objects.exists()


def test_a_note_of_one_owner_is_not_reached_through_another(api, new_group, make_client):
    first, second = new_group("Umoja"), new_group("Tumaini")
    note_id = api.post(notes(first), {"note": "Ours"}, format="json").json()["resourceId"]
    assert api.get(notes(second, note_id)).status_code == 404
    assert api.put(notes(second, note_id), {"note": "Theirs"}, format="json").status_code == 404
    client = make_client()
    client_note = api.post(f"{BASE}/clients/{client.pk}/notes", {"note": "A client's"},
                           format="json").json()["resourceId"]  # fmt: skip
    assert api.get(notes(first, client_note)).status_code == 404
    assert api.get(f"{BASE}/clients/{client.pk}/notes/{note_id}").status_code == 404
    assert api.get(f"{BASE}/groups/999999/notes").status_code == 404


def test_notes_are_scoped_to_the_office_and_need_group_note_permissions(
    api, api_as, make_user, make_office, owner
):
    note_id = api.post(notes(owner), {"note": "Ours"}, format="json").json()["resourceId"]
    elsewhere = api_as(make_user(office=make_office(name="Far away")))
    assert elsewhere.get(notes(owner)).status_code == 404
    assert elsewhere.post(notes(owner), {"note": "x"}, format="json").status_code == 404
    assert elsewhere.delete(notes(owner, note_id)).status_code == 404
    reader = api_as(make_user(("READ_GROUPNOTE",)))
    assert reader.get(notes(owner)).status_code == 200
    assert reader.post(notes(owner), {"note": "x"}, format="json").status_code == 403
    assert api_as(make_user(("READ_CLIENTNOTE",))).get(notes(owner)).status_code == 403
    assert Note.objects.count() == 1


def test_documents_are_uploaded_read_changed_downloaded_and_deleted(api, owner):
    created = api.post(
        docs(owner), {"name": "Minutes", "description": "June", "file": upload("m.pdf", files.PDF)}
    )
    assert created.status_code == 200, created.json()
    assert created.json()["groupId"] == owner.pk
    document_id = created.json()["resourceId"]
    (listed,) = api.get(docs(owner)).json()
    assert listed["parentEntityType"] == "groups" and listed["parentEntityId"] == owner.pk
    assert (listed["name"], listed["description"], listed["type"]) == (
        "Minutes", "June", "application/pdf",
    )  # fmt: skip
    changed = api.put(docs(owner, document_id), {"name": "Minutes of June"}, format="json")
    assert changed.json()["changes"] == {"name": "Minutes of June"}
    download = api.get(f"{docs(owner, document_id)}/attachment")
    assert b"".join(download.streaming_content) == files.PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert api.delete(docs(owner, document_id)).status_code == 200
    assert api.get(docs(owner, document_id)).status_code == 404
    events = AuditEvent.objects.filter(entity_name="DOCUMENT").order_by("id")
    assert [e.action_name for e in events] == ["CREATE", "UPDATE", "DELETE"]
    assert {(e.group_id, e.client_id) for e in events} == {(owner.pk, None)}


def test_a_document_is_judged_by_its_content_and_needs_a_name_or_file(api, owner):
    disguised = api.post(docs(owner), {"name": "x", "file": upload("a.pdf", b"MZ\x90\x00evil")})
    assert disguised.status_code == 400
    assert api.post(docs(owner), {"name": "No file"}).status_code == 400
    assert not Document.objects.exists()


def test_documents_are_scoped_and_not_reached_through_another_owner(
    api, api_as, make_user, make_office, new_group, make_client
):
    group, other = new_group("Umoja"), new_group("Tumaini")
    document_id = api.post(
        docs(group), {"name": "Minutes", "file": upload("m.pdf", files.PDF)}
    ).json()["resourceId"]
    assert api.get(docs(other, document_id)).status_code == 404
    client = make_client()
    assert api.get(f"{BASE}/clients/{client.pk}/documents/{document_id}").status_code == 404
    elsewhere = api_as(make_user(office=make_office(name="Far away")))
    assert elsewhere.get(docs(group)).status_code == 404
    assert elsewhere.get(f"{docs(group, document_id)}/attachment").status_code == 404
    assert elsewhere.delete(docs(group, document_id)).status_code == 404
    reader = api_as(make_user(("READ_DOCUMENT",)))
    assert reader.get(docs(group)).status_code == 200
    assert reader.delete(docs(group, document_id)).status_code == 403
    assert Document.objects.filter(group=group).count() == 1
