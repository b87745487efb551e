"""The account pages' "Modify Application" as the Mifos X web-app runs it: the account read
with `?template=true` (what its edit stepper starts from), then `PUT` with the body the
stepper sends (the creation body again), only while the application awaits approval."""

import datetime
from decimal import Decimal

import pytest

from mteja.core.models import AuditEvent
from mteja.portfolio.models import LoanProduct, SavingsProduct
from mteja.portfolio.services import commands, loans, products, savings

from .conftest import BASE, OPENED, codes_of
from .test_webapp_creation import _loan_body, _savings_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending_savings(active_client, savings_product):
    return savings.savings_account_create(
        actor=None, client=active_client, product=savings_product, submitted_on=OPENED
    )


@pytest.fixture
def pending_loan(active_client, loan_product):
    return loans.loan_create(actor=None, client=active_client, product=loan_product,
                             principal=Decimal("5000"), submitted_on=OPENED,
                             expected_disbursement_date=OPENED)  # fmt: skip


@pytest.fixture
def other_savings_product(db):
    return products.product_create(actor=None, model=SavingsProduct, name="Junior savings",
                                   short_name="JS", currency_code="KES",
                                   nominal_annual_interest_rate=Decimal("3"),
                                   min_required_balance=Decimal("0"))  # fmt: skip


@pytest.fixture
def other_loan_product(db):
    return products.product_create(actor=None, model=LoanProduct, name="Farm loan",
                                   short_name="FL", currency_code="KES",
                                   interest_rate_per_period=Decimal("1.5"), interest_type=1,
                                   amortization_type=1, repayment_every=2,
                                   repayment_frequency_type=1, number_of_repayments=10)  # fmt: skip


def test_savings_edit_template(api, pending_savings, other_savings_product, make_staff):
    officer = make_staff(office=pending_savings.client.office, is_loan_officer=True)
    url = f"{BASE}/savingsaccounts/{pending_savings.pk}?template=true&associations=charges"
    body = api.get(url).json()
    assert [p["id"] for p in body["productOptions"]] == sorted(
        [pending_savings.product_id, other_savings_product.pk],
        key=lambda pk: SavingsProduct.objects.get(pk=pk).name,
    )
    assert body["savingsProductId"] == pending_savings.product_id
    assert body["timeline"]["submittedOnDate"] == [2024, 1, 15]
    assert body["clientId"] == pending_savings.client_id and body["charges"] == []
    assert body["interestCompoundingPeriodType"]["id"] == 1
    assert [o["id"] for o in body["fieldOfficerOptions"]] == [officer.pk]


def test_savings_application_modified_as_the_webapp_sends_it(
    api, pending_savings, other_savings_product, make_staff
):
    officer = make_staff(office=pending_savings.client.office, is_loan_officer=True)
    body = _savings_body(
        pending_savings.client, other_savings_product, submittedOnDate="20 January 2024",
        fieldOfficerId=officer.pk, externalId="SAV-7", nominalAnnualInterestRate=3,
        minRequiredBalance=0,
    )  # fmt: skip
    response = api.put(f"{BASE}/savingsaccounts/{pending_savings.pk}", body, "json")
    assert response.status_code == 200, response.json()
    result = response.json()
    assert result["savingsId"] == pending_savings.pk
    assert result["changes"]["productId"] == other_savings_product.pk
    pending_savings.refresh_from_db()
    assert pending_savings.product == other_savings_product
    assert pending_savings.submitted_on == datetime.date(2024, 1, 20)
    assert (pending_savings.field_officer, pending_savings.external_id) == (officer, "SAV-7")
    assert pending_savings.version == 2
    event = AuditEvent.objects.get(entity_name="SAVINGSACCOUNT", action_name="UPDATE")
    assert event.resource_id == pending_savings.pk
    assert event.changes["external_id"] == [None, "SAV-7"]

    # Sent again unchanged, with the officer cleared: only the officer changes.
    body.update(fieldOfficerId="")
    again = api.put(f"{BASE}/savingsaccounts/{pending_savings.pk}", body, "json")
    assert again.json()["changes"] == {"fieldOfficerId": None}
    pending_savings.refresh_from_db()
    assert pending_savings.field_officer is None and pending_savings.external_id == "SAV-7"


def test_savings_modify_refused_once_approved(api, pending_savings):
    commands.run(commands.SAVINGS_COMMANDS["approve"], actor=None, account=pending_savings,
                 day=OPENED)  # fmt: skip
    body = _savings_body(pending_savings.client, pending_savings.product, externalId="X")
    response = api.put(f"{BASE}/savingsaccounts/{pending_savings.pk}", body, "json")
    assert response.status_code == 400
    assert codes_of(response) == [
        "validation.msg.savingsaccount.modify.not.in.submittedandpendingapproval.state"
    ]
    pending_savings.refresh_from_db()
    assert pending_savings.external_id is None


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [({"allowOverdraft": True}, 400, "validation.msg.savingsaccount.allowOverdraft.not.supported"),
     ({"submittedOnDate": "01 January 2024"}, 403,
      "error.msg.savingsaccount.submittal.date.cannot.be.before.client.activation.date"),
     ({"submittedOnDate": "01 July 2024"}, 400,
      "validation.msg.savingsaccount.submittedOnDate.is.greater.than.date"),
     ({"productId": 999}, 404, "error.msg.savingsproduct.id.invalid")],
)  # fmt: skip
def test_savings_modify_refusals(api, pending_savings, changes, status, code):
    body = _savings_body(pending_savings.client, pending_savings.product, **changes)
    response = api.put(f"{BASE}/savingsaccounts/{pending_savings.pk}", body, "json")
    assert response.status_code == status, response.json()
    assert codes_of(response) == [code]
    assert not AuditEvent.objects.filter(action_name="UPDATE").exists()


def test_savings_modify_keeps_the_client(api, pending_savings, make_client):
    other = make_client(active=True, activation_date=datetime.date(2024, 1, 2))
    body = _savings_body(other, pending_savings.product)
    response = api.put(f"{BASE}/savingsaccounts/{pending_savings.pk}", body, "json")
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.savingsaccount.clientId.not.updatable"]


def test_modify_is_scoped_and_needs_the_update_permission(
    api_as, make_user, make_office, pending_savings, pending_loan
):
    elsewhere = api_as(make_user(("ALL_FUNCTIONS",), office=make_office(name="Nakuru")))
    body = _savings_body(pending_savings.client, pending_savings.product, externalId="X")
    url = f"{BASE}/savingsaccounts/{pending_savings.pk}"
    assert elsewhere.put(url, body, "json").status_code == 404
    reader = api_as(make_user(("READ_SAVINGSACCOUNT", "READ_LOAN")))
    assert reader.put(url, body, "json").status_code == 403
    loan_body = _loan_body(pending_loan.client, pending_loan.product, externalId="X")
    assert elsewhere.put(f"{BASE}/loans/{pending_loan.pk}", loan_body, "json").status_code == 404
    updater = api_as(make_user(("UPDATE_LOAN",)))
    assert updater.put(f"{BASE}/loans/{pending_loan.pk}", loan_body, "json").status_code == 200


LOAN_TEMPLATE = "?associations=charges,collateral,meeting,multiDisburseDetails" \
    "&staffInSelectedOfficeOnly=true&template=true"  # fmt: skip


def test_loan_edit_template(api, pending_loan, other_loan_product):
    body = api.get(f"{BASE}/loans/{pending_loan.pk}{LOAN_TEMPLATE}").json()
    assert {p["id"] for p in body["productOptions"]} == {pending_loan.product_id,
                                                         other_loan_product.pk}  # fmt: skip
    assert body["loanProductId"] == pending_loan.product_id and body["accountNo"]
    assert body["principal"] == 5000.0 and body["numberOfRepayments"] == 12
    assert body["termFrequency"] == 12 and body["termPeriodFrequencyType"]["id"] == 2
    assert body["timeline"]["expectedDisbursementDate"] == [2024, 1, 15]
    assert body["product"]["allowAttributeOverrides"]["repaymentEvery"] is True
    assert body["loanScheduleType"]["code"] == "CUMULATIVE"
    assert body["interestRateFrequencyType"]["id"] == 2
    assert body["collateral"] == [] and body["charges"] == []
    assert {o["id"] for o in body["amortizationTypeOptions"]} == {0, 1}


def test_loan_application_modified_as_the_webapp_sends_it(
    api, pending_loan, other_loan_product, make_staff
):
    officer = make_staff(office=pending_loan.client.office, is_loan_officer=True)
    body = _loan_body(
        pending_loan.client, other_loan_product, principal=8000, loanOfficerId=officer.pk,
        submittedOnDate="20 January 2024", expectedDisbursementDate="25 January 2024",
        loanTermFrequency=20, loanTermFrequencyType=1, numberOfRepayments=10, repaymentEvery=2,
        repaymentFrequencyType=1, interestRateFrequencyType=1, interestType=1,
        interestRatePerPeriod=1.5, disbursementData=[], inArrearsTolerance="",
        graceOnPrincipalPayment="", graceOnInterestPayment="", graceOnArrearsAgeing="",
        fixedEmiAmount="", maxOutstandingLoanBalance="", interestRateDifferential="",
    )  # fmt: skip
    response = api.put(f"{BASE}/loans/{pending_loan.pk}", body, "json")
    assert response.status_code == 200, response.json()
    assert response.json()["loanId"] == pending_loan.pk
    assert Decimal(response.json()["changes"]["principal"]) == 8000
    pending_loan.refresh_from_db()
    assert (pending_loan.product, pending_loan.principal, pending_loan.loan_officer) == (
        other_loan_product, 8000, officer)  # fmt: skip
    assert (pending_loan.number_of_repayments, pending_loan.repayment_every,
            pending_loan.repayment_frequency_type) == (10, 2, 1)  # fmt: skip
    assert pending_loan.expected_disbursement_date == datetime.date(2024, 1, 25)
    event = AuditEvent.objects.get(entity_name="LOAN", action_name="UPDATE")
    assert Decimal(event.changes["principal"][1]) == 8000

    # The schedule follows the new terms at approval.
    commands.run(commands.LOAN_COMMANDS["approve"], actor=None, account=pending_loan,
                 day=datetime.date(2024, 1, 20))  # fmt: skip
    schedule = api.get(f"{BASE}/loans/{pending_loan.pk}?associations=repaymentSchedule").json()
    periods = [p for p in schedule["repaymentSchedule"]["periods"] if p.get("period")]
    assert len(periods) == 10 and periods[0]["dueDate"] == [2024, 2, 8]


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [({"charges": [{"chargeId": 1}]}, 400, "validation.msg.loan.charges.not.supported"),
     ({"expectedDisbursementDate": "10 January 2024"}, 403,
      "error.msg.loan.expected.disbursement.date.before.submittal.date"),
     ({"principal": 10.001}, 400, "validation.msg.loan.principal.invalid.decimal.places")],
)  # fmt: skip
def test_loan_modify_refusals(api, pending_loan, changes, status, code):
    body = _loan_body(pending_loan.client, pending_loan.product, submittedOnDate="15 January 2024",
                      **changes)  # fmt: skip
    response = api.put(f"{BASE}/loans/{pending_loan.pk}", body, "json")
    assert response.status_code == status, response.json()
    assert codes_of(response) == [code]
    pending_loan.refresh_from_db()
    assert pending_loan.principal == 5000


def test_loan_modify_refused_once_approved(api, pending_loan):
    commands.run(commands.LOAN_COMMANDS["approve"], actor=None, account=pending_loan, day=OPENED)
    body = _loan_body(pending_loan.client, pending_loan.product, principal=9000)
    response = api.put(f"{BASE}/loans/{pending_loan.pk}", body, "json")
    assert response.status_code == 403
    assert codes_of(response) == ["error.msg.loan.cannot.modify.loan.in.its.present.state"]
    pending_loan.refresh_from_db()
    assert pending_loan.principal == 5000


def test_a_partial_body_changes_only_what_it_names(api, pending_loan, pending_savings):
    response = api.put(f"{BASE}/loans/{pending_loan.pk}", {"principal": 6000, "locale": "en"},
                       "json")  # fmt: skip
    assert response.status_code == 200, response.json()
    assert list(response.json()["changes"]) == ["principal"]
    pending_loan.refresh_from_db()
    assert (pending_loan.principal, pending_loan.number_of_repayments) == (6000, 12)
    response = api.put(f"{BASE}/savingsaccounts/{pending_savings.pk}", {"externalId": "S-1"},
                       "json")  # fmt: skip
    assert response.json()["changes"] == {"externalId": "S-1"}
    unchanged = api.put(f"{BASE}/savingsaccounts/{pending_savings.pk}", {"externalId": "S-1"},
                        "json")  # fmt: skip
    assert unchanged.status_code == 200 and "changes" not in unchanged.json()
    pending_savings.refresh_from_db()
    assert pending_savings.version == 2


def test_pending_applications_are_deleted_as_the_webapp_asks(api, pending_loan, pending_savings):
    accounts = ((f"loans/{pending_loan.pk}", type(pending_loan)),
                (f"savingsaccounts/{pending_savings.pk}", type(pending_savings)))  # fmt: skip
    for url, model in accounts:
        response = api.delete(f"{BASE}/{url}")
        assert response.status_code == 200, response.json()
        assert response.json()["clientId"] == pending_loan.client_id
        assert not model.objects.exists()
        assert api.get(f"{BASE}/{url}").status_code == 404
    deleted = AuditEvent.objects.filter(action_name="DELETE").order_by("id")
    assert [e.entity_name for e in deleted] == ["LOAN", "SAVINGSACCOUNT"]
    assert deleted[0].changes["principal"][1] is None


def test_only_a_pending_application_is_deleted(
    api, api_as, make_user, pending_loan, pending_savings
):
    commands.run(commands.LOAN_COMMANDS["approve"], actor=None, account=pending_loan, day=OPENED)
    response = api.delete(f"{BASE}/loans/{pending_loan.pk}")
    assert response.status_code == 403
    assert codes_of(response) == ["error.msg.loan.cannot.delete.loan.in.its.present.state"]
    commands.run(commands.SAVINGS_COMMANDS["approve"], actor=None, account=pending_savings,
                 day=OPENED)  # fmt: skip
    response = api.delete(f"{BASE}/savingsaccounts/{pending_savings.pk}")
    assert response.status_code == 400
    assert codes_of(response) == [
        "validation.msg.savingsaccount.delete.not.in.submittedandpendingapproval.state"
    ]
    updater = api_as(make_user(("UPDATE_SAVINGSACCOUNT", "READ_SAVINGSACCOUNT")))
    assert updater.delete(f"{BASE}/savingsaccounts/{pending_savings.pk}").status_code == 403
    assert type(pending_loan).objects.exists() and type(pending_savings).objects.exists()
