"""The dashboard staff land on: work queues of the user's offices (each with its count, first
rows and a link to the clients list that finds the same clients), counts by status and office,
charts with their tables, recent changes linked; in the user's language; a fixed number of
queries."""

import datetime
import re

import pytest
from django.core.cache import cache

from mteja.clients import services
from mteja.clients.kyc import identifiers
from mteja.clients.models import ClientStatus
from mteja.core import clock
from mteja.organisation.models import CodeValue
from mteja.reports import client_counts
from mteja.site.web import dashboard

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 6, 14)


@pytest.fixture(autouse=True)
def today():
    with clock.frozen_today(TODAY):
        yield TODAY


@pytest.fixture
def east_and_west(east_and_west, make_client, make_staff):
    """East: two pending clients (one waiting since April), an active one served by Eve, an
    active one without an officer (with an identity document); West: three pending, one of
    them being transferred to East."""
    east, west = east_and_west["east"], east_and_west["west"]
    officer = make_staff(office=east, firstname="Olive", lastname="Otieno", is_loan_officer=True)
    national_id = CodeValue.objects.get(code__name="Customer Identifier", name="National ID")
    clients = {
        "waiting": make_client(
            office=east, firstname="Achieng", submitted_on=TODAY.replace(month=4)
        ),
        "recent": make_client(office=east, firstname="Baraka", submitted_on=TODAY),
        "served": make_client(office=east, active=True, staff_id=officer.pk, firstname="Chebet"),
        "unserved": make_client(office=east, active=True, firstname="Daudi"),
        "west": [make_client(office=west, firstname=f"Wekesa{n}") for n in range(3)],
    }
    identifiers.identifier_create(
        actor=None,
        client=clients["unserved"],
        data=identifiers.IdentifierInput(document_type_id=national_id.pk, document_key="AB123456"),
    )
    mover = clients["west"][0]
    services.client_activate(actor=None, client=mover, activation_date=TODAY)
    mover.refresh_from_db()
    services.client_propose_transfer(actor=None, client=mover, destination=east)
    return {**east_and_west, **clients, "mover": mover, "officer": officer}


def queues_of(user) -> dict:
    return {view.queue.key: view for view in dashboard.dashboard(user)["queues"]}


def names(view) -> list[str]:
    return [client.firstname for client, _detail in view.rows]


def test_queues_hold_the_branch_users_clients_only(east_and_west):
    queues = queues_of(east_and_west["manager"])
    assert queues["pending"].count == 2
    assert names(queues["pending"]) == ["Achieng", "Baraka"]  # the longest waiting first
    assert queues["transfers"].count == 1
    assert names(queues["transfers"]) == ["Wekesa0"]
    assert "West Branch" in queues["transfers"].rows[0][1]
    assert queues["without-officer"].count == 1
    assert names(queues["without-officer"]) == ["Daudi"]
    # No identity document: everyone but Daudi (the client arriving from West included, as
    # the clients list of East shows it).
    assert sorted(names(queues["kyc"])) == ["Achieng", "Baraka", "Chebet", "Wekesa0"]


def test_each_queue_links_to_the_clients_list_that_finds_the_same_clients(east_and_west, browse_as):
    web = browse_as(east_and_west["manager"])
    for view in queues_of(east_and_west["manager"]).values():
        listed = web.get(view.url)
        assert listed.status_code == 200
        assert listed.context["table"].total == view.count
        page = listed.content.decode()
        for client, _detail in view.rows:
            assert f'href="/clients/{client.pk}/"' in page


def test_the_head_office_sees_every_branch(east_and_west, make_user):
    head = make_user(("ALL_FUNCTIONS",))
    queues = queues_of(head)
    assert queues["pending"].count == 4  # West's mover is being transferred, not pending
    offices = client_counts.counts_by_office(head)
    assert client_counts.counts_by_status(offices)[ClientStatus.PENDING] == 4
    offices = {row.office.name: row.total for row in offices}
    assert offices == {"Head Office": 7, "East Branch": 4, "West Branch": 3}


def test_counts_by_status_and_office_are_the_branchs(east_and_west):
    manager = east_and_west["manager"]
    offices = client_counts.counts_by_office(manager)
    by_status = client_counts.counts_by_status(offices)
    assert by_status[ClientStatus.PENDING] == 2 and by_status[ClientStatus.ACTIVE] == 2
    assert sum(by_status.values()) == 4  # the client arriving still belongs to West
    assert [(row.office.name, row.by_status) for row in offices] == [
        ("East Branch", {ClientStatus.PENDING: 2, ClientStatus.ACTIVE: 2})
    ]


@pytest.fixture
def closure_reason():
    return CodeValue.objects.filter(code__name="ClientClosureReason").first().pk


def test_new_and_closed_per_month_over_a_year(east_and_west, make_client, closure_reason):
    east = east_and_west["east"]
    old = make_client(office=east, active=True, activation_date=datetime.date(2023, 9, 3),
                      submitted_on=datetime.date(2023, 9, 1))  # fmt: skip
    make_client(office=east, active=True, activation_date=datetime.date(2023, 6, 30),
                submitted_on=datetime.date(2023, 6, 1))  # before the year shown  # fmt: skip
    services.client_close(
        actor=None,
        client=old,
        closure_date=datetime.date(2024, 5, 2),
        closure_reason_id=closure_reason,
    )
    months = client_counts.new_and_closed_per_month(east_and_west["manager"])
    assert [month.month for month in months][0] == datetime.date(2023, 7, 1)
    assert months[-1].month == datetime.date(2024, 6, 1)
    shown = {
        month.month: (month.new, month.closed) for month in months if month.new or month.closed
    }
    assert shown == {
        datetime.date(2023, 9, 1): (1, 0),
        datetime.date(2024, 5, 1): (0, 1),
        datetime.date(2024, 6, 1): (2, 0),  # Chebet and Daudi, activated today
    }


def test_clients_per_officer_most_first_then_those_without(east_and_west, make_client):
    east, eve = east_and_west["east"], east_and_west["officer"]
    make_client(office=east, active=True, staff_id=eve.pk)
    counts = client_counts.counts_by_officer(east_and_west["manager"])
    assert [(c.staff.display_name if c.staff else None, c.count) for c in counts] == [
        (eve.display_name, 2),
        (None, 3),
    ]


def table_of(page: str, key: str) -> list[list[str]]:
    """The rows of the chart `key`'s table, as the cells' text."""
    figure = page[page.index(f'id="chart-{key}"') :]
    table = figure[figure.index("<tbody>") : figure.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(
        r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]  # fmt: skip


def test_the_page_shows_queues_charts_and_their_tables(east_and_west, browse_as):
    web = browse_as(east_and_west["manager"])
    page = web.get("/").content.decode()
    assert 'id="queue-pending"' in page and "Achieng" in page
    assert "Wekesa1" not in page  # West's pending clients are not East's business
    assert table_of(page, "status") == [["Pending", "2"], ["Active", "2"]]
    assert table_of(page, "officers") == [[east_and_west["officer"].display_name, "1"],
                                          ["No loan officer", "3"]]  # fmt: skip
    months = table_of(page, "months")
    assert len(months) == 12 and months[-1] == ["June 2024", "2", "0"]
    assert page.count('<svg class="chart-svg"') == 3
    assert 'href="/clients/?status=100"' in page
    office_counts = page[page.index('id="office-counts"') :]
    assert "East Branch" in office_counts and "West Branch" not in office_counts


def test_recent_changes_link_to_the_records(east_and_west, browse_as, make_user):
    actor = east_and_west["manager"]
    client = east_and_west["recent"]
    services.client_update(actor=actor, client=client, fields={"mobile_no": "0711 000 999"})
    page = browse_as(actor).get("/").content.decode()
    recent = page[page.index('id="recent-heading"') :]
    assert f'<a href="/clients/{client.pk}/">{client.display_name}</a>' in recent


def test_the_dashboard_in_french(east_and_west, browse_as):
    web = browse_as(east_and_west["manager"])
    page = web.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Clients par statut" in page
    assert "En attente d’activation" in page
    assert "juin 2024" in page


def test_the_dashboard_costs_a_fixed_number_of_queries(
    east_and_west, browse_as, make_client, django_assert_max_num_queries
):
    web = browse_as(east_and_west["manager"])
    web.get("/")
    for _ in range(5):
        make_client(office=east_and_west["east"])
    with django_assert_max_num_queries(40):
        assert web.get("/").status_code == 200


def test_a_user_who_may_not_read_clients_sees_no_client_figures(make_user, browse_as):
    reader = make_user(("READ_OFFICE",))
    page = browse_as(reader).get("/").content.decode()
    assert 'id="work-queues"' not in page and 'id="client-figures"' not in page


def test_the_queues_filters_are_the_apis_too(east_and_west, api_as):
    api = api_as(east_and_west["manager"])

    def found(**params) -> list[str]:
        response = api.get("/fineract-provider/api/v1/clients", params)
        assert response.status_code == 200, response.content
        return sorted(row["firstname"] for row in response.json()["pageItems"])

    assert found(kycIncomplete="true") == ["Achieng", "Baraka", "Chebet", "Wekesa0"]
    assert found(kycIncomplete="false") == ["Daudi"]
    assert found(withoutStaff="true", status="active") == ["Daudi"]
    assert found(awaitingTransfer="true") == ["Wekesa0"]
    response = api.get("/fineract-provider/api/v1/clients", {"withoutStaff": "maybe"})
    assert response.status_code == 400


def test_queues_are_current_while_the_figures_are_kept_a_while(
    east_and_west, browse_as, make_client, settings
):
    web = browse_as(east_and_west["manager"])
    web.get("/")
    make_client(office=east_and_west["east"], firstname="Faraji")
    page = web.get("/").content.decode()
    pending = page[page.index('id="queue-pending"') :]
    assert '<span class="queue-count queue-count-due">3</span>' in pending
    assert table_of(page, "status")[0] == ["Pending", "2"]  # counted a moment ago
    assert "Figures as of" in page

    settings.MTEJA_DASHBOARD_FIGURES_SECONDS = 0  # not kept
    cache.clear()
    page = web.get("/").content.decode()
    assert table_of(page, "status")[0] == ["Pending", "3"]
