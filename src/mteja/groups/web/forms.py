"""Forms of the center and group pages. They check shapes only; the rules are the services'
(their errors land beside these fields)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mteja.core.web.forms import DateInput, MtejaForm
from mteja.core.web.model_fields import form_field
from mteja.core.web.widgets import Select
from mteja.groups.models import Center, Group, GroupPolicy, GroupStatus
from mteja.organisation.models import CodeValue, Staff
from mteja.organisation.web.forms import OfficeChoiceField


def model_field(model, name: str, **options) -> forms.Field:
    return form_field(model._meta.get_field(name), **options)


class RecordChoiceField(forms.ModelChoiceField):
    widget = Select


def _officers(user):
    staff = Staff.objects.restrict(user).filter(is_loan_officer=True, is_active=True)
    return staff.select_related("office").order_by("display_name", "id")


class GroupingForm(MtejaForm):
    office = forms.Field(label=_("Office"))  # replaced in __init__ (needs the user)
    name = model_field(Group, "name")
    external_id = model_field(Group, "external_id")
    staff = RecordChoiceField(
        queryset=Staff.objects.none(), label=_("Loan officer"), required=False
    )
    submitted_on = model_field(Group, "submitted_on", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"] = OfficeChoiceField(user=user, label=_("Office"))
        self.fields["staff"].queryset = _officers(user)


class CenterForm(GroupingForm):
    meeting_day = model_field(Center, "meeting_day", required=False, widget=Select)
    meeting_time = model_field(Center, "meeting_time", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting_day"] = forms.TypedChoiceField(
            label=_("Meeting day"),
            choices=[("", "—"), *Center._meta.get_field("meeting_day").choices],
            coerce=int,
            empty_value=None,
            required=False,
            widget=Select,
        )


class GroupForm(GroupingForm):
    center = RecordChoiceField(queryset=Center.objects.none(), label=_("Center"), required=False)

    field_order = ["name", "office", "center", "staff", "external_id", "submitted_on"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        open_centers = Center.objects.restrict(user).exclude(status=GroupStatus.CLOSED)
        self.fields["center"].queryset = open_centers.select_related("office")
        self.fields["center"].help_text = _("A group in a center sits in the center's office.")
        self.order_fields(self.field_order)


class ActivateForm(MtejaForm):
    activation_date = forms.DateField(label=_("Activation date"), widget=DateInput())


class CloseForm(MtejaForm):
    closure_date = forms.DateField(label=_("Closure date"), widget=DateInput())
    closure_reason = RecordChoiceField(
        queryset=CodeValue.objects.filter(code__name="GroupClosureReason", is_active=True),
        label=_("Reason"),
    )


class PickGroupForm(MtejaForm):
    """One group of an office (to move members to, or to assign a client to)."""

    group = RecordChoiceField(queryset=Group.objects.none(), label=_("Group"))

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["group"].label_from_instance = lambda g: (
            f"{g.center.name} / {g.name}" if g.center_id else g.name
        )


class AssignForm(PickGroupForm):
    """A client's new group: one of the office's groups, or a new group in one of its
    centers (clients sit in centers through their groups)."""

    center = RecordChoiceField(queryset=Center.objects.none(), label=_("Center"), required=False)
    new_group_name = forms.CharField(
        label=_("Or a new group in this center, named"), max_length=100, required=False
    )

    def __init__(self, *args, centers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].required = False
        self.fields["center"].queryset = centers

    def clean(self):
        data = super().clean()
        if not data.get("group") and not (data.get("center") and data.get("new_group_name")):
            raise forms.ValidationError(
                _("Choose a group, or a center and the name of a new group in it.")
            )
        return data


class PickGroupsForm(MtejaForm):
    groups = forms.ModelMultipleChoiceField(
        queryset=Group.objects.none(), label=_("Groups"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = groups


class AddMembersForm(MtejaForm):
    clients = forms.ModelMultipleChoiceField(
        queryset=Group.objects.none(), label=_("Clients"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clients"].queryset = clients
        self.fields["clients"].label_from_instance = lambda c: f"{c.display_name} ({c.account_no})"


class GroupPolicyForm(MtejaForm):
    min_clients = form_field(
        GroupPolicy._meta.get_field("min_clients"),
        help_text=_("A group needs at least this many members to be activated."),
    )
    max_clients = form_field(
        GroupPolicy._meta.get_field("max_clients"),
        help_text=_("No group takes more members. Leave empty for no limit."),
    )
