"""Office scope on every read and write, and the list's Fineract filters, order and paging."""

import json
import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from mteja.clients.models import Client, ClientStatus

from .conftest import ACTIVATED, BASE, codes_of
from .conftest import page_ids as ids

pytestmark = pytest.mark.django_db
URL = f"{BASE}/clients"


# --- scope ----------------------------------------------------------------------------------


def _names_a_number(body: dict, number: int) -> bool:
    """Whether an error body holds `number` as a number of its own, its status aside: the id
    4, 40 or 404 that PostgreSQL's sequence may give is part of "404"'s text."""
    told = json.dumps({**body, "httpStatusCode": None})
    return re.search(rf"(?<!\d){number}(?!\d)", told) is not None


@pytest.fixture
def foreign(make_client, branch_b):
    return make_client(office=branch_b, external_id="FOREIGN")


@pytest.fixture
def api_a(api_as, branch_user, branch_a):
    return api_as(branch_user(branch_a))


def test_a_branch_user_cannot_read_another_branchs_client(api_a, foreign):
    response = api_a.get(f"{URL}/{foreign.pk}")
    assert response.status_code == 404
    assert codes_of(response) == ["error.msg.client.id.invalid"]
    assert api_a.get(f"{URL}/external-id/FOREIGN").status_code == 404
    assert api_a.get(f"{URL}/{foreign.pk}/transfers").status_code == 404
    assert api_a.get(f"{URL}/{foreign.pk}/staffassignments").status_code == 404
    assert api_a.get(f"{URL}/{foreign.pk}/transferproposaldate").status_code == 404
    assert foreign.pk not in ids(api_a.get(URL))


def test_a_branch_user_cannot_write_another_branchs_client(api_a, foreign):
    # As for a read, and as for an id that does not exist: 404, so ids cannot be probed.
    unknown = foreign.pk + 1000
    for key, response in (
        (foreign.pk, api_a.put(f"{URL}/{foreign.pk}", {"mobileNo": "0700000000"}, "json")),
        (unknown, api_a.put(f"{URL}/{unknown}", {"mobileNo": "0700000000"}, "json")),
        (
            foreign.pk,
            api_a.post(
                f"{URL}/{foreign.pk}?command=activate", {"activationDate": "2024-06-01"}, "json"
            ),
        ),
        (foreign.pk, api_a.delete(f"{URL}/{foreign.pk}")),
        (unknown, api_a.delete(f"{URL}/{unknown}")),
    ):
        assert response.status_code == 404
        assert codes_of(response) == ["error.msg.client.id.invalid"]
        assert response.json()["errors"][0]["value"] == key
    by_external_id = api_a.put(f"{URL}/external-id/FOREIGN", {"mobileNo": "0700000000"}, "json")
    assert by_external_id.status_code == 404
    assert codes_of(by_external_id) == ["error.msg.client.external.id.invalid"]
    assert not _names_a_number(by_external_id.json(), foreign.pk)
    after = Client.objects.get(pk=foreign.pk)
    assert (after.version, after.status, after.mobile_no) == (1, ClientStatus.PENDING, "")


def test_a_branch_user_cannot_create_in_another_branch(api_a, branch_b):
    response = api_a.post(
        URL,
        {"officeId": branch_b.pk, "legalFormId": 1, "firstname": "A", "lastname": "B"},
        "json",
    )
    assert response.status_code == 404  # as a read of the office answers: no office id probed
    assert codes_of(response) == ["error.msg.office.id.invalid"]
    assert not Client.objects.exists()


def test_a_parent_office_sees_and_writes_its_subtree(api_as, branch_user, make_office, make_client):
    region = make_office("Western")
    branch = make_office("Bungoma", parent=region)
    client = make_client(office=branch)
    regional = api_as(branch_user(region))
    assert regional.get(f"{URL}/{client.pk}").status_code == 200
    assert client.pk in ids(regional.get(URL))
    response = regional.put(f"{URL}/{client.pk}", {"mobileNo": "0700000001"}, "json")
    assert response.status_code == 200


def test_permissions_are_checked(api_as, make_user, make_client):
    client = make_client()
    reader = api_as(make_user(("READ_CLIENT",)))
    assert reader.get(f"{URL}/{client.pk}").status_code == 200
    response = reader.put(f"{URL}/{client.pk}", {"mobileNo": "0700000001"}, "json")
    assert response.status_code == 403
    activator = api_as(make_user(("READ_CLIENT", "ACTIVATE_CLIENT")))
    assert (
        activator.post(
            f"{URL}/{client.pk}?command=close", {"closureDate": "2024-06-01"}, "json"
        ).status_code
        == 403
    )
    assert (
        activator.post(
            f"{URL}/{client.pk}?command=activate", {"activationDate": "2024-06-01"}, "json"
        ).status_code
        == 200
    )


# --- filters --------------------------------------------------------------------------------


@pytest.fixture
def population(make_client, client_in, branch_a, branch_b, make_office, officer_a):
    sub = make_office("Kisumu East", parent=branch_a)
    return {
        "amina": make_client(firstname="Amina", lastname="Odhiambo", external_id="EXT-AMINA"),
        "baraka": make_client(firstname="Baraka", lastname="Otieno", external_id="EXT-BARAKA"),
        "chausiku": make_client(office=branch_b, firstname="Chausiku", lastname="Odhiambo"),
        "dalmas": make_client(office=sub, firstname="Dalmas", lastname="Were"),
        "active": client_in(ClientStatus.ACTIVE, firstname="Eunice", lastname="Akinyi"),
        "closed": client_in(ClientStatus.CLOSED, firstname="Faith", lastname="Atieno"),
        "on_hold": client_in(ClientStatus.TRANSFER_ON_HOLD, firstname="Gabriel", lastname="Oduor"),
        "sub": sub,
    }


def test_filters(api, population, branch_a, branch_b, officer_a):
    p = population
    assert set(ids(api.get(f"{URL}?officeId={branch_b.pk}"))) == {p["chausiku"].pk}
    assert ids(api.get(f"{URL}?externalId=EXT-AMINA")) == [p["amina"].pk]
    assert ids(api.get(f"{URL}?externalId=ext-amina")) == []  # an identifier: exact
    assert ids(api.get(f"{URL}?externalId=EXT")) == []  # LIKE without wildcards: exact
    assert set(ids(api.get(f"{URL}?externalId=EXT%25"))) == {p["amina"].pk, p["baraka"].pk}
    assert ids(api.get(f"{URL}?displayName=ina odh")) == [p["amina"].pk]
    assert ids(api.get(f"{URL}?firstName=Baraka")) == [p["baraka"].pk]
    assert set(ids(api.get(f"{URL}?lastName=Odhiambo"))) == {p["amina"].pk, p["chausiku"].pk}
    assert ids(api.get(f"{URL}?status=active")) == [p["active"].pk]
    assert ids(api.get(f"{URL}?status=CLOSED")) == [p["closed"].pk]
    assert ids(api.get(f"{URL}?status=transfer_on_hold")) == [p["on_hold"].pk]
    under = set(ids(api.get(f"{URL}?underHierarchy={branch_a.hierarchy}")))
    assert p["dalmas"].pk in under and p["chausiku"].pk not in under
    assert set(ids(api.get(f"{URL}?staffId={officer_a.pk}"))) == {
        p["active"].pk,
        p["on_hold"].pk,
    }
    assert len(ids(api.get(f"{URL}?orphansOnly=true"))) == 7


def test_an_unknown_status_is_a_400(api):
    response = api.get(f"{URL}?status=sleeping")
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.client.status.value.is.not.supported"]


@pytest.mark.parametrize("order_by", ["display_name; drop table x", "mobileNo", "password"])
def test_order_by_comes_from_an_allow_list(api, order_by):
    response = api.get(URL, {"orderBy": order_by})
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameterName"] == "orderBy"


def test_bad_numbers_are_400s(api):
    for query in ("officeId=x", "limit=-1", "offset=abc", "staffId=1.5", "sortOrder=UP"):
        assert api.get(f"{URL}?{query}").status_code == 400, query


def test_order_and_paging(api, population):
    everyone = ids(api.get(URL))
    assert everyone == sorted(everyone)  # by id by default
    by_name = api.get(f"{URL}?orderBy=displayName&sortOrder=DESC").json()["pageItems"]
    names = [item["displayName"] for item in by_name]
    assert names == sorted(names, reverse=True)
    by_last = [item["lastname"] for item in api.get(f"{URL}?orderBy=lastname").json()["pageItems"]]
    assert by_last == sorted(by_last)
    page = api.get(f"{URL}?offset=2&limit=3").json()
    assert page["totalFilteredRecords"] == 7
    assert [item["id"] for item in page["pageItems"]] == everyone[2:5]


@override_settings(MTEJA_API_DEFAULT_PAGE_SIZE=3, MTEJA_API_MAX_PAGE_SIZE=5)
def test_page_size_has_a_default_and_a_ceiling(api, make_client):
    for _ in range(7):
        make_client()
    assert len(ids(api.get(URL))) == 3
    assert len(ids(api.get(f"{URL}?limit=100"))) == 5
    assert api.get(URL).json()["totalFilteredRecords"] == 7


def test_list_items_carry_the_summary(api, client_in, officer_a, branch_a):
    client = client_in(ClientStatus.ACTIVE)
    (item,) = api.get(URL).json()["pageItems"]
    assert item["id"] == client.pk
    assert item["accountNo"] == client.account_no
    assert item["status"]["code"] == "clientStatusType.active"
    assert item["activationDate"] == [ACTIVATED.year, ACTIVATED.month, ACTIVATED.day]
    assert (item["officeId"], item["officeName"]) == (branch_a.pk, branch_a.name)
    assert (item["staffId"], item["staffName"]) == (officer_a.pk, officer_a.display_name)


# --- a fixed number of queries --------------------------------------------------------------


def _fill(client_in, make_client, code_value, count):
    for n in range(count):
        if n % 3 == 0:
            client_in(ClientStatus.TRANSFER_IN_PROGRESS)
        else:
            make_client(gender_id=code_value("Gender"), client_type_id=code_value("ClientType"))


def test_list_queries_do_not_grow_with_rows(
    api, client_in, make_client, code_value, django_assert_max_num_queries
):
    _fill(client_in, make_client, code_value, 2)
    with CaptureQueriesContext(connection) as few:
        api.get(URL)
    _fill(client_in, make_client, code_value, 18)
    with django_assert_max_num_queries(len(few)):
        assert len(api.get(URL).json()["pageItems"]) == 20


def test_detail_runs_a_fixed_number_of_queries(
    api, client_in, code_value, django_assert_max_num_queries
):
    plain = client_in(ClientStatus.PENDING)
    with CaptureQueriesContext(connection) as captured:
        assert api.get(f"{URL}/{plain.pk}").status_code == 200
    entity = client_in(
        ClientStatus.CLOSED,
        legal_form=2,
        firstname="",
        lastname="",
        fullname="Entity Ltd",
        non_person={"constitution_id": code_value("Constitution")},
        gender_id=code_value("Gender"),
        marital_status_id=code_value("MARITAL STATUS"),
    )
    with django_assert_max_num_queries(len(captured)):
        body = api.get(f"{URL}/{entity.pk}").json()
    assert body["clientNonPersonDetails"]["constitution"]["name"]
    assert body["timeline"]["closedOnDate"]


def test_account_number_and_search_filter_the_list(api, population):
    amina = population["amina"]
    assert ids(api.get(URL, {"accountNo": amina.account_no})) == [amina.pk]
    assert ids(api.get(URL, {"accountNo": "no-such-account"})) == []
    assert ids(api.get(URL, {"search": "EXT-BARAKA"})) == [population["baraka"].pk]


def test_sql_search_is_refused_rather_than_ignored(api, population):
    response = api.get(URL, {"sqlSearch": "c.id > 0"})
    assert response.status_code == 400
    assert codes_of(response) == ["error.msg.parameter.unsupported"]
    assert response.json()["errors"][0]["parameterName"] == "sqlSearch"
