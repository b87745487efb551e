"""What every page of the web-app asks besides data: /actuator/info, the notifications tray and
the global configuration."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
BASE = "/fineract-provider/api/v1"


def test_actuator_info_names_the_build_without_credentials():
    response = APIClient().get("/fineract-provider/actuator/info")
    assert response.status_code == 200
    body = response.json()
    assert body["build"]["name"] == "Mteja"
    # What the web-app's footer reads (and splits at "-").
    assert body["git"]["build"]["version"] == body["build"]["version"]


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
@pytest.mark.parametrize("path", ["actuator/info", "actuator/health", "actuator"])
def test_anything_else_under_actuator_is_a_json_404(method, path):
    client = APIClient(enforce_csrf_checks=True)
    response = getattr(client, method)(f"/fineract-provider/{path}", {}, format="json")
    assert response.status_code == 404
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.resource.not.found"


def test_a_new_users_tray_is_empty_and_marking_it_read_succeeds(api_as, make_user):
    clerk = make_user(())  # any signed-in user has a tray
    api = api_as(clerk)
    for is_read in ("true", "false"):
        response = api.get(f"{BASE}/notifications", {"isRead": is_read, "limit": 9})
        assert response.status_code == 200
        assert response.json() == {"totalFilteredRecords": 0, "pageItems": []}
    assert api.put(f"{BASE}/notifications", {}, format="json").status_code == 200


def test_notifications_need_credentials():
    assert APIClient().get(f"{BASE}/notifications").status_code == 401


def test_the_business_date_is_off_by_name(api_as, make_user):
    api = api_as(make_user(()))
    response = api.get(f"{BASE}/configurations/name/enable-business-date")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "enable-business-date"
    assert body["enabled"] is False
    assert api.get(f"{BASE}/configurations/{body['id']}").json() == body


def test_the_configuration_lists_every_entry(api):
    entries = api.get(f"{BASE}/configurations").json()["globalConfiguration"]
    names = {entry["name"] for entry in entries}
    assert {"enable-business-date", "charge-accrual-date"} <= names
    assert all({"id", "name", "enabled", "value", "trapDoor"} <= set(e) for e in entries)


def test_an_unknown_configuration_is_fineracts_404(api):
    by_name = api.get(f"{BASE}/configurations/name/no-such-setting")
    assert by_name.status_code == 404
    assert by_name.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.configuration.name.invalid"
    )
    by_id = api.get(f"{BASE}/configurations/9999")
    assert by_id.status_code == 404
    assert by_id.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.configuration.id.invalid"
    )


def test_the_configuration_is_read_only(api):
    response = api.put(f"{BASE}/configurations/1", {"enabled": True}, format="json")
    assert response.status_code == 405
    assert response.json()["httpStatusCode"] == "405"
    assert api.get(f"{BASE}/configurations/1").json()["enabled"] is False
