"""The account pages offer Reject, Withdrawn by client and Undo approval beside Approve, and a
loan's Undo disbursal: each runs the same command as the API; a refusal shows on the form;
the permission and the client's office are checked as for the other commands."""

import datetime
from decimal import Decimal

import pytest

from mteja.portfolio.models import LoanStatus, SavingsStatus
from mteja.portfolio.services import commands, loans, savings

from .conftest import OPENED, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(browse_as, admin_user):
    return browse_as(admin_user)


def _buttons(page: str) -> list[str]:
    actions = page.split('<p class="actions">', 1)[1].split("</p>", 1)[0]
    return [part.split(">", 1)[1].split("<", 1)[0] for part in actions.split("<a ")[1:]]


def test_a_pending_savings_application_is_rejected_from_its_page(
    browser, active_client, savings_product
):
    account = savings.savings_account_create(
        actor=None, client=active_client, product=savings_product, submitted_on=OPENED
    )
    page = f"/clients/{active_client.pk}/savings/{account.pk}/"
    assert _buttons(browser.get(page).content.decode()) == [
        "Approve", "Reject", "Withdrawn by client"]  # fmt: skip
    early = browser.post(f"{page}reject/", {"day": "2024-01-01"})
    assert early.status_code == 200 and "cannot be before" in early.content.decode()
    done = browser.post(f"{page}reject/", {"day": TODAY.isoformat()}, follow=True)
    body = done.content.decode()
    assert "Savings application rejected." in body and "Rejected on" in body
    assert _buttons(body) == []
    account.refresh_from_db()
    assert (account.status, account.rejected_on) == (SavingsStatus.REJECTED, TODAY)
    tab = browser.get(f"/clients/{active_client.pk}/accounts/").content.decode()
    assert "Rejected" in tab


def test_approval_and_disbursal_undone_from_the_loan_page(browser, active_client, loan_product):
    day = datetime.date(2024, 2, 1)
    loan = loans.loan_create(actor=None, client=active_client, product=loan_product,
                             principal=Decimal("4000"), submitted_on=day,
                             expected_disbursement_date=day)  # fmt: skip
    commands.run(commands.LOAN_COMMANDS["approve"], actor=None, account=loan, day=day)
    page = f"/clients/{active_client.pk}/loans/{loan.pk}/"
    assert _buttons(browser.get(page).content.decode()) == ["Undo approval", "Disburse"]
    form = browser.get(f"{page}undoapproval/").content.decode()
    assert 'type="date"' not in form and "Undo approval" in form  # nothing to enter
    done = browser.post(f"{page}undoapproval/", {}, follow=True).content.decode()
    assert "Approval undone" in done
    loan.refresh_from_db()
    assert (loan.status, loan.approved_on) == (LoanStatus.SUBMITTED, None)

    for name in ("approve", "disburse"):
        commands.run(commands.LOAN_COMMANDS[name], actor=None, account=loan, day=day)
    loans.loan_repayment(actor=None, loan=loan, transaction_date=day, amount="100")
    body = browser.get(page).content.decode()
    assert "Undo disbursal" in _buttons(body)
    refused = browser.post(f"{page}undodisbursal/", {})
    assert refused.status_code == 200
    assert "reverse them before undoing the disbursal" in refused.content.decode()
    loan.refresh_from_db()
    assert loan.status == LoanStatus.ACTIVE


def test_the_commands_need_permission_and_the_clients_office(
    browse_as, make_user, make_office, make_client, savings_product
):
    mine, theirs = make_office(), make_office()
    client = make_client(office=mine, active=True, activation_date=OPENED)
    account = savings.savings_account_create(
        actor=None, client=client, product=savings_product, submitted_on=OPENED
    )
    page = f"/clients/{client.pk}/savings/{account.pk}/"
    approver = browse_as(make_user(("READ_CLIENT", "READ_SAVINGSACCOUNT",
                                    "APPROVE_SAVINGSACCOUNT"), office=mine))  # fmt: skip
    assert approver.post(f"{page}reject/", {"day": TODAY.isoformat()}).status_code == 403
    elsewhere = browse_as(make_user(("ALL_FUNCTIONS",), office=theirs))
    response = elsewhere.post(f"{page}withdrawnbyapplicant/", {"day": TODAY.isoformat()})
    assert response.status_code == 404
    account.refresh_from_db()
    assert account.status == SavingsStatus.SUBMITTED
