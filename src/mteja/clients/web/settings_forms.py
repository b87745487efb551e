"""Forms of the client settings an administrator edits: identifier formats, client rules and
the address fields. Shapes only; the services check the rest (a pattern that does not compile,
a mandatory field switched off) and their errors land beside these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mteja.clients.kyc import addresses, identifiers, policy
from mteja.clients.models import CheckDigit, ClientPolicy, DuplicatePolicy
from mteja.clients.web.completeness import REQUIRABLE_FIELDS
from mteja.clients.web.kyc_forms import ADDRESS_LABELS
from mteja.core.web.forms import MtejaForm, pattern_field

# --- identifier formats --------------------------------------------------------------------


class IdentifierFormatForm(MtejaForm):
    pattern = pattern_field(
        _("Format (regular expression)"),
        identifiers.FORMAT_TEXT_MAX_LENGTH,
        _(
            "The whole number must match it once spaces, dashes, dots and slashes are removed "
            "and letters are capitals, e.g. ^[A-Z0-9]{6,9}$. Leave empty to accept any number."
        ),
    )
    message = forms.CharField(
        label=_("Message when a number does not match"),
        max_length=identifiers.FORMAT_TEXT_MAX_LENGTH,
        required=False,
        help_text=_("Shown beside the number, e.g. “A passport number has 6 to 9 letters.”"),
    )
    check_digit = forms.ChoiceField(
        label=_("Check digit"),
        choices=CheckDigit.choices,
        required=False,
        help_text=_("Catches mistyped numbers: the algorithm of the document's last digit."),
    )
    expiry_required = forms.BooleanField(label=_("The expiry date is required"), required=False)
    required_for_activation = forms.BooleanField(
        label=_("Required before a client can be activated"), required=False
    )


# --- client rules --------------------------------------------------------------------------


def _requirable(names) -> list[tuple[str, Any]]:
    return [
        (name, REQUIRABLE_FIELDS[name][0] if name in REQUIRABLE_FIELDS else name) for name in names
    ]


def _policy_length(name: str) -> int:
    return ClientPolicy._meta.get_field(name).max_length


# The service's error parameters (the API's names) → the form's fields.
POLICY_PARAMS = {param: name for name, param in policy.API_NAMES.items()}


class ClientPolicyForm(MtejaForm):
    minimum_age = forms.IntegerField(label=_("Minimum age"), min_value=0, max_value=policy.MAX_AGE)
    maximum_age = forms.IntegerField(label=_("Maximum age"), min_value=0, max_value=policy.MAX_AGE)
    required_fields_person = forms.MultipleChoiceField(
        label=_("Required for persons"),
        choices=_requirable(policy.PERSON_FIELDS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    required_fields_entity = forms.MultipleChoiceField(
        label=_("Required for entities"),
        choices=_requirable(policy.ENTITY_FIELDS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mobile_pattern = pattern_field(
        _("Mobile number format (regular expression)"),
        _policy_length("mobile_pattern"),
        _("e.g. ^\\+254 ?7[0-9]{2} ?[0-9]{6}$ — leave empty for any mobile number."),
    )
    email_pattern = pattern_field(
        _("Email format (regular expression)"),
        _policy_length("email_pattern"),
        _("Leave empty for any valid email address."),
    )
    duplicate_mobile = forms.ChoiceField(
        label=_("Same mobile number as another client"),
        choices=DuplicatePolicy.choices,
        widget=forms.RadioSelect,
        help_text=_("Households often share one phone: a warning is usually enough."),
    )
    duplicate_name_and_birth_date = forms.ChoiceField(
        label=_("Same name and date of birth as another client"),
        choices=DuplicatePolicy.choices,
        widget=forms.RadioSelect,
    )
    address_enabled = forms.BooleanField(
        label=_("Addresses can be given when a client is created"),
        required=False,
        help_text=_("Apps that send no address keep working unless “Address” is required above."),
    )

    phone_region = forms.CharField(
        label=_("Country of mobile numbers written without one"),
        max_length=2,
        required=False,
        help_text=_(
            "A two-letter code such as KE: then 0712 345 678 and +254712345678 are the same "
            "number. Changing it recomputes every client's number key in the background: "
            "minutes for a large portfolio."
        ),
    )

    FIELDS = (
        "minimum_age", "maximum_age", "required_fields_person", "required_fields_entity",
        "mobile_pattern", "email_pattern", "duplicate_mobile", "duplicate_name_and_birth_date",
        "address_enabled", "phone_region",
    )  # fmt: skip

    def __init__(self, *args, current: ClientPolicy, editable: bool, **kwargs):
        kwargs.setdefault("initial", {name: getattr(current, name) for name in self.FIELDS})
        super().__init__(*args, **kwargs)
        # A required-field name the page does not know (set through the API) stays offered,
        # so saving the page does not silently drop it.
        for name in ("required_fields_person", "required_fields_entity"):
            field = self.fields[name]
            known = {value for value, _label in field.choices}
            extra = [value for value in getattr(current, name) or [] if value not in known]
            field.choices = [*field.choices, *((value, value) for value in extra)]
        if not editable:
            for field in self.fields.values():
                field.disabled = True

    def changed_fields(self) -> dict[str, Any]:
        """What the user changed, by model field name (the service records only those)."""
        return {name: self.cleaned_data[name] for name in self.changed_data}


# --- address fields ------------------------------------------------------------------------


class AddressFieldsForm(MtejaForm):
    """One row per configurable address field: enabled, mandatory, format."""

    def __init__(self, *args, rows, editable: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in rows:
            if row.field == addresses.ADDRESS_TYPE_FIELD:
                continue  # every address has a type: always on and mandatory
            label = ADDRESS_LABELS.get(row.field, row.field)
            prefix = f"{row.field}__"
            self.fields[f"{prefix}enabled"] = forms.BooleanField(
                label=_("%(field)s: enabled") % {"field": label},
                required=False,
                initial=row.is_enabled,
            )
            self.fields[f"{prefix}mandatory"] = forms.BooleanField(
                label=_("%(field)s: mandatory") % {"field": label},
                required=False,
                initial=row.is_mandatory,
            )
            self.fields[f"{prefix}regex"] = forms.CharField(
                label=_("%(field)s: format (regular expression)") % {"field": label},
                required=False,
                max_length=300,
                initial=row.validation_regex,
                widget=forms.TextInput(attrs={"spellcheck": "false"}),
            )
            self.rows.append(
                {
                    "name": row.field,
                    "label": label,
                    "enabled": self[f"{prefix}enabled"],
                    "mandatory": self[f"{prefix}mandatory"],
                    "regex": self[f"{prefix}regex"],
                }
            )
        if not editable:
            for field in self.fields.values():
                field.disabled = True

    def updates(self) -> list[addresses.FieldSetting]:
        data = self.cleaned_data
        return [
            addresses.FieldSetting(
                field=row["name"],
                is_enabled=data[f"{row['name']}__enabled"],
                is_mandatory=data[f"{row['name']}__mandatory"],
                validation_regex=data[f"{row['name']}__regex"],
            )
            for row in self.rows
        ]

    def params(self) -> dict[str, str]:
        """The service's error parameters (`fields[3].validationRegex`) → these fields."""
        mapping = {}
        for index, row in enumerate(self.rows):
            name = row["name"]
            mapping[f"fields[{index}].field"] = f"{name}__enabled"
            mapping[f"fields[{index}].isEnabled"] = f"{name}__enabled"
            mapping[f"fields[{index}].isMandatory"] = f"{name}__mandatory"
            mapping[f"fields[{index}].validationRegex"] = f"{name}__regex"
        return mapping
