"""Malformed input never gives a 500: random JSON-ish bodies against create, update and the
commands answer 200 or a Fineract error body."""

import json
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mteja.clients import lifecycle
from mteja.clients.models import ClientStatus

from .conftest import BASE

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

CREATE_KEYS = [
    "officeId", "legalFormId", "firstname", "middlename", "lastname", "fullname", "displayname",
    "accountNo", "externalId", "mobileNo", "emailAddress", "active", "activationDate",
    "submittedOnDate", "staffId", "groupId", "savingsProductId", "dateOfBirth", "genderId",
    "clientTypeId", "clientClassificationId", "isStaff", "clientNonPersonDetails", "address",
    "familyMembers", "datatables", "maritalStatusId", "numberOfDependents", "professionId",
    "educationLevelId", "monthlyIncome", "locale", "dateFormat",
]  # fmt: skip
COMMAND_KEYS = [
    "activationDate", "closureDate", "closureReasonId", "rejectionDate", "rejectionReasonId",
    "withdrawalDate", "withdrawalReasonId", "reactivationDate", "reopenedDate", "staffId",
    "assignmentDate", "unassignmentDate", "destinationOfficeId", "transferDate",
    "destinationGroupId", "note", "version", "locale", "dateFormat",
]  # fmt: skip

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(["", " ", "2024-06-01", "01 June 2024", "31/02/2024", "1", "0", "-1", "%"])
    | st.dates().map(lambda d: d.isoformat())
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
date_formats = st.sampled_from(["dd MMMM yyyy", "yyyy-MM-dd", "dd/MM/yyyy", "Q", "'", "EEEE"])
locales = st.sampled_from(["en", "fr", "sw_KE", "xx", "", "en-GB", "../.."])


def bodies(keys):
    value_for_key = {
        "dateFormat": date_formats | json_values,
        "locale": locales | json_values,
        "officeId": st.just(1) | json_values,
        "legalFormId": st.sampled_from([1, 2]) | json_values,
    }
    key = st.sampled_from(keys) | st.text(max_size=12)
    pairs = st.lists(
        key.flatmap(lambda k: st.tuples(st.just(k), value_for_key.get(k, json_values))),
        max_size=10,
    )
    return pairs.map(dict) | json_values


def assert_fineract_answer(response, allowed=(200, 400, 403, 404)):
    assert response.status_code in allowed, (response.status_code, response.content[:500])
    if response.status_code != 200:
        body = response.json()
        assert body["httpStatusCode"] == str(response.status_code)
        assert body["userMessageGlobalisationCode"]
        assert isinstance(body["errors"], list)
        for error in body["errors"]:
            assert error["userMessageGlobalisationCode"]


def post_raw(api, url, body):
    return api.post(url, data=json.dumps(body), content_type="application/json")


@FUZZ
@given(body=bodies(CREATE_KEYS))
def test_create_never_fails_with_a_500(api, body):
    assert_fineract_answer(post_raw(api, f"{BASE}/clients", body))


@FUZZ
@given(body=bodies(CREATE_KEYS))
def test_update_never_fails_with_a_500(api, make_client, body):
    client = make_client()
    response = api.put(
        f"{BASE}/clients/{client.pk}", data=json.dumps(body), content_type="application/json"
    )
    # A random `version` may be stale, which is a 409 by design.
    assert_fineract_answer(response, (200, 400, 403, 404, 409))


@FUZZ
@given(
    name=st.sampled_from([c.name for c in lifecycle.COMMANDS.values()]) | st.text(max_size=10),
    status=st.sampled_from(list(ClientStatus)),
    body=bodies(COMMAND_KEYS),
)
def test_commands_never_fail_with_a_500(api, client_in, name, status, body):
    client = client_in(status)
    response = api.post(
        f"{BASE}/clients/{client.pk}?command={quote(name)}",
        data=json.dumps(body),
        content_type="application/json",
    )
    assert_fineract_answer(response, (200, 400, 403, 404, 409))
    if response.status_code == 409:
        assert isinstance(body, dict) and "version" in body


@pytest.mark.parametrize(
    "raw", [b"{", b"[1, 2", b"null", b"\xff\xfe", b'{"officeId": 1,}', b"", b"42", b'"text"']
)
def test_bodies_that_are_not_json_objects_are_400s(api, raw):
    response = api.post(f"{BASE}/clients", data=raw, content_type="application/json")
    assert_fineract_answer(response, (400,))


def test_a_form_encoded_body_is_refused_cleanly(api):
    response = api.post(f"{BASE}/clients", data="officeId=1", content_type="text/plain")
    assert response.status_code in (400, 415)
    assert response.json()["userMessageGlobalisationCode"]


@pytest.mark.parametrize(
    ("date_format", "locale"),
    [
        ("yyyy-MM-dd", 5),
        ("yyyy-MM-dd", ["en"]),
        ("yyyy-MM-dd", {"x": 1}),
        ("yyyy-MM-dd", None),
        (["yyyy"], "en"),
        (7, "en"),
        ("yyyy-MM-dd", "en_ZZZZZZZZZZ"),
    ],
)
def test_odd_locale_and_date_format_are_400s(api, client_in, date_format, locale):
    client = client_in(ClientStatus.PENDING)
    body = {"activationDate": "2024-06-01", "dateFormat": date_format, "locale": locale}
    response = post_raw(api, f"{BASE}/clients/{client.pk}?command=activate", body)
    assert_fineract_answer(response, (200, 400))
