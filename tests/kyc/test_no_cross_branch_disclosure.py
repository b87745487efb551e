"""No disclosure across branches: a refusal never names a client the user may not see, and
a write to another office's client answers exactly as a write to an id that does not exist
(404), on every client sub-resource of the API and on every write page of the web UI."""

import json

import pytest
from django.test import Client as Browser

from mteja.clients import services
from mteja.clients.lifecycle import COMMANDS
from mteja.clients.models import Client, ClientIdentifier, CustomRow, CustomTable
from mteja.organisation.models import CodeValue

from .conftest import BASE, codes_of

pytestmark = pytest.mark.django_db


def national_id() -> int:
    return CodeValue.objects.get(code__name="Customer Identifier", name="National ID").pk


def add_identifier(api, client, key):
    body = {"documentTypeId": national_id(), "documentKey": key}
    return api.post(f"{BASE}/clients/{client.pk}/identifiers", body, "json")


@pytest.fixture
def holder(api, make_client, branch_b):
    """A client of branch B holding national ID AB123456."""
    client = make_client(office=branch_b, firstname="Secret", lastname="Holder")
    assert add_identifier(api, client, "AB123456").status_code == 200
    return client


@pytest.fixture
def api_a(api_as, branch_user, branch_a):
    return api_as(branch_user(branch_a))


def assert_names_no_client(response, holder):
    text = response.content.decode()
    assert holder.account_no not in text
    assert "Secret" not in text
    (error,) = response.json()["errors"]
    assert error["value"] is None and error["args"] == []
    assert "another office" in error["defaultUserMessage"]


def test_a_number_held_in_another_branch_is_refused_without_naming_the_holder(
    api_a, make_client, holder
):
    mine = make_client()  # branch A
    response = add_identifier(api_a, mine, "ab-123 456")
    assert response.status_code == 403
    assert codes_of(response) == ["error.msg.clientIdentifier.identityKey.duplicate"]
    assert_names_no_client(response, holder)
    assert not ClientIdentifier.objects.filter(client=mine).exists()


def test_changing_a_number_to_one_held_in_another_branch_names_no_one(api_a, make_client, holder):
    mine = make_client()
    identifier_id = add_identifier(api_a, mine, "CD 777 888").json()["resourceId"]
    response = api_a.put(
        f"{BASE}/clients/{mine.pk}/identifiers/{identifier_id}",
        {"documentKey": "AB123456"},
        "json",
    )
    assert response.status_code == 403
    assert_names_no_client(response, holder)


def test_creating_a_client_with_a_number_held_in_another_branch_names_no_one(
    api_a, branch_a, holder
):
    body = {
        "officeId": branch_a.pk, "legalFormId": 1, "firstname": "Amina", "lastname": "Odhiambo",
        "identifiers": [{"documentTypeId": national_id(), "documentKey": "AB123456"}],
    }  # fmt: skip
    response = api_a.post(f"{BASE}/clients", body, "json")
    assert response.status_code == 403
    assert_names_no_client(response, holder)
    assert not Client.objects.filter(lastname="Odhiambo").exists()


def test_whoever_may_see_the_holder_is_told_its_account_number(api, make_client, holder):
    response = add_identifier(api, make_client(), "AB123456")  # the head office sees all
    assert response.status_code == 403
    assert holder.account_no in response.json()["errors"][0]["defaultUserMessage"]


# --- a write to another branch's client answers as one to an unknown id ---------------------


@pytest.fixture
def foreign(api, holder, code_value):
    """Branch B's client with one of each part: identifier, family member, address, custom
    field entry."""
    client = holder
    url = f"{BASE}/clients/{client.pk}"
    ids = {"identifier": ClientIdentifier.objects.get(client=client).pk}
    ids["member"] = api.post(f"{url}/familymembers", {"firstName": "Baraka"}, "json").json()[
        "resourceId"
    ]
    address_type = code_value("ADDRESS_TYPE")
    response = api.post(f"{BASE}/client/{client.pk}/addresses?type={address_type}", {}, "json")
    ids["address"] = response.json()["resourceId"]
    ids["address_type"] = address_type
    table = {
        "datatableName": "extra",
        "apptableName": "m_client",
        "multiRow": False,
        "columns": [{"name": "notes", "type": "Text"}],
    }
    assert api.post(f"{BASE}/datatables", table, "json").status_code == 200
    assert (
        api.post(f"{BASE}/datatables/extra/{client.pk}", {"notes": "x"}, "json").status_code == 200
    )
    ids["table"] = CustomTable.objects.get(name="extra").pk
    return client, ids


def api_writes(client_id: int, ids: dict) -> list[tuple[str, str, dict]]:
    url = f"{BASE}/clients/{client_id}"
    writes = [
        ("PUT", url, {"mobileNo": "0700000001"}),
        ("DELETE", url, {}),
        ("POST", f"{url}/identifiers", {"documentTypeId": national_id(), "documentKey": "X1"}),
        ("PUT", f"{url}/identifiers/{ids['identifier']}", {"description": "x"}),
        ("DELETE", f"{url}/identifiers/{ids['identifier']}", {}),
        ("POST", f"{url}/familymembers", {"firstName": "Zawadi"}),
        ("PUT", f"{url}/familymembers/{ids['member']}", {"firstName": "Zawadi"}),
        ("DELETE", f"{url}/familymembers/{ids['member']}", {}),
        ("POST", f"{BASE}/client/{client_id}/addresses?type={ids['address_type']}", {}),
        ("PUT", f"{BASE}/client/{client_id}/addresses", {"addressId": ids["address"]}),
        ("POST", f"{BASE}/datatables/extra/{client_id}", {"notes": "y"}),
        ("PUT", f"{BASE}/datatables/extra/{client_id}", {"notes": "y"}),
        ("DELETE", f"{BASE}/datatables/extra/{client_id}", {}),
    ]
    return writes + [("POST", f"{url}?command={name}", {}) for name in sorted(COMMANDS)]


def outcome(response) -> tuple:
    body = response.json()
    return response.status_code, body["userMessageGlobalisationCode"], codes_of(response)


def test_every_write_to_another_branchs_client_answers_as_an_unknown_id(api_a, foreign):
    client, ids = foreign
    unknown = client.pk + 10_000
    versions = Client.objects.get(pk=client.pk).version
    for (method, url, body), (_m, unknown_url, _b) in zip(
        api_writes(client.pk, ids), api_writes(unknown, ids), strict=True
    ):
        seen = api_a.generic(method, url, json.dumps(body), content_type="application/json")
        nothing = api_a.generic(
            method, unknown_url, json.dumps(body), content_type="application/json"
        )
        assert outcome(seen) == outcome(nothing), (method, url, seen.json())
        assert seen.status_code in (400, 404), (method, url)
    assert Client.objects.get(pk=client.pk).version == versions
    assert ClientIdentifier.objects.filter(client=client).count() == 1
    assert CustomRow.objects.filter(client=client).count() == 1


# --- the web UI -----------------------------------------------------------------------------


def web_pages(client_id: int, ids: dict) -> list[str]:
    url = f"/clients/{client_id}"
    return [
        f"{url}/edit/",
        f"{url}/delete/",
        f"{url}/identifiers/new/",
        f"{url}/identifiers/{ids['identifier']}/edit/",
        f"{url}/identifiers/{ids['identifier']}/delete/",
        f"{url}/family/new/",
        f"{url}/family/{ids['member']}/edit/",
        f"{url}/family/{ids['member']}/delete/",
        f"{url}/addresses/new/",
        f"{url}/addresses/{ids['address']}/edit/",
        f"{url}/addresses/{ids['address']}/deactivate/",
        f"{url}/more-details/{ids['table']}/edit/",
        *(f"{url}/{name.lower()}/" for name in sorted(COMMANDS)),
    ]


def test_every_write_page_of_another_branchs_client_is_a_404(
    make_user, branch_a, foreign, admin_user
):
    client, ids = foreign
    browser = Browser()
    browser.force_login(make_user(("ALL_FUNCTIONS",), office=branch_a))
    head_office = Browser()
    head_office.force_login(admin_user)
    unknown = client.pk + 10_000
    for page, unknown_page in zip(web_pages(client.pk, ids), web_pages(unknown, ids), strict=True):
        assert head_office.get(page).status_code != 404, page  # the page exists
        posted = browser.post(page, {"mobile_no": "0700000001"})
        assert posted.status_code == 404, page
        assert client.account_no not in posted.content.decode()
        assert browser.get(page).status_code == browser.get(unknown_page).status_code, page
        assert browser.post(unknown_page, {}).status_code == 404, unknown_page
    assert Client.objects.get(pk=client.pk).mobile_no == ""
    assert ClientIdentifier.objects.filter(client=client).count() == 1


def test_services_refuse_an_out_of_scope_client_as_not_found(make_user, branch_a, holder):
    from mteja.core.errors import NotFound

    with pytest.raises(NotFound) as raised:
        services.client_update(
            actor=make_user(office=branch_a), client=holder, fields={"mobile_no": "0700000001"}
        )
    assert raised.value.first.code == "error.msg.client.id.invalid"
