"""How complete a client's KYC profile is, for the client's page: what is recorded and what
is missing against the institution's rules. Missing: an identity document of any kind (a
client with none is never "complete", whatever the rules), the identity documents the
institution requires before activation that the client has no active one of, the client fields
the institution requires for the client's legal form that are empty, and the required custom
fields without a value — each with a link to the page that fixes it, where the user may.
Recorded: the client's active identity documents, and each required item the client has.
Documents and custom fields follow the rule that blocks activation itself
(services.missing_for_activation); required fields, the policy's lists of the client's legal
form, except that family members marked dependent answer the number of dependents. The same
rules for many clients at once are clients/kyc/incomplete.py (the list's `kycIncomplete`).

A fixed number of queries, whatever the client holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mteja.clients import services, validation
from mteja.clients.kyc import addresses as address_rules
from mteja.clients.models import (
    Client,
    ClientAddress,
    ClientIdentifier,
    ClientPolicy,
    CustomField,
    IdentifierStatus,
    LegalForm,
)
from mteja.clients.services.activation import activation_rules
from mteja.clients.web import custom_values
from mteja.core.errors import MtejaError

# A field ClientPolicy can require (its API name) → its label and the field of the edit form
# that fills it (where its value lives is validation.REQUIRABLE_VALUES, the rule's own map).
REQUIRABLE_FIELDS: dict[str, tuple[Any, str]] = {
    "firstname": (_("First name"), "firstname"),
    "middlename": (_("Middle name"), "middlename"),
    "lastname": (_("Last name"), "lastname"),
    "fullname": (_("Full name"), "fullname"),
    "externalId": (_("External id"), "external_id"),
    "mobileNo": (_("Mobile number"), "mobile_no"),
    "emailAddress": (_("Email"), "email_address"),
    "dateOfBirth": (_("Date of birth"), "date_of_birth"),
    "genderId": (_("Gender"), "gender"),
    "clientTypeId": (_("Client type"), "client_type"),
    "clientClassificationId": (_("Classification"), "client_classification"),
    "maritalStatusId": (_("Marital status"), "marital_status"),
    "numberOfDependents": (_("Number of dependents"), "number_of_dependents"),
    "professionId": (_("Profession"), "profession"),
    "educationLevelId": (_("Education level"), "education_level"),
    "monthlyIncome": (_("Monthly income"), "monthly_income"),
    "staffId": (_("Loan officer"), ""),
    "constitutionId": (_("Constitution"), "constitution"),
    "incorpNumber": (_("Incorporation number"), "incorp_no"),
    "incorpValidityTillDate": (_("Incorporation valid until"), "incorp_validity_till"),
    "mainBusinessLineId": (_("Main business line"), "main_business_line"),
    "remarks": (_("Remarks"), "remarks"),
    address_rules.INLINE_PARAM: (_("Address"), ""),
}
IDENTIFIER_MISSING = "error.msg.client.activation.missing.required.identifier"
CUSTOM_MISSING = "error.msg.entry.required.in.datatable."


@dataclass(frozen=True)
class MissingItem:
    label: str
    url: str | None  # the page that fixes it; None when the user may not


@dataclass
class KycStatus:
    no_document: MissingItem | None = None  # the client holds no active identity document
    documents: list[MissingItem] = field(default_factory=list)
    fields: list[MissingItem] = field(default_factory=list)
    custom_fields: list[MissingItem] = field(default_factory=list)
    held_documents: list[str] = field(default_factory=list)  # active documents' types
    # What the institution requires that the client has: documents, fields, custom fields.
    met: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing_count

    @property
    def missing_count(self) -> int:
        gaps = len(self.documents) + len(self.fields) + len(self.custom_fields)
        return gaps + (self.no_document is not None)


def _value(client: Client, path: str):
    if path.startswith("non_person."):
        non_person = getattr(client, "non_person", None)
        return getattr(non_person, path.removeprefix("non_person."), None) if non_person else None
    return getattr(client, path, None)


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _required(client: Client, policy: ClientPolicy) -> list[str]:
    """The API names of the fields the policy requires for the client's legal form that the
    indicator knows."""
    entity = client.legal_form == LegalForm.ENTITY
    required = (policy.required_fields_entity if entity else policy.required_fields_person) or []
    return [name for name in required if name in REQUIRABLE_FIELDS]


def missing_fields(client: Client, policy: ClientPolicy, dependents_count=None) -> list[str]:
    """The API names of the fields the policy requires for the client's legal form that are
    empty (for the number of dependents, family members count too)."""
    missing = []
    for name in _required(client, policy):
        if name == address_rules.INLINE_PARAM:
            if not ClientAddress.objects.filter(client=client, is_active=True).exists():
                missing.append(name)
            continue
        if name == "numberOfDependents" and dependents_count is not None:
            continue
        path = validation.REQUIRABLE_VALUES.get(name)
        if path is None or name not in REQUIRABLE_FIELDS:
            continue  # a name the rule does not know cannot be missing
        if _empty(_value(client, path)):
            missing.append(name)
    return missing


def _activation_gaps(client: Client, held_types: set[int]) -> tuple[list[tuple[int, str]], list]:
    """What activation needs that the client lacks — the services' own rule: the document
    types (id, name), and the required custom fields (with their tables)."""
    documents, custom = [], {}
    for error in services.missing_for_activation(client, identifier_type_ids=held_types):
        if error.code == IDENTIFIER_MISSING:
            documents.append((error.args[0], error.args[1]))
        elif error.code.startswith(CUSTOM_MISSING) and error.args:
            custom[error.args[0]] = list(error.args[1:])
    if not custom:
        return documents, []
    columns = CustomField.objects.filter(table__name__in=custom).select_related("table")
    by_key = {(column.table.name, column.name): column for column in columns}
    fields = [
        by_key[(table_name, name)]
        for table_name, names in custom.items()
        for name in names
        if (table_name, name) in by_key
    ]
    return documents, fields


def kyc_status(request, client: Client, *, owned: bool, dependents_count=None) -> KycStatus:
    """What the client's profile lacks, with links for `request.user` (`owned`: the client is
    in the user's offices, so the user may change it)."""
    can = request.can
    held = list(
        ClientIdentifier.objects.filter(client=client, status=IdentifierStatus.ACTIVE)
        .order_by("id")
        .values_list("document_type_id", "document_type__name")
    )
    status = KycStatus(held_documents=[name for _type_id, name in held])
    may_add_document = owned and can["CREATE_CLIENTIDENTIFIER"]
    documents, custom = _activation_gaps(client, {type_id for type_id, _name in held})
    if not held and not documents:  # (a required document missing says it already)
        url = reverse("client_identifier_create", args=[client.pk]) if may_add_document else None
        status.no_document = MissingItem(str(_("identity document")), url)
    rules = activation_rules()
    missing_types = {type_id for type_id, _name in documents}
    status.met += [name for type_id, name in rules.documents if type_id not in missing_types]
    for type_id, name in documents:
        url = None
        if may_add_document:
            url = reverse("client_identifier_create", args=[client.pk])
            url = f"{url}?type={type_id}"
        status.documents.append(MissingItem(name, url))

    policy = ClientPolicy.current()
    missing = missing_fields(client, policy, dependents_count)
    required = _required(client, policy)
    status.met += [str(REQUIRABLE_FIELDS[name][0]) for name in required if name not in missing]
    for name in missing:
        label, form_field = REQUIRABLE_FIELDS[name]
        url = None
        if name == address_rules.INLINE_PARAM:
            if owned and can["CREATE_ADDRESS"]:
                url = reverse("client_address_create", args=[client.pk])
        elif name == "staffId":
            if owned and can["ASSIGNSTAFF_CLIENT"]:
                url = reverse("client_assignstaff", args=[client.pk])
        elif owned and can["UPDATE_CLIENT"]:
            url = f"{reverse('client_update', args=[client.pk])}#id_{form_field}"
        status.fields.append(MissingItem(str(label), url))

    missing_columns = {column.pk for column in custom}
    status.met += [
        custom_values.label_of(column)
        for column in rules.mandatory
        if column.pk not in missing_columns
    ]
    for custom_field in custom:
        url = None
        if owned and custom_values.may_write(request.user):
            url = reverse("client_custom_fields_edit", args=[client.pk, custom_field.table_id])
        status.custom_fields.append(MissingItem(custom_values.label_of(custom_field), url))
    return status


def link_refusals_to_tabs(request, client: Client, error: MtejaError) -> None:
    """Each refusal of `error` for a missing document or custom field (activation's KYC
    rule) followed by a link to the client page's tab where it is added, when the user may
    open that tab (in place: the form shows the messages as they are)."""
    tabs = {}
    if request.user.has_fineract_permission("READ_CLIENTIDENTIFIER"):
        tabs[IDENTIFIER_MISSING] = (
            reverse("client_identifiers", args=[client.pk]),
            _("Add it in the Identifiers tab"),
        )
    if custom_values.shows_tab(request.user):
        tabs[CUSTOM_MISSING] = (
            reverse("client_custom_fields", args=[client.pk]),
            _("Fill it in under More details"),
        )
    linked = []
    for refusal in error.errors:
        kind = CUSTOM_MISSING if refusal.code.startswith(CUSTOM_MISSING) else refusal.code
        if kind in tabs:
            url, text = tabs[kind]
            message = format_html('{} <a href="{}">{}</a>', refusal.message, url, text)
            refusal = replace(refusal, message=message)
        linked.append(refusal)
    error.errors = linked
