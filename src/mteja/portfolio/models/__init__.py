"""Savings and loan accounts: what a client's financial relationship is made of."""

from mteja.portfolio.models.loans import (
    AMORTIZATION_CODES,
    FREQUENCY_CODES,
    INTEREST_TYPE_CODES,
    LOAN_STATUS_CODES,
    LOAN_TRANSACTION_CODES,
    OPEN_LOANS,
    AmortizationType,
    Frequency,
    Installment,
    InterestType,
    Loan,
    LoanProduct,
    LoanStatus,
    LoanTransaction,
    LoanTransactionType,
)
from mteja.portfolio.models.money import ZERO, currency_out, digits_of, rounded
from mteja.portfolio.models.policy import PortfolioPolicy
from mteja.portfolio.models.savings import (
    OPEN_SAVINGS,
    SAVINGS_STATUS_CODES,
    SAVINGS_TRANSACTION_CODES,
    SavingsAccount,
    SavingsProduct,
    SavingsStatus,
    SavingsTransaction,
    SavingsTransactionType,
)

__all__ = [
    "AMORTIZATION_CODES", "FREQUENCY_CODES", "INTEREST_TYPE_CODES", "LOAN_STATUS_CODES",
    "LOAN_TRANSACTION_CODES", "OPEN_LOANS", "AmortizationType", "Frequency", "Installment",
    "InterestType", "Loan", "LoanProduct", "LoanStatus", "LoanTransaction", "LoanTransactionType",
    "ZERO",
    "currency_out", "digits_of", "rounded", "OPEN_SAVINGS", "SAVINGS_STATUS_CODES",
    "SAVINGS_TRANSACTION_CODES", "SavingsAccount", "SavingsProduct", "SavingsStatus",
    "SavingsTransaction", "SavingsTransactionType", "PortfolioPolicy",
]  # fmt: skip
