"""Notifications: who is told of a transfer proposed to their office and of a client assigned
to them as loan officer, and the tray the Mifos X web-app reads (`GET /notifications?isRead=…
&limit=9`, `PUT /notifications`)."""

import datetime

import pytest

from mteja.core import clock
from mteja.users.notifications.models import Notification

pytestmark = pytest.mark.django_db

BASE = "/fineract-provider/api/v1"
ACCEPT = ("READ_CLIENT", "ACCEPTTRANSFER_CLIENT")


def tray(api, **params):
    response = api.get(f"{BASE}/notifications", {"limit": 9, **params})
    assert response.status_code == 200, response.json()
    return response.json()


def propose(api, client, office):
    response = api.post(
        f"{BASE}/clients/{client.pk}?command=proposeTransfer",
        {
            "destinationOfficeId": office.pk,
            "transferDate": clock.today().strftime("%d %B %Y"),
            "note": "",
            "dateFormat": "dd MMMM yyyy",
            "locale": "en",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()


def test_a_proposed_transfer_tells_who_can_accept_it_at_the_destination(
    api, admin_user, make_user, make_client, mombasa, kibera, nairobi, api_as
):
    client = make_client(office=mombasa, active=True, activation_date=datetime.date(2024, 1, 1))
    kibera_manager = make_user(ACCEPT, office=kibera)
    nairobi_manager = make_user(ACCEPT, office=nairobi)  # Kibera is under Nairobi
    kibera_clerk = make_user(("READ_CLIENT",), office=kibera)  # may not accept
    mombasa_manager = make_user(ACCEPT, office=mombasa)  # the client's office, not the destination
    propose(api, client, kibera)

    for user in (kibera_manager, nairobi_manager):
        (item,) = tray(api_as(user), isRead="false")["pageItems"]
        assert item["objectType"] == "client" and item["objectId"] == client.pk
        assert item["action"] == "transferProposed"
        assert item["actorId"] == admin_user.pk and item["isSystemGenerated"] is False
        assert item["officeId"] == kibera.pk and item["isRead"] is False
        assert item["content"] == (
            f"{client.display_name} is proposed for transfer from Mombasa to Kibera by "
            f"{admin_user.get_full_name()}."
        )
        datetime.datetime.strptime(item["createdAt"], "%Y-%m-%d %H:%M:%S")
    for user in (kibera_clerk, mombasa_manager):
        assert tray(api_as(user), isRead="false")["totalFilteredRecords"] == 0
    # The head office's administrator made the proposal: not told of their own action.
    assert tray(api, isRead="false")["totalFilteredRecords"] == 0


def test_a_refused_proposal_tells_no_one(api, make_user, make_client, kibera, api_as):
    client = make_client(office=kibera)  # pending: cannot be transferred
    manager = make_user(ACCEPT, office=kibera)
    response = api.post(
        f"{BASE}/clients/{client.pk}?command=proposeTransfer",
        {"destinationOfficeId": kibera.pk},
        format="json",
    )
    assert response.status_code in (400, 403)
    assert not Notification.objects.filter(user=manager).exists()


def test_the_officer_assigned_a_client_is_told_by_name(
    api, admin_user, make_user, make_staff, make_client, kibera, api_as
):
    officer = make_staff(office=kibera, firstname="Neema", is_loan_officer=True)
    officer_user = make_user(("READ_CLIENT",), office=kibera, staff=officer)
    client = make_client(office=kibera, active=True)
    response = api.post(
        f"{BASE}/clients/{client.pk}?command=assignStaff", {"staffId": officer.pk}, format="json"
    )
    assert response.status_code == 200, response.json()
    (item,) = tray(api_as(officer_user), isRead="false")["pageItems"]
    assert (item["action"], item["objectType"], item["objectId"]) == (
        "staffAssigned",
        "client",
        client.pk,
    )
    assert item["content"] == (
        f"{admin_user.get_full_name()} assigned {client.display_name} to you as loan officer."
    )


def test_a_client_created_with_an_officer_tells_the_officer(make_user, make_staff, kibera, api_as):
    officer = make_staff(office=kibera, is_loan_officer=True)
    officer_user = make_user(("READ_CLIENT",), office=kibera, staff=officer)
    creator = make_user(("CREATE_CLIENT", "READ_CLIENT"), office=kibera)
    response = api_as(creator).post(
        f"{BASE}/clients",
        {
            "officeId": kibera.pk,
            "legalFormId": 1,
            "firstname": "Baraka",
            "lastname": "Otieno",
            "staffId": officer.pk,
            "active": False,
            "submittedOnDate": clock.today().isoformat(),
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    (item,) = tray(api_as(officer_user))["pageItems"]
    assert item["objectId"] == response.json()["clientId"]


def test_an_officer_assigning_themselves_is_not_told(
    make_user, make_staff, make_client, kibera, api_as
):
    officer = make_staff(office=kibera, is_loan_officer=True)
    officer_user = make_user(("READ_CLIENT", "ASSIGNSTAFF_CLIENT"), office=kibera, staff=officer)
    client = make_client(office=kibera, active=True)
    response = api_as(officer_user).post(
        f"{BASE}/clients/{client.pk}?command=assignStaff", {"staffId": officer.pk}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert tray(api_as(officer_user))["totalFilteredRecords"] == 0


@pytest.fixture
def inbox(make_user, kibera):
    """A Kibera user with 12 notifications, the 10 oldest read, and another user with one."""
    owner, other = make_user(("READ_CLIENT",), office=kibera), make_user(office=kibera)
    rows = [
        Notification(user=owner, object_type="client", object_id=n, action="staffAssigned",
                     params={"client": f"Client {n}", "actor": "Asha"}, is_read=n <= 10)
        for n in range(1, 13)
    ]  # fmt: skip
    rows.append(Notification(user=other, object_type="client", object_id=99, action="x"))
    Notification.objects.bulk_create(rows)
    return owner, other


def test_the_tray_lists_read_and_unread_apart_newest_first(inbox, api_as):
    owner, _ = inbox
    api = api_as(owner)
    unread = tray(api, isRead="false")
    assert unread["totalFilteredRecords"] == 2
    assert [i["objectId"] for i in unread["pageItems"]] == [12, 11]
    read = tray(api, isRead="true")
    assert read["totalFilteredRecords"] == 10
    assert [i["objectId"] for i in read["pageItems"]] == list(range(10, 1, -1))  # limit 9
    everything = api.get(f"{BASE}/notifications", {"limit": 5, "offset": 10}).json()
    assert [i["objectId"] for i in everything["pageItems"]] == [2, 1]
    assert everything["totalFilteredRecords"] == 12


def test_marking_read_touches_only_the_users_own(inbox, api_as):
    owner, other = inbox
    assert api_as(owner).put(f"{BASE}/notifications", {}, format="json").status_code == 200
    assert tray(api_as(owner), isRead="false")["totalFilteredRecords"] == 0
    assert tray(api_as(other), isRead="false")["totalFilteredRecords"] == 1


def test_one_notification_is_marked_read_by_id_and_anothers_is_a_404(inbox, api_as):
    owner, other = inbox
    mine = Notification.objects.filter(user=owner, is_read=False).first()
    theirs = Notification.objects.get(user=other)
    assert (
        api_as(owner).put(f"{BASE}/notifications/{mine.pk}", {}, format="json").status_code == 200
    )
    mine.refresh_from_db()
    assert mine.is_read
    refused = api_as(owner).put(f"{BASE}/notifications/{theirs.pk}", {}, format="json")
    assert refused.status_code == 404
    assert refused.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.notification.id.invalid"
    )
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_a_notification_reads_in_the_readers_language(inbox, api_as):
    owner, _ = inbox
    api = api_as(owner)
    api.credentials(**api._credentials, HTTP_ACCEPT_LANGUAGE="fr")
    (first, *_) = tray(api, isRead="false")["pageItems"]
    # (No client 12 exists: the reader is told, in their language too, that it is not theirs.)
    assert first["content"] == (
        "Asha vous a confié Client 12 comme agent de crédit. Sa page ne vous est plus ouverte : "
        "ce client n’est plus parmi ceux que vous pouvez voir."
    )


def test_the_web_page_lists_only_the_users_own_and_the_bell_counts_them(
    inbox, browse_as, make_client, kibera
):
    owner, other = inbox
    client = make_client(office=kibera)  # the newest one's: a client its reader sees
    Notification.objects.filter(user=owner, object_id=12).update(object_id=client.pk)
    page = browse_as(owner).get("/notifications/")
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count('class="unread"') == 2 and "Client 12" in text
    assert f'href="/clients/{client.pk}/"' in text
    bell = browse_as(other).get("/notifications/bell/").content.decode()
    assert "1 unread" in bell
    browse_as(other).post("/notifications/read/")
    assert "unread" not in browse_as(other).get("/notifications/bell/").content.decode()
    assert Notification.objects.filter(user=owner, is_read=False).count() == 2


def test_a_step_the_system_took_reads_without_an_actor(
    make_user, make_staff, make_client, kibera, api_as
):
    officer = make_staff(office=kibera, is_loan_officer=True)
    officer_user = make_user(("READ_CLIENT",), office=kibera, staff=officer)
    client = make_client(office=kibera, staff_id=officer.pk)  # by the system (no actor)
    (item,) = tray(api_as(officer_user))["pageItems"]
    assert item["content"] == f"{client.display_name} is assigned to you as loan officer."
    assert item["isSystemGenerated"] is True
