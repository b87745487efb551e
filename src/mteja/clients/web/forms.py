"""Forms of the client pages. They check shapes only (required, lengths, numbers, dates); the
rules (names per legal form, ages, code lists, officers, date order) are the services', whose
errors `form_page` puts beside these fields."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mteja.clients.kyc import identifiers
from mteja.clients.models import Client, ClientStatus, LegalForm
from mteja.clients.web.custom_forms import custom_sections
from mteja.core.web.forms import DateInput, MtejaForm
from mteja.organisation.models import CodeValue, Office, Staff
from mteja.organisation.selectors import code_values_for
from mteja.organisation.web.forms import OfficeChoiceField

# Form field → code list (organisation.seed names), for every drop-down of a code list.
CODE_LISTS = {
    "gender": "Gender",
    "client_type": "ClientType",
    "client_classification": "ClientClassification",
    "marital_status": "MARITAL STATUS",
    "profession": "PROFESSION",
    "education_level": "EDUCATION LEVEL",
    "constitution": "Constitution",
    "main_business_line": "Main Business Line",
}

# Service error parameters (Fineract's names) whose form field is not found by name.
CLIENT_PARAMS = {
    "submittedOnDate": "submitted_on",
    "incorpNumber": "incorp_no",
    "incorpValidityTillDate": "incorp_validity_till",
    "clientNonPersonDetails": None,
    "version": None,
}


def office_prefixes(office: Office) -> list[str]:
    """Hierarchies of `office` and of every office above it (".", ".2.", ".2.5.")."""
    parts = [part for part in office.hierarchy.split(".") if part]
    return ["."] + ["." + ".".join(parts[: i + 1]) + "." for i in range(len(parts))]


def loan_officers(*, user, office: Office | None = None):
    """Active loan officers a client may get: of `office` or above it; without an office, of
    the user's subtree or above the user's office (the services check the exact office)."""
    officers = Staff.objects.filter(is_active=True, is_loan_officer=True).select_related("office")
    if office is not None:
        officers = officers.filter(office__hierarchy__in=office_prefixes(office))
    else:
        home = user.office
        officers = officers.filter(
            Q(office__hierarchy__startswith=home.hierarchy)
            | Q(office__hierarchy__in=office_prefixes(home))
        )
    return officers.order_by("display_name", "id")


class ServiceChecked:
    """A field the service requires only in some cases (a name of the chosen legal form, the
    date of "Activate now"): labelled required where the page shows it, but left to the service
    to check, so a missing value is reported together with every other problem of the form."""

    def validate(self, value):
        pass


class NameField(ServiceChecked, forms.CharField):
    pass


class ActivationDateField(ServiceChecked, forms.DateField):
    pass


class LoanOfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, staff: Staff) -> str:
        return f"{staff.display_name} — {staff.office.name}"


class CodeValueChoiceField(forms.ModelChoiceField):
    """The active values of one code list, in their order; `keep` (a value the record already
    has) stays offered even if it has been deactivated since, so editing does not drop it."""

    def __init__(self, code_name: str, *, keep: int | None = None, **kwargs):
        values = code_values_for(code_name, active_only=False)
        active = Q(is_active=True) | Q(pk=keep) if keep else Q(is_active=True)
        kwargs.setdefault("required", False)
        kwargs.setdefault("empty_label", "—")
        super().__init__(queryset=values.filter(active), **kwargs)

    def label_from_instance(self, value: CodeValue) -> str:
        return value.name


def officer_options_attrs(field_id: str) -> dict:
    """An office drop-down that refreshes the loan-officer drop-down `field_id` (HTMX); without
    JavaScript the officer list simply stays complete."""
    return {
        "hx-get": reverse("client_officer_options"),
        "hx-trigger": "change",
        "hx-target": f"#{field_id}",
        "hx-swap": "innerHTML",
    }


def duplicate_check_attrs(check: str, client: Client | None = None) -> dict:
    """A field that asks, as the user types, whether another client looks like this one
    (`check` "mobile" or "name"); the answer appears in `#duplicates-<check>` (HTMX, by POST:
    names and numbers stay out of URLs). Without JavaScript the warning comes after saving."""
    query = f"?check={check}" + (f"&client={client.pk}" if client else "")
    return {
        "hx-post": reverse("client_duplicate_check") + query,
        "hx-trigger": "input changed delay:600ms, change",
        "hx-target": f"#duplicates-{check}",
        "hx-swap": "innerHTML",
        "hx-include": "closest form",
    }


# --- list ----------------------------------------------------------------------------------

STATUS_CHOICES = [("", _("All statuses")), *ClientStatus.choices]


class ClientFilterForm(MtejaForm):
    q = forms.CharField(
        label=_("Name, account, external id or mobile"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    office = forms.Field(required=False)
    staff = forms.Field(required=False)
    status = forms.TypedChoiceField(
        label=_("Status"), required=False, choices=STATUS_CHOICES, coerce=int, empty_value=None
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"] = OfficeChoiceField(
            user=user, label=_("Office (and below)"), required=False, empty_label=_("All offices")
        )
        self.fields["staff"] = LoanOfficerChoiceField(
            queryset=loan_officers(user=user),
            label=_("Loan officer"),
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
        """The client_list arguments the valid part of the form asks for."""
        self.is_valid()  # a bad value of one filter leaves the others working
        data = self.cleaned_data
        return {
            "under_hierarchy": data["office"].hierarchy if data.get("office") else None,
            "staff_id": data["staff"].pk if data.get("staff") else None,
            "status": data.get("status"),
        }


# --- create and edit -----------------------------------------------------------------------


class ClientForm(MtejaForm):
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
    firstname = NameField(label=_("First name"), max_length=50, required=False)
    middlename = forms.CharField(label=_("Middle name"), max_length=50, required=False)
    lastname = NameField(label=_("Last name"), max_length=50, required=False)
    fullname = NameField(label=_("Name of the entity"), max_length=160, required=False)
    external_id = forms.CharField(label=_("External id"), max_length=100, required=False)
    mobile_no = forms.CharField(
        label=_("Mobile number"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email_address = forms.CharField(
        label=_("Email"),
        max_length=150,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    gender = forms.Field(required=False)
    client_type = forms.Field(required=False)
    client_classification = forms.Field(required=False)
    is_staff = forms.BooleanField(label=_("Is a member of staff"), required=False)
    marital_status = forms.Field(required=False)
    number_of_dependents = forms.IntegerField(
        label=_("Number of dependents"), required=False, min_value=0, max_value=99
    )
    profession = forms.Field(required=False)
    education_level = forms.Field(required=False)
    monthly_income = forms.DecimalField(
        label=_("Monthly income"),
        required=False,
        min_value=0,
        max_digits=19,
        decimal_places=2,
        localize=True,
    )
    constitution = forms.Field(required=False)
    incorp_no = forms.CharField(label=_("Incorporation number"), max_length=50, required=False)
    incorp_validity_till = forms.DateField(
        label=_("Incorporation valid until"), required=False, widget=DateInput()
    )
    main_business_line = forms.Field(required=False)
    remarks = forms.CharField(
        label=_("Remarks"),
        max_length=150,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    staff = forms.Field(required=False)
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DateInput())
    active = forms.BooleanField(label=_("Activate now"), required=False)
    activation_date = ActivationDateField(label=_("Activation date"), widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    LABELS = {
        "gender": _("Gender"),
        "client_type": _("Client type"),
        "client_classification": _("Classification"),
        "marital_status": _("Marital status"),
        "profession": _("Profession"),
        "education_level": _("Education level"),
        "constitution": _("Constitution"),
        "main_business_line": _("Main business line"),
    }
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
        self.editing = client is not None
        kept = _current_code_values(client) if client else {}
        for name, label in self.LABELS.items():
            self.fields[name] = CodeValueChoiceField(
                CODE_LISTS[name], keep=kept.get(name), label=label
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
            self._add_identity_document()
        # The institution's custom fields, one section per table (see custom_forms).
        self.custom_sections = custom_sections(self, custom_tables, custom_current or {})

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
            document = {
                "documentTypeId": _id(data.get("identifier_type")),
                "documentKey": data.get("identifier_key") or "",
            }
            if data.get("identifier_expiry"):
                document["expiryDate"] = data["identifier_expiry"].isoformat()
            parts["identifiers"] = [document]
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


PERSON_CODE_FIELDS = (
    "gender", "client_type", "client_classification", "marital_status", "profession",
    "education_level",
)  # fmt: skip


def _current_code_values(client: Client) -> dict[str, int | None]:
    values = {name: getattr(client, f"{name}_id") for name in PERSON_CODE_FIELDS}
    non_person = getattr(client, "non_person", None)
    if non_person is not None:
        values["constitution"] = non_person.constitution_id
        values["main_business_line"] = non_person.main_business_line_id
    return values


def _id(value):
    return getattr(value, "pk", value)


# Fields the form shows for persons only; an entity's are left empty.
PERSON_ONLY = (
    "date_of_birth", "gender_id", "marital_status_id", "number_of_dependents", "profession_id",
    "education_level_id", "monthly_income",
)  # fmt: skip


def service_fields(data: dict) -> dict:
    """A client form's data (cleaned, or the initial data of an edit) as the service's fields:
    the name fields and details of the chosen legal form only."""
    entity = data.get("legal_form") == LegalForm.ENTITY
    fields = {
        "legal_form": data.get("legal_form"),
        "firstname": data.get("firstname") or "",
        "middlename": data.get("middlename") or "",
        "lastname": data.get("lastname") or "",
        "fullname": "",  # a person's only when given instead of the name parts (see below)
        "external_id": data.get("external_id") or "",
        "mobile_no": data.get("mobile_no") or "",
        "email_address": data.get("email_address") or "",
        "date_of_birth": data.get("date_of_birth"),
        "gender_id": _id(data.get("gender")),
        "client_type_id": _id(data.get("client_type")),
        "client_classification_id": _id(data.get("client_classification")),
        "is_staff": bool(data.get("is_staff")),
        "marital_status_id": _id(data.get("marital_status")),
        "number_of_dependents": data.get("number_of_dependents"),
        "profession_id": _id(data.get("profession")),
        "education_level_id": _id(data.get("education_level")),
        "monthly_income": data.get("monthly_income"),
        "submitted_on": data.get("submitted_on"),
    }
    if not entity and not any(fields[name] for name in ("firstname", "middlename", "lastname")):
        fields["fullname"] = data.get("fullname") or ""  # a person known by one full name
    if entity:
        fields.update(dict.fromkeys(PERSON_ONLY), firstname="", middlename="", lastname="")
        fields["fullname"] = data.get("fullname") or ""
        fields["non_person"] = {
            "constitution_id": _id(data.get("constitution")),
            "incorp_no": data.get("incorp_no") or "",
            "incorp_validity_till": data.get("incorp_validity_till"),
            "main_business_line_id": _id(data.get("main_business_line")),
            "remarks": data.get("remarks") or "",
        }
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
    initial = {
        name: getattr(client, name)
        for name in (
            "legal_form", "firstname", "middlename", "lastname", "fullname", "mobile_no",
            "email_address", "date_of_birth", "is_staff", "number_of_dependents",
            "monthly_income", "submitted_on", "version",
        )
    }  # fmt: skip
    initial["external_id"] = client.external_id or ""
    for name in PERSON_CODE_FIELDS:
        initial[name] = getattr(client, f"{name}_id")
    non_person = getattr(client, "non_person", None)
    if non_person is not None:
        initial.update(
            constitution=non_person.constitution_id,
            incorp_no=non_person.incorp_no,
            incorp_validity_till=non_person.incorp_validity_till,
            main_business_line=non_person.main_business_line_id,
            remarks=non_person.remarks,
        )
    return initial
