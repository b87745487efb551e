"""A notification about a client links to it only while its reader may open the client
(decision 246): a transfer proposed to a branch, then withdrawn, leaves the client out of that
branch's reach; an officer's user moved to another branch no longer serves the client. Their
notifications keep the words they were told then (the client's name and offices as they
were, nothing newer), lose their link and say why, on the notifications page and over the API
(the web-app shows `content`); a reader who still sees the client keeps the link."""

import datetime

import pytest
from tests.notifications.test_notifications import ACCEPT, BASE, propose

from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

CLOSED = "Its page is no longer open to you: this client is no longer among those you may see."


def tray_item(api) -> dict:
    (item,) = api.get(f"{BASE}/notifications").json()["pageItems"]
    return item


def command(api, client, name: str, body=None) -> None:
    response = api.post(f"{BASE}/clients/{client.pk}?command={name}", body or {}, format="json")
    assert response.status_code == 200, response.json()


def moved(user, office) -> None:
    user.office = office
    user.save()


@pytest.fixture
def client(make_client, mombasa):
    return make_client(office=mombasa, active=True, activation_date=datetime.date(2024, 1, 1),
                       firstname="Asha", lastname="Njeri")  # fmt: skip


@pytest.fixture
def manager(make_user, kibera):
    """A Kibera manager who may accept transfers into Kibera: told of one proposed."""
    return make_user(ACCEPT, office=kibera)


def told_of_a_transfer(api, client, office, admin_user) -> str:
    propose(api, client, office)
    by = admin_user.get_full_name()
    return f"Asha Njeri is proposed for transfer from Mombasa to Kibera by {by}."


def test_a_withdrawn_transfers_notification_no_longer_links_to_the_client(
    api, api_as, browse_as, admin_user, client, manager, kibera
):
    told = told_of_a_transfer(api, client, kibera, admin_user)
    link = f'href="/clients/{client.pk}/"'
    assert link in browse_as(manager).get("/notifications/").content.decode()  # awaiting them
    assert tray_item(api_as(manager))["objectOpenable"] is True
    command(api, client, "withdrawTransfer")
    # Renamed since: the reader, who may no longer see the client, learns nothing of it.
    renamed = api.put(f"{BASE}/clients/{client.pk}", {"firstname": "Zawadi"}, format="json")
    assert renamed.status_code == 200, renamed.json()

    page = browse_as(manager).get("/notifications/").content.decode()
    assert told in page and CLOSED in page
    assert link not in page and "Zawadi" not in page
    assert browse_as(manager).get(f"/clients/{client.pk}/").status_code == 404  # what it led to
    item = tray_item(api_as(manager))
    assert (item["objectType"], item["objectId"]) == ("client", client.pk)
    assert (item["content"], item["objectOpenable"]) == (f"{told} {CLOSED}", False)
    assert api_as(manager).get(f"{BASE}/clients/{client.pk}").status_code == 404


def test_an_accepted_transfers_notification_keeps_its_link(
    api, api_as, browse_as, admin_user, client, manager, kibera
):
    told = told_of_a_transfer(api, client, kibera, admin_user)
    command(api, client, "acceptTransfer")
    assert Client.objects.get(pk=client.pk).office_id == kibera.pk
    page = browse_as(manager).get("/notifications/").content.decode()
    assert f'href="/clients/{client.pk}/"' in page and CLOSED not in page
    item = tray_item(api_as(manager))
    assert (item["content"], item["objectOpenable"]) == (told, True)


@pytest.fixture
def officer_user(api, make_staff, make_user, client, mombasa):
    """The user of Mombasa's loan officer, told that `client` is assigned to them."""
    officer = make_staff(office=mombasa, is_loan_officer=True)
    user = make_user(("READ_CLIENT",), office=mombasa, staff=officer)
    command(api, client, "assignStaff", {"staffId": officer.pk})
    return user


def test_a_moved_officers_notification_no_longer_links_to_the_client(
    api_as, browse_as, admin_user, client, officer_user, kisumu
):
    told = f"{admin_user.get_full_name()} assigned Asha Njeri to you as loan officer."
    assert tray_item(api_as(officer_user))["content"] == told
    moved(officer_user, kisumu)
    page = browse_as(officer_user).get("/notifications/").content.decode()
    assert told in page and CLOSED in page and f'href="/clients/{client.pk}/"' not in page
    item = tray_item(api_as(officer_user))
    assert (item["content"], item["objectOpenable"]) == (f"{told} {CLOSED}", False)


def test_an_officer_moved_up_above_the_clients_office_keeps_the_link(
    api_as, browse_as, client, officer_user, coast
):
    moved(officer_user, coast)  # Mombasa lies below
    page = browse_as(officer_user).get("/notifications/").content.decode()
    assert f'href="/clients/{client.pk}/"' in page and CLOSED not in page
    assert tray_item(api_as(officer_user))["objectOpenable"] is True


@pytest.mark.parametrize(
    ("language", "closed"),
    [
        ("fr", "Sa page ne vous est plus ouverte : ce client n’est plus parmi ceux que vous "
               "pouvez voir."),
        ("es", "Su página ya no está abierta para usted: este cliente ya no está entre los que "
               "puede ver."),
    ],
)  # fmt: skip
def test_the_reason_is_in_the_readers_language(
    api_as, browse_as, client, officer_user, kisumu, language, closed
):
    moved(officer_user, kisumu)
    page = browse_as(officer_user, HTTP_ACCEPT_LANGUAGE=language).get("/notifications/")
    assert closed in page.content.decode()
