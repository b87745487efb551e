"""A client's charges and collateral, and the client menu's screen reports, collateral products
and surveys, which Mteja does not keep: Fineract's shapes, empty, for a client the user may
see; a 404 for a client of another office, as for every part of a client."""

import pytest

pytestmark = pytest.mark.django_db
BASE = "/fineract-provider/api/v1"

EMPTY = {
    "charges?pendingPayment=true": {"totalFilteredRecords": 0, "pageItems": []},
    "charges": {"totalFilteredRecords": 0, "pageItems": []},
    "charges/template": {"chargeOptions": []},  # the client menu's Add Charge
    "collaterals": [],
    "collaterals/template": [],
}
ONE = {
    "charges/3": "error.msg.client.charge.not.found",
    "collaterals/3": "error.msg.client.collateral.not.found",
}


@pytest.mark.parametrize(("part", "body"), EMPTY.items())
def test_a_clients_charges_and_collateral_are_empty(api, make_client, part, body):
    client = make_client()
    response = api.get(f"{BASE}/clients/{client.pk}/{part}")
    assert response.status_code == 200
    assert response.json() == body


@pytest.mark.parametrize(("part", "code"), ONE.items())
def test_one_charge_or_collateral_does_not_exist(api, make_client, part, code):
    client = make_client()
    response = api.get(f"{BASE}/clients/{client.pk}/{part}")
    assert response.status_code == 404
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == code


@pytest.mark.parametrize("part", [*EMPTY, *ONE])
def test_a_client_of_another_office_does_not_exist(
    api_as, make_client, make_office, make_user, part
):
    client = make_client(office=make_office(name="Garissa"))
    outsider = make_user(("ALL_FUNCTIONS",), office=make_office(name="Voi"))
    response = api_as(outsider).get(f"{BASE}/clients/{client.pk}/{part}")
    assert response.status_code == 404
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.client.id.invalid"
    )


def test_a_missing_client_is_404_and_reading_needs_read_client(api_as, make_user, make_client):
    client = make_client()
    stranger = make_user(("READ_OFFICE",))
    assert api_as(stranger).get(f"{BASE}/clients/{client.pk}/charges").status_code == 403
    reader = api_as(make_user(("READ_CLIENT",)))
    assert reader.get(f"{BASE}/clients/{client.pk}/collaterals").status_code == 200
    assert reader.get(f"{BASE}/clients/999999/collaterals/template").status_code == 404


# What the web-app's client menu asks (Client Screen Reports, Create Collateral, Take Survey,
# Survey), exactly as it asks it.
MENU = ["templates?entityId=0&typeId=0", "collateral-management", "surveys"]


@pytest.mark.parametrize("path", MENU)
def test_the_client_menus_modules_are_empty_lists(api, path):
    response = api.get(f"{BASE}/{path}")
    assert response.status_code == 200
    assert response.json() == []


def test_a_clients_scorecards_are_empty_and_scoped(
    api, api_as, make_client, make_office, make_user
):
    client = make_client(office=make_office(name="Garissa"))
    assert api.get(f"{BASE}/surveys/scorecards/clients/{client.pk}").json() == []
    outsider = api_as(make_user(("ALL_FUNCTIONS",), office=make_office(name="Voi")))
    assert outsider.get(f"{BASE}/surveys/scorecards/clients/{client.pk}").status_code == 404


def test_the_menus_modules_need_read_client_and_a_well_formed_query(api, api_as, make_user):
    stranger = api_as(make_user(("READ_OFFICE",)))
    assert all(stranger.get(f"{BASE}/{path}").status_code == 403 for path in MENU)
    response = api.get(f"{BASE}/templates", {"entityId": "zero"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameterName"] == "entityId"
