"""What the Mifos X web-app's savings and loan pages ask for that Mteja does not keep (charges,
collateral, guarantors, account notes and documents, standing instructions, reschedules,
asset transfers, shares and deposits): each answers, in the shape the screen reads, that
there is none, for an account the user may see, and 404 for one they may not."""

import pytest

from .conftest import BASE, codes_of

pytestmark = pytest.mark.django_db

LOAN_LISTS = ["charges", "collaterals", "guarantors", "notes", "documents", "delinquencytags",
              "delinquency-actions", "interest-pauses"]  # fmt: skip


@pytest.fixture
def loan(active_client, disbursed_loan):
    return disbursed_loan(active_client)


@pytest.fixture
def account(active_client, open_savings):
    return open_savings(active_client)


@pytest.mark.parametrize("part", LOAN_LISTS)
def test_loan_tabs_answer_empty_lists(api, loan, part):
    response = api.get(f"{BASE}/loans/{loan.pk}/{part}")
    assert response.status_code == 200
    assert response.json() == []


@pytest.mark.parametrize(
    ("path", "expected"),
    [("charges/template", {"chargeOptions": []}),
     ("collaterals/template", {"allowedCollateralTypes": []}),
     ("guarantors/accounts/template?clientId={client}", {"accountLinkingOptions": []})],
)  # fmt: skip
def test_loan_action_templates_offer_nothing(api, loan, path, expected):
    url = f"{BASE}/loans/{loan.pk}/{path.format(client=loan.client_id)}"
    assert api.get(url).json() == expected


def test_create_guarantor_template_has_fineracts_guarantor_types(api, loan):
    body = api.get(f"{BASE}/loans/{loan.pk}/guarantors/template").json()
    # The screen defaults to the first (a client) or the third (external) type.
    assert [t["value"] for t in body["guarantorTypeOptions"]] == ["CUSTOMER", "STAFF", "EXTERNAL"]
    assert body["allowedClientRelationshipTypes"] == []


@pytest.mark.parametrize(
    ("path", "code"),
    [("charges/7", "error.msg.loanCharge.id.invalid"),
     ("collaterals/7", "error.msg.loan.collateral.id.invalid"),
     ("guarantors/7", "error.msg.loan.guarantor.not.found")],
)  # fmt: skip
def test_one_loan_part_is_not_found(api, loan, path, code):
    response = api.get(f"{BASE}/loans/{loan.pk}/{path}")
    assert response.status_code == 404
    assert codes_of(response) == [code]


def test_adding_what_mteja_does_not_keep_is_refused(api, loan, account):
    # The bodies of the web-app's Add Collateral and Add Loan Charge screens.
    collateral = {"collateralTypeId": 3, "value": 5000, "description": "Bicycle", "locale": "en"}
    response = api.post(f"{BASE}/loans/{loan.pk}/collaterals", collateral, "json")
    assert response.status_code == 403
    assert codes_of(response) == ["error.msg.loan.collateral.not.supported"]
    charge = {"chargeId": 1, "amount": 100, "dueDate": "20 June 2024",
              "dateFormat": "dd MMMM yyyy", "locale": "en"}  # fmt: skip
    response = api.post(f"{BASE}/savingsaccounts/{account.pk}/charges", charge, "json")
    assert codes_of(response) == ["error.msg.savingsaccount.charges.not.supported"]
    # A template is only read.
    assert api.post(f"{BASE}/loans/{loan.pk}/charges/template", {}, "json").status_code == 405


def test_savings_tabs_and_templates(api, account):
    for path in (f"savingsaccounts/{account.pk}/charges", f"savings/{account.pk}/notes",
                 f"savings/{account.pk}/documents"):  # fmt: skip
        response = api.get(f"{BASE}/{path}")
        assert response.status_code == 200 and response.json() == [], path
    template = api.get(f"{BASE}/savingsaccounts/{account.pk}/charges/template").json()
    assert template == {"chargeOptions": []}
    response = api.get(f"{BASE}/savingsaccounts/{account.pk}/charges/3")
    assert codes_of(response) == ["error.msg.savings.account.charge.id.invalid"]


def test_standing_instructions_tab(api, loan, account):
    client = loan.client
    common = f"clientId={client.pk}&clientName={client.display_name}&locale=en" \
        "&dateFormat=dd%20MMMM%20yyyy"  # fmt: skip
    for account_id, kind in ((loan.pk, 1), (account.pk, 2)):
        url = f"{BASE}/standinginstructions?{common}&fromAccountId={account_id}" \
            f"&fromAccountType={kind}&limit=14&offset=0"  # fmt: skip
        assert api.get(url).json() == {"totalFilteredRecords": 0, "pageItems": []}


def test_standing_instruction_template_offers_nothing(api, active_client, account):
    # The query string the web-app's Create Standing Instructions form sends.
    url = f"{BASE}/standinginstructions/template?fromAccountId={account.pk}" \
        f"&fromAccountType=2&fromClientId={active_client.pk}" \
        f"&fromOfficeId={active_client.office_id}"  # fmt: skip
    response = api.get(url)
    assert response.status_code == 200
    body = response.json()
    assert body["fromAccountOptions"] == [] and body["transferTypeOptions"] == []
    assert all(value == [] for value in body.values())


def test_active_loan_tabs(api, loan):
    assert api.get(f"{BASE}/rescheduleloans?loanId={loan.pk}").json() == []
    transfers = api.get(f"{BASE}/external-asset-owners/transfers?loanId={loan.pk}").json()
    assert transfers["empty"] is True and transfers["content"] == []
    active = api.get(f"{BASE}/external-asset-owners/transfers/active-transfer?loanId={loan.pk}")
    assert active.status_code == 200 and "transferId" not in active.json()
    missing = api.get(f"{BASE}/rescheduleloans")
    assert codes_of(missing) == ["validation.msg.loanId.cannot.be.blank"]


@pytest.mark.parametrize(
    "route", ["accounts/share", "recurringdepositaccounts", "fixeddepositaccounts"]
)
def test_new_account_templates_of_modules_mteja_has_not(api, active_client, route):
    body = api.get(f"{BASE}/{route}/template?clientId={active_client.pk}").json()
    assert body["productOptions"] == [] and body["clientId"] == active_client.pk


def test_another_offices_accounts_are_not_found(api_as, make_user, make_office, loan, account):
    elsewhere = api_as(make_user(("ALL_FUNCTIONS",), office=make_office(name="Nakuru")))
    for url in (f"loans/{loan.pk}/notes", f"loans/{loan.pk}/guarantors/template",
                f"savings/{account.pk}/documents", f"savingsaccounts/{account.pk}/charges",
                f"rescheduleloans?loanId={loan.pk}",
                f"standinginstructions?clientId={loan.client_id}",
                f"standinginstructions/template?fromClientId={loan.client_id}",
                f"standinginstructions?fromAccountId={account.pk}&fromAccountType=2",
                f"accounts/share/template?clientId={loan.client_id}"):  # fmt: skip
        assert elsewhere.get(f"{BASE}/{url}").status_code == 404, url


def test_reading_needs_the_accounts_read_permission(api_as, make_user, loan, account):
    savings_reader = api_as(make_user(("READ_SAVINGSACCOUNT",)))
    assert savings_reader.get(f"{BASE}/savings/{account.pk}/notes").status_code == 200
    assert savings_reader.get(f"{BASE}/loans/{loan.pk}/notes").status_code == 403
