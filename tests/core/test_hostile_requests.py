"""No request crashes a worker or answers HTML from the API: deeply nested JSON is a 400,
an oversized body a 413, an unknown API path a JSON 404 for every method; all in Fineract's
error body, before authentication and before CSRF."""

import pytest
from django.test import Client as BrowserClient

pytestmark = pytest.mark.django_db

BASE = "/fineract-provider/api/v1"


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def assert_fineract_error(response, status: int, code: str):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["httpStatusCode"] == str(status)
    assert body["userMessageGlobalisationCode"] == code


@pytest.mark.parametrize("depth", [40, 20_000])
def test_deeply_nested_json_is_a_400_even_unauthenticated(client, depth):
    response = client.post(
        f"{BASE}/authentication", '{"username": ' + nested(depth) + "}", "application/json"
    )
    assert_fineract_error(response, 400, "error.msg.invalid.request.body")


def test_deeply_nested_json_is_a_400_for_a_write(api, make_client):
    url = f"{BASE}/clients/{make_client().pk}"
    body = '{"mobileNo": ' + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "}"
    response = api.generic("PUT", url, body, content_type="application/json")
    assert_fineract_error(response, 400, "error.msg.invalid.request.body")


def test_ordinary_nesting_still_parses(client):
    # A datatable row inside a client inside a list: a few levels are what bodies need.
    body = '{"username": "nobody", "password": "x", "extra": [[{"a": [[1]]}]]}'
    response = client.post(f"{BASE}/authentication", body, "application/json")
    assert response.status_code in (400, 401)
    assert response.json()["httpStatusCode"] in ("400", "401")


@pytest.mark.parametrize("path", [f"{BASE}/authentication", f"{BASE}/clients", "/api/v1/clients"])
def test_an_oversized_body_is_a_413_in_fineracts_body(client, settings, path):
    body = '{"firstname": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + '"}'
    response = client.post(path, body, "application/json")
    assert_fineract_error(response, 413, "error.msg.request.body.too.large")


def test_a_body_within_the_limit_is_read(api, settings, head_office):
    filler = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE - 500)
    response = api.post(
        f"{BASE}/clients",
        {"officeId": head_office.pk, "legalFormId": 1, "firstname": filler, "lastname": "B"},
        "json",
    )
    # Read and validated (the name is too long), not refused for its size.
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameterName"] == "firstname"


UNKNOWN = [
    f"{BASE}/no-such-resource",
    f"{BASE}/clients/12/no-such-part",
    f"{BASE}/clients/not-a-number",
    "/api/v1/no-such-resource",
    "/fineract-provider/no-such-thing",
    "/fineract-provider/api/v2/clients",
    "/api/v2/clients",
    "/api/nothing-here",
]


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", UNKNOWN)
def test_every_method_on_an_unknown_api_path_is_a_json_404(method, path, admin_user):
    # A browser with a session (and so with CSRF enforced) and without one alike.
    anonymous = BrowserClient(enforce_csrf_checks=True)
    logged_in = BrowserClient(enforce_csrf_checks=True)
    logged_in.force_login(admin_user)
    for browser in (anonymous, logged_in):
        response = browser.generic(method, path, "{}", content_type="application/json")
        assert_fineract_error(response, 404, "error.msg.resource.not.found")


def test_the_schema_and_its_viewer_are_still_served(client):
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.parametrize("number", ["1e400", "-1e400", "NaN", "Infinity"])
def test_a_number_past_a_floats_range_is_a_400_not_a_500(api, make_client, number):
    """1e400 reads as infinity: an answer echoing it could not be written as JSON."""
    client = make_client()
    url = f"{BASE}/clients/{client.pk}"
    body = '{"firstname": "Asha", "externalId": ' + number + "}"
    response = api.generic("PUT", url, body, content_type="application/json")
    assert_fineract_error(response, 400, "error.msg.invalid.request.body")
    client.refresh_from_db()
    assert client.firstname != "Asha"


@pytest.mark.parametrize("path", ["clients/export", "clients", "imports/1", "offices"])
def test_more_query_parameters_than_django_reads_is_a_json_400(api, settings, path):
    """Django refuses a query string of more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters
    wherever it is read, even after the view answered: Fineract's body, not a page."""
    query = "&".join(f"p{number}=1" for number in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = api.get(f"{BASE}/{path}?{query}")
    assert_fineract_error(response, 400, "error.msg.invalid.request")
