"""Every list: statuses as coloured badges (one look per meaning), its total and "page 2 of
50", a page past the end showing the last page, filters that apply together and stay in the
address across paging and sorting."""

import datetime
import html as html_entities
import re

import pytest
from django.utils import translation

from mteja.clients.models import ClientStatus, TransferType
from mteja.core.web.badges import active_badge, choice_badge
from mteja.core.web.pagination import counted
from mteja.groups.models import GroupStatus

pytestmark = pytest.mark.django_db

CLIENTS = "/clients/"


@pytest.fixture
def admin(make_user):
    return make_user(("ALL_FUNCTIONS",), username="root")


@pytest.fixture
def web(browse_as, admin):
    return browse_as(admin)


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return html_entities.unescape(response.content.decode())


def page_info(response) -> str:
    found = re.search(r'class="(?:pagination )?page-info">(.*?)</(?:span|p)>\s*(?:<|$)',
                      text(response), re.S)  # fmt: skip
    assert found, "no paging summary"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def row_names(response) -> list[str]:
    return re.findall(r">(Client\d\d) Musa<", text(response))


@pytest.fixture
def thirty_clients(make_client, head_office):
    return [
        make_client(firstname=f"Client{number:02d}", lastname="Musa", active=number % 2 == 0)
        for number in range(30)
    ]


# --- badges ----------------------------------------------------------------------------------


def test_statuses_are_coloured_by_meaning_declared_once():
    assert 'class="badge badge-active"' in choice_badge(ClientStatus, ClientStatus.ACTIVE)
    assert "badge-pending" in choice_badge(ClientStatus, ClientStatus.PENDING)
    assert "badge-closed" in choice_badge(ClientStatus, ClientStatus.CLOSED)
    assert "badge-rejected" in choice_badge(ClientStatus, ClientStatus.REJECTED)
    assert "badge-withdrawn" in choice_badge(ClientStatus, ClientStatus.WITHDRAWN)
    assert "badge-transfer" in choice_badge(ClientStatus, ClientStatus.TRANSFER_ON_HOLD)
    # A group's "pending" looks like a client's; a transfer step by what it did.
    assert choice_badge(GroupStatus, GroupStatus.PENDING) == choice_badge(
        ClientStatus, ClientStatus.PENDING
    )
    assert "badge-rejected" in choice_badge(TransferType, TransferType.REJECTION)
    assert "badge-transfer" in choice_badge(TransferType, TransferType.PROPOSAL)
    assert "badge-inactive" in active_badge(False)


def test_the_client_list_shows_the_badge_of_the_client_page(web, make_client):
    pending, active = make_client(), make_client(active=True)
    listing = text(web.get(CLIENTS))
    assert '<span class="badge badge-pending">Pending</span>' in listing
    assert '<span class="badge badge-active">Active</span>' in listing
    assert '<span class="badge badge-pending">Pending</span>' in text(
        web.get(f"/clients/{pending.pk}/")
    )
    assert '<span class="badge badge-active">Active</span>' in text(
        web.get(f"/clients/{active.pk}/")
    )


def test_the_other_lists_show_badges(web, make_staff, make_user, head_office):
    make_staff(is_active=False)
    make_user(("READ_CLIENT",), username="reader")
    assert "badge badge-inactive" in text(web.get("/staff/", {"status": "all"}))
    assert "badge badge-active" in text(web.get("/users/"))
    assert "badge badge-active" in text(web.get("/roles/"))


def test_the_groups_list_shows_pending_as_pending(web, head_office):
    from mteja.groups import services as group_services

    group_services.group_create(
        actor=None, office=head_office, name="Umoja", submitted_on=datetime.date(2024, 1, 5)
    )
    assert '<span class="badge badge-pending">Pending</span>' in text(web.get("/groups/"))


# --- totals and pages ------------------------------------------------------------------------


def test_a_short_list_tells_its_total(web, make_client):
    for _ in range(3):
        make_client()
    assert page_info(web.get(CLIENTS)) == "3 clients"


def test_a_long_list_tells_the_page_of_pages_and_the_total(web, thirty_clients):
    assert page_info(web.get(CLIENTS)) == "Page 1 of 2 · 30 clients"
    second = web.get(CLIENTS, {"page": 2})
    assert page_info(second) == "Page 2 of 2 · 30 clients"
    assert len(row_names(second)) == 5


def test_the_clients_list_counts_once(web, thirty_clients, django_assert_max_num_queries):
    """The total comes from the bounded count the list already made (no second COUNT)."""
    with django_assert_max_num_queries(30) as queries:
        web.get(CLIENTS, {"page": 2})
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) <= 1, counts


def test_totals_are_written_the_users_way():
    class Table:
        counted = None

    with translation.override("en"):
        assert counted(Table, 1234) == "1,234 records"
        assert counted(Table, 1) == "1 record"
    with translation.override("fr"):
        shown = counted(Table, 1234)
        assert shown.startswith("1") and shown.endswith("234 résultats")
        assert shown[1] in "\u202f\xa0 "


def test_beyond_the_exact_count_the_list_says_more_than(web, thirty_clients, settings):
    settings.MTEJA_EXACT_COUNT_LIMIT = 10
    assert page_info(web.get(CLIENTS)) == "Page 1 · more than 10 clients"


def test_a_page_past_the_end_shows_the_last_page(web, thirty_clients):
    response = web.get(CLIENTS, {"page": 99})
    assert page_info(response) == "Page 2 of 2 · 30 clients"
    assert len(row_names(response)) == 5
    assert page_info(web.get(CLIENTS, {"page": "abc"})) == "Page 1 of 2 · 30 clients"


def test_past_the_end_beyond_the_exact_count(web, thirty_clients, settings):
    settings.MTEJA_EXACT_COUNT_LIMIT = 10
    response = web.get(CLIENTS, {"page": 500})
    assert page_info(response) == "Page 2 · more than 10 clients"
    assert len(row_names(response)) == 5


def test_a_counted_list_past_the_end(web, make_staff, head_office):
    for number in range(30):
        make_staff(firstname=f"P{number:02d}", lastname=f"S{number:02d}")
    assert page_info(web.get("/staff/", {"page": 7})) == "Page 2 of 2 · 30 staff members"


def test_the_audit_log_past_the_end(web, thirty_clients):
    response = web.get("/audit/", {"page": 10_000})
    assert response.status_code == 200
    assert "Page 10,000" not in text(response)


# --- filters together, in the address -------------------------------------------------------


def test_filters_apply_together_and_stay_across_paging_and_sorting(web, thirty_clients):
    query = {"status": ClientStatus.ACTIVE.value, "q": "Musa"}
    response = web.get(CLIENTS, query)
    page = text(response)
    assert page_info(response) == "15 clients"
    assert "badge-pending" not in page
    both = web.get(CLIENTS, {**query, "q": "Client02"})
    assert row_names(both) == ["Client02"]
    # Client01 is pending: the status filter still applies beside the search.
    assert row_names(web.get(CLIENTS, {**query, "q": "Client01"})) == []
    # The sort links keep every filter.
    links = re.findall(r'href="(\?[^"]*sort=[^"]*)"', page)
    assert links and all("status=300" in link and "q=Musa" in link for link in links)


def test_paging_links_keep_the_filters(web, make_client):
    for number in range(30):
        make_client(firstname=f"Client{number:02d}", lastname="Musa")
    response = web.get(CLIENTS, {"status": ClientStatus.PENDING.value, "q": "Musa"})
    page = text(response)
    assert page_info(response) == "Page 1 of 2 · 30 clients"
    following = re.search(r'href="(\?[^"]*)" rel="next"', page).group(1)
    assert "status=100" in following and "q=Musa" in following and "page=2" in following
    second = web.get(CLIENTS + following.replace("&amp;", "&"))
    assert page_info(second) == "Page 2 of 2 · 30 clients"


def test_the_office_tree_tells_its_total(web, make_office):
    make_office(name="Kibera")
    assert page_info(web.get("/offices/")) == "2 offices"
    web.cookies["django_language"] = "fr"
    assert page_info(web.get("/offices/")) == "2 agences"
