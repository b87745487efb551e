"""The clients list's filter form: each filter as the page shows it, mapped to
ClientFilterSet's parameters (Fineract's names) by `selection()`, so the web list, its chips
and its downloads filter as the API does."""

from __future__ import annotations

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mteja.clients.models import STATUS_CODES, ClientStatus, LegalForm
from mteja.clients.web.fields import LoanOfficerChoiceField, loan_officers
from mteja.core.web.forms import MtejaForm
from mteja.groups.models import Group
from mteja.organisation.web.forms import OfficeChoiceField

STATUS_CHOICES = [("", _("All statuses")), *ClientStatus.choices]


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The form's date fields → ClientFilterSet's parameters.
_DATE_PARAMETERS = {
    "submitted_from": "submittedFrom", "submitted_to": "submittedTo",
    "activated_from": "activatedFrom", "activated_to": "activatedTo",
}  # fmt: skip
# The form's ticked boxes → ClientFilterSet's true/false parameters.
_FLAG_PARAMETERS = {
    "kyc_incomplete": "kycIncomplete", "without_staff": "withoutStaff",
    "awaiting_transfer": "awaitingTransfer",
}  # fmt: skip


class ClientFilterForm(MtejaForm):
    q = forms.CharField(
        label=_("Name, account, external id or mobile"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    # Replaced in __init__ by the user's offices and loan officers, under these labels.
    office = forms.Field(label=_("Office (and below)"), required=False)
    staff = forms.Field(label=_("Loan officer"), required=False)
    status = forms.TypedChoiceField(
        label=_("Status"), required=False, choices=STATUS_CHOICES, coerce=int, empty_value=None
    )
    legal_form = forms.TypedChoiceField(
        label=_("Legal form"),
        required=False,
        choices=[("", _("Persons and entities")), *LegalForm.choices],
        coerce=int,
        empty_value=None,
    )
    submitted_from = forms.DateField(label=_("Submitted from"), required=False, widget=DATE)
    submitted_to = forms.DateField(label=_("Submitted until"), required=False, widget=DATE)
    activated_from = forms.DateField(label=_("Activated from"), required=False, widget=DATE)
    activated_to = forms.DateField(label=_("Activated until"), required=False, widget=DATE)
    group = forms.ModelChoiceField(
        queryset=Group.objects.none(), label=_("Group"), required=False, empty_label=_("Any group")
    )
    in_no_group = forms.BooleanField(label=_("In no group"), required=False)
    kyc_incomplete = forms.BooleanField(label=_("KYC incomplete"), required=False)
    without_staff = forms.BooleanField(label=_("Without a loan officer"), required=False)
    awaiting_transfer = forms.BooleanField(
        label=_("Awaiting transfer into my offices"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        group = self.fields["group"]
        group.queryset = (
            Group.objects.restrict(user).select_related("office").order_by("office__name", "name")
        )
        group.label_from_instance = lambda group: f"{group.office.name} / {group.name}"
        self.fields["office"] = OfficeChoiceField(
            user=user,
            label=self.base_fields["office"].label,
            required=False,
            empty_label=_("All offices"),
        )
        self.fields["staff"] = LoanOfficerChoiceField(
            queryset=loan_officers(user=user),
            label=self.base_fields["staff"].label,
            required=False,
            empty_label=_("All loan officers"),
        )
        # Search as one types: the results follow the text after a short pause.
        self.fields["q"].widget.attrs.update(
            {
                "hx-get": reverse("client_list"),
                "hx-trigger": "input changed delay:400ms, search",
                "hx-include": "closest form",
            }
        )

    def selection(self) -> dict:
        """The valid part of the form as ClientFilterSet's parameters (a bad value of one
        filter leaves the others working)."""
        self.is_valid()
        data = self.cleaned_data
        chosen = {
            "underHierarchy": data["office"].hierarchy if data.get("office") else None,
            "staffId": data["staff"].pk if data.get("staff") else None,
            "status": STATUS_CODES[data["status"]][1] if data.get("status") else None,
            "search": data.get("q"),
            "legalForm": data.get("legal_form"),
            "groupId": data["group"].pk if data.get("group") else None,
            "orphansOnly": "true" if data.get("in_no_group") else None,
            **{parameter: "true" for name, parameter in _FLAG_PARAMETERS.items() if data.get(name)},
            **{
                parameter: data[name].isoformat()
                for name, parameter in _DATE_PARAMETERS.items()
                if data.get(name)
            },
        }
        return {name: value for name, value in chosen.items() if value}


# The form's filters → ClientFilterSet's parameters (as `selection()` maps them).
PARAMETERS = {
    "q": "search", "office": "underHierarchy", "staff": "staffId", "status": "status",
    "legal_form": "legalForm", "group": "groupId", "in_no_group": "orphansOnly",
    **_FLAG_PARAMETERS, **_DATE_PARAMETERS,
}  # fmt: skip


def parameter_labels() -> dict:
    """ClientFilterSet's parameters by the labels the list's form gives them; one the form
    lacks (the API's), by the label of the client's field it filters on, where it names one.
    The journal shows an export's filters under them."""
    from mteja.clients.filtersets import ClientFilterSet
    from mteja.clients.models import Client

    labels = {}
    for name, parameter_filter in ClientFilterSet.base_filters.items():
        snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
        for field_name in (parameter_filter.field_name, snake, name.lower()):
            try:
                field = Client._meta.get_field(field_name)
            except FieldDoesNotExist:
                continue
            labels[name] = capfirst(field.verbose_name)
            break
    form_fields = ClientFilterForm.base_fields
    labels.update({parameter: form_fields[name].label for name, parameter in PARAMETERS.items()})
    return labels
