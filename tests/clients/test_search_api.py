"""Fineract's searches as the Mifos X web-app calls them: the toolbar's GET /search and the
clients list's POST /v2/clients/search, with the web list's search box sharing the matching."""

import pytest

from mteja.clients.filtersets import ClientFilterSet
from mteja.clients.kyc import identifiers
from mteja.clients.models import Client
from mteja.organisation.models import CodeValue

from .conftest import BASE, codes_of

pytestmark = pytest.mark.django_db
SEARCH = f"{BASE}/search"
V2 = "/fineract-provider/api/v2/clients/search"
HIT_KEYS = {
    "entityId", "entityAccountNo", "entityExternalId", "entityName", "entityType", "parentId",
    "parentName", "entityMobileNo", "entityStatus",
}  # fmt: skip
ITEM_KEYS = {
    "id", "displayName", "externalId", "accountNumber", "officeId", "officeName", "mobileNo",
    "status", "activationDate", "createdDate",
}  # fmt: skip


@pytest.fixture
def kenyan(api):
    response = api.put(f"{BASE}/clientpolicy", {"mobileNoCountry": "ke"}, "json")
    assert response.status_code == 200, response.json()


def national_id() -> CodeValue:
    values = CodeValue.objects.filter(code__name="Customer Identifier", is_active=True)
    return values.order_by("position", "id").first()


def add_document(client: Client, key: str):
    return identifiers.identifier_create(
        actor=None,
        client=client,
        data=identifiers.IdentifierInput(document_type_id=national_id().pk, document_key=key),
    )


@pytest.fixture
def people(kenyan, make_client, branch_a, branch_b):
    """Three clients in branch A and one in branch B, each findable by one field."""
    return {
        "zawadi": make_client(
            office=branch_a, firstname="Zawadi", lastname="Otieno", external_id="EXT-ZAW-1",
            mobile_no="0712 345 678", active=True,
        ),
        "baraka": make_client(office=branch_a, firstname="Baraka", lastname="Mwangi"),
        "neema": make_client(office=branch_a, firstname="Neema", lastname="Wafula"),
        "foreign": make_client(
            office=branch_b, firstname="Zawadi", lastname="Kiprop", external_id="EXT-ZAW-2",
            mobile_no="0799 000 111",
        ),
    }  # fmt: skip


def hits(response) -> list[tuple[str, int]]:
    assert response.status_code == 200, response.json()
    return [(h["entityType"], h["entityId"]) for h in response.json()]


def v2_ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [item["id"] for item in response.json()["content"]]


def v2(api, text=None, **extra):
    body = {"request": {"text": text}, **extra} if text is not None else extra
    return api.post(V2, body, "json")


# --- the shared matching --------------------------------------------------------------------


def test_the_web_lists_search_finds_by_mobile_key_and_document_number(people):
    add_document(people["baraka"], "AB-123 456")
    clients = Client.objects.all()

    def found(text):
        return set(ClientFilterSet({"search": text}, queryset=clients).qs)

    # The mobile as typed differently, read as the same number.
    assert found("+254712345678") == {people["zawadi"]}
    # The document number written without its separators, in another case.
    assert found("ab123456") == {people["baraka"]}
    assert found("Neema") == {people["neema"]}


# --- GET /search ----------------------------------------------------------------------------


def test_global_search_finds_clients_by_each_field(api, people):
    zawadi = people["zawadi"]
    for text in ("zawadi otieno", zawadi.account_no, "ext-zaw-1", "0712 345", "+254712345678"):
        found = hits(api.get(SEARCH, {"query": text, "resource": "clients"}))
        assert ("CLIENT", zawadi.pk) in found, text
    assert hits(api.get(SEARCH, {"query": "no such person"})) == []


def test_global_search_answers_what_the_web_app_reads(api, people, branch_a):
    zawadi = people["zawadi"]
    (hit,) = api.get(SEARCH, {"query": "EXT-ZAW-1"}).json()
    assert set(hit) == HIT_KEYS
    assert hit == {
        "entityId": zawadi.pk,
        "entityAccountNo": zawadi.account_no,
        "entityExternalId": "EXT-ZAW-1",
        "entityName": "Zawadi Otieno",
        "entityType": "CLIENT",
        "parentId": branch_a.pk,
        "parentName": branch_a.name,
        "entityMobileNo": "0712 345 678",
        "entityStatus": {"id": 300, "code": "clientStatusType.active", "value": "Active"},
    }


def test_global_search_newest_first_and_exact_match(api, people):
    both = hits(api.get(SEARCH, {"query": "zawadi", "resource": "clients"}))
    assert both == [("CLIENT", people["foreign"].pk), ("CLIENT", people["zawadi"].pk)]
    exact = api.get(SEARCH, {"query": "zawadi", "exactMatch": "true"})
    assert hits(exact) == []
    exact = api.get(SEARCH, {"query": "Zawadi Otieno", "exactMatch": "true"})
    assert hits(exact) == [("CLIENT", people["zawadi"].pk)]


def test_global_search_finds_identity_documents_and_filters_by_resource(api, people):
    document = add_document(people["neema"], "NID-777 001")
    everything = api.get(SEARCH, {"query": "nid777001"})
    assert hits(everything) == [("CLIENTIDENTIFIER", document.pk)]
    (hit,) = everything.json()
    assert hit["parentId"] == people["neema"].pk and hit["entityAccountNo"] == "NID-777 001"
    only_clients = api.get(SEARCH, {"query": "nid777001", "resource": "clients"})
    assert hits(only_clients) == []
    not_held = api.get(SEARCH, {"query": "zawadi", "resource": "groups,loans,savings,shares"})
    assert hits(not_held) == []
    mixed = api.get(SEARCH, {"query": "nid777001", "resource": "clientIdentifiers,groups"})
    assert hits(mixed) == [("CLIENTIDENTIFIER", document.pk)]


def test_global_search_stops_at_fifty(api, make_client, branch_a):
    for _ in range(52):
        make_client(office=branch_a, firstname="Imani")
    assert len(hits(api.get(SEARCH, {"query": "imani"}))) == 50


def test_a_branch_user_finds_only_their_branchs_clients_and_documents(
    api_as, branch_user, branch_a, people
):
    add_document(people["foreign"], "FOREIGN-1")
    api_a = api_as(branch_user(branch_a))
    assert hits(api_a.get(SEARCH, {"query": "zawadi"})) == [("CLIENT", people["zawadi"].pk)]
    assert hits(api_a.get(SEARCH, {"query": "foreign-1"})) == []
    assert hits(api_a.get(SEARCH, {"query": "0799000111"})) == []
    assert v2_ids(v2(api_a, "zawadi")) == [people["zawadi"].pk]
    assert v2_ids(v2(api_a, "FOREIGN-1")) == []


def test_a_branch_users_scope_follows_an_office_opened_under_their_branch(
    api_as, branch_user, branch_a, make_office, make_client, people
):
    """The worker keeps the ids of the branch's offices (core.querysets `subtree_ids`): an
    office opened since is in them at the next request."""
    api_a = api_as(branch_user(branch_a))
    assert v2_ids(v2(api_a, "zawadi")) == [people["zawadi"].pk]
    sub_branch = make_office("Kisumu East", parent=branch_a)
    newer = make_client(office=sub_branch, firstname="Zawadi", lastname="Achieng")
    assert v2_ids(v2(api_a, "zawadi")) == [newer.pk, people["zawadi"].pk]


@pytest.mark.parametrize(
    "params, param",
    [
        ({"query": "x", "resource": "clients,pets"}, "resource"),
        ({"query": "x", "exactMatch": "maybe"}, "exactMatch"),
        ({"query": "x" * 101}, "query"),
    ],
)
def test_global_search_refuses_bad_parameters(api, params, param):
    response = api.get(SEARCH, params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameterName"] == param


# --- POST /v2/clients/search ----------------------------------------------------------------


def test_v2_search_finds_by_each_field_including_documents(api, people):
    add_document(people["baraka"], "KE/55.66")
    zawadi = people["zawadi"]
    for text in ("awadi ot", zawadi.account_no, "ext-zaw-1", "712 345", "+254712345678"):
        assert zawadi.pk in v2_ids(v2(api, text)), text
    assert v2_ids(v2(api, "ke5566")) == [people["baraka"].pk]


def test_v2_search_answers_a_spring_page_the_web_app_reads(api, people, branch_a):
    zawadi = people["zawadi"]
    response = v2(api, "EXT-ZAW-1", page=0, size=50)
    body = response.json()
    assert {k: body[k] for k in body if k != "content"} == {
        "totalElements": 1, "totalPages": 1, "numberOfElements": 1, "size": 50, "number": 0,
        "first": True, "last": True, "empty": False,
    }  # fmt: skip
    (item,) = body["content"]
    assert set(item) == ITEM_KEYS
    assert item["id"] == zawadi.pk and item["displayName"] == "Zawadi Otieno"
    assert item["accountNumber"] == zawadi.account_no and item["externalId"] == "EXT-ZAW-1"
    assert (item["officeId"], item["officeName"]) == (branch_a.pk, branch_a.name)
    assert item["mobileNo"] == "0712 345 678"
    assert item["status"] == {"id": 300, "code": "clientStatusType.active", "value": "Active"}
    assert item["activationDate"] == [2024, 6, 14]
    assert isinstance(item["createdDate"], str)


def test_v2_search_pages_and_sorts(api, people):
    everyone = sorted(c.pk for c in people.values())
    assert v2_ids(v2(api, "")) == everyone[::-1]  # id DESC by default; no text: all
    assert v2_ids(api.post(V2, {}, "json")) == everyone[::-1]
    first = v2(api, "", page=0, size=3, sorts=[{"property": "id", "direction": "ASC"}])
    assert v2_ids(first) == everyone[:3]
    assert first.json()["totalPages"] == 2 and first.json()["last"] is False
    second = v2(api, "", page=1, size=3, sorts=[{"property": "id", "direction": "ASC"}])
    assert v2_ids(second) == everyone[3:] and second.json()["last"] is True
    by_name = v2(api, "", sorts=[{"property": "displayName", "direction": "asc"}])
    names = [item["displayName"] for item in by_name.json()["content"]]
    assert names == sorted(names)
    by_office = v2(api, "", sorts=[{"property": "officeName", "direction": "Desc"}])
    offices = [item["officeName"] for item in by_office.json()["content"]]
    assert offices == sorted(offices, reverse=True) and len(set(offices)) == 2


@pytest.mark.parametrize(
    "body, param",
    [
        ({"sorts": [{"property": "password", "direction": "ASC"}]}, "sorts"),
        ({"sorts": [{"property": "id", "direction": "SIDEWAYS"}]}, "sorts"),
        ({"size": 201}, "size"),
        ({"size": 0}, "size"),
        ({"page": -1}, "page"),
        ({"page": 1000, "size": 200}, "page"),
        ({"request": {"text": ["a"]}}, "request"),
        ({"request": "text"}, "request"),
        ({"query": "x"}, "query"),
    ],
)
def test_v2_search_refuses_bad_bodies(api, body, param):
    response = api.post(V2, body, "json")
    assert response.status_code == 400, response.json()
    assert response.json()["errors"][0]["parameterName"].startswith(param)


def test_v2_search_pages_no_further_than_get_clients_offsets(api, settings, people):
    settings.MTEJA_API_MAX_OFFSET = 6
    assert v2(api, "", page=2, size=3).status_code == 200  # rows 6 to 8: offset 6
    too_far = v2(api, "", page=7, size=1)
    assert too_far.status_code == 400
    assert codes_of(too_far) == ["validation.msg.search.page.exceeds.maximum"]


def test_v2_search_refuses_malformed_json(api):
    response = api.post(V2, b"{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.invalid.request.body"


@pytest.mark.parametrize(
    "text", ["' OR 1=1 --", "%", "_", "\\", "Zawadi'; DROP TABLE clients_client; --"]
)
def test_search_text_is_text_not_sql(api, people, text):
    assert v2_ids(v2(api, text)) == []
    assert hits(api.get(SEARCH, {"query": text})) == []
    assert Client.objects.count() == 4


def test_searches_need_the_read_client_permission(api_as, make_user, people):
    reader = api_as(make_user(("READ_OFFICE",)))
    assert reader.get(SEARCH, {"query": "zawadi"}).status_code == 403
    assert v2(reader, "zawadi").status_code == 403
    client_reader = api_as(make_user(("READ_CLIENT",)))
    assert hits(client_reader.get(SEARCH, {"query": "zawadi"}))
    assert v2_ids(v2(client_reader, "zawadi"))
