"""The administrator's pages of savings and loan products, declared on core/web/generic.py;
every write goes through portfolio.services.products (audited)."""

from __future__ import annotations

from functools import partial

from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from mteja.core.web.access import permission_required
from mteja.core.web.forms import MtejaForm, form_page
from mteja.core.web.generic import ObjectEditView, ObjectListView
from mteja.core.web.model_fields import form_field
from mteja.core.web.routes import record_pages
from mteja.portfolio.models import LoanProduct, PortfolioPolicy, SavingsProduct
from mteja.portfolio.services import products

PRODUCT_FIELDS = ("name", "short_name", "description", "currency_code")
LOAN_TERMS = (
    "principal", "interest_rate_per_period", "interest_type", "amortization_type",
    "repayment_every", "repayment_frequency_type", "number_of_repayments",
)  # fmt: skip


def product_form(model, names) -> type[forms.Form]:
    """A form of the product's fields, each as its model field declares it."""
    fields = {name: form_field(model._meta.get_field(name)) for name in names}
    return type(f"{model.__name__}Form", (MtejaForm,), fields)


SavingsProductForm = product_form(
    SavingsProduct, (*PRODUCT_FIELDS, "nominal_annual_interest_rate", "min_required_balance")
)
LoanProductForm = product_form(LoanProduct, (*PRODUCT_FIELDS, *LOAN_TERMS))


class ProductListView(ObjectListView):
    template_name = "portfolio/product_list.html"
    kind = ""

    def get_list_context(self, rows):
        return {"products": list(rows), "kind": self.kind}


class ProductEditView(ObjectEditView):
    template_name = "portfolio/product_form.html"
    object_kwarg = "product"
    update = partial(products.product_update)
    created_message = _("Product “%(name)s” created.")
    saved_message = _("Product “%(name)s” saved.")

    def message_names(self, record):
        return {"name": record.name}

    def get_success_url(self, instance) -> str:
        return reverse(self.list_url_name)

    def get_cancel_url(self) -> str:
        return reverse(self.list_url_name)


class SavingsProductListView(ProductListView):
    model = SavingsProduct
    queryset = SavingsProduct.objects.order_by("name", "id")
    kind = "savings"


class SavingsProductEditView(ProductEditView):
    model = SavingsProduct
    queryset = SavingsProduct.objects.all()
    form = SavingsProductForm
    create = partial(products.product_create, model=SavingsProduct)


class LoanProductListView(ProductListView):
    model = LoanProduct
    queryset = LoanProduct.objects.order_by("name", "id")
    kind = "loan"


class LoanProductEditView(ProductEditView):
    model = LoanProduct
    queryset = LoanProduct.objects.all()
    form = LoanProductForm
    create = partial(products.product_create, model=LoanProduct)


PolicyForm = product_form(PortfolioPolicy, ("refuse_transfer_in_arrears",))


@permission_required("UPDATE_PORTFOLIOPOLICY")
def portfolio_policy(request):
    policy = PortfolioPolicy.current()
    # An unticked box sends nothing: a POST is a submission even when empty.
    form = PolicyForm(
        request.POST if request.method == "POST" else None,
        initial={"refuse_transfer_in_arrears": policy.refuse_transfer_in_arrears},
    )
    return form_page(
        request,
        form=form,
        template="portfolio/product_form.html",
        write=lambda data: products.policy_update(actor=request.user, **data),
        success_url=reverse("savingsproduct_list"),
        success_message=_("Portfolio rules saved."),
        context={"object": policy, "cancel_url": reverse("savingsproduct_list")},
    )


urlpatterns = [
    path("settings/portfolio/", portfolio_policy, name="portfolio_policy"),
    *record_pages("settings/savings-products/", "savingsproduct", SavingsProductListView,
                  SavingsProductEditView),
    *record_pages("settings/loan-products/", "loanproduct", LoanProductListView,
                  LoanProductEditView),
]  # fmt: skip
