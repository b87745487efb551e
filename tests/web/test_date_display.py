"""Dates read one unambiguous way per language on every page (lists, the client's page,
history, the messages of refused commands): "25 Mar 2024", "25 mars 2024", "25 mar 2024";
each user may prefer digits ("25/03/2024") or ISO ("2024-03-25") in their preferences. The
API keeps Fineract's formats."""

import datetime
import html as html_entities

import pytest
from django.utils import dateformat, translation

from mteja.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SUBMITTED = datetime.date(2024, 3, 25)
SHOWN = {
    ("en", ""): "25 Mar 2024",
    ("fr", ""): "25 mars 2024",
    ("es", ""): "25 mar 2024",
    ("en", "dmy"): "25/03/2024",
    ("fr", "iso"): "2024-03-25",
}


@pytest.fixture
def a_client(make_client):
    return make_client(firstname="Awa", lastname="Diallo", submitted_on=SUBMITTED)


def page(web, url, language="en") -> str:
    web.cookies["django_language"] = language
    response = web.get(url)
    assert response.status_code == 200, response.status_code
    return html_entities.unescape(response.content.decode())


@pytest.mark.parametrize(("language", "choice"), sorted(SHOWN))
def test_the_list_and_the_client_page_write_dates_alike(
    browse_as, make_user, a_client, language, choice
):
    web = browse_as(make_user(date_display=choice))
    expected = SHOWN[(language, choice)]
    listing = page(web, "/clients/", language)
    detail = page(web, f"/clients/{a_client.pk}/", language)
    assert expected in listing
    assert expected in detail
    for other in set(SHOWN.values()) - {expected}:
        assert other not in listing and other not in detail
    assert "03/25/2024" not in listing


def test_the_history_writes_dates_the_same_way(browse_as, make_user, a_client):
    web = browse_as(make_user())
    made_on = AuditEvent.objects.filter(resource_id=a_client.pk).latest("id").made_on
    with translation.override("en"):
        english = dateformat.format(made_on, "j M Y, H:i")
    assert english in page(web, f"/clients/{a_client.pk}/history/")
    with translation.override("fr"):
        french = dateformat.format(made_on, "j N Y, H:i")
    assert french in page(web, f"/clients/{a_client.pk}/history/", "fr")
    # The submission date the history records, as the page writes dates.
    assert "25 Mar 2024" in page(web, f"/clients/{a_client.pk}/history/")


def test_a_refused_command_names_its_date_the_users_way(browse_as, make_user, a_client):
    web = browse_as(make_user())
    web.cookies["django_language"] = "fr"
    response = web.post(f"/clients/{a_client.pk}/activate/", {"activation_date": "2024-03-01"})
    shown = html_entities.unescape(response.content.decode())
    assert "date de soumission (25 mars 2024)" in shown
    assert "2024-03-25" not in shown


def test_the_api_keeps_fineracts_formats(api_as, make_user, a_client):
    api = api_as(make_user(date_display="dmy"))
    body = api.get(f"/fineract-provider/api/v1/clients/{a_client.pk}").json()
    assert body["submittedOnDate"] == [2024, 3, 25]
    refused = api.post(
        f"/fineract-provider/api/v1/clients/{a_client.pk}?command=activate",
        {"activationDate": "2024-03-01", "dateFormat": "yyyy-MM-dd", "locale": "en"},
        format="json",
    )
    assert refused.status_code == 400
    messages = [error["defaultUserMessage"] for error in refused.json()["errors"]]
    assert any("(2024-03-25)" in message for message in messages), messages


def test_a_user_chooses_a_format_in_their_preferences(browse_as, make_user, a_client):
    user = make_user(("READ_CLIENT",), username="officer")
    web = browse_as(user)
    form = page(web, "/account/preferences/")
    assert "Day first, in digits: 05/09/2025" in form
    assert 'href="/account/preferences/"' in form  # from their name in the header
    response = web.post("/account/preferences/", {"date_display": "iso"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.date_display == "iso"
    assert "2024-03-25" in page(web, "/clients/")
    event = AuditEvent.objects.filter(entity_name="USER", resource_id=user.pk).latest("id")
    assert event.changes["date_display"] == ["", "iso"]
    # The form's own inputs stay HTML date inputs, whatever the choice.
    assert 'type="date"' in page(web, "/clients/")


def test_a_choice_outside_the_list_is_refused(browse_as, make_user):
    user = make_user(username="someone")
    response = browse_as(user).post("/account/preferences/", {"date_display": "mdy"})
    assert response.status_code == 200
    assert response.context["form"].errors["date_display"]
    user.refresh_from_db()
    assert user.date_display == ""
