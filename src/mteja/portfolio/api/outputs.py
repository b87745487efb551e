"""Fineract's response shapes of products, accounts, schedules and transactions, built from
the rows (and, for loans, their position) with amounts rounded to the currency."""

from __future__ import annotations

from decimal import Decimal

from mteja.core import clock, wire
from mteja.portfolio import selectors
from mteja.portfolio.api import loan_shapes, savings_shapes
from mteja.portfolio.api.common import PAYMENT_TYPE_OPTIONS
from mteja.portfolio.models import (
    AMORTIZATION_CODES,
    FREQUENCY_CODES,
    INTEREST_TYPE_CODES,
    LOAN_STATUS_CODES,
    LOAN_TRANSACTION_CODES,
    SAVINGS_STATUS_CODES,
    SAVINGS_TRANSACTION_CODES,
    AmortizationType,
    Frequency,
    InterestType,
    LoanStatus,
    LoanTransactionType,
    SavingsStatus,
    SavingsTransactionType,
    currency_out,
    rounded,
)

INDIVIDUAL = wire.enum_out(1, "accountType.individual", "Individual")
SAVINGS_DEPOSIT = wire.enum_out(100, "depositAccountType.savingsDeposit", "Savings")


def amount(value: Decimal, digits: int) -> Decimal:
    return rounded(value, digits)


def _enum(choices, codes, value) -> dict:
    member = choices(value)
    return wire.enum_out(member.value, codes[member], str(member.label))


def savings_status(status: int) -> dict:
    """Fineract's SavingsAccountStatusEnumData: a rejected or withdrawn application is also
    `closed`, as Fineract's SavingsAccountStatusType.isClosed has it."""
    body = _enum(SavingsStatus, SAVINGS_STATUS_CODES, status)
    ended = (SavingsStatus.REJECTED, SavingsStatus.WITHDRAWN, SavingsStatus.CLOSED)
    body.update(
        submittedAndPendingApproval=status == SavingsStatus.SUBMITTED,
        approved=status == SavingsStatus.APPROVED,
        rejected=status == SavingsStatus.REJECTED,
        withdrawnByApplicant=status == SavingsStatus.WITHDRAWN,
        active=status == SavingsStatus.ACTIVE,
        closed=status in ended,
        prematureClosed=False,
        transferInProgress=False,
        transferOnHold=False,
        matured=False,
    )
    return body


def loan_status(status: int) -> dict:
    body = _enum(LoanStatus, LOAN_STATUS_CODES, status)
    body.update(
        pendingApproval=status == LoanStatus.SUBMITTED,
        waitingForDisbursal=status == LoanStatus.APPROVED,
        active=status == LoanStatus.ACTIVE,
        closedObligationsMet=status == LoanStatus.CLOSED,
        closedWrittenOff=False,
        closedRescheduled=False,
        closed=status == LoanStatus.CLOSED,
        overpaid=False,
    )
    return body


def savings_product(product) -> dict:
    digits = product.digits
    return {
        "id": product.pk,
        "name": product.name,
        "shortName": product.short_name,
        "description": product.description,
        "currency": currency_out(product.currency_code),
        "nominalAnnualInterestRate": product.nominal_annual_interest_rate,
        "minRequiredBalance": amount(product.min_required_balance, digits),
    }


# Mteja keeps no general ledger: its products post no journal entries (Fineract's NONE rule).
NO_ACCOUNTING = wire.enum_out(1, "accountingRuleType.none", "NONE")


def savings_product_detail(product) -> dict:
    """GET /savingsproducts/{id}: the product with the settings its view page reads."""
    return {**savings_product(product), **savings_shapes.INTEREST_SETTINGS,
            **savings_shapes.NOT_OFFERED, "accountingRule": NO_ACCOUNTING}  # fmt: skip


def terms(row) -> dict:
    return {
        "interestRatePerPeriod": row.interest_rate_per_period,
        "interestType": _enum(InterestType, INTEREST_TYPE_CODES, row.interest_type),
        "amortizationType": _enum(AmortizationType, AMORTIZATION_CODES, row.amortization_type),
        "repaymentEvery": row.repayment_every,
        "repaymentFrequencyType": _enum(Frequency, FREQUENCY_CODES, row.repayment_frequency_type),
        "numberOfRepayments": row.number_of_repayments,
    }


def loan_product(product) -> dict:
    principal = product.principal
    return {
        "id": product.pk,
        "name": product.name,
        "shortName": product.short_name,
        "description": product.description,
        "currency": currency_out(product.currency_code),
        "principal": amount(principal, product.digits) if principal is not None else None,
        **terms(product),
    }


def _officer(staff) -> dict:
    return {"id": staff.pk, "displayName": staff.display_name} if staff else {}


def savings_summary(account) -> dict:
    """An account as GET /clients/{id}/accounts lists it. Without transactions it has no
    `lastActiveTransactionDate` (absent, as Fineract leaves out its nulls: the web-app's
    date pipe reads a null as an invalid date)."""
    digits = account.digits
    body = {
        "id": account.pk,
        "accountNo": account.account_no,
        "externalId": account.external_id,
        "productId": account.product_id,
        "productName": account.product.name,
        "shortProductName": account.product.short_name,
        "status": savings_status(account.status),
        "currency": currency_out(account.product.currency_code),
        "accountBalance": amount(account.balance, digits),
        "accountType": INDIVIDUAL,
        "depositType": SAVINGS_DEPOSIT,
        "timeline": {
            "submittedOnDate": wire.date_out(account.submitted_on),
            "rejectedOnDate": wire.date_out(account.rejected_on),
            "withdrawnOnDate": wire.date_out(account.withdrawn_on),
            "approvedOnDate": wire.date_out(account.approved_on),
            "activatedOnDate": wire.date_out(account.activated_on),
            "closedOnDate": wire.date_out(account.closed_on),
        },
    }
    if account.last_transaction_on:
        body["lastActiveTransactionDate"] = wire.date_out(account.last_transaction_on)
    return body


def savings_item(account) -> dict:
    """An account as GET /savingsaccounts lists it: with its client, product and officer."""
    body = savings_summary(account)
    client = account.client
    body.update(
        clientId=client.pk,
        clientName=client.display_name,
        clientAccountNo=client.account_no,
        officeId=client.office_id,
        savingsProductId=account.product_id,
        savingsProductName=account.product.name,
        fieldOfficerId=account.field_officer_id,
        fieldOfficerName=getattr(account.field_officer, "display_name", None),
        subStatus=savings_shapes.SUB_STATUS_NONE,
        nominalAnnualInterestRate=account.product.nominal_annual_interest_rate,
        minRequiredBalance=amount(account.product.min_required_balance, account.digits),
        version=account.version,
    )
    return body


def savings_detail(account) -> dict:
    """GET /savingsaccounts/{id}: the item, the settings the web-app's view reads, the summary."""
    body = savings_item(account)
    body.update(savings_shapes.INTEREST_SETTINGS)
    body.update(savings_shapes.NOT_OFFERED)
    body["summary"] = {
        "currency": body["currency"],
        "accountBalance": body["accountBalance"],
        "availableBalance": body["accountBalance"],
        **savings_shapes.totals(account),
    }
    return body


def savings_transaction(row, account) -> dict:
    digits = account.digits
    body = _enum(SavingsTransactionType, SAVINGS_TRANSACTION_CODES, row.type)
    body.update(savings_shapes.transaction_flags(row.type))
    return {
        "id": row.pk,
        "transactionType": body,
        "accountId": account.pk,
        "accountNo": account.account_no,
        "date": wire.date_out(row.transaction_date),
        "currency": currency_out(account.product.currency_code),
        "amount": amount(row.amount, digits),
        "runningBalance": amount(row.running_balance, digits),
        "reversed": hasattr(row, "reversed_by"),
        "reversesId": row.reverses_id,
        "submittedOnDate": wire.date_out(row.created_on),
    }


def loan_summary(loan) -> dict:
    digits, pos = loan.digits, loan.position
    return {
        "id": loan.pk,
        "accountNo": loan.account_no,
        "externalId": loan.external_id,
        "productId": loan.product_id,
        "productName": loan.product.name,
        "shortProductName": loan.product.short_name,
        "status": loan_status(loan.status),
        "loanType": INDIVIDUAL,
        "loanCycle": loan.loan_counter,
        "currency": currency_out(loan.product.currency_code),
        "principal": amount(loan.principal, digits),
        "originalLoan": amount(loan.principal, digits),
        "loanBalance": amount(pos.outstanding, digits),
        "amountPaid": amount(pos.paid, digits),
        "inArrears": pos.in_arrears,
        "timeline": {
            "submittedOnDate": wire.date_out(loan.submitted_on),
            "rejectedOnDate": wire.date_out(loan.rejected_on),
            "withdrawnOnDate": wire.date_out(loan.withdrawn_on),
            "approvedOnDate": wire.date_out(loan.approved_on),
            "expectedDisbursementDate": wire.date_out(loan.expected_disbursement_date),
            "actualDisbursementDate": wire.date_out(loan.disbursed_on),
            "closedOnDate": wire.date_out(loan.closed_on),
        },
    }


def loan_detail(loan) -> dict:
    body = loan_summary(loan)
    digits, pos, client = loan.digits, loan.position, loan.client
    body.update(
        clientId=client.pk,
        clientName=client.display_name,
        clientOfficeId=client.office_id,
        loanOfficerId=loan.loan_officer_id,
        loanOfficerName=getattr(loan.loan_officer, "display_name", None),
        approvedPrincipal=body["principal"],
        **terms(loan),
        summary={
            "currency": body["currency"],
            "principalDisbursed": amount(pos.principal if loan.disbursed_on else 0, digits),
            "principalPaid": amount(pos.principal_paid, digits),
            "principalOutstanding": amount(pos.principal_outstanding, digits),
            "interestCharged": amount(pos.interest, digits),
            "interestPaid": amount(pos.interest_paid, digits),
            "interestOutstanding": amount(pos.interest_outstanding, digits),
            "totalExpectedRepayment": amount(pos.expected, digits),
            "totalRepayment": amount(pos.paid, digits),
            "totalOutstanding": amount(pos.outstanding, digits),
            "totalOverdue": amount(pos.overdue, digits),
            "overdueSinceDate": wire.date_out(pos.overdue_since),
            "daysInArrears": pos.days_in_arrears,
            **loan_shapes.summary_extras(loan),
        },
        version=loan.version,
        **loan_shapes.detail_extras(loan),
    )
    body.update(loan_shapes.settings(loan, body["repaymentFrequencyType"]))
    if pos.periods:
        body["timeline"]["expectedMaturityDate"] = wire.date_out(pos.periods[-1].due_date)
    return body


def repayment_schedule(loan) -> dict:
    digits, pos = loan.digits, loan.position
    balances, balance = [], pos.principal
    for p in pos.periods:
        balance -= p.principal
        balances.append(balance)
    periods = [
        {
            "period": p.number,
            "fromDate": wire.date_out(p.from_date),
            "dueDate": wire.date_out(p.due_date),
            "complete": p.complete,
            "principalDue": amount(p.principal, digits),
            "principalPaid": amount(p.principal_paid, digits),
            "principalOutstanding": amount(p.principal - p.principal_paid, digits),
            "interestDue": amount(p.interest, digits),
            "interestPaid": amount(p.interest_paid, digits),
            "interestOutstanding": amount(p.interest - p.interest_paid, digits),
            "totalDueForPeriod": amount(p.total, digits),
            "totalPaidForPeriod": amount(p.paid, digits),
            "totalOutstandingForPeriod": amount(p.outstanding, digits),
            **loan_shapes.schedule_period_extras(p, balance_after, digits),
        }
        for p, balance_after in zip(pos.periods, balances, strict=True)
    ]
    return {
        "currency": currency_out(loan.product.currency_code),
        "loanTermInDays": (pos.periods[-1].due_date - pos.periods[0].from_date).days
        if pos.periods
        else 0,
        "totalPrincipalExpected": amount(pos.principal, digits),
        "totalInterestCharged": amount(pos.interest, digits),
        "totalRepaymentExpected": amount(pos.expected, digits),
        **loan_shapes.schedule_extras(loan),
        "periods": periods,
    }


def loan_transaction(row, loan) -> dict:
    digits = loan.digits
    kind = _enum(LoanTransactionType, LOAN_TRANSACTION_CODES, row.type)
    kind.update(loan_shapes.transaction_flags(row.type))
    return {
        "id": row.pk,
        "officeId": loan.client.office_id,
        "officeName": loan.client.office.name,
        "type": kind,
        "date": wire.date_out(row.transaction_date),
        "currency": currency_out(loan.product.currency_code),
        "amount": amount(row.amount, digits),
        "principalPortion": amount(row.principal_portion, digits),
        "interestPortion": amount(row.interest_portion, digits),
        "feeChargesPortion": amount(0, digits),
        "penaltyChargesPortion": amount(0, digits),
        "outstandingLoanBalance": amount(row.outstanding_after, digits),
        "manuallyReversed": hasattr(row, "reversed_by"),
        "reversesId": row.reverses_id,
        "externalId": None,
        "transactionRelations": [],
    }


def savings_transaction_template(account) -> dict:
    return {
        "accountId": account.pk,
        "accountNo": account.account_no,
        "date": wire.date_out(clock.today()),
        "currency": currency_out(account.product.currency_code),
        "paymentTypeOptions": PAYMENT_TYPE_OPTIONS,
    }


def repayment_template(loan) -> dict:
    """The oldest period not fully paid: its date and what is left of it (nothing once the
    loan is repaid)."""
    digits = loan.digits
    due = next((p for p in loan.position.periods if not p.complete), None)
    principal = due.principal - due.principal_paid if due else 0
    interest = due.interest - due.interest_paid if due else 0
    kind = _enum(LoanTransactionType, LOAN_TRANSACTION_CODES, LoanTransactionType.REPAYMENT)
    return {
        "type": kind,
        "date": wire.date_out(due.due_date if due else clock.today()),
        "currency": currency_out(loan.product.currency_code),
        "amount": amount(principal + interest, digits),
        "principalPortion": amount(principal, digits),
        "interestPortion": amount(interest, digits),
        "feeChargesPortion": amount(0, digits),
        "penaltyChargesPortion": amount(0, digits),
        "paymentTypeOptions": PAYMENT_TYPE_OPTIONS,
    }


def disbursement_template(loan) -> dict:
    kind = _enum(LoanTransactionType, LOAN_TRANSACTION_CODES, LoanTransactionType.DISBURSEMENT)
    return loan_shapes.disbursement_template(loan, kind, PAYMENT_TYPE_OPTIONS)


def savings_product_template(product, client) -> dict:
    """`GET /savingsaccounts/template?clientId=&productId=`: the product's terms as the
    creation screen reads them, and the client's possible field officers."""
    return {
        "savingsProductId": product.pk,
        "savingsProductName": product.name,
        "currency": currency_out(product.currency_code),
        "nominalAnnualInterestRate": product.nominal_annual_interest_rate,
        "minRequiredBalance": amount(product.min_required_balance, product.digits),
        **savings_shapes.INTEREST_SETTINGS,
        **savings_shapes.NOT_OFFERED,
        **savings_shapes.option_lists(),
        "fieldOfficerOptions": officer_options(client),
    }


def officer_options(client, *, own_office_only: bool = False) -> list[dict]:
    """The officers an account of `client` may have; only its office's with
    `own_office_only` (Fineract's staffInSelectedOfficeOnly)."""
    return [{"id": s.pk, "displayName": s.display_name, "officeId": s.office_id}
            for s in selectors.officers_for(client)
            if not own_office_only or s.office_id == client.office_id]  # fmt: skip
