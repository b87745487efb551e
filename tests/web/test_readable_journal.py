"""A readable audit log (issue 16, item 7): labels instead of column names, references and
people by name (read per page, not per row), actions by their label (and found by it),
records linked to their pages, an impossible date range explained."""

import datetime
import re

import pytest
from django.utils import translation

from mteja.clients import services
from mteja.core import audit, clock
from mteja.organisation.models import CodeValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(make_user):
    return make_user(("ALL_FUNCTIONS",), username="wanjiru")  # named "Test Wanjiru"


@pytest.fixture
def web(client, manager):
    client.force_login(manager)
    return client


def journal_rows(response) -> list[str]:
    body = re.search(r"<tbody[^>]*>(.*?)</tbody>", response.content.decode(), re.S).group(1)
    rows = re.findall(r"<tr.*?</tr>", body, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def test_a_change_reads_as_labels_and_names(web, make_client, make_staff, kibera, mombasa):
    client = make_client(office=kibera, firstname="Achieng", lastname="Otieno")
    officer = make_staff(office=mombasa, firstname="Halima", lastname="Said")
    female = CodeValue.objects.get(code__name="Gender", name="Female")
    audit.record(
        actor=None, action="UPDATE", entity="CLIENT", resource_id=client.pk, office=mombasa,
        client_id=client.pk,
        changes={"office_id": [kibera.pk, mombasa.pk], "staff_id": [None, officer.pk],
                 "gender_id": [None, female.pk], "status": [100, 300]},
    )  # fmt: skip
    [row, *_] = journal_rows(web.get("/audit/", {"entity": "Client", "action": "Edited"}))
    assert "Office Kibera → Mombasa" in row
    assert "Staff Said, Halima" in row or "Loan officer Said, Halima" in row
    assert "Gender Female" in row
    assert "Status Pending → Active" in row
    assert "office_id" not in row and "gender_id" not in row
    with translation.override("fr"):
        [row, *_] = journal_rows(
            web.get("/audit/", {"entity": "Client", "action": "Modifié"}, HTTP_ACCEPT_LANGUAGE="fr")
        )
    assert "Femme" in row


def test_the_record_is_linked_and_named(web, make_client, kibera, manager):
    client = make_client(office=kibera, firstname="Achieng", lastname="Otieno")
    services.client_activate(actor=manager, client=client, activation_date=clock.today())
    page = web.get("/audit/", {"action": "Activated"}).content.decode()
    assert f'<a href="/clients/{client.pk}/">Otieno, Achieng</a>' in page or (
        f'<a href="/clients/{client.pk}/">Achieng Otieno</a>' in page
    )
    [row] = journal_rows(web.get("/audit/", {"action": "Activated"}))
    assert "Test Wanjiru" in row  # the user by name


def test_a_client_of_another_office_is_not_named(client, make_user, make_client, kibera, mombasa):
    stranger = make_client(office=mombasa, firstname="Baraka", lastname="Mwangi")
    audit.record(
        actor=None, action="UPDATE", entity="FAMILYMEMBERS", resource_id=1, office=kibera,
        client_id=stranger.pk, changes={},
    )  # fmt: skip
    client.force_login(make_user(("ALL_FUNCTIONS",), office=kibera))
    page = client.get("/audit/").content.decode()
    assert "Mwangi" not in page and f"/clients/{stranger.pk}/" not in page


def test_filtering_by_the_label_of_an_action(web, make_client, kibera, manager):
    active = make_client(office=kibera, active=True)
    services.client_close(
        actor=manager, client=active, closure_date=clock.today(),
        closure_reason_id=CodeValue.objects.filter(code__name="ClientClosureReason")[0].pk,
    )  # fmt: skip
    for typed in ("Closed", "closed", "CLOSE"):
        rows = journal_rows(web.get("/audit/", {"action": typed}))
        assert len(rows) == 1 and "Closed" in rows[0], typed
    page = web.get("/audit/").content.decode()
    assert '<option value="Closed">' in page  # the suggestions are labels, not codes
    assert '<option value="CLOSE">' not in page


def test_an_impossible_date_range_is_explained(web):
    response = web.get("/audit/", {"made_from": "2026-05-10", "made_to": "2026-05-01"})
    assert response.context["filters"].errors["made_to"] == [
        "The end date is before the start date: no event can be in that range."
    ]
    assert "The end date is before the start date" in response.content.decode()


def test_names_are_read_once_per_page(web, make_office, make_staff, django_assert_max_num_queries):
    """Thirty events naming thirty offices and officers cost no more than one event."""
    for number in range(30):
        office = make_office(name=f"Branch {number}")
        officer = make_staff(office=office)
        audit.record(
            actor=None, action="UPDATE", entity="STAFF", resource_id=officer.pk, office=office,
            changes={"office_id": [1, office.pk], "joining_date": [None, "2020-01-01"]},
        )  # fmt: skip
    web.get("/audit/")  # this worker's users and references read
    with django_assert_max_num_queries(14):
        response = web.get("/audit/")
    rows = journal_rows(response)
    assert len(rows) == 25 and "Head Office → Branch 29" in rows[0]
    assert datetime.date(2020, 1, 1).strftime("%Y") in rows[0]
