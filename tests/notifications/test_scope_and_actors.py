"""Notifications stay within what the reader may see and never tell anyone of their own act:
an officer's user in another branch hears nothing of a client they could not open, a staffId
changed by an update tells the new officer, and an import's starter hears of a cancellation
only when someone else cancelled it. Also what the tray refuses and Mteja's pages ask."""

import pytest
from django.urls import reverse

from mteja.clients.imports import running
from mteja.clients.imports.services import enqueue, import_job_cancel, import_job_create
from mteja.clients.models import Client, ImportJob
from mteja.clients.services import client_assign_staff
from mteja.users.notifications.models import Notification

pytestmark = pytest.mark.django_db

BASE = "/fineract-provider/api/v1"
HEADER = "office,firstname,lastname,externalId,submittedOnDate"


def told(user) -> list[tuple[str, int, str]]:
    rows = Notification.objects.filter(user=user).order_by("id")
    return [(n.object_type, n.object_id, n.action) for n in rows]


# --- a loan officer assigned ---------------------------------------------------------------


def test_only_the_officers_users_who_can_open_the_client_are_told(
    make_staff, make_user, make_client, head_office, coast, mombasa, kisumu, admin_user
):
    # A head-office officer may serve a Mombasa client; of the users who log in as them,
    # the one working in Kisumu could not open that client.
    officer = make_staff(office=head_office, is_loan_officer=True)
    in_kisumu = make_user(("READ_CLIENT",), office=kisumu, staff=officer)
    in_coast = make_user(("READ_CLIENT",), office=coast, staff=officer)  # Mombasa lies below
    at_head_office = make_user(("READ_CLIENT",), office=head_office, staff=officer)
    client = make_client(office=mombasa, active=True)

    client_assign_staff(actor=admin_user, client=client, staff_id=officer.pk)

    assert told(in_kisumu) == []
    assert told(in_coast) == told(at_head_office) == [("client", client.pk, "staffAssigned")]
    assert told(admin_user) == []


def test_a_staff_id_changed_by_an_update_tells_the_new_officer_only(
    api, make_staff, make_user, make_client, mombasa
):
    first = make_staff(office=mombasa, firstname="Neema", is_loan_officer=True)
    second = make_staff(office=mombasa, firstname="Baraka", is_loan_officer=True)
    first_user = make_user(("READ_CLIENT",), office=mombasa, staff=first)
    second_user = make_user(("READ_CLIENT",), office=mombasa, staff=second)
    client = make_client(office=mombasa, active=True, staff_id=first.pk)
    Notification.objects.all().delete()  # the client's creation told the first officer

    response = api.put(f"{BASE}/clients/{client.pk}", {"staffId": second.pk}, format="json")

    assert response.status_code == 200, response.json()
    assert told(second_user) == [("client", client.pk, "staffAssigned")]
    assert told(first_user) == []
    unchanged = api.put(f"{BASE}/clients/{client.pk}", {"staffId": second.pk}, format="json")
    assert unchanged.status_code == 200, unchanged.json()
    assert len(told(second_user)) == 1  # the same officer again is no news


# --- an import job ended -----------------------------------------------------------------------


@pytest.fixture
def clerk(make_user, mombasa):
    return make_user(("CREATE_CLIENT", "READ_CLIENT"), office=mombasa)


def client_file(count: int) -> bytes:
    rows = [f"Mombasa,Asha,Njeri{line},JOB-{line},2024-01-10" for line in range(2, count + 2)]
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode()


@pytest.mark.parametrize("by_the_starter", [True, False])
def test_a_running_import_cancelled_tells_its_starter_only_if_someone_else_did(
    clerk, admin_user, monkeypatch, by_the_starter
):
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    canceller = clerk if by_the_starter else admin_user

    def cancel_after_the_first_batch(job):
        if job.rows_done == 2:
            import_job_cancel(actor=canceller, job=job)

    job = import_job_create(actor=clerk, data=client_file(6), file_name="a.csv")
    job = running.run_job(job.pk, on_progress=cancel_after_the_first_batch)

    assert job.status == "cancelled"
    assert told(admin_user) == []
    if by_the_starter:
        assert told(clerk) == []
        return
    (note,) = Notification.objects.filter(user=clerk)
    assert (note.object_type, note.object_id, note.action) == ("import", job.pk, "importFinished")
    assert note.actor == admin_user and not note.is_system_generated
    assert note.params["actor"] == admin_user.get_full_name()


def test_a_queued_import_cancelled_by_someone_else_tells_its_starter_at_once(
    clerk, admin_user, api_as
):
    job = import_job_create(actor=clerk, data=client_file(1), file_name="a.csv")
    import_job_cancel(actor=admin_user, job=job)
    enqueue(job)  # it never runs, so never finishes a second time

    (item,) = api_as(clerk).get(f"{BASE}/notifications", {"isRead": "false"}).json()["pageItems"]
    what = (item["objectType"], item["objectId"], item["action"])
    assert what == ("import", job.pk, "importFinished")
    assert item["actorId"] == admin_user.pk and item["isSystemGenerated"] is False
    assert item["content"] == (
        f"Import of a.csv cancelled by {admin_user.get_full_name()}: 0 imported, 0 already "
        "there, 0 refused."
    )
    assert ImportJob.objects.get(pk=job.pk).status == "cancelled"


def test_a_queued_import_cancelled_by_its_starter_tells_no_one(clerk):
    job = import_job_create(actor=clerk, data=client_file(1), file_name="a.csv")
    import_job_cancel(actor=clerk, job=job)
    assert not Notification.objects.exists()


def test_the_officers_of_imported_clients_are_told_each_client_in_their_scope(
    make_staff, make_user, admin_user, head_office, mombasa, kisumu, monkeypatch
):
    monkeypatch.setattr(running, "BATCH_SIZE", 2)  # the four rows in two batches
    officer = make_staff(office=head_office, firstname="Zuri", lastname="Mwangi",
                         is_loan_officer=True)  # fmt: skip
    at_mombasa = make_user(("READ_CLIENT",), office=mombasa, staff=officer)
    at_kisumu = make_user(("READ_CLIENT",), office=kisumu, staff=officer)  # sees no Mombasa
    importer = make_user(("CREATE_CLIENT", "READ_CLIENT"), office=head_office, staff=officer)
    rows = [
        'Mombasa,Asha,Njeri,J-1,2024-01-10,"Mwangi, Zuri"',
        'Mombasa,Baraka,Otieno,J-2,2024-01-10,"Mwangi, Zuri"',
        "Mombasa,Chausiku,Wanjiru,J-3,2024-01-10,",
        'Mombasa,Daudi,Kamau,J-4,2024-01-10,"Mwangi, Zuri"',
    ]
    data = ("\r\n".join([f"{HEADER},staff", *rows]) + "\r\n").encode()

    job = import_job_create(actor=importer, data=data, file_name="a.csv")
    enqueue(job)

    job.refresh_from_db()
    assert job.outcomes == {"imported": 4}
    officered = Client.objects.filter(staff=officer).order_by("id")
    assert [c.firstname for c in officered] == ["Asha", "Baraka", "Daudi"]
    assert told(at_mombasa) == [("client", c.pk, "staffAssigned") for c in officered]
    assert {n.actor_id for n in Notification.objects.filter(user=at_mombasa)} == {importer.pk}
    assert told(at_kisumu) == []
    # The importer logs in as the officer too: told the import finished, not of the clients
    # they gave themselves.
    assert told(importer) == [("import", job.pk, "importFinished")]


# --- the tray's requests and Mteja's pages -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"), [("isRead", "perhaps"), ("limit", "nine"), ("offset", "-1")]
)
def test_a_malformed_tray_parameter_is_fineracts_400(api, name, value):
    response = api.get(f"{BASE}/notifications", {name: value})
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameterName"] == name


def test_a_far_offset_is_the_400_every_list_answers(api, settings):
    settings.MTEJA_API_MAX_OFFSET = 4
    assert api.get(f"{BASE}/notifications", {"offset": 4}).status_code == 200
    response = api.get(f"{BASE}/notifications", {"offset": 5})
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["parameterName"] == "offset"
    assert error["userMessageGlobalisationCode"] == "validation.msg.offset.exceeds.maximum"
    # Not the clients list's advice to pass `afterId`: neither list reads it.
    assert error["defaultUserMessage"] == "`offset` may be at most 4."
    imports = api.get(f"{BASE}/imports", {"entityType": "clients", "offset": 5})
    assert response.json() == imports.json()


def test_every_page_asks_for_the_bell_once_loaded(browse_as, make_user):
    page = browse_as(make_user(())).get(reverse("preferences")).content.decode()
    assert f'hx-get="{reverse("notifications_bell")}"' in page


@pytest.mark.parametrize("name", ["notifications_page", "notifications_bell"])
def test_the_notification_pages_need_a_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/login/" in response["Location"]
