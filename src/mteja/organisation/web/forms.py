"""Forms of the office, staff and code-list pages. They only check shapes (required, lengths,
dates); the rules live in the services, whose errors `form_page` puts beside these fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mteja.core.web.forms import DateInput, MtejaForm
from mteja.organisation.models import Office
from mteja.organisation.selectors import office_list


class OfficeChoiceField(forms.ModelChoiceField):
    """Offices of the user's subtree, indented as in the tree."""

    def __init__(self, *, user, **kwargs):
        self.base_depth = user.office.depth
        super().__init__(queryset=office_list(user=user), **kwargs)

    def label_from_instance(self, office: Office) -> str:
        return "\u2003" * max(office.depth - self.base_depth, 0) + office.name


class OfficeForm(MtejaForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    parent = forms.Field(label=_("Parent office"))  # replaced in __init__ (needs the user)
    opening_date = forms.DateField(label=_("Opening date"), widget=DateInput())
    external_id = forms.CharField(label=_("External id"), max_length=100, required=False)

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
    firstname = forms.CharField(label=_("First name"), max_length=50)
    lastname = forms.CharField(label=_("Last name"), max_length=50)
    is_loan_officer = forms.BooleanField(label=_("Loan officer"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    joining_date = forms.DateField(label=_("Joining date"), required=False, widget=DateInput())
    mobile_no = forms.CharField(label=_("Mobile number"), max_length=50, required=False)
    external_id = forms.CharField(label=_("External id"), max_length=100, required=False)

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
    name = forms.CharField(label=_("Name"), max_length=100)


class CodeValueForm(MtejaForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    description = forms.CharField(
        label=_("Description"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        initial=0,
        help_text=_("Lower positions come first in drop-down lists."),
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("Inactive values stay on old records but are no longer offered."),
    )
