"""The Notes tab: add, edit with visible history, filter by date and author, delete."""

import datetime

import pytest
from django.test import Client as Browser

from mteja.notes.models import Note

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(admin_user):
    browser = Browser()
    browser.force_login(admin_user)
    return browser


def test_add_edit_filter_and_delete(browser, make_client, make_user):
    client = make_client()
    page = f"/clients/{client.pk}/notes/"
    assert "No notes." in browser.get(page).content.decode()
    assert browser.post(page, {"note": "Needs a follow-up visit"}).status_code == 302
    note = Note.objects.get()
    edit = f"/clients/{client.pk}/notes/{note.pk}/edit/"
    assert browser.post(edit, {"note": "Follow-up visit done"}).status_code == 302
    shown = browser.get(page).content.decode()
    assert "Follow-up visit done" in shown and "Earlier versions" in shown
    assert "Needs a follow-up visit" in shown
    assert "Needs a follow-up visit" in browser.get(edit).content.decode()
    Note.objects.filter(pk=note.pk).update(
        created_on=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC)
    )
    assert (
        "Follow-up visit done"
        not in browser.get(page, {"from_date": "2026-02-01"}).content.decode()
    )
    assert "Follow-up visit done" in browser.get(page, {"to_date": "2026-01-05"}).content.decode()
    someone = make_user(("ALL_FUNCTIONS",))
    Note.objects.create(client=client, note="Paid the fee", created_by=someone)
    theirs = browser.get(page, {"author": someone.pk}).content.decode()
    assert "Paid the fee" in theirs and "Follow-up visit done" not in theirs
    delete = f"/clients/{client.pk}/notes/{note.pk}/delete/"
    assert browser.post(delete).status_code == 302
    assert not Note.objects.filter(pk=note.pk).exists()


def test_a_blank_or_long_note_is_refused_beside_the_field(browser, make_client):
    client = make_client()
    response = browser.post(f"/clients/{client.pk}/notes/", {"note": "x" * 1001})
    assert response.status_code == 200  # the form again, with its error
    assert 'id="id_note_error"' in response.content.decode()
    assert not Note.objects.exists()


def test_read_only_users_see_notes_without_the_forms(make_user, make_client, admin_user):
    client = make_client()
    Note.objects.create(client=client, note="Seen by all", created_by=admin_user)
    reader = Browser()
    reader.force_login(make_user(("READ_CLIENT", "READ_CLIENTNOTE")))
    page = reader.get(f"/clients/{client.pk}/notes/").content.decode()
    assert "Seen by all" in page and "Add note" not in page and "/edit/" not in page
    assert reader.post(f"/clients/{client.pk}/notes/", {"note": "x"}).status_code == 403
