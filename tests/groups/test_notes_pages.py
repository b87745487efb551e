"""Notes on a group's and a center's page: listed with their earlier texts, added through a
page of their own (audited), shown only to those who may read them."""

import pytest

from mteja.core.models import AuditEvent
from mteja.notes import services as note_services
from mteja.notes.models import Note


@pytest.fixture(params=["group", "center"])
def record(request, new_group, new_center):
    return new_group() if request.param == "group" else new_center()


def page_of(record):
    return f"/{record._meta.model_name}s/{record.pk}/"


def test_a_note_is_added_from_the_page_and_listed_there(browse_as, make_user, record):
    browser = browse_as(make_user(username="manager"))
    page = browser.get(page_of(record)).content.decode()
    assert "No notes." in page and f"{page_of(record)}notes/add/" in page
    blank = browser.post(f"{page_of(record)}notes/add/", {"note": ""})
    assert blank.status_code == 200 and blank.context["form"].errors["note"]
    done = browser.post(f"{page_of(record)}notes/add/", {"note": "Met at the well"}, follow=True)
    assert done.redirect_chain[-1][0] == page_of(record)
    assert "Met at the well" in done.content.decode()
    note = Note.objects.get()
    assert note.group_id == record.pk or note.center_id == record.pk
    assert AuditEvent.objects.filter(entity_name="GROUPNOTE", group_id=record.pk).count() == 1


def test_an_edited_note_shows_its_earlier_text(browse_as, make_user, record):
    user = make_user(username="manager")
    note = note_services.note_create(actor=user, owner=record, text="First words")
    note_services.note_update(actor=user, note=note, text="Second words")
    page = browse_as(user).get(page_of(record)).content.decode()
    assert "Second words" in page and "First words" in page and "Earlier versions" in page


def test_notes_need_their_permissions(browse_as, make_user, record):
    note_services.note_create(actor=None, owner=record, text="Private")
    reader = browse_as(make_user(("READ_GROUP", "READ_CENTER"), username="reader"))
    page = reader.get(page_of(record)).content.decode()
    assert "Private" not in page and "notes/add/" not in page
    assert reader.post(f"{page_of(record)}notes/add/", {"note": "x"}).status_code == 403
    assert Note.objects.count() == 1


def test_another_offices_record_takes_no_note(browse_as, make_user, make_office, record):
    stranger = browse_as(make_user(username="far", office=make_office(name="Far away")))
    assert stranger.post(f"{page_of(record)}notes/add/", {"note": "x"}).status_code == 404
    assert not Note.objects.exists()
