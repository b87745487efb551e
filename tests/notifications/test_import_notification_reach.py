"""A starter's "import finished" notification once they have moved to another branch
(decision 236): they no longer see the job (decision 208), so it no longer links to it — its
words keep the counts they were told, and say why its page is no longer theirs — on the
notifications page and over the API (the web-app shows `content`). Moved up to an office
above the job's, the link stays."""

import pytest
from tests.clients.bulk.test_job_api import API, upload
from tests.clients.bulk.test_jobs import client_file

from mteja.users.notifications import messages
from mteja.users.notifications.services import notify

pytestmark = pytest.mark.django_db

CLOSED = "Its page is no longer open to you: it belongs to an office you no longer serve."
TOLD = "Import of clients-person.csv completed: 2 imported, 0 already there, 1 refused."


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def clerk(make_user, kibera):
    return make_user(("CREATE_CLIENT", "READ_CLIENT"), office=kibera)


def moved(user, office):
    user.office = office
    user.save()


def tray_item(api) -> dict:
    (item,) = api.get(f"{API}/notifications").json()["pageItems"]
    return item


def test_a_moved_starters_notification_keeps_its_counts_and_no_longer_links_to_the_job(
    api_as, browse_as, clerk, mombasa
):
    job_id = upload(api_as(clerk), client_file(3, bad_lines={3})).json()
    link = f'href="/imports/{job_id}/"'
    assert link in browse_as(clerk).get("/notifications/").content.decode()
    item = tray_item(api_as(clerk))
    assert (item["content"], item["objectOpenable"]) == (TOLD, True)
    moved(clerk, mombasa)
    page = browse_as(clerk).get("/notifications/").content.decode()
    assert TOLD in page and CLOSED in page
    assert link not in page
    assert browse_as(clerk).get(f"/imports/{job_id}/").status_code == 404  # what it led to
    item = tray_item(api_as(clerk))
    assert (item["objectType"], item["objectId"]) == ("import", job_id)
    assert (item["content"], item["objectOpenable"]) == (f"{TOLD} {CLOSED}", False)


def test_a_starter_moved_up_above_the_jobs_office_keeps_the_link(
    api_as, browse_as, clerk, head_office
):
    job_id = upload(api_as(clerk), client_file(3, bad_lines={3})).json()
    moved(clerk, head_office)
    page = browse_as(clerk).get("/notifications/").content.decode()
    assert f'href="/imports/{job_id}/"' in page and CLOSED not in page
    assert tray_item(api_as(clerk))["objectOpenable"] is True


def test_a_type_no_app_registered_is_open_as_before(api_as, make_user, kibera):
    """A type no app registered a check for is always open."""
    reader = make_user(("READ_CLIENT",), office=kibera)
    unregistered = messages.Kind("groupEvent", "group", "A group event.")
    notify(reader.__class__.objects.filter(pk=reader.pk), unregistered, 7, actor=None,
           office=kibera)  # fmt: skip
    assert tray_item(api_as(reader))["objectOpenable"] is True


@pytest.mark.parametrize(
    ("language", "closed"),
    [
        (
            "fr",
            "Sa page ne vous est plus ouverte : elle relève d’une agence que vous ne servez plus.",
        ),
        (
            "es",
            "Su página ya no está abierta para usted: pertenece a una sucursal que ya no atiende.",
        ),
    ],
)
def test_the_reason_is_in_the_readers_language(api_as, browse_as, clerk, mombasa, language, closed):
    upload(api_as(clerk), client_file(1))
    moved(clerk, mombasa)
    page = browse_as(clerk, HTTP_ACCEPT_LANGUAGE=language).get("/notifications/")
    assert closed in page.content.decode()
