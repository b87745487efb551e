"""GET /clients at scale: scope read as index ranges, bounded counts, seek pages, a bounded
OFFSET, and Fineract's list parameters either honoured or refused (issue 8, items 2-3)."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from mteja.clients.models import Client, ClientStatus
from mteja.clients.models.client import SET_LATER
from mteja.core.paging import Order

from .conftest import BASE, codes_of
from .conftest import page_ids as ids

pytestmark = pytest.mark.django_db
URL = f"{BASE}/clients"


@pytest.fixture
def spread(make_client, make_office, branch_a, branch_b):
    """Clients in branch A, in an office below it, in branch B, and one of B's on its way to A;
    last names repeat (ties) and some have no external id (NULLs)."""
    sub = make_office("Kisumu East", parent=branch_a)
    made = []
    for n, (office, lastname) in enumerate(
        [(branch_a, "Otieno"), (sub, "Otieno"), (branch_b, "Otieno"), (branch_a, "Akinyi"),
         (sub, "Were"), (branch_a, "Otieno"), (branch_b, "Akinyi"), (sub, "Akinyi"),
         (branch_a, "Were")]
    ):  # fmt: skip
        external = f"EXT-{n % 4}-{n}" if n % 3 else None
        made.append(make_client(office=office, lastname=lastname, external_id=external))
    # Awaiting transfer from B to A (set directly: only the scope matters here).
    incoming = make_client(office=branch_b, lastname="Otieno")
    Client.objects.filter(pk=incoming.pk).update(
        transfer_to_office=branch_a, status=ClientStatus.TRANSFER_IN_PROGRESS
    )
    return {"sub": sub, "clients": made, "incoming": incoming}


@pytest.fixture
def api_a(api_as, branch_user, branch_a):
    return api_as(branch_user(branch_a))


def walk(api, query: str, limit: int) -> list[int]:
    """Every page by seek: each request starts after the last row of the one before."""
    seen, after = [], None
    while True:
        start = f"&afterId={after}" if after else ""
        page = ids(api.get(f"{URL}?{query}&limit={limit}{start}"))
        seen.extend(page)
        if len(page) < limit:
            return seen
        after = page[-1]


@pytest.mark.parametrize("order_by", ["id", "lastname", "externalId", "officeName"])
@pytest.mark.parametrize("sort", ["ASC", "DESC"])
@pytest.mark.parametrize("who", ["head", "branch"])
def test_seek_pages_skip_and_repeat_nothing(api, api_a, spread, order_by, sort, who):
    caller = api if who == "head" else api_a
    query = f"orderBy={order_by}&sortOrder={sort}"
    everyone = ids(caller.get(f"{URL}?{query}&limit=1000"))
    assert len(everyone) == (10 if who == "head" else 8)  # branch A, its sub-office, incoming
    for limit in (1, 2, 3):
        assert walk(caller, query, limit) == everyone
    # offset pages agree with seek pages
    assert ids(caller.get(f"{URL}?{query}&offset=2&limit=3")) == everyone[2:5]


def test_the_merged_order_is_the_databases(api_a, spread):
    """Ties on a non-unique column are broken by id, in the same direction."""
    rows = api_a.get(f"{URL}?orderBy=lastname&sortOrder=DESC&limit=1000").json()["pageItems"]
    keys = [(item["lastname"], item["id"]) for item in rows]
    assert keys == sorted(keys, reverse=True)
    assert spread["incoming"].pk in [item["id"] for item in rows]


def test_seek_after_a_row_one_may_not_see_is_a_400(api_a, spread, branch_b):
    foreign = next(c for c in spread["clients"] if c.office_id == branch_b.pk)
    response = api_a.get(f"{URL}?orderBy=lastname&afterId={foreign.pk}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameterName"] == "afterId"
    # by id, any number is a position
    assert ids(api_a.get(f"{URL}?afterId={foreign.pk}")) == [
        pk for pk in ids(api_a.get(URL)) if pk > foreign.pk
    ]


@override_settings(MTEJA_API_MAX_OFFSET=4)
def test_a_far_offset_is_a_400_that_names_the_seek(api, spread):
    assert len(ids(api.get(f"{URL}?offset=4"))) == 6
    response = api.get(f"{URL}?offset=5")
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["parameterName"] == "offset"
    assert error["userMessageGlobalisationCode"] == "validation.msg.offset.exceeds.maximum"
    assert "afterId" in error["defaultUserMessage"]


@pytest.mark.parametrize("who", ["head", "branch"])
def test_counts_are_exact_up_to_the_limit_then_the_limit(api, api_a, spread, who, settings):
    caller = api if who == "head" else api_a
    settings.MTEJA_EXACT_COUNT_LIMIT = 100
    exact = caller.get(URL).json()["totalFilteredRecords"]
    assert exact == (10 if who == "head" else 8)
    settings.MTEJA_EXACT_COUNT_LIMIT = exact
    assert caller.get(URL).json()["totalFilteredRecords"] == exact
    settings.MTEJA_EXACT_COUNT_LIMIT = 5
    # beyond the limit: the limit (no planner statistics on a fresh test table)
    assert caller.get(URL).json()["totalFilteredRecords"] == 5
    assert len(ids(caller.get(URL))) == exact  # the rows are all there


def _client_queries(captured) -> list[str]:
    return [q["sql"] for q in captured if "clients_client" in q["sql"]]


@pytest.mark.parametrize("seek", [False, True])
def test_list_queries_are_few_and_fixed(api, api_a, spread, make_office, branch_a, seek):
    """Head office: a count and a page. Branch user: the subtree's offices, a count, the page's
    ids (one statement however many offices) and its rows. Seek pages cost the same."""
    after = f"&afterId={spread['clients'][0].pk}" if seek else ""
    with CaptureQueriesContext(connection) as head:
        ids(api.get(f"{URL}?limit=3{after}"))
    assert len(_client_queries(head)) == 2, _client_queries(head)
    api_a.get(f"{URL}?limit=3&orderBy=lastname{after}")  # offices and staff this worker keeps
    with CaptureQueriesContext(connection) as branch:
        ids(api_a.get(f"{URL}?limit=3&orderBy=lastname{after}"))
    client_queries = _client_queries(branch)
    assert len(client_queries) == 3 + seek, client_queries  # seek by name: the anchor row
    for n in range(3):
        make_office(f"Kisumu {n}", parent=branch_a)
    api_a.get(f"{URL}?limit=3&orderBy=lastname{after}")  # the new offices: read once again
    with CaptureQueriesContext(connection) as wider:
        ids(api_a.get(f"{URL}?limit=3&orderBy=lastname{after}"))
    assert len(wider) == len(branch)


def test_fineract_list_parameters_are_honoured_and_unknown_ones_ignored(
    api, spread, branch_a, officer_a
):
    """Fineract's GET /clients parameters (ClientsApiResource.retrieveAll); `sqlSearch` is
    refused by design, parameters Fineract does not know are ignored as Fineract ignores them,
    and `associations` (which Fineract's list does not read) changes nothing."""
    everyone = ids(api.get(URL))
    known = {
        "officeId": branch_a.pk, "externalId": "EXT-1-1", "displayName": "Otieno",
        "firstName": "Wanjiku", "lastName": "Otieno", "status": "pending", "legalForm": 1,
        "underHierarchy": branch_a.hierarchy, "offset": 0, "limit": 5, "orderBy": "id",
        "sortOrder": "DESC", "orphansOnly": "true", "staffId": officer_a.pk, "accountNo": "x",
    }  # fmt: skip
    for name, value in known.items():
        assert api.get(URL, {name: value}).status_code == 200, name
    for ignored in ({"associations": "all"}, {"fields": "id"}, {"somethingElse": "1"}):
        assert ids(api.get(URL, ignored)) == everyone
    response = api.get(URL, {"sqlSearch": "c.id > 0"})
    assert response.status_code == 400
    assert codes_of(response) == ["error.msg.parameter.unsupported"]


# --- the planner: every part of a branch user's list is an index range ----------------------


def _plan(queryset, *, in_order: bool = False) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # tiny tables: make the planner show its index
            cursor.execute("SET LOCAL enable_seqscan = off")
            # With a row or two estimated, sorting costs nothing and any index on the office
            # would do (seen after a long run's autovacuum): `in_order` forbids the sort, as
            # a large office's rows would, so the plan shows the index that gives id order.
            cursor.execute(f"SET LOCAL enable_sort = {'off' if in_order else 'on'}")
        return queryset.explain()


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        ({}, ("clients_office_id",)),
        # With a filter, its own (office, filter, id) index; on these few rows a planner may
        # as well read the office's (office, id) range and filter it: in id order either way.
        ({"status": ClientStatus.ACTIVE}, ("clients_office_status_id", "clients_office_id")),
        ({"legal_form": 2}, ("clients_office_form_id", "clients_office_id")),
        # an officer's clients in id order, by office or by officer: both are a range
        ({"staff_id": 1}, ("clients_office_staff_id", "clients_staff_id", "clients_office_id")),
    ],
)
def test_each_office_part_reads_its_index_in_id_order(
    spread, branch_user, branch_a, filters, index
):
    user = branch_user(branch_a)
    parts = Client.objects.filter(**filters).scope_parts(user)
    assert len(parts) == 3  # branch A, its sub-office, clients awaiting transfer in
    for part in parts[:2]:
        plan = _plan(part.order_by(*Order().fields()).values_list("pk")[:25], in_order=True)
        assert any(name in plan for name in index), plan
        assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan
    incoming = _plan(parts[2].order_by("pk").values_list("pk")[:25])
    if not filters:  # with a filter, a planner may prefer the filter's own index
        assert "clients_transfer_to_id" in incoming, incoming
    assert "index" in incoming.lower(), incoming


# --- the web list says how many, or "more than" -------------------------------------------


@pytest.mark.parametrize("who", ["head", "branch"])
def test_the_web_list_counts_to_the_bound(client, admin_user, branch_user, branch_a, spread, who):
    from django.urls import reverse

    client.force_login(admin_user if who == "head" else branch_user(branch_a))
    with override_settings(MTEJA_EXACT_COUNT_LIMIT=100):
        page = client.get(reverse("client_list")).content.decode()
    assert ("10 clients" if who == "head" else "8 clients") in page
    with override_settings(MTEJA_EXACT_COUNT_LIMIT=3):
        page = client.get(reverse("client_list")).content.decode()
    assert "more than 3 clients" in page


@pytest.mark.parametrize("name", SET_LATER)
def test_a_later_commands_reference_is_read_by_its_partial_index(spread, name):
    # What a PROTECT check reads when a user or a code value is deleted (decision 76): the
    # index holds only the clients given one, yet a look-up by value still walks it.
    plan = _plan(Client.objects.filter(**{f"{name}_id__in": [1, 2]}).values_list("pk"))
    assert f"clients_{name}" in plan, plan
    field = Client._meta.get_field(name)
    assert not field.db_index  # no second, whole index beside it
