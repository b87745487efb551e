"""The forms of the account pages: each hands its data to a service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mteja.core import clock
from mteja.core.web.forms import DateInput, MtejaForm
from mteja.portfolio.models import LoanProduct, SavingsProduct


class OpenSavingsForm(MtejaForm):
    product = forms.ModelChoiceField(
        label=_("Savings product"), queryset=SavingsProduct.objects.order_by("name")
    )
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submitted_on"].initial = clock.today()


class DayForm(MtejaForm):
    day = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = clock.today()


class ConfirmForm(MtejaForm):
    """An undo: nothing to enter, the button confirms it."""


class TransactionForm(DayForm):
    amount = forms.DecimalField(label=_("Amount"), max_digits=19, decimal_places=6, min_value=0)


class OpenLoanForm(MtejaForm):
    product = forms.ModelChoiceField(
        label=_("Loan product"), queryset=LoanProduct.objects.order_by("name")
    )
    principal = forms.DecimalField(label=_("Principal"), max_digits=19, decimal_places=6,
                                   min_value=0)  # fmt: skip
    number_of_repayments = forms.IntegerField(
        label=_("Number of repayments"), min_value=1, max_value=600, required=False,
        help_text=_("Leave empty for the product's."),
    )  # fmt: skip
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DateInput())
    expected_disbursement_date = forms.DateField(
        label=_("Expected disbursement"), widget=DateInput()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submitted_on"].initial = clock.today()
        self.fields["expected_disbursement_date"].initial = clock.today()


class HistoryForm(forms.Form):
    """The transaction history's filters (a GET form)."""

    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())
    type = forms.ChoiceField(label=_("Type"), required=False)
    account = forms.ChoiceField(label=_("Account"), required=False)

    def __init__(self, *args, accounts=(), **kwargs):
        from mteja.portfolio.history import TYPES

        super().__init__(*args, **kwargs)
        self.fields["account"].choices = [("", _("Any")), *accounts]
        kinds = [(key, label) for key, (_s, _c, label) in TYPES.items()]
        self.fields["type"].choices = [("", _("Any")), *kinds]
