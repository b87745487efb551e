"""Which clients' know-your-customer profile is incomplete, as one SQL condition: the clients
list's `kycIncomplete` filter and the dashboard's queue read it.

It is the client page's indicator (clients/web/completeness.py) written for many clients at
once: no active identity document at all; no active document of a type the institution
requires before activation; a mandatory custom field without a value; a field the client
policy requires for the client's legal form left empty (an address: none active; the number of
dependents: none entered and no family member recorded).

Each part is an EXISTS on an index led by the client (or a column of the client row), so the
list reads clients in its own order and stops at its page or its count's bound.
"""

from __future__ import annotations

from django.db.models import CharField, Exists, OuterRef, Q, TextField
from django.db.models.fields.json import KeyTextTransform

from mteja.clients import validation
from mteja.clients.kyc import addresses as address_rules
from mteja.clients.models import (
    Client,
    ClientAddress,
    ClientFamilyMember,
    ClientIdentifier,
    ClientPolicy,
    CustomRow,
    IdentifierStatus,
    LegalForm,
)
from mteja.clients.services.activation import activation_rules


def _active_documents(**extra) -> Exists:
    return Exists(
        ClientIdentifier.objects.filter(
            client=OuterRef("pk"), status=IdentifierStatus.ACTIVE, **extra
        )
    )


def _empty(path: str) -> Q:
    """The client's value at `path` (a field, or `non_person.<field>`) is missing."""
    lookup = path.replace(".", "__")
    if "." in path:
        prefix, name = path.split(".", 1)
        field = Client._meta.get_field(prefix).related_model._meta.get_field(name)
    else:
        field = Client._meta.get_field(path.removesuffix("_id"))
    empty = Q(**{f"{lookup}__isnull": True})
    if isinstance(field, CharField | TextField):
        empty |= Q(**{lookup: ""})
    return empty


def _required_field_missing(name: str) -> Q | None:
    if name == address_rules.INLINE_PARAM:
        return ~Exists(ClientAddress.objects.filter(client=OuterRef("pk"), is_active=True))
    path = validation.REQUIRABLE_VALUES.get(name)
    if path is None:
        return None  # a name the rule does not know cannot be missing
    missing = _empty(path)
    if name == "numberOfDependents":  # family members recorded answer it
        missing &= ~Exists(ClientFamilyMember.objects.filter(client=OuterRef("pk")))
    return missing


def _policy_fields_missing() -> Q:
    policy = ClientPolicy.current()
    condition = Q(pk__in=[])
    for legal_form, required in (
        (LegalForm.PERSON, policy.required_fields_person),
        (LegalForm.ENTITY, policy.required_fields_entity),
    ):
        missing = [q for q in map(_required_field_missing, required or []) if q is not None]
        if missing:
            any_missing = missing[0]
            for more in missing[1:]:
                any_missing |= more
            condition |= Q(legal_form=legal_form) & any_missing
    return condition


def _custom_value_missing(column) -> Q:
    filled = (
        CustomRow.objects.filter(client=OuterRef("pk"), table_id=column.table_id)
        .annotate(value=KeyTextTransform(column.name, "values"))
        .filter(value__isnull=False)
        .exclude(value="")
    )
    return ~Exists(filled)


def kyc_incomplete_q() -> Q:
    """Clients whose KYC profile lacks something (see the module's docstring)."""
    rules = activation_rules()  # what activation itself requires
    condition = ~_active_documents()
    for type_id, _name in rules.documents:
        condition |= ~_active_documents(document_type_id=type_id)
    for column in rules.mandatory:
        condition |= _custom_value_missing(column)
    return condition | _policy_fields_missing()
