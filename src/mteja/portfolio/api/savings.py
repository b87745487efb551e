"""Savings over Fineract's API: products, accounts, their commands and transactions."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from mteja.core import wire
from mteja.core.api.fields import WriteResultSerializer
from mteja.core.api.generic import fetch
from mteja.core.api.inputs import parse_body
from mteja.core.api.query import page, paging_parameters
from mteja.core.api.views import FineractAPIView
from mteja.core.errors import ParameterError, ValidationFailed
from mteja.portfolio import selectors
from mteja.portfolio.api import applications, outputs, savings_shapes, schemas
from mteja.portfolio.api.common import (
    TEMPLATE_PARAMETERS,
    AccountCommandView,
    check_payment_type,
    client_of,
    command_parameter,
    command_schema,
    officer_of,
    own_office_only,
    product_of,
    unsupported_command,
    wants_template,
)
from mteja.portfolio.api.inputs import SavingsAccountInput, SavingsProductInput, TransactionInput
from mteja.portfolio.models import SavingsProduct, SavingsTransaction, SavingsTransactionType
from mteja.portfolio.services import commands as registry
from mteja.portfolio.services import officers, products, savings

ORDER = {"id": "id", "accountNo": "account_no"}


def product_fields(data: dict) -> dict:
    fields = {
        "name": data["name"],
        "short_name": data["shortName"],
        "description": data.get("description", ""),
        "currency_code": data["currencyCode"],
    }
    if data.get("nominalAnnualInterestRate") is not None:
        fields["nominal_annual_interest_rate"] = data["nominalAnnualInterestRate"]
    if data.get("minRequiredBalance") is not None:
        fields["min_required_balance"] = data["minRequiredBalance"]
    return fields


class SavingsProductsView(FineractAPIView):
    entity = "SAVINGSPRODUCT"

    @extend_schema(responses=schemas.SavingsProductOut(many=True))
    def get(self, request):
        return Response([outputs.savings_product(p) for p in selectors.products(SavingsProduct)])

    @extend_schema(request=SavingsProductInput, responses=WriteResultSerializer)
    def post(self, request):
        data = parse_body(SavingsProductInput, request.data)
        product = products.product_create(
            actor=request.user, model=SavingsProduct, **product_fields(data)
        )
        return Response(wire.write_result(product.pk))


class SavingsProductView(FineractAPIView):
    entity = "SAVINGSPRODUCT"

    @extend_schema(responses=schemas.SavingsProductDetailOut)
    def get(self, request, pk):
        product = product_of(SavingsProduct, pk, selectors.savings_product_not_found)
        return Response(outputs.savings_product_detail(product))


class SavingsAccountsView(FineractAPIView):
    entity = "SAVINGSACCOUNT"

    @extend_schema(
        operation_id="savingsaccounts_list",
        responses=schemas.SavingsPageOut,
        parameters=paging_parameters(ORDER),
    )
    def get(self, request):
        rows = selectors.savings_rows().restrict(request.user)
        total, items = page(request.query_params, rows, order_fields=ORDER)
        return Response(
            {
                "totalFilteredRecords": total,
                "pageItems": [outputs.savings_item(a) for a in items],
            }
        )

    @extend_schema(request=SavingsAccountInput, responses=WriteResultSerializer)
    def post(self, request):
        data = parse_body(SavingsAccountInput, request.data)
        client = client_of(request, data["clientId"])
        product = product_of(SavingsProduct, data["productId"], selectors.savings_product_not_found)
        problems = savings_shapes.unsupported_settings(data, product)
        if problems:
            raise ValidationFailed(problems)
        account = savings.savings_account_create(
            actor=request.user,
            client=client,
            product=product,
            submitted_on=data["submittedOnDate"],
            field_officer=officer_of(data.get("fieldOfficerId"), client, "fieldOfficerId"),
            external_id=data.get("externalId"),
        )
        return Response(
            wire.write_result(
                account.pk,
                officeId=client.office_id,
                clientId=client.pk,
                savingsId=account.pk,
                resourceExternalId=account.external_id,
            )
        )


class SavingsTemplateView(FineractAPIView):
    entity = "SAVINGSACCOUNT"

    @extend_schema(responses=schemas.SavingsTemplateOut)
    def get(self, request):
        body = {"productOptions": [outputs.savings_product(p)
                                   for p in selectors.products(SavingsProduct)]}  # fmt: skip
        client_id = request.query_params.get("clientId")
        if client_id and client_id.isdigit():
            client = client_of(request, int(client_id))
            body.update(clientId=client.pk, clientName=client.display_name,
                        officeId=client.office_id)  # fmt: skip
            product_id = request.query_params.get("productId")
            if product_id and product_id.isdigit():
                product = product_of(
                    SavingsProduct, int(product_id), selectors.savings_product_not_found
                )
                body.update(outputs.savings_product_template(product, client))
        return Response(body)


class SavingsAccountView(AccountCommandView):
    entity = "SAVINGSACCOUNT"
    resource = "savingsaccount"
    commands = registry.SAVINGS_COMMANDS
    officer_commands = officers.SAVINGS_OFFICER_COMMANDS
    id_key = "savingsId"

    def account_for_write(self, request, pk):
        return fetch(selectors.savings_rows(), pk, request.user, selectors.savings_not_found)

    @extend_schema(responses=schemas.SavingsDetailOut, parameters=TEMPLATE_PARAMETERS)
    def get(self, request, pk):
        account = self.account_for_write(request, pk)
        body = outputs.savings_detail(account)
        if wants_template(request):
            body.update(applications.savings_edit_template(account))
            body["fieldOfficerOptions"] = outputs.officer_options(
                account.client, own_office_only=own_office_only(request)
            )
        wanted = set(request.query_params.get("associations", "").split(","))
        if wanted & {"transactions", "all"}:
            body["transactions"] = [
                outputs.savings_transaction(row, account)
                for row in selectors.savings_transactions(account).order_by("-id")
            ]
        return Response(body)

    @command_schema(
        [*registry.SAVINGS_COMMANDS, *officers.SAVINGS_OFFICER_COMMANDS], "savingsaccounts_command"
    )
    def post(self, request, pk):
        return self.command_post(request, pk)

    @extend_schema(request=SavingsAccountInput, responses=WriteResultSerializer)
    def put(self, request, pk):
        """Modify Application: a savings account awaiting approval."""
        account = self.account_for_write(request, pk)
        return Response(applications.modify_savings(request, account))

    @extend_schema(responses=WriteResultSerializer)
    def delete(self, request, pk):
        """Deletes a savings account application awaiting approval."""
        account = self.account_for_write(request, pk)
        return Response(applications.delete_application(request, account))


TRANSACTION_KINDS = {
    "deposit": SavingsTransactionType.DEPOSIT,
    "withdrawal": SavingsTransactionType.WITHDRAWAL,
}
ACTIONS = {"deposit": "DEPOSIT", "withdrawal": "WITHDRAWAL", "undo": "UNDOTRANSACTION"}


def _command(request) -> str:
    return (request.query_params.get("command") or "").lower()


class SavingsTransactionsView(FineractAPIView):
    entity = "SAVINGSACCOUNT"

    def required_permission(self, request) -> str:
        return f"{ACTIONS.get(_command(request), 'UPDATE')}_{self.entity}"

    @extend_schema(
        parameters=[command_parameter(TRANSACTION_KINDS)],
        request=TransactionInput,
        responses=WriteResultSerializer,
    )
    def post(self, request, pk):
        kind = TRANSACTION_KINDS.get(_command(request))
        if kind is None:
            raise unsupported_command(request.query_params.get("command", ""), TRANSACTION_KINDS)
        data = parse_body(TransactionInput, request.data)
        check_payment_type(data)
        account = fetch(selectors.savings_rows(), pk, request.user, selectors.savings_not_found)
        row = savings.savings_transaction(
            actor=request.user,
            account=account,
            kind=kind,
            transaction_date=data["transactionDate"],
            amount=data["transactionAmount"],
        )
        return Response(_tx_result(account, row))


def _tx_result(account, row) -> dict:
    return wire.write_result(
        row.pk,
        officeId=account.client.office_id,
        clientId=account.client_id,
        savingsId=account.pk,
    )


class SavingsTransactionView(FineractAPIView):
    entity = "SAVINGSACCOUNT"

    def required_permission(self, request) -> str:
        if request.method == "POST":
            return f"{ACTIONS.get(_command(request), 'UPDATE')}_{self.entity}"
        return super().required_permission(request)

    def _row(self, request, pk, tx_pk):
        account = fetch(selectors.savings_rows(), pk, request.user, selectors.savings_not_found)
        row = (
            SavingsTransaction.objects.filter(account=account, pk=tx_pk)
            .select_related("reversed_by")
            .first()
        )
        if row is None:
            raise selectors.transaction_not_found(tx_pk)
        return account, row

    @extend_schema(responses=schemas.SavingsTransactionOut)
    def get(self, request, pk, tx_pk):
        account, row = self._row(request, pk, tx_pk)
        return Response(outputs.savings_transaction(row, account))

    @extend_schema(
        operation_id="savingsaccounts_transactions_undo",
        parameters=[command_parameter(["undo"])],
        request=OpenApiTypes.OBJECT,
        responses=WriteResultSerializer,
    )
    def post(self, request, pk, tx_pk):
        if _command(request) != "undo":
            raise unsupported_command(request.query_params.get("command", ""), ["undo"])
        if request.data and not isinstance(request.data, dict):
            raise ValidationFailed(
                [ParameterError("error.msg.invalid.request.body", "body", "A JSON object.")]
            )
        account, row = self._row(request, pk, tx_pk)
        reversal = savings.savings_transaction_undo(actor=request.user, account=account, row=row)
        return Response(_tx_result(account, reversal))


class SavingsTransactionTemplateView(FineractAPIView):
    """What the deposit and withdrawal screens start from."""

    entity = "SAVINGSACCOUNT"

    @extend_schema(responses=schemas.SavingsTransactionTemplateOut)
    def get(self, request, pk):
        account = fetch(selectors.savings_rows(), pk, request.user, selectors.savings_not_found)
        return Response(outputs.savings_transaction_template(account))
