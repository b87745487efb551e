"""Loans over Fineract's API: products, loans, their commands, schedules and repayments."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from mteja.core import wire
from mteja.core.api.fields import WriteResultSerializer
from mteja.core.api.generic import fetch
from mteja.core.api.inputs import parse_body
from mteja.core.api.query import page, paging_parameters
from mteja.core.api.views import FineractAPIView
from mteja.core.errors import ParameterError, ValidationFailed
from mteja.portfolio import selectors
from mteja.portfolio.api import applications, loan_shapes, loan_template, outputs, schemas
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
from mteja.portfolio.api.inputs import LoanInput, LoanProductInput, TransactionInput, loan_terms
from mteja.portfolio.models import LoanProduct, LoanTransaction
from mteja.portfolio.services import commands as registry
from mteja.portfolio.services import loans, officers, products

ORDER = {"id": "id", "accountNo": "account_no"}


class LoanProductsView(FineractAPIView):
    entity = "LOANPRODUCT"

    @extend_schema(responses=schemas.LoanProductOut(many=True))
    def get(self, request):
        return Response([outputs.loan_product(p) for p in selectors.products(LoanProduct)])

    @extend_schema(request=LoanProductInput, responses=WriteResultSerializer)
    def post(self, request):
        data = parse_body(LoanProductInput, request.data)
        product = products.product_create(
            actor=request.user,
            model=LoanProduct,
            name=data["name"],
            short_name=data["shortName"],
            description=data.get("description", ""),
            currency_code=data["currencyCode"],
            principal=data.get("principal"),
            **loan_terms(data),
        )
        return Response(wire.write_result(product.pk))


class LoanProductView(FineractAPIView):
    entity = "LOANPRODUCT"

    @extend_schema(responses=schemas.LoanProductDetailOut)
    def get(self, request, pk):
        product = product_of(LoanProduct, pk, selectors.loan_product_not_found)
        return Response(loan_template.product_detail(product))


class LoansView(FineractAPIView):
    entity = "LOAN"

    @extend_schema(
        operation_id="loans_list",
        responses=schemas.LoanPageOut,
        parameters=paging_parameters(ORDER),
    )
    def get(self, request):
        rows = selectors.loan_rows().restrict(request.user)
        total, items = page(request.query_params, rows, order_fields=ORDER)
        items = selectors.with_positions(items)
        return Response(
            {"totalFilteredRecords": total, "pageItems": [outputs.loan_summary(x) for x in items]}
        )

    @extend_schema(request=LoanInput, responses=WriteResultSerializer)
    def post(self, request):
        command = request.query_params.get("command")
        if command is not None and command != "calculateLoanSchedule":
            raise unsupported_command(command, ["calculateLoanSchedule"])
        data = parse_body(LoanInput, request.data)
        client = client_of(request, data["clientId"])
        product = product_of(LoanProduct, data["productId"], selectors.loan_product_not_found)
        problems = loan_template.unsupported(data, product)
        if problems:
            raise ValidationFailed(problems)
        if command:
            return Response(self.preview(client, product, data))
        loan = loans.loan_create(
            actor=request.user,
            client=client,
            product=product,
            principal=data["principal"],
            submitted_on=data["submittedOnDate"],
            expected_disbursement_date=data.get("expectedDisbursementDate"),
            loan_officer=officer_of(data.get("loanOfficerId"), client, "loanOfficerId"),
            external_id=data.get("externalId"),
            **loan_terms(data),
        )
        return Response(
            wire.write_result(
                loan.pk,
                officeId=client.office_id,
                clientId=client.pk,
                loanId=loan.pk,
                resourceExternalId=loan.external_id,
            )
        )

    def preview(self, client, product, data) -> dict:
        """The schedule the loan would have, disbursed on the expected date (nothing saved)."""
        day = data.get("expectedDisbursementDate") or data["submittedOnDate"]
        loan = loans.new_loan(client=client, product=product, principal=data["principal"],
                              submitted_on=data["submittedOnDate"],
                              expected_disbursement_date=day, **loan_terms(data))  # fmt: skip
        loan.position = selectors.preview_position(loan, day)
        return outputs.repayment_schedule(loan)


class LoanTemplateView(FineractAPIView):
    entity = "LOAN"

    @extend_schema(responses=schemas.LoanTemplateOut)
    def get(self, request):
        options = [outputs.loan_product(p) for p in selectors.products(LoanProduct)]
        body = {"productOptions": options}
        client_id = request.query_params.get("clientId")
        if client_id and client_id.isdigit():
            client = client_of(request, int(client_id))
            body.update(clientId=client.pk, clientName=client.display_name,
                        clientOfficeId=client.office_id)  # fmt: skip
        product_id = request.query_params.get("productId")
        if product_id and product_id.isdigit():
            product = product_of(LoanProduct, int(product_id), selectors.loan_product_not_found)
            body.update(outputs.loan_product(product), productId=product.pk)
            if client_id and client_id.isdigit():
                body.update(loan_template.product_template(product, client))
        return Response(body)


class LoanView(AccountCommandView):
    entity = "LOAN"
    resource = "loan"
    commands = registry.LOAN_COMMANDS
    officer_commands = officers.LOAN_OFFICER_COMMANDS
    id_key = "loanId"

    def account_for_write(self, request, pk):
        return fetch(selectors.loan_rows(), pk, request.user, selectors.loan_not_found)

    @extend_schema(responses=schemas.LoanDetailOut, parameters=TEMPLATE_PARAMETERS)
    def get(self, request, pk):
        (loan,) = selectors.with_positions([self.account_for_write(request, pk)])
        body = outputs.loan_detail(loan)
        if wants_template(request):
            body = applications.loan_edit_template(loan, body)
            body["loanOfficerOptions"] = outputs.officer_options(
                loan.client, own_office_only=own_office_only(request)
            )
        wanted = set(request.query_params.get("associations", "").split(","))
        if wanted & {"repaymentSchedule", "all"}:
            body["repaymentSchedule"] = outputs.repayment_schedule(loan)
        if wanted & {"originalSchedule", "all"}:
            # Mteja never reschedules: the schedule fixed at disbursement is the original.
            body["originalSchedule"] = outputs.repayment_schedule(loan)
        if wanted & {"transactions", "all"}:
            body["transactions"] = [
                outputs.loan_transaction(row, loan)
                for row in selectors.loan_transactions(loan).order_by("transaction_date", "id")
            ]
        return Response(body)

    @command_schema([*registry.LOAN_COMMANDS, *officers.LOAN_OFFICER_COMMANDS], "loans_command")
    def post(self, request, pk):
        return self.command_post(request, pk)

    @extend_schema(request=LoanInput, responses=WriteResultSerializer)
    def put(self, request, pk):
        """Modify Application: a loan awaiting approval."""
        return Response(applications.modify_loan(request, self.account_for_write(request, pk)))

    @extend_schema(responses=WriteResultSerializer)
    def delete(self, request, pk):
        """Deletes a loan application awaiting approval."""
        account = self.account_for_write(request, pk)
        return Response(applications.delete_application(request, account))


class LoanTransactionsView(FineractAPIView):
    entity = "LOAN"

    def required_permission(self, request) -> str:
        if request.method == "POST":
            command = (request.query_params.get("command") or "").lower()
            return "REPAYMENT_LOAN" if command == "repayment" else "UPDATE_LOAN"
        return super().required_permission(request)

    @extend_schema(
        parameters=[command_parameter(["repayment"])],
        request=TransactionInput,
        responses=WriteResultSerializer,
    )
    def post(self, request, pk):
        if (request.query_params.get("command") or "").lower() != "repayment":
            raise unsupported_command(request.query_params.get("command", ""), ["repayment"])
        data = parse_body(TransactionInput, request.data)
        check_payment_type(data)
        loan = fetch(selectors.loan_rows(), pk, request.user, selectors.loan_not_found)
        row = loans.loan_repayment(
            actor=request.user,
            loan=loan,
            transaction_date=data["transactionDate"],
            amount=data["transactionAmount"],
        )
        return Response(
            wire.write_result(
                row.pk, officeId=loan.client.office_id, clientId=loan.client_id, loanId=loan.pk
            )
        )


class LoanTransactionView(FineractAPIView):
    entity = "LOAN"

    def required_permission(self, request) -> str:
        if request.method == "POST":
            command = (request.query_params.get("command") or "").lower()
            return "ADJUST_LOAN" if command == "undo" else "UPDATE_LOAN"
        return super().required_permission(request)

    @extend_schema(
        operation_id="loans_transactions_undo",
        parameters=[command_parameter(["undo"])],
        request=OpenApiTypes.OBJECT,
        responses=WriteResultSerializer,
    )
    def post(self, request, pk, tx_pk):
        if (request.query_params.get("command") or "").lower() != "undo":
            raise unsupported_command(request.query_params.get("command", ""), ["undo"])
        loan = fetch(selectors.loan_rows(), pk, request.user, selectors.loan_not_found)
        row = selectors.loan_transactions(loan).filter(pk=tx_pk).first()
        if row is None:
            raise selectors.transaction_not_found(tx_pk)
        reversal = loans.loan_repayment_undo(actor=request.user, loan=loan, row=row)
        return Response(
            wire.write_result(
                reversal.pk, officeId=loan.client.office_id, clientId=loan.client_id,
                loanId=loan.pk,
            )
        )  # fmt: skip

    @extend_schema(responses=schemas.LoanTransactionOut)
    def get(self, request, pk, tx_pk):
        loan = fetch(selectors.loan_rows(), pk, request.user, selectors.loan_not_found)
        row = LoanTransaction.objects.filter(loan=loan, pk=tx_pk).first()
        if row is None:
            raise selectors.transaction_not_found(tx_pk)
        return Response(outputs.loan_transaction(row, loan))


TEMPLATES = {"repayment": outputs.repayment_template, "disburse": outputs.disbursement_template}


class LoanTransactionTemplateView(FineractAPIView):
    """`?command=repayment`: what the repayment screen starts from (the next amount due);
    `?command=disburse`: what the disbursement screen starts from (the principal)."""

    entity = "LOAN"

    @extend_schema(
        parameters=[command_parameter(TEMPLATES)],
        responses=schemas.LoanTransactionTemplateOut,
    )
    def get(self, request, pk):
        command = (request.query_params.get("command") or "").lower()
        if command not in TEMPLATES:
            raise unsupported_command(request.query_params.get("command", ""), TEMPLATES)
        loan = fetch(selectors.loan_rows(), pk, request.user, selectors.loan_not_found)
        (loan,) = selectors.with_positions([loan])
        return Response(TEMPLATES[command](loan))


class LoanAccountTemplateView(FineractAPIView):
    """`GET /loans/{id}/template?templateType=approval`: what the approval screen starts from."""

    entity = "LOAN"

    @extend_schema(
        operation_id="loans_account_template",
        parameters=[OpenApiParameter("templateType", str, required=True, enum=["approval"])],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request, pk):
        kind = request.query_params.get("templateType") or ""
        if kind.lower() != "approval":
            raise ValidationFailed([ParameterError(
                "error.msg.query.parameter.value.unsupported", "templateType",
                f"Unrecognised templateType `{kind}`: approval.", kind)])  # fmt: skip
        loan = fetch(selectors.loan_rows(), pk, request.user, selectors.loan_not_found)
        return Response(loan_shapes.approval_template(loan))
