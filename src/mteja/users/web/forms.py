"""Forms of the user and role pages. Rules (password strength, unique names, who may grant
what) are the services'; their errors land beside these fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mteja.core.web.forms import MtejaForm
from mteja.organisation.models import Staff
from mteja.organisation.web.forms import OfficeChoiceField, model_field
from mteja.users import selectors
from mteja.users.models import NAME_MAX_LENGTH, AppUser, Permission, Role
from mteja.users.permission_labels import grouped


class RoleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, role: Role) -> str:
        return f"{role.label} ({_('disabled')})" if role.is_disabled else role.label


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, staff: Staff) -> str:
        return f"{staff.display_name} — {staff.office.name}"


class UserForm(MtejaForm):
    # The username's column is wider than its limit (a deleted user's name is prefixed).
    username = forms.CharField(label=_("Username"), max_length=NAME_MAX_LENGTH)
    firstname = model_field(AppUser, "first_name")
    lastname = model_field(AppUser, "last_name")
    # The page asks for an email address (the API, as Fineract, may leave it out).
    email = model_field(
        AppUser, "email", field_class=forms.EmailField, label=_("Email"), required=True
    )
    office = forms.Field(label=_("Office"))
    staff = forms.Field(label=_("Staff member"), required=False)
    roles = forms.Field(label=_("Roles"))
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 10 characters and hard to guess: several uncommon words, not a common "
            "password, not only digits."
        ),
    )
    password_repeat = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    password_never_expires = forms.BooleanField(label=_("Password never expires"), required=False)

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"] = OfficeChoiceField(user=user, label=_("Office"))
        self.fields["staff"] = StaffChoiceField(
            queryset=Staff.objects.restrict(user)
            .filter(is_active=True)
            .select_related("office")
            .order_by("display_name", "id"),
            label=_("Staff member"),
            required=False,
            empty_label=_("None"),
            help_text=_("The employee this login belongs to, if any; of the same office."),
        )
        self.fields["roles"] = RoleChoiceField(
            queryset=selectors.grantable_roles(user=user),
            label=_("Roles"),
            widget=forms.CheckboxSelectMultiple,
        )
        if editing:
            for name in ("password", "password_repeat"):
                self.fields[name].required = False
            self.fields["password"].label = _("New password")
            self.fields["password"].help_text = _("Leave empty to keep the current password.")

    def clean(self):
        data = super().clean()
        if data.get("password") != data.get("password_repeat"):
            self.add_error("password_repeat", _("The two passwords differ."))
        return data


class RoleForm(MtejaForm):
    """Name and description, then one group of permission checkboxes per grouping (shown
    when the user may change permissions)."""

    name = model_field(Role, "name")
    description = model_field(Role, "description", widget=forms.Textarea(attrs={"rows": 2}))
    requires_two_factor = forms.BooleanField(
        label=_("Requires two-factor login"),
        required=False,
        help_text=_(
            "Its users enter a code from an authenticator app after their password, and enrol "
            "one at their next login if they have none."
        ),
    )

    def __init__(self, *args, user, with_permissions: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission_field_names: list[str] = []
        if not with_permissions:
            return
        # Only what the user holds is offered: granting anything else is refused.
        held = selectors.permission_list().filter(user.held_permissions())
        groupings = {permission.code: permission.grouping for permission in held}
        for label, items in grouped(held):
            name = f"permissions_{groupings[items[0][0]]}"
            self.fields[name] = forms.MultipleChoiceField(
                label=label,
                choices=items,
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "permission-choices"}),
            )
            self.permission_field_names.append(name)

    @property
    def details_fields(self):
        return [self[name] for name in ("name", "description", "requires_two_factor")]

    @property
    def permission_fields(self):
        return [self[name] for name in self.permission_field_names]

    def chosen_permissions(self) -> set[str]:
        return {code for name in self.permission_field_names for code in self.cleaned_data[name]}

    @staticmethod
    def initial_for(codes: set[str]) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for grouping, code in Permission.objects.filter(code__in=codes).values_list(
            "grouping", "code"
        ):
            groups.setdefault(f"permissions_{grouping}", []).append(code)
        return groups
