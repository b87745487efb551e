"""Creating, updating and deleting a client."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from mteja.clients import lifecycle, phones, validation
from mteja.clients.models import (
    CLIENT,
    NON_PERSON,
    Client,
    ClientNonPerson,
    ClientPolicy,
    LegalForm,
)
from mteja.clients.search import indexing as search
from mteja.clients.services import officers, unchanged
from mteja.clients.services.duplicates import MOBILE_RULE, NAME_RULE, apply_duplicate_policy
from mteja.clients.services.steps import (
    CLIENT_UNIQUE,
    ClientWrite,
    ensure_client_in_scope,
    lock_client,
    snapshot,
)
from mteja.core import audit, clock, writes
from mteja.core.errors import Problems, ValidationFailed
from mteja.core.instances import set_values

# --- the parts of a create and an update (the create itself: services/creating.py) ---------


def _set_fields(row, declaration, given: dict[str, Any], problems: Problems) -> None:
    """Copies the editable fields present in `given` (keyed by attribute name: `gender_id`)
    onto `row`, by the model field's kind: text is trimmed with inner spaces folded, an
    optional unique text (null allowed) is None when blank, a code-list reference is resolved
    against its own list. Limits are the model's (see `writes.validate`)."""
    setters = _setters(declaration)
    # (Only the fields given are visited: a bulk import's row gives a dozen of a client's 22.)
    for name in given.keys() & setters.plain:
        kind, null = setters.plain[name]
        value = given[name]
        if kind is _TEXT:
            text = " ".join(str(value or "").split())
            setattr(row, name, (text or None) if null else text)
        else:
            setattr(row, name, value)
    wanted = {
        field_name: (code_name, param, given[name])
        for name, field_name, code_name, param in setters.coded
        if name in given
    }  # (in the declaration's order: the order their problems are told in)
    set_values(row, validation.resolve_code_values(wanted, problems))


_TEXT, _VALUE = "text", "value"
# (Enum members read once: decision 261.)
_ENTITY = LegalForm.ENTITY


@dataclass(frozen=True)
class _Setters:
    """How `_set_fields` copies a model's editable fields: {attribute: (kind, whether it
    takes null)} of its text and plain values, and (attribute, field name, code list, its API
    parameter) of its code values. A reference to another model is not copied."""

    plain: dict[str, tuple[str, bool]]
    coded: tuple[tuple[str, str, str, str], ...]


_setters_by_model: dict[type, _Setters] = {}


def _setters(declaration) -> _Setters:
    """`_Setters` of the declaration's model, derived once from the declaration and the
    model."""
    found = _setters_by_model.get(declaration.model)
    if found is None:
        editable = declaration.editable()
        found = _setters_by_model[declaration.model] = _Setters(
            plain={
                model_field.attname: (
                    _TEXT if isinstance(model_field, models.CharField) else _VALUE,
                    model_field.null,
                )
                for model_field in editable
                if not model_field.is_relation and not getattr(model_field, "code_name", None)
            },
            coded=tuple(
                (model_field.attname, model_field.name, model_field.code_name,
                 declaration.api_name(model_field.attname))
                for model_field in editable
                if getattr(model_field, "code_name", None)
            ),
        )  # fmt: skip
    return found


def apply_fields(
    client: Client, fields: dict[str, Any], policy: ClientPolicy, problems: Problems
) -> dict:
    """Copies `fields` onto `client`, resolving references, and derives the mobile key (the
    one place it is set: clients/phones.py); returns non-person details."""
    _set_fields(client, CLIENT, fields, problems)
    phones.set_mobile_key(client, policy.phone_region)
    return fields.get("non_person") or {}


def apply_non_person(client: Client, details: dict, problems: Problems):
    """The entity details to save (or None), after resolving their code values."""
    if client.legal_form != _ENTITY:
        return None
    existing = ClientNonPerson.objects.filter(client=client).first() if client.pk else None
    non_person = existing or ClientNonPerson(client=client)
    _set_fields(non_person, NON_PERSON, details, problems)
    return non_person


def check_model_rules(
    client: Client, non_person, problems: Problems, held: frozenset[str] = frozenset()
) -> None:
    """The model's own limits (lengths, ranges, digits), named as the API names them; not
    those of the client's fields in `held`, which the caller's input checked already
    (core/api/model_fields.held_limits), where `_set_fields` cannot store a null the model
    refuses."""
    for row in (client, non_person):
        if row is None:
            continue
        exclude = _excluded(type(row), held if row is client else frozenset())
        try:
            writes.validate(row, exclude=exclude)
        except ValidationFailed as failed:
            for error in failed.errors:
                if not problems.has(error.param):
                    problems.add(error.param, error.code, error.message, error.value)


def _not_from_input(declaration) -> list[str]:
    """Fields the service sets itself, validated where they are set, and references, which
    are resolved (one query for all) rather than looked up one by one by full_clean."""
    return [
        f.name
        for f in declaration.model._meta.concrete_fields
        if f.is_relation or not declaration.wire(f.name).editable
    ]


_NOT_FROM_INPUT = {Client: _not_from_input(CLIENT), ClientNonPerson: _not_from_input(NON_PERSON)}


@cache
def _excluded(model: type, held: frozenset[str]) -> tuple[str, ...]:
    """The fields `check_model_rules` leaves out of a row of `model`, the client's `held`
    ones among them: listed once for each (a bulk import asks once a row)."""
    return tuple(_NOT_FROM_INPUT[model]) + (tuple(_stored_as_read(held)) if held else ())


@cache
def _stored_as_read(held: frozenset[str]) -> list[str]:
    """Of the client fields `held`, those whose value `_set_fields` stores as the input read
    it or folded (text: spaces folded, never longer), and never as a null the field refuses
    (text stores a blank instead)."""
    found = []
    for name in sorted(held):
        model_field = Client._meta.get_field(name)
        if model_field.null or isinstance(model_field, models.CharField):
            found.append(name)
    return found


def display_name_of(client: Client) -> str:
    if client.fullname:
        return client.fullname
    return " ".join(part for part in (client.firstname, client.middlename, client.lastname) if part)


@transaction.atomic
def client_update(
    *, actor, client: Client, fields: dict[str, Any], expected_version: int | None = None
) -> ClientWrite:
    client = lock_client(client, expected_version)
    ensure_client_in_scope(actor, client)
    fields, officer_change = officers.officer_change_of_update(actor, client, fields)
    before = snapshot(client)
    was = audit.snapshot(client, _RULE_VALUES)
    policy = ClientPolicy.current()
    problems = Problems()
    fields = unchanged.without_unchanged(client, fields, problems)
    submitted_on = client.submitted_on
    non_person_details = apply_fields(client, fields, policy, problems)
    if "submitted_on" in fields:
        # A blank submission date keeps the one recorded (never None: it is not nullable).
        client.submitted_on = fields["submitted_on"] or submitted_on
        if client.activation_date and client.submitted_on > client.activation_date:
            problems.add(
                "submittedOnDate",
                "error.msg.clients.submittedOnDate.after.activation.date",
                _("The submission date cannot be after the activation date."),
                client.submitted_on,
            )
    # The characters of a name or an external id are checked when the request sets them: a
    # client recorded before the rule can still have a phone number corrected.
    validation.check_names(client, problems, changed=fields.keys())
    if "external_id" in fields:
        validation.check_external_id(client, problems)
    validation.check_contact(client, problems)
    given = _given_params(fields)
    validation.check_policy_formats(client, policy, problems, given=given)
    validation.check_dates(client, clock.today(), problems)
    # The institution's rules run on what the request changes, so a client admitted under an
    # older policy can still have a phone number corrected (the staff date rules work the
    # same way): a newly required field cannot be blanked, but need not be filled first.
    if fields.keys() & {"date_of_birth", "submitted_on", "legal_form"}:
        validation.check_age(client, client.submitted_on, problems)
        if client.activation_date:
            validation.check_age(client, client.activation_date, problems)
    if "account_no" in fields and not client.account_no:
        # Optional at creation (then generated), but a client never loses its number.
        problems.add("accountNo", "cannot.be.blank", _("The account number cannot be removed."))
    non_person = apply_non_person(client, non_person_details, problems)
    check_model_rules(client, non_person, problems)
    validation.check_required(client, non_person, policy, problems, given=given)
    problems.raise_if_any()

    client.display_name = display_name_of(client)
    search.index_client(client)  # the search's key of the name
    now = audit.snapshot(client, _RULE_VALUES)
    rules = tuple(
        rule
        for rule, names in _RULE_FIELDS.items()
        if any(now[name] != was[name] for name in names)
    )
    warnings = apply_duplicate_policy(client, actor, policy, rules) if rules else []
    if non_person is not None:
        non_person.save()
    elif client.legal_form == LegalForm.PERSON and before.get("legal_form") != LegalForm.PERSON:
        # Switching to a person drops the entity details, as Fineract does.
        ClientNonPerson.objects.filter(client=client).delete()
    # What the row holds now, for the audit's after-image (no query).
    client._state.fields_cache["non_person"] = non_person
    changes = writes.commit_write(
        client,
        actor=actor,
        action="UPDATE",
        before=before,
        # Only a changed value can conflict with another client's.
        unique=[
            check
            for check in CLIENT_UNIQUE
            if any(getattr(client, name) != before.get(name) for name in check.fields)
        ],
        office=client.office,
        client_id=client.pk,
    )
    if client.display_name != before.get("display_name"):
        search.learn_client(client)
    if officer_change is not None:
        changes = {**changes, **officer_change()}
    return ClientWrite(client, changes, warnings if changes else [])


# What each duplicate rule compares: an update checks only the rules whose values changed.
_RULE_FIELDS = {MOBILE_RULE: ("mobile_key",), NAME_RULE: ("display_name", "date_of_birth")}
_RULE_VALUES = [name for names in _RULE_FIELDS.values() for name in names]


# The API parameters of the service's field names, for the rules that check only what a
# request sends.
_PARAMS_OF_FIELDS = {
    path.removeprefix("non_person."): param for param, path in validation.REQUIRABLE_VALUES.items()
}


def _given_params(fields: dict[str, Any]) -> set[str]:
    given = {_PARAMS_OF_FIELDS[name] for name in fields if name in _PARAMS_OF_FIELDS}
    details = fields.get("non_person") or {}
    given |= {_PARAMS_OF_FIELDS[name] for name in details if name in _PARAMS_OF_FIELDS}
    return given


@transaction.atomic
def client_delete(*, actor, client: Client, expected_version: int | None = None) -> None:
    client = lock_client(client, expected_version)
    ensure_client_in_scope(actor, client)
    lifecycle.ensure_deletable(client.status)
    before = snapshot(client)
    client_id, office = client.pk, client.office
    client.delete()
    writes.record_deleted(
        client, before, actor=actor, resource_id=client_id, office=office, client_id=client_id
    )
