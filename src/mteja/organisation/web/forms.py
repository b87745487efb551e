"""Forms of the office, staff and code-list pages. They only check shapes (required, lengths,
dates); the rules live in the services, whose errors `form_page` puts beside these fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mteja.core.web.forms import MtejaForm
from mteja.core.web.model_fields import form_field
from mteja.core.web.widgets import Select
from mteja.organisation.models import Code, CodeValue, Office, Staff
from mteja.organisation.selectors import office_list


class OfficeChoiceField(forms.ModelChoiceField):
    """Offices of the user's subtree, indented as in the tree."""

    widget = Select

    def __init__(self, *, user, **kwargs):
        self.base_depth = user.office.depth
        super().__init__(queryset=office_list(user=user), **kwargs)

    def label_from_instance(self, office: Office) -> str:
        return "\u2003" * max(office.depth - self.base_depth, 0) + office.name


def model_field(model, name: str, **options) -> forms.Field:
    """The form field of `model`'s field `name`: its limits and label are the model's."""
    return form_field(model._meta.get_field(name), **options)


class OfficeForm(MtejaForm):
    name = model_field(Office, "name")
    parent = forms.Field(label=_("Parent office"))  # replaced in __init__ (needs the user)
    opening_date = model_field(Office, "opening_date")
    external_id = model_field(Office, "external_id")

    def __init__(self, *args, user, movable: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if movable:
            self.fields["parent"] = OfficeChoiceField(
                user=user, label=_("Parent office"), empty_label=None
            )
        else:
            # The head office, and the user's own office, stay where they are.
            del self.fields["parent"]


class StaffForm(MtejaForm):
    office = forms.Field(label=_("Office"))
    firstname = model_field(Staff, "firstname")
    lastname = model_field(Staff, "lastname")
    is_loan_officer = model_field(Staff, "is_loan_officer")
    is_active = model_field(Staff, "is_active", initial=True)
    joining_date = model_field(Staff, "joining_date")
    mobile_no = model_field(Staff, "mobile_no")
    external_id = model_field(Staff, "external_id")

    field_order = [
        "firstname",
        "lastname",
        "office",
        "joining_date",
        "mobile_no",
        "external_id",
        "is_loan_officer",
        "is_active",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"] = OfficeChoiceField(user=user, label=_("Office"))
        self.order_fields(self.field_order)


class CodeForm(MtejaForm):
    name = model_field(Code, "name")


class CodeValueForm(MtejaForm):
    name = model_field(CodeValue, "name")
    description = model_field(CodeValue, "description", widget=forms.Textarea(attrs={"rows": 2}))
    # The page starts positions at 0 (the API takes any whole number, as Fineract does).
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        initial=0,
        help_text=_("Lower positions come first in drop-down lists."),
    )
    is_active = model_field(
        CodeValue,
        "is_active",
        initial=True,
        help_text=_("Inactive values stay on old records but are no longer offered."),
    )
