"""What the pages every user opens cost in queries: a fixed number, whatever the number of
rows shown (issue 8, item 6). No wall-clock assertions: time is measured by
benchmarks/web_pages.py."""

import datetime
import itertools

import pytest
from django.db import connection

from mteja.clients.models import (
    Client,
    ClientAddress,
    ClientFamilyMember,
    ClientIdentifier,
    ClientStatus,
)
from mteja.organisation.models import CodeValue

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)
# Session, user and permission codes; the filter's offices and loan officers; the page of rows
# (its office and officer from this worker's copies, checked by one stamp query); the subtree
# of the user's office; the bounded count (one statement over the parts of a branch user's
# scope, core.paging).
LIST_QUERIES = 9
PAGE_QUERIES = 13  # the client page and each of its tabs


def queries_of(browser, url: str, django_assert_max_num_queries, most: int) -> int:
    """The queries one GET of `url` runs once this worker holds the offices, staff and code
    values it shows (core/reference_cache.py; counted at the connection: a request resets
    Django's own query log), and at most `most` of them."""
    assert browser.get(url).status_code == 200
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with django_assert_max_num_queries(most), connection.execute_wrapper(count):
        response = browser.get(url)
    assert response.status_code == 200
    assert len(executed) <= most, executed
    return len(executed)


def add_clients(count: int, offices, officers) -> None:
    """`count` clients spread over `offices` and `officers`, by bulk insert (what is measured
    is reading them)."""
    rows = []
    for index in range(count):
        number = next(_numbers)
        rows.append(
            Client(
                account_no=f"T{number:09d}",
                office=offices[index % len(offices)],
                staff=officers[index % len(officers)],
                status=[ClientStatus.PENDING, ClientStatus.ACTIVE][index % 2],
                legal_form=1,
                firstname=f"First{number}",
                lastname="Tested",
                display_name=f"First{number} Tested",
                mobile_no=f"+2547{number:08d}",
                submitted_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=number),
            )
        )
    Client.objects.bulk_create(rows)


@pytest.fixture
def branches(make_office, make_staff):
    offices = [make_office(name=f"Branch {n}") for n in range(3)]
    officers = [
        make_staff(office=office, firstname=f"Officer{n}", is_loan_officer=True)
        for n, office in enumerate(offices)
    ]
    return offices, officers


@pytest.mark.parametrize("who", ["head_office", "branch"])
def test_the_client_list_runs_as_many_queries_for_30_rows_as_for_5(
    who, branches, make_user, browse_as, django_assert_max_num_queries
):
    offices, officers = branches
    if who == "head_office":
        user = make_user(("ALL_FUNCTIONS",))
    else:
        user = make_user(("READ_CLIENT", "CREATE_CLIENT"), office=offices[0])
        offices, officers = offices[:1], officers[:1]
    browser = browse_as(user)

    add_clients(5, offices, officers)
    few = queries_of(browser, "/clients/", django_assert_max_num_queries, LIST_QUERIES)
    add_clients(25, offices, officers)
    many = queries_of(browser, "/clients/", django_assert_max_num_queries, LIST_QUERIES)
    filtered = f"/clients/?office={offices[0].pk}&staff={officers[0].pk}&status=300"
    chosen = queries_of(browser, filtered, django_assert_max_num_queries, LIST_QUERIES + 2)

    assert few == many
    assert chosen <= many + 2  # the chosen office and officer, read to check them


def _code(name: str, index: int) -> CodeValue:
    return CodeValue.objects.filter(code__name=name).order_by("id")[index]


def add_parts(client: Client, count: int, start: int = 0) -> None:
    """`count` identity documents, addresses and family members of `client`."""
    for n in range(start, start + count):
        ClientIdentifier.objects.create(
            client=client,
            document_type=_code("Customer Identifier", n),
            document_key=f"DOC-{client.pk}-{n}",
            document_key_normalized=f"DOC{client.pk}{n}",
        )
        ClientAddress.objects.create(
            client=client, address_type=_code("ADDRESS_TYPE", n), city=f"City {n}"
        )
        ClientFamilyMember.objects.create(
            client=client,
            firstname=f"Relative{n}",
            relationship=_code("RELATIONSHIP", n),
            is_dependent=n % 2 == 0,
        )


TABS = ["", "identifiers/", "family/", "addresses/", "history/", "transfers/", "loan-officers/"]


@pytest.mark.parametrize("who", ["head_office", "branch"])
def test_the_client_page_and_its_tabs_run_a_fixed_number_of_queries(
    who, branches, make_user, make_client, browse_as, django_assert_max_num_queries
):
    offices, officers = branches
    office = offices[0]
    codes = ("ALL_FUNCTIONS",) if who == "head_office" else ("ALL_FUNCTIONS_READ",)
    user = make_user(codes, office=None if who == "head_office" else office)
    browser = browse_as(user)
    client = make_client(office=office, staff_id=officers[0].pk)

    add_parts(client, 1)
    browser.get(f"/clients/{client.pk}/")  # the worker's kept client rules (core/stamps.py)
    few = {
        tab: queries_of(
            browser, f"/clients/{client.pk}/{tab}", django_assert_max_num_queries, PAGE_QUERIES
        )
        for tab in TABS
    }
    add_parts(client, 2, start=1)
    more = {
        tab: queries_of(
            browser, f"/clients/{client.pk}/{tab}", django_assert_max_num_queries, PAGE_QUERIES
        )
        for tab in TABS
    }

    assert few == more
