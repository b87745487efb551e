"""Forms of a client's identity documents, family members and addresses. Like the client
forms they check shapes only; the rules (formats, check digits, duplicates, one active per
type, the institution's address configuration) are the services', whose errors `form_page`
puts beside these fields. Each form turns its cleaned data into the service's arguments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from mteja.clients.kyc import addresses, family, identifiers
from mteja.clients.models import (
    ClientAddress,
    ClientFamilyMember,
    ClientIdentifier,
    IdentifierStatus,
)
from mteja.clients.web.fields import CodeValueChoiceField
from mteja.core.web.forms import DateInput, MtejaForm


def _id(value):
    return getattr(value, "pk", value)


def code_choice(model, name: str, record=None, **kwargs) -> CodeValueChoiceField:
    """The drop-down of the code-list field `name` of `model` (the list is named once, on the
    model's field); the value `record` holds stays offered even if retired since."""
    code_name = model._meta.get_field(name).code_name
    return CodeValueChoiceField(code_name, keep=getattr(record, f"{name}_id", None), **kwargs)


# --- identity documents --------------------------------------------------------------------

# Error parameters of /clients/{id}/identifiers whose form field is not found by name.
IDENTIFIER_PARAMS: dict[str, str | None] = {}


def _type_choice(model, name: str, record, label) -> forms.Field:
    """The required kind of a client's part (document type, address type)."""
    return code_choice(
        model, name, record, label=label, required=True, empty_label=_("Choose a type")
    )


class IdentifierForm(MtejaForm):
    document_type = forms.Field(label=_("Document type"))
    document_key = forms.CharField(
        label=_("Document number"),
        max_length=identifiers.KEY_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "Spaces, dashes, dots and slashes do not count: “ab-123 456” and “AB123456” are "
            "the same number."
        ),
    )
    status = forms.TypedChoiceField(
        label=_("Status"),
        choices=[
            (IdentifierStatus.ACTIVE.value, IdentifierStatus.ACTIVE.label),
            (IdentifierStatus.INACTIVE.value, IdentifierStatus.INACTIVE.label),
        ],
        coerce=int,
        initial=IdentifierStatus.ACTIVE.value,
        widget=forms.RadioSelect,
        help_text=_("A client holds one active document of each type."),
    )
    issue_date = forms.DateField(label=_("Issue date"), required=False, widget=DateInput())
    expiry_date = forms.DateField(label=_("Expiry date"), required=False, widget=DateInput())
    issuing_country = forms.Field(required=False)
    description = forms.CharField(
        label=_("Description"),
        max_length=identifiers.DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, identifier: ClientIdentifier | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_type"] = _type_choice(
            ClientIdentifier, "document_type", identifier, _("Document type")
        )
        self.fields["issuing_country"] = code_choice(
            ClientIdentifier, "issuing_country", identifier, label=_("Issuing country")
        )
        self.order_fields(["document_type", "document_key", "status", "issue_date", "expiry_date"])
        # Set when the number belongs to a client already (see the identifier views).
        self.owner = None
        self.owner_hidden = False

    def to_input(self) -> identifiers.IdentifierInput:
        data = self.cleaned_data
        return identifiers.IdentifierInput(
            document_type_id=_id(data["document_type"]),
            document_key=data["document_key"],
            status=data["status"],
            description=data.get("description") or "",
            issue_date=data.get("issue_date"),
            expiry_date=data.get("expiry_date"),
            issuing_country_id=_id(data.get("issuing_country")),
        )


def identifier_initial(identifier: ClientIdentifier) -> dict[str, Any]:
    return model_to_dict(identifier, fields=list(IdentifierForm.base_fields))


# --- family members ------------------------------------------------------------------------

FAMILY_PARAMS: dict[str, str | None] = {
    "firstName": "firstname",
    "middleName": "middlename",
    "lastName": "lastname",
    "mobileNumber": "mobile_number",
}


def _family_length(name: str) -> int:
    return ClientFamilyMember._meta.get_field(name).max_length


class FamilyMemberForm(MtejaForm):
    firstname = forms.CharField(label=_("First name"), max_length=_family_length("firstname"))
    middlename = forms.CharField(
        label=_("Middle name"), max_length=_family_length("middlename"), required=False
    )
    lastname = forms.CharField(
        label=_("Last name"), max_length=_family_length("lastname"), required=False
    )
    relationship = forms.Field(required=False)
    gender = forms.Field(required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    age = forms.IntegerField(
        label=_("Age"),
        required=False,
        min_value=0,
        max_value=family.MAX_AGE,
        help_text=_("Where the date of birth is not known."),
    )
    is_dependent = forms.BooleanField(
        label=_("Economically dependent on the client"), required=False
    )
    marital_status = forms.Field(required=False)
    profession = forms.Field(required=False)
    qualification = forms.CharField(
        label=_("Qualification"), max_length=_family_length("qualification"), required=False
    )
    mobile_number = forms.CharField(
        label=_("Mobile number"),
        max_length=_family_length("mobile_number"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )

    LABELS = {
        "relationship": _("Relationship"),
        "gender": _("Gender"),
        "marital_status": _("Marital status"),
        "profession": _("Profession"),
    }

    def __init__(self, *args, member: ClientFamilyMember | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.LABELS.items():
            self.fields[name] = code_choice(ClientFamilyMember, name, member, label=label)

    def to_input(self) -> family.FamilyMemberInput:
        data = self.cleaned_data
        fields = {name: data.get(name) or "" for name in family.TEXT_FIELDS}
        for name in family.CODE_FIELDS:
            fields[f"{name}_id"] = _id(data.get(name))
        return family.FamilyMemberInput(
            age=data.get("age"),
            date_of_birth=data.get("date_of_birth"),
            is_dependent=bool(data.get("is_dependent")),
            **fields,
        )


def family_member_initial(member: ClientFamilyMember) -> dict[str, Any]:
    initial = {name: getattr(member, name) for name in family.TEXT_FIELDS}
    initial.update(
        age=member.age, date_of_birth=member.date_of_birth, is_dependent=member.is_dependent
    )
    for name in family.CODE_FIELDS:
        initial[name] = getattr(member, f"{name}_id")
    return initial


# --- addresses -----------------------------------------------------------------------------

ADDRESS_LABELS = {
    "street": _("Street"),
    "addressLine1": _("Address line 1"),
    "addressLine2": _("Address line 2"),
    "addressLine3": _("Address line 3"),
    "townVillage": _("Town or village"),
    "city": _("City"),
    "countyDistrict": _("County or district"),
    "stateProvinceId": _("State or province"),
    "countryId": _("Country"),
    "postalCode": _("Postal code"),
    "latitude": _("Latitude"),
    "longitude": _("Longitude"),
    "isActive": _("Active"),
    addresses.ADDRESS_TYPE_FIELD: _("Address type"),
}
# Error parameter (Fineract's name) → form field (the model's name).
ADDRESS_PARAMS: dict[str, str | None] = {
    addresses.TYPE_PARAM: "address_type",
    **{field.param: field.attr for field in addresses.FIELDS},
}


def address_field(spec: addresses.AddressField, rule: addresses.FieldRule, *, keep=None):
    """The form field of one configured address field."""
    label = ADDRESS_LABELS.get(spec.param, spec.param)
    help_text = _("In the format the institution requires.") if rule.regex else ""
    if spec.kind == addresses.TEXT:
        limit = ClientAddress._meta.get_field(spec.attr).max_length
        return forms.CharField(
            label=label, max_length=limit, required=rule.mandatory, help_text=help_text
        )
    if spec.kind == addresses.CODE:
        return CodeValueChoiceField(spec.code, keep=keep, label=label, required=rule.mandatory)
    if spec.kind == addresses.COORDINATE:
        return forms.DecimalField(
            label=label,
            required=rule.mandatory,
            min_value=-spec.bound,
            max_value=spec.bound,
            max_digits=10,
            decimal_places=7,
            localize=True,
            help_text=help_text,
        )
    return forms.BooleanField(
        label=label,
        required=False,
        initial=True,
        help_text=_("A client holds one active address of each type."),
    )


class AddressForm(MtejaForm):
    """The enabled address fields of the institution's configuration, in Fineract's order;
    disabled ones are left out (the service refuses them)."""

    address_type = forms.Field(label=_("Address type"))

    def __init__(self, *args, rules: dict, address: ClientAddress | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address_type"] = _type_choice(
            ClientAddress, "address_type", address, _("Address type")
        )
        self.specs = []
        for spec in addresses.FIELDS:
            rule = rules[spec.param]
            if not rule.enabled:
                continue
            keep = getattr(address, f"{spec.attr}_id", None) if address else None
            self.fields[spec.attr] = address_field(spec, rule, keep=keep)
            self.specs.append(spec)

    def to_input(self) -> addresses.AddressInput:
        """The address service's input: the type and each enabled field."""
        data = self.cleaned_data
        values: dict[str, Any] = {}
        for spec in self.specs:
            value = data.get(spec.attr)
            if spec.kind == addresses.CODE:
                value = _id(value)
            elif spec.kind == addresses.TEXT:
                value = value or ""
            elif spec.kind == addresses.FLAG:
                value = bool(value)
            values[spec.key] = value
        return addresses.AddressInput(address_type_id=_id(data["address_type"]), **values)


def address_initial(address: ClientAddress) -> dict[str, Any]:
    initial: dict[str, Any] = {"address_type": address.address_type_id}
    for spec in addresses.FIELDS:
        name = f"{spec.attr}_id" if spec.kind == addresses.CODE else spec.attr
        initial[spec.attr] = getattr(address, name)
    return initial
