"""Forms of the client pages. They check shapes only (required, lengths, numbers, dates); the
rules (names per legal form, ages, code lists, officers, date order) are the services', whose
errors `form_page` puts beside these fields."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mteja.clients.kyc import identifiers
from mteja.clients.kyc.identifiers import IdentifierInput
from mteja.clients.models import (
    CLIENT,
    NON_PERSON,
    Client,
    ClientNonPerson,
    LegalForm,
)
from mteja.clients.web.custom_forms import custom_sections
from mteja.clients.web.fields import (
    ActivationDateField,
    CodeValueChoiceField,
    LoanOfficerChoiceField,
    NameField,
    duplicate_check_attrs,
    loan_officers,
    officer_options_attrs,
)
from mteja.core.api.query import ascii_digits
from mteja.core.web.forms import DateInput, MtejaForm
from mteja.core.web.model_fields import form_field, unplaced_fields
from mteja.organisation.web.forms import OfficeChoiceField

# Form field → code list, for every drop-down of a code list (declared on the model fields).
CODE_LISTS = {
    model_field.name: model_field.code_name
    for model in (Client, ClientNonPerson)
    for model_field in model._meta.concrete_fields
    if getattr(model_field, "code_name", None)
}

# Service error parameters (Fineract's names) → form fields, from the declarations.
CLIENT_PARAMS = {
    **{
        declaration.api_name(model_field.name): model_field.name
        for declaration in (CLIENT, NON_PERSON)
        for model_field in declaration.editable()
    },
    "clientNonPersonDetails": None,
    "version": None,
}


# --- create and edit -----------------------------------------------------------------------


# The record's fields as the form shows them: kinds, limits and labels from the model; only
# what a page does differently is said here.
_NOT_ON_FORM = ("account_no", "staff", "legal_form")  # generated; own actions; radio buttons
_FIELD_OPTIONS = {
    "firstname": {"field_class": NameField},
    "lastname": {"field_class": NameField},
    "fullname": {"field_class": NameField, "label": _("Name of the entity")},
    "is_staff": {"label": _("Is a member of staff")},
    "mobile_no": {"widget": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})},
    "email_address": {"widget": forms.EmailInput(attrs={"autocomplete": "off"})},
    "remarks": {"widget": forms.Textarea(attrs={"rows": 2})},
}
RECORD_FIELDS = [
    model_field
    for declaration in (CLIENT, NON_PERSON)
    for model_field in declaration.editable()
    if model_field.name not in _NOT_ON_FORM
]
_ClientRecordForm = type(
    "_ClientRecordForm",
    (MtejaForm,),
    {
        "__module__": __name__,
        **{
            f.name: form_field(f, **_FIELD_OPTIONS.get(f.name, {}))
            for f in RECORD_FIELDS
            if not f.is_relation
        },
        # References are drop-downs built per request (their values, the record's own kept).
        **{f.name: forms.Field(required=False) for f in RECORD_FIELDS if f.is_relation},
    },
)


class ClientForm(_ClientRecordForm):
    """Person and entity in one form: the page shows the fields of the chosen legal form, the
    view sends only those."""

    legal_form = forms.TypedChoiceField(
        label=_("Legal form"),
        choices=LegalForm.choices,
        coerce=int,
        initial=LegalForm.PERSON,
        widget=forms.RadioSelect,
    )
    office = forms.Field(label=_("Office"))
    staff = forms.Field(required=False)
    active = forms.BooleanField(label=_("Activate now"), required=False)
    activation_date = ActivationDateField(label=_("Activation date"), widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    page_template = "clients/client_form.html"

    @property
    def unplaced_fields(self):
        return unplaced_fields(self, [f.name for f in RECORD_FIELDS], self.page_template)

    # Fields only a new client has: the office, officer and activation have their own actions.
    CREATE_ONLY = ("office", "staff", "active", "activation_date")

    def __init__(
        self,
        *args,
        user,
        client: Client | None = None,
        custom_tables=(),
        custom_current: dict | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.user = user
        self.editing = client is not None
        kept = _current_code_values(client) if client else {}
        for model_field in RECORD_FIELDS:
            if model_field.is_relation:
                self.fields[model_field.name] = CodeValueChoiceField(
                    model_field.code_name,
                    keep=kept.get(model_field.name),
                    label=capfirst(model_field.verbose_name),
                )
        # A person recorded with one full name (Fineract allows it) keeps that field.
        self.person_fullname = bool(
            client and client.legal_form == LegalForm.PERSON and client.fullname
        )
        if self.person_fullname:
            self.fields["fullname"].label = _("Full name")
        self._require_names()
        self.fields["mobile_no"].widget.attrs.update(duplicate_check_attrs("mobile", client))
        for name in ("firstname", "middlename", "lastname", "fullname", "date_of_birth"):
            self.fields[name].widget.attrs.update(duplicate_check_attrs("name", client))
        if self.editing:
            for name in self.CREATE_ONLY:
                del self.fields[name]
        else:
            del self.fields["version"]
            self.fields["office"] = OfficeChoiceField(
                user=user,
                label=_("Office"),
                widget=forms.Select(attrs=officer_options_attrs("id_staff")),
            )
            self.fields["staff"] = LoanOfficerChoiceField(
                queryset=loan_officers(user=user),
                label=_("Loan officer"),
                required=False,
                empty_label=_("None"),
                help_text=_("An active loan officer of the office or of an office above it."),
            )
            self._offer_officers_of_chosen_office()
            self._add_identity_document()
        # The institution's custom fields, one section per table (see custom_forms).
        self.custom_sections = custom_sections(self, custom_tables, custom_current or {})

    def _offer_officers_of_chosen_office(self) -> None:
        """The officers offered are those of the office the form shows chosen (the one posted,
        else the initial one); choosing another office asks for its officers (HTMX)."""
        chosen = self.data.get("office") if self.is_bound else self.initial.get("office")
        office = None
        if ascii_digits(str(chosen or "")):
            office = self.fields["office"].queryset.filter(pk=int(chosen)).first()
        if office is not None:
            self.fields["staff"].offer(loan_officers(user=self.user, office=office))

    def _add_identity_document(self) -> None:
        """A new client's first identity document: checked with the client, so a number that
        belongs to another client is refused before anything is saved."""
        self.fields["identifier_type"] = CodeValueChoiceField(
            identifiers.IDENTIFIER_CODE, label=_("Document type")
        )
        self.fields["identifier_key"] = forms.CharField(
            label=_("Document number"),
            max_length=identifiers.KEY_MAX_LENGTH,
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        )
        self.fields["identifier_expiry"] = forms.DateField(
            label=_("Expiry date"), required=False, widget=DateInput()
        )
        self.owner = None  # the client the number belongs to, when refused
        self.owner_hidden = False

    def inline_parts(self) -> dict:
        """The parts a new client comes with, as client_create takes them: its identity
        document and the custom tables the user filled in. Also the service's error
        parameters of those parts → this form's fields (`params`)."""
        data = self.cleaned_data
        parts: dict = {}
        params: dict = {"identifiers": "identifier_type", "datatables": None}
        if data.get("identifier_key") or data.get("identifier_type"):
            parts["identifiers"] = [
                IdentifierInput(
                    document_type_id=_id(data.get("identifier_type")),
                    document_key=data.get("identifier_key") or "",
                    expiry_date=data.get("identifier_expiry"),
                )
            ]
            params.update(
                {
                    "identifiers[0].documentTypeId": "identifier_type",
                    "identifiers[0].documentKey": "identifier_key",
                    "identifiers[0].expiryDate": "identifier_expiry",
                    "identifiers[0].issueDate": "identifier_expiry",
                }
            )
        rows = []
        for section in self.custom_sections:
            filled = section.filled()
            if not filled:
                continue
            prefix = f"datatables[{len(rows)}]"
            rows.append({"registeredTableName": section.table.name, "data": filled})
            params[f"{prefix}.registeredTableName"] = None
            for field_name, column in section.columns.items():
                params[f"{prefix}.data.{column.name}"] = field_name
        if rows:
            parts["datatables"] = rows
        return {"fields": parts, "params": params}

    def _require_names(self) -> None:
        """The names the chosen legal form needs are required (and labelled so); before a
        choice is posted, both sets are labelled required, since the page shows only one."""
        chosen = self.data.get("legal_form") if self.is_bound else None
        entity = chosen == str(LegalForm.ENTITY.value)
        person = self.is_bound and not entity
        for name in ("firstname", "lastname"):
            self.fields[name].required = not entity and not self.person_fullname
        self.fields["fullname"].required = not person and not self.person_fullname


def _declared_rows(client: Client | None):
    """(declaration, row) for the client and, when it has them, its entity details."""
    yield CLIENT, client
    non_person = getattr(client, "non_person", None) if client is not None else None
    yield NON_PERSON, non_person


def _current_code_values(client: Client) -> dict[str, int | None]:
    return {
        f.name: getattr(row, f.attname)
        for declaration, row in _declared_rows(client)
        if row is not None
        for f in declaration.editable()
        if f.is_relation
    }


def _id(value):
    return getattr(value, "pk", value)


def _service_values(declaration, data: dict) -> dict:
    """The form's values of `declaration`'s fields, keyed as the service takes them."""
    values = {}
    for f in declaration.editable():
        if f.name in _NOT_ON_FORM:
            continue
        value = data.get(f.name)
        if f.is_relation:
            value = _id(value)
        elif isinstance(f, models.CharField):
            value = value or ""
        elif isinstance(f, models.BooleanField):
            value = bool(value)
        values[f.attname] = value
    return values


# Fields the form shows for persons only; an entity's are left empty.
PERSON_ONLY = (
    "date_of_birth", "gender_id", "marital_status_id", "number_of_dependents", "profession_id",
    "education_level_id", "monthly_income",
)  # fmt: skip


def service_fields(data: dict) -> dict:
    """A client form's data (cleaned, or the initial data of an edit) as the service's fields:
    the name fields and details of the chosen legal form only."""
    entity = data.get("legal_form") == LegalForm.ENTITY
    fields = {"legal_form": data.get("legal_form"), **_service_values(CLIENT, data)}
    # A person's full name only when given instead of the name parts.
    fullname, fields["fullname"] = fields["fullname"], ""
    if not entity and not any(fields[name] for name in ("firstname", "middlename", "lastname")):
        fields["fullname"] = fullname  # a person known by one full name
    if entity:
        fields.update(dict.fromkeys(PERSON_ONLY), firstname="", middlename="", lastname="")
        fields["fullname"] = fullname
        fields["non_person"] = _service_values(NON_PERSON, data)
    return fields


def changed_fields(before: dict, after: dict) -> dict:
    """The service fields of `after` that differ from `before` (an update sends only those, so
    a value deactivated since it was chosen is not refused when it is left alone)."""
    changed = {
        key: value
        for key, value in after.items()
        if key != "non_person" and value != before.get(key)
    }
    if "non_person" in after:
        old = before.get("non_person") or {}
        details = {k: v for k, v in after["non_person"].items() if v != old.get(k)}
        if details:
            changed["non_person"] = details
    return changed


def client_initial(client: Client) -> dict:
    """The edit form's starting values."""
    initial = {"legal_form": client.legal_form, "version": client.version}
    for declaration, row in _declared_rows(client):
        for f in declaration.editable():
            if row is not None and f.name not in _NOT_ON_FORM:
                initial[f.name] = getattr(row, f.attname)
    initial["external_id"] = client.external_id or ""
    return initial
