"""`GET /imports` reads `offset` and `limit` as every list of the API does: a malformed one is
a 400 in Fineract's error body naming it, not a list that pretends it was not asked."""

import pytest
from tests.clients.bulk.test_job_api import API, upload
from tests.clients.bulk.test_jobs import client_file

pytestmark = pytest.mark.django_db
LIST = f"{API}/imports?entityType=clients"


@pytest.mark.parametrize(
    ("query", "parameter", "code"),
    [
        ("limit=abc", "limit", "validation.msg.limit.not.a.number"),
        ("limit=%C2%B2", "limit", "validation.msg.limit.not.a.number"),  # ²
        ("limit=-1", "limit", "validation.msg.limit.out.of.range"),
        ("offset=-1", "offset", "validation.msg.offset.out.of.range"),
        ("offset=10001", "offset", "validation.msg.offset.exceeds.maximum"),
        # given twice, however valid each is (decision 189)
        ("limit=2&limit=abc", "limit", "validation.msg.client.import.limit.repeated"),
        ("offset=1&offset=x", "offset", "validation.msg.client.import.offset.repeated"),
        ("limit=2&limit=3", "limit", "validation.msg.client.import.limit.repeated"),
    ],
)
def test_a_malformed_offset_or_limit_is_a_400_naming_it(api_as, clerk, query, parameter, code):
    response = api_as(clerk).get(f"{LIST}&{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["httpStatusCode"] == "400"
    assert body["userMessageGlobalisationCode"] == "validation.msg.validation.errors.exist"
    (error,) = body["errors"]
    assert (error["parameterName"], error["userMessageGlobalisationCode"]) == (parameter, code)


def test_offset_and_limit_page_the_newest_first_list(api_as, clerk):
    api = api_as(clerk)
    first, second, third = (upload(api, client_file(1)).json() for _ in range(3))
    listed = [row["importId"] for row in api.get(LIST).json()]
    assert listed == [third, second, first]
    assert [row["importId"] for row in api.get(f"{LIST}&limit=2").json()] == [third, second]
    paged = api.get(f"{LIST}&offset=1&limit=1").json()
    assert [row["importId"] for row in paged] == [second]
