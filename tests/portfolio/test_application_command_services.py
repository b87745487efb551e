"""The ending and undoing commands as services: declared in the one registry (its permissions
in the catalogue), run by the one runner; what an undo takes back; the migration that gives
the new permissions to the built-in roles that approve."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps

from mteja.core.errors import DomainError
from mteja.portfolio.models import LoanStatus, LoanTransactionType, SavingsStatus
from mteja.portfolio.services import commands, loans, officers, savings
from mteja.users.models import Permission, Role
from mteja.users.permission_codes import all_codes

from .conftest import OPENED

pytestmark = pytest.mark.django_db
NEW = {
    "REJECT_SAVINGSACCOUNT", "WITHDRAW_SAVINGSACCOUNT", "APPROVALUNDO_SAVINGSACCOUNT",
    "REJECT_LOAN", "WITHDRAW_LOAN", "APPROVALUNDO_LOAN", "DISBURSALUNDO_LOAN",
}  # fmt: skip


def test_each_command_declares_a_permission_of_the_catalogue():
    catalogue = {code for _grouping, code, _entity, _action in all_codes()}
    declared = {f"{c.action}_SAVINGSACCOUNT" for c in commands.SAVINGS_COMMANDS.values()}
    declared |= {f"{c.action}_LOAN" for c in commands.LOAN_COMMANDS.values()}
    assert NEW <= declared <= catalogue
    assert set(Permission.objects.values_list("code", flat=True)) >= NEW


def test_an_undo_goes_back_a_status_and_clears_its_date(active_client, savings_product):
    account = savings.savings_account_create(
        actor=None, client=active_client, product=savings_product, submitted_on=OPENED
    )
    registry = commands.SAVINGS_COMMANDS
    commands.run(registry["approve"], actor=None, account=account, day=OPENED)
    changes = commands.run(registry["undoapproval"], actor=None, account=account, day=None)
    account.refresh_from_db()
    assert (account.status, account.approved_on) == (SavingsStatus.SUBMITTED, None)
    assert changes["status"] == [SavingsStatus.APPROVED, SavingsStatus.SUBMITTED]
    assert account.version == 3  # created, approved, approval undone


def test_reject_and_withdraw_close_the_application_on_their_day(active_client, savings_product):
    day = datetime.date(2024, 2, 1)
    for name, status, field in (("reject", SavingsStatus.REJECTED, "rejected_on"),
                                ("withdrawnbyapplicant", SavingsStatus.WITHDRAWN,
                                 "withdrawn_on")):  # fmt: skip
        account = savings.savings_account_create(
            actor=None, client=active_client, product=savings_product, submitted_on=OPENED
        )
        commands.run(commands.SAVINGS_COMMANDS[name], actor=None, account=account, day=day)
        account.refresh_from_db()
        assert (account.status, getattr(account, field), account.closed_on) == (status, day, day)


def test_an_ended_applications_officer_does_not_change(active_client, savings_product, make_staff):
    account = savings.savings_account_create(
        actor=None, client=active_client, product=savings_product, submitted_on=OPENED
    )
    commands.run(commands.SAVINGS_COMMANDS["reject"], actor=None, account=account, day=OPENED)
    with pytest.raises(DomainError) as refused:
        officers.officer_change(
            officers.SAVINGS_OFFICER_COMMANDS["assignsavingsofficer"],
            actor=None,
            account=account,
            officer=make_staff(is_loan_officer=True),
            believed_officer_id=None,
            day=OPENED,
        )
    assert refused.value.first.code.endswith("account.is.closed")


def test_undoing_a_disbursal_on_the_expected_day_keeps_the_schedule(active_client, loan_product):
    day = datetime.date(2024, 1, 20)
    loan = loans.loan_create(actor=None, client=active_client, product=loan_product,
                             principal=Decimal("6000"), submitted_on=day,
                             expected_disbursement_date=day)  # fmt: skip
    for name in ("approve", "disburse"):
        commands.run(commands.LOAN_COMMANDS[name], actor=None, account=loan, day=day)
    schedule = list(loan.installments.values_list("pk", "due_date"))
    commands.run(commands.LOAN_COMMANDS["undodisbursal"], actor=None, account=loan, day=None)
    loan.refresh_from_db()
    assert (loan.status, loan.disbursed_on) == (LoanStatus.APPROVED, None)
    assert list(loan.installments.values_list("pk", "due_date")) == schedule  # not rewritten
    payout, reversal = loan.transactions.order_by("id")
    assert (reversal.type, reversal.reverses_id) == (LoanTransactionType.REVERSAL, payout.pk)
    assert reversal.transaction_date == payout.transaction_date == day
    assert reversal.principal_portion == -payout.principal_portion
    assert (loan.principal_repaid, loan.interest_repaid) == (0, 0)
    # Undone twice: the loan is no longer active.
    with pytest.raises(DomainError) as refused:
        commands.run(commands.LOAN_COMMANDS["undodisbursal"], actor=None, account=loan, day=None)
    assert refused.value.first.code == "error.msg.loan.undo.disbursal.account.is.not.active"


def test_the_migration_gives_the_new_codes_to_built_in_approvers(make_user):
    migration = importlib.import_module("mteja.portfolio.migrations.0004_application_ended")
    manager = Role.objects.get(name="Branch manager")
    manager.permissions.remove(*Permission.objects.filter(code__in=NEW))
    teller = Role.objects.get(name="Teller and clerk")  # built in, approves nothing
    own = Role.objects.create(name="Credit committee")  # the institution's own approver
    own.permissions.add(*Permission.objects.filter(code__in=["APPROVE_LOAN"]))

    migration.grant_to_approvers(django_apps, None)

    def codes(role):
        return set(role.permissions.values_list("code", flat=True))

    assert codes(manager) >= NEW
    assert not NEW & codes(teller)
    assert codes(own) == {"APPROVE_LOAN"}
