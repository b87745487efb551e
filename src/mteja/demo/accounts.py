"""Demo savings and loans: most active clients save, some borrow, a few are in arrears.

Everything goes through the portfolio's services, so balances, schedules and the journal are
what real use would leave behind."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from mteja.clients.models import Client, ClientStatus
from mteja.core import clock
from mteja.portfolio.models import LoanProduct, SavingsProduct, SavingsTransactionType
from mteja.portfolio.services import commands, loans, products, savings


def _products() -> tuple[list[SavingsProduct], list[LoanProduct]]:
    saving = [
        products.product_create(actor=None, model=SavingsProduct, name="Passbook savings",
                                short_name="PBS", currency_code="KES",
                                nominal_annual_interest_rate=Decimal("4"),
                                min_required_balance=Decimal("200")),
        products.product_create(actor=None, model=SavingsProduct, name="Youth savings",
                                short_name="YTH", currency_code="KES",
                                nominal_annual_interest_rate=Decimal("6")),
    ]  # fmt: skip
    lending = [
        products.product_create(actor=None, model=LoanProduct, name="Business loan",
                                short_name="BIZ", currency_code="KES",
                                interest_rate_per_period=Decimal("2"), interest_type=0,
                                amortization_type=1, repayment_every=1,
                                repayment_frequency_type=2, number_of_repayments=12,
                                principal=Decimal("50000")),
        products.product_create(actor=None, model=LoanProduct, name="Flat group loan",
                                short_name="FGL", currency_code="KES",
                                interest_rate_per_period=Decimal("1.5"), interest_type=1,
                                amortization_type=1, repayment_every=1,
                                repayment_frequency_type=2, number_of_repayments=6,
                                principal=Decimal("20000")),
    ]  # fmt: skip
    return saving, lending


def _days_after(rng, start: datetime.date, today: datetime.date, count: int):
    """`count` increasing dates between `start` and `today`."""
    span = max(0, (today - start).days)
    return sorted(start + datetime.timedelta(days=rng.randint(0, span)) for _ in range(count))


def _save(rng, client: Client, product: SavingsProduct, start, today) -> None:
    account = savings.savings_account_create(
        actor=None, client=client, product=product, submitted_on=start
    )
    for name in ("approve", "activate"):
        commands.run(commands.SAVINGS_COMMANDS[name], actor=None, account=account, day=start)
    balance = Decimal(0)
    for number, day in enumerate(_days_after(rng, start, today, rng.randint(2, 14))):
        withdraw = number > 1 and rng.random() < 0.3
        amount = Decimal(rng.randrange(5, 200) * 50)
        if withdraw and balance - amount < product.min_required_balance:
            withdraw = False
        kind = SavingsTransactionType.WITHDRAWAL if withdraw else SavingsTransactionType.DEPOSIT
        savings.savings_transaction(
            actor=None, account=account, kind=kind, transaction_date=day, amount=amount
        )
        balance += -amount if withdraw else amount


def _borrow(rng, client: Client, product: LoanProduct, start, today) -> None:
    loan = loans.loan_create(
        actor=None, client=client, product=product, submitted_on=start,
        expected_disbursement_date=start, principal=Decimal(rng.randrange(10, 100) * 1000),
    )  # fmt: skip
    commands.run(commands.LOAN_COMMANDS["approve"], actor=None, account=loan, day=start)
    commands.run(commands.LOAN_COMMANDS["disburse"], actor=None, account=loan, day=start)
    late = rng.random() < 0.25  # a quarter of borrowers stop paying at some point
    for period in loan.installments.order_by("number"):
        if period.due_date > today or (late and rng.random() < 0.4):
            break
        loan.refresh_from_db()
        loans.loan_repayment(
            actor=None, loan=loan, transaction_date=period.due_date,
            amount=period.principal + period.interest,
        )  # fmt: skip


def load_accounts(rng: random.Random) -> int:
    """Savings for about four in five active clients, loans for about one in three."""
    today = clock.today()
    saving, lending = _products()
    opened = 0
    for client in Client.objects.filter(status=ClientStatus.ACTIVE).order_by("id"):
        start = max(client.activation_date, today - datetime.timedelta(days=400))
        if rng.random() < 0.8:
            _save(rng, client, rng.choice(saving), start, today)
            opened += 1
        if rng.random() < 0.35:
            begin = _days_after(rng, start, today - datetime.timedelta(days=30), 1)[0]
            _borrow(rng, client, rng.choice(lending), max(begin, start), today)
            opened += 1
    return opened
