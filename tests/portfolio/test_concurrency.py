"""Two withdrawals at once on one account: the row lock serialises them, so the second sees
the first's balance and the minimum balance holds (no overdraft)."""

from decimal import Decimal

import pytest
from tests.concurrent_transactions import in_threads, on_postgres

from mteja.core.errors import DomainError
from mteja.portfolio import selectors
from mteja.portfolio.models import SavingsAccount, SavingsTransaction, SavingsTransactionType
from mteja.portfolio.services import savings

from .conftest import TODAY


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_withdrawals_at_once_cannot_overdraw(active_client, open_savings):
    account = open_savings(active_client, deposit=Decimal("1000"))  # minimum balance 100

    def withdraw(n):
        return savings.savings_transaction(
            actor=None,
            account=account,
            kind=SavingsTransactionType.WITHDRAWAL,
            transaction_date=TODAY,
            amount=Decimal("600"),
        )

    results = in_threads(2, withdraw)
    done = [r for r in results if isinstance(r, SavingsTransaction)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(done) == 1 and len(refused) == 1, results
    assert refused[0].first.code == (
        "error.msg.savingsaccount.transaction.insufficient.account.balance"
    )
    account = SavingsAccount.objects.get(pk=account.pk)
    assert account.balance == Decimal("400")
    assert selectors.savings_balance_check(account)


def test_transactions_are_never_edited_nor_deleted(active_client, open_savings, db):
    account = open_savings(active_client)
    row = SavingsTransaction.objects.get(account=account)
    row.amount = Decimal("1")
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        SavingsTransaction.objects.filter(account=account).update(amount=Decimal("2"))
    assert SavingsTransaction.objects.get(account=account).amount == Decimal("1000")
