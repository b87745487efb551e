from mteja.core.api.routes import endpoint
from mteja.portfolio.api import absent, absent_modules, accounts, loans, payment_types, savings

urlpatterns = [
    endpoint("paymenttypes", payment_types.PaymentTypesView, "paymenttypes"),
    endpoint("paymenttypes/<id:pk>", payment_types.PaymentTypeView, "paymenttype"),
    endpoint("savingsproducts", savings.SavingsProductsView, "savingsproducts"),
    endpoint("savingsproducts/<id:pk>", savings.SavingsProductView, "savingsproduct"),
    endpoint("savingsaccounts", savings.SavingsAccountsView, "savingsaccounts"),
    endpoint("savingsaccounts/template", savings.SavingsTemplateView, "savingsaccount-template"),
    endpoint("savingsaccounts/<id:pk>", savings.SavingsAccountView, "savingsaccount"),
    endpoint(
        "savingsaccounts/<id:pk>/transactions",
        savings.SavingsTransactionsView,
        "savingsaccount-transactions",
    ),
    endpoint(
        "savingsaccounts/<id:pk>/transactions/template",
        savings.SavingsTransactionTemplateView,
        "savingsaccount-transaction-template",
    ),
    endpoint(
        "savingsaccounts/<id:pk>/transactions/<id:tx_pk>",
        savings.SavingsTransactionView,
        "savingsaccount-transaction",
    ),
    endpoint("loanproducts", loans.LoanProductsView, "loanproducts"),
    endpoint("loanproducts/<id:pk>", loans.LoanProductView, "loanproduct"),
    endpoint("loans", loans.LoansView, "loans"),
    endpoint("loans/template", loans.LoanTemplateView, "loan-template"),
    endpoint("loans/<id:pk>", loans.LoanView, "loan"),
    endpoint("loans/<id:pk>/template", loans.LoanAccountTemplateView, "loan-account-template"),
    endpoint("loans/<id:pk>/transactions", loans.LoanTransactionsView, "loan-transactions"),
    endpoint(
        "loans/<id:pk>/transactions/template",
        loans.LoanTransactionTemplateView,
        "loan-transaction-template",
    ),
    endpoint(
        "loans/<id:pk>/transactions/<id:tx_pk>", loans.LoanTransactionView, "loan-transaction"
    ),
    endpoint("clients/<id:pk>/accounts", accounts.ClientAccountsView, "client-accounts"),
    endpoint(
        "clients/external-id/<str:external_id>/accounts",
        accounts.ClientAccountsByExternalIdView,
        "client-accounts-by-external-id",
    ),
    *absent.urlpatterns,
    *absent_modules.urlpatterns,
]
