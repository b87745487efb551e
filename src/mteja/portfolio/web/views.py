"""The client's accounts on its page (the Accounts tab), each account's page with its
transactions (and a loan's schedule), and the forms that open, move and repay them. Every
write goes through the portfolio's services; every page through the client's scope."""

from __future__ import annotations

from itertools import chain

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from mteja.clients.web.pages import client_in_scope, client_page, owned_client
from mteja.core.web.access import permission_required
from mteja.core.web.forms import form_page
from mteja.portfolio import history, selectors
from mteja.portfolio.models import SavingsTransactionType
from mteja.portfolio.services import commands, loans, savings
from mteja.portfolio.web.forms import (
    ConfirmForm,
    DayForm,
    HistoryForm,
    OpenLoanForm,
    OpenSavingsForm,
    TransactionForm,
)

RECENT = 10


def _money(amount, account) -> str:
    """An amount as the user's locale writes it, with the currency's decimals."""
    return number_format(amount, decimal_pos=account.digits, use_l10n=True, force_grouping=True)


@permission_required("READ_CLIENT")
def client_accounts(request, pk: int):
    client = client_in_scope(request, pk)
    savings_rows, loan_rows = selectors.client_accounts(client)
    recent = sorted(
        chain(
            selectors.recent_savings_transactions(client, RECENT),
            selectors.recent_loan_transactions(client, RECENT),
        ),
        key=lambda row: (row.transaction_date, row.created_on),
        reverse=True,
    )[:RECENT]
    return client_page(request, client, "accounts", {
        "tab_template": "portfolio/_client_accounts.html",
        "savings": savings_rows, "loans": loan_rows, "recent": recent,
        "totals": selectors.totals(savings_rows, loan_rows),
    })  # fmt: skip


@permission_required("READ_CLIENT")
def client_transactions(request, pk: int):
    """Every transaction of the client's accounts, filtered by dates, type and account."""
    client = client_in_scope(request, pk)
    savings_rows, loan_rows = selectors.client_accounts(client)
    accounts = [(f"savings-{a.pk}", f"{a.account_no} · {a.product.name}") for a in savings_rows]
    accounts += [(f"loan-{a.pk}", f"{a.account_no} · {a.product.name}") for a in loan_rows]
    form = HistoryForm(request.GET or None, accounts=accounts)
    filters = history.Filters(**form.cleaned_data) if form.is_valid() else history.Filters()
    rows = history.client_transactions(client, filters)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return client_page(request, client, "accounts", {
        "tab_template": "portfolio/_client_accounts.html",
        "history": True, "form": form, "page": page, "query": query.urlencode(),
        "rows": [history.row(values) for values in page.object_list],
    })  # fmt: skip


def _savings(request, pk: int, account_pk: int):
    client = client_in_scope(request, pk)
    account = selectors.savings_rows().filter(client=client, pk=account_pk).first()
    if account is None:
        raise Http404
    return client, account


def _loan(request, pk: int, account_pk: int):
    client = client_in_scope(request, pk)
    found = selectors.with_positions(selectors.loan_rows().filter(client=client, pk=account_pk))
    if not found:
        raise Http404
    return client, found[0]


@permission_required("READ_SAVINGSACCOUNT")
def savings_detail(request, pk: int, account_pk: int):
    client, account = _savings(request, pk, account_pk)
    rows = selectors.savings_transactions(account).order_by("-id")
    return render(request, "portfolio/savings_detail.html", {
        "client": client, "account": account, "transactions": rows,
        "commands": commands.SAVINGS_COMMANDS.values(),
    })  # fmt: skip


@permission_required("CREATE_SAVINGSACCOUNT")
def savings_open(request, pk: int):
    client = owned_client(request, pk)
    form = OpenSavingsForm(request.POST or None)

    def write(data):
        return savings.savings_account_create(
            actor=request.user, client=client, product=data["product"],
            submitted_on=data["submitted_on"],
        )  # fmt: skip

    return form_page(
        request, form=form, template="portfolio/account_form.html", write=write,
        success_url=lambda account: reverse("savings_detail", args=[client.pk, account.pk]),
        success_message=_("Savings account opened."),
        params={"submittedOnDate": "submitted_on", "clientId": "product"},
        context={"client": client, "label": _("Open a savings account")},
    )  # fmt: skip


@permission_required("CREATE_LOAN")
def loan_open(request, pk: int):
    client = owned_client(request, pk)
    form = OpenLoanForm(request.POST or None)

    def write(data):
        return loans.loan_create(
            actor=request.user, client=client, product=data["product"],
            principal=data["principal"], submitted_on=data["submitted_on"],
            expected_disbursement_date=data["expected_disbursement_date"],
            number_of_repayments=data.get("number_of_repayments"),
        )  # fmt: skip

    return form_page(
        request, form=form, template="portfolio/account_form.html", write=write,
        success_url=lambda loan: reverse("loan_detail", args=[client.pk, loan.pk]),
        success_message=_("Loan application submitted."),
        params={"submittedOnDate": "submitted_on", "clientId": "product",
                "expectedDisbursementDate": "expected_disbursement_date"},
        context={"client": client, "label": _("Apply for a loan")},
    )  # fmt: skip


def savings_movement(kind: int, code: str, label):
    @permission_required(code)
    def view(request, pk: int, account_pk: int):
        client, account = _savings(request, pk, account_pk)
        owned_client(request, pk)
        form = TransactionForm(request.POST or None)

        def write(data):
            return savings.savings_transaction(
                actor=request.user, account=account, kind=kind,
                transaction_date=data["day"], amount=data["amount"],
            )  # fmt: skip

        return form_page(
            request, form=form, template="portfolio/account_form.html", write=write,
            success_url=lambda row: reverse("savings_receipt",
                                            args=[client.pk, account.pk, row.pk]),
            success_message=lambda row: _("%(what)s of %(amount)s recorded: receipt %(id)s.")
            % {"what": label, "amount": _money(row.amount, account), "id": row.pk},
            params={"transactionDate": "day", "transactionAmount": "amount"},
            context={"client": client, "account": account, "label": label},
        )  # fmt: skip

    return view


def account_command(registry: dict, name: str, entity: str, find, detail: str):
    command = registry[name]

    @permission_required(f"{command.action}_{entity}")
    def view(request, pk: int, account_pk: int):
        client, account = find(request, pk, account_pk)
        owned_client(request, pk)
        form_class = ConfirmForm if command.undoes else DayForm
        form = form_class(request.POST if request.method == "POST" else None)

        def write(data):
            return commands.run(command, actor=request.user, account=account,
                                day=data.get("day"))  # fmt: skip

        return form_page(
            request, form=form, template="portfolio/account_form.html", write=write,
            success_url=reverse(detail, args=[client.pk, account.pk]),
            success_message=str(command.done),
            params={command.date_param: "day"} if command.date_param else {},
            context={"client": client, "account": account, "label": command.label},
        )  # fmt: skip

    return view


@permission_required("READ_LOAN")
def loan_detail(request, pk: int, account_pk: int):
    client, loan = _loan(request, pk, account_pk)
    rows = selectors.loan_transactions(loan).order_by("transaction_date", "id")
    return render(request, "portfolio/loan_detail.html", {
        "client": client, "loan": loan, "transactions": rows,
        "commands": commands.LOAN_COMMANDS.values(),
    })  # fmt: skip


@permission_required("REPAYMENT_LOAN")
def loan_repayment(request, pk: int, account_pk: int):
    client, loan = _loan(request, pk, account_pk)
    owned_client(request, pk)
    form = TransactionForm(request.POST or None)

    def write(data):
        return loans.loan_repayment(
            actor=request.user, loan=loan, transaction_date=data["day"], amount=data["amount"]
        )

    return form_page(
        request, form=form, template="portfolio/account_form.html", write=write,
        success_url=lambda row: reverse("loan_receipt", args=[client.pk, loan.pk, row.pk]),
        success_message=lambda row: _("Repayment of %(amount)s recorded: receipt %(id)s.")
        % {"amount": _money(row.amount, loan), "id": row.pk},
        params={"transactionDate": "day", "transactionAmount": "amount"},
        context={"client": client, "account": loan, "label": _("Repayment")},
    )  # fmt: skip


@permission_required("READ_SAVINGSACCOUNT")
def savings_receipt(request, pk: int, account_pk: int, tx_pk: int):
    client, account = _savings(request, pk, account_pk)
    row = selectors.savings_transactions(account).filter(pk=tx_pk).first()
    if row is None:
        raise Http404
    return render(request, "portfolio/receipt.html", {
        "client": client, "account": account, "row": row, "savings": True,
        "back": reverse("savings_detail", args=[client.pk, account.pk]),
    })  # fmt: skip


@permission_required("READ_LOAN")
def loan_receipt(request, pk: int, account_pk: int, tx_pk: int):
    client, loan = _loan(request, pk, account_pk)
    row = selectors.loan_transactions(loan).filter(pk=tx_pk).first()
    if row is None:
        raise Http404
    return render(request, "portfolio/receipt.html", {
        "client": client, "account": loan, "row": row, "savings": False,
        "back": reverse("loan_detail", args=[client.pk, loan.pk]),
    })  # fmt: skip


SAVINGS = "clients/<int:pk>/savings/<int:account_pk>/"
LOAN = "clients/<int:pk>/loans/<int:account_pk>/"

urlpatterns = [
    path("clients/<int:pk>/accounts/", client_accounts, name="client_accounts"),
    path("clients/<int:pk>/transactions/", client_transactions, name="client_transactions"),
    path("clients/<int:pk>/savings/new/", savings_open, name="savings_open"),
    path(SAVINGS, savings_detail, name="savings_detail"),
    path(f"{SAVINGS}receipts/<int:tx_pk>/", savings_receipt, name="savings_receipt"),
    path(
        f"{SAVINGS}deposit/",
        savings_movement(SavingsTransactionType.DEPOSIT, "DEPOSIT_SAVINGSACCOUNT", _("Deposit")),
        name="savings_deposit",
    ),  # fmt: skip
    path(
        f"{SAVINGS}withdrawal/",
        savings_movement(
            SavingsTransactionType.WITHDRAWAL, "WITHDRAWAL_SAVINGSACCOUNT", _("Withdrawal")
        ),
        name="savings_withdrawal",
    ),  # fmt: skip
    *[
        path(
            f"{SAVINGS}{name}/",
            account_command(
                commands.SAVINGS_COMMANDS, name, "SAVINGSACCOUNT", _savings, "savings_detail"
            ),
            name=f"savings_{name}",
        )
        for name in commands.SAVINGS_COMMANDS
    ],  # fmt: skip
    path("clients/<int:pk>/loans/new/", loan_open, name="loan_open"),
    path(LOAN, loan_detail, name="loan_detail"),
    path(f"{LOAN}receipts/<int:tx_pk>/", loan_receipt, name="loan_receipt"),
    path(f"{LOAN}repayment/", loan_repayment, name="loan_repayment"),
    *[
        path(
            f"{LOAN}{name}/",
            account_command(commands.LOAN_COMMANDS, name, "LOAN", _loan, "loan_detail"),
            name=f"loan_{name}",
        )
        for name in commands.LOAN_COMMANDS
    ],  # fmt: skip
]
