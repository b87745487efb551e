"""The Mifos X web-app's "Modify Application" of a savings account or a loan awaiting
approval: the account with the options its edit steppers read
(`GET /savingsaccounts/{id}?template=true`, `GET /loans/{id}?template=true`) and the body
they send back (`PUT /savingsaccounts/{id}`, `PUT /loans/{id}`), the creation body again,
read as the creation body is read (api/savings_shapes.py, api/loan_template.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from mteja.core import wire, writes
from mteja.core.api.inputs import parse_body
from mteja.core.errors import ParameterError, ValidationFailed
from mteja.portfolio import selectors
from mteja.portfolio.api import loan_template, outputs, savings_shapes
from mteja.portfolio.api.common import officer_of, product_of
from mteja.portfolio.api.inputs import LoanInput, SavingsAccountInput, loan_terms
from mteja.portfolio.models import LoanProduct, SavingsProduct
from mteja.portfolio.services import applications


def savings_edit_template(account) -> dict:
    """What the savings edit stepper reads besides the account: the products to choose from."""
    return {"productOptions": [outputs.savings_product(p)
                               for p in selectors.products(SavingsProduct)]}  # fmt: skip


def loan_edit_template(loan, body: dict) -> dict:
    """The loan's product template (the terms step's option lists) under the loan's own
    values, with the products to choose from."""
    template = loan_template.product_template(loan.product, loan.client)
    template.update(body)
    frequency = body["repaymentFrequencyType"]
    template.update(
        productOptions=[outputs.loan_product(p) for p in selectors.products(LoanProduct)],
        termFrequency=loan.repayment_every * loan.number_of_repayments,
        termPeriodFrequencyType=frequency,
        interestRateFrequencyType=frequency,
        product={**template["product"], "id": loan.product_id, "name": loan.product.name},
    )
    return template


def _same_client(account, data: dict, resource: str) -> None:
    """The body names the account's client (the web-app sends it back); Mteja moves no
    application to another client."""
    if data.get("clientId") not in (None, account.client_id):
        raise ValidationFailed([ParameterError(
            f"validation.msg.{resource}.clientId.not.updatable", "clientId",
            _("An application stays with its client."), data["clientId"])])  # fmt: skip


def _kept_or_given(data: dict, param: str, read):
    return read(data[param]) if param in data else applications.KEEP


def _result(account, changes: dict, id_key: str) -> dict:
    decl = writes.declaration(account)
    echoed = {decl.api_name(name): new for name, (_old, new) in changes.items()}
    return wire.write_result(
        account.pk, officeId=account.client.office_id, clientId=account.client_id,
        changes=echoed, **{id_key: account.pk},
    )  # fmt: skip


def _modification(request, account, input_class, resource: str, products, not_found, unsupported):
    """The edit's body read as the creation's (every key optional), for the same client, and
    the product it moves to (None: it keeps its own), whose settings it must fit."""
    data = parse_body(input_class, request.data, partial=True)
    _same_client(account, data, resource)
    product = None
    if data.get("productId") is not None:
        product = product_of(products, data["productId"], not_found)
    problems = unsupported(data, product or account.product)
    if problems:
        raise ValidationFailed(problems)
    return data, product


def modify_savings(request, account) -> dict:
    data, product = _modification(
        request, account, SavingsAccountInput, "savingsaccount", SavingsProduct,
        selectors.savings_product_not_found, savings_shapes.unsupported_settings,
    )  # fmt: skip
    changes = applications.savings_application_modify(
        actor=request.user,
        account=account,
        product=product,
        submitted_on=data.get("submittedOnDate"),
        field_officer=_kept_or_given(
            data, "fieldOfficerId", lambda pk: officer_of(pk, account.client, "fieldOfficerId")
        ),
        external_id=_kept_or_given(data, "externalId", lambda value: value),
    )
    account.refresh_from_db()
    return _result(account, changes, "savingsId")


def modify_loan(request, loan) -> dict:
    data, product = _modification(
        request, loan, LoanInput, "loan", LoanProduct,
        selectors.loan_product_not_found, loan_template.unsupported,
    )  # fmt: skip
    changes = applications.loan_application_modify(
        actor=request.user,
        loan=loan,
        product=product,
        principal=data.get("principal"),
        submitted_on=data.get("submittedOnDate"),
        expected_disbursement_date=data.get("expectedDisbursementDate"),
        loan_officer=_kept_or_given(
            data, "loanOfficerId", lambda pk: officer_of(pk, loan.client, "loanOfficerId")
        ),
        external_id=_kept_or_given(data, "externalId", lambda value: value),
        **loan_terms(data),
    )
    loan.refresh_from_db()
    return _result(loan, changes, "loanId")


def delete_application(request, account) -> dict:
    """`DELETE /savingsaccounts/{id}`, `DELETE /loans/{id}`: Fineract's answer, the ids."""
    office_id, client_id, pk = account.client.office_id, account.client_id, account.pk
    applications.application_delete(actor=request.user, account=account)
    return wire.write_result(pk, officeId=office_id, clientId=client_id)
