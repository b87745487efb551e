"""`/paymenttypes` as the Mifos X web-app's loan transaction and organisation pages read it."""

import pytest

from .conftest import BASE, codes_of

pytestmark = pytest.mark.django_db

CASH = {
    "id": 1,
    "name": "Cash",
    "description": "",
    "isCashPayment": True,
    "position": 1,
    "isSystemDefined": True,
}


def test_the_list_is_the_payment_type_transactions_name(api, active_client, open_savings):
    assert api.get(f"{BASE}/paymenttypes").json() == [CASH]
    # The same id is what the transaction templates offer and a deposit may name.
    account = open_savings(active_client)
    template = api.get(f"{BASE}/savingsaccounts/{account.pk}/transactions/template").json()
    assert [t["id"] for t in template["paymentTypeOptions"]] == [CASH["id"]]


def test_only_with_code_lists_none(api):
    # A loan transaction's page asks the types with a code name (for chargebacks): none.
    response = api.get(f"{BASE}/paymenttypes?onlyWithCode=true")
    assert response.status_code == 200
    assert response.json() == []
    assert api.get(f"{BASE}/paymenttypes?onlyWithCode=false").json() == [CASH]


def test_one_and_an_unknown_one(api):
    assert api.get(f"{BASE}/paymenttypes/1").json() == CASH
    missing = api.get(f"{BASE}/paymenttypes/7")
    assert missing.status_code == 404
    assert codes_of(missing) == ["error.msg.payment.type.invalid"]


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "paymenttypes"), ("put", "paymenttypes/1"), ("delete", "paymenttypes/1")],
)
def test_the_list_is_not_edited_over_the_api(api, method, path):
    body = {"name": "Cheque", "isCashPayment": False, "position": 2}
    response = getattr(api, method)(f"{BASE}/{path}", body, "json")
    assert response.status_code == 405
    assert response.json()["httpStatusCode"] == "405"
    assert api.get(f"{BASE}/paymenttypes").json() == [CASH]


def test_reading_needs_the_permission(api_as, make_user):
    clerk = make_user(codes=("READ_CLIENT",))
    refused = api_as(clerk).get(f"{BASE}/paymenttypes")
    assert refused.status_code == 403
    reader = make_user(codes=("READ_PAYMENTTYPE",))
    assert api_as(reader).get(f"{BASE}/paymenttypes").json() == [CASH]
    everything = api_as(make_user(codes=("ALL_FUNCTIONS_READ",)))
    assert everything.get(f"{BASE}/paymenttypes/1").status_code == 200
