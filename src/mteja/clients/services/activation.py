"""What activating a client checks and does: dates, age, required documents and custom fields."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from mteja.clients import validation
from mteja.clients.kyc import custom_fields
from mteja.clients.models import (
    CLIENT_RULES,
    Client,
    ClientIdentifier,
    ClientStatus,
    IdentifierFormat,
    IdentifierStatus,
)
from mteja.clients.services.inline import IDENTIFIERS_PARAM
from mteja.core import clock, dates, stamps
from mteja.core.errors import (
    DomainError,
    ParameterError,
    Problems,
)
from mteja.core.instances import set_values

# --- what activation needs ------------------------------------------------------------------


@dataclass(frozen=True)
class ActivationRules:
    documents: tuple[tuple[int, str], ...]  # (document type id, its name), in list order
    mandatory: list  # custom_fields.mandatory_columns()


def _load_activation_rules() -> ActivationRules:
    rules = (
        IdentifierFormat.objects.filter(required_for_activation=True, document_type__is_active=True)
        .order_by("document_type__position", "document_type_id")
        .values_list("document_type_id", "document_type__name")
    )
    return ActivationRules(tuple(rules), custom_fields.mandatory_columns())


def activation_rules() -> ActivationRules:
    return stamps.kept(CLIENT_RULES, "activation", _load_activation_rules)


def missing_for_activation(
    client: Client,
    *,
    identifier_type_ids: set[int] | None = None,
    custom_values: dict[int, dict] | None = None,
) -> list[ParameterError]:
    """What the client lacks before it may be activated: an active document of every type
    whose format rule is `required_for_activation`, and a value in every mandatory custom
    field. For a client being created, `identifier_type_ids` (its active document types) and
    `custom_values` ({table id: values}) stand in for what is stored. The rules cost one
    look-up of their token; the client's stored documents and rows two queries at most."""
    rules = activation_rules()
    if not rules.documents and not rules.mandatory:  # (an institution asking nothing: most)
        return []
    errors = []
    if rules.documents:
        if identifier_type_ids is None:
            identifier_type_ids = set(
                ClientIdentifier.objects.filter(
                    client_id=client.pk, status=IdentifierStatus.ACTIVE
                ).values_list("document_type_id", flat=True)
            )
        for type_id, name in rules.documents:
            if type_id not in identifier_type_ids:
                errors.append(
                    ParameterError(
                        "error.msg.client.activation.missing.required.identifier",
                        IDENTIFIERS_PARAM,
                        _("An active %(name)s is required before the client can be activated.")
                        % {
                            "name": name,
                        },
                        type_id,
                        (type_id, name),
                    )
                )
    missing = custom_fields.missing_mandatory(
        None if custom_values is not None else client,
        given=custom_values,
        mandatory=rules.mandatory,
    )
    errors.extend(custom_fields.entry_required_errors(missing))
    return errors


def ensure_ready_for_activation(client: Client, **given) -> None:
    errors = missing_for_activation(client, **given)
    if errors:
        raise DomainError.from_errors(errors)


def check_activation(client: Client, day: datetime.date, problems: Problems) -> None:
    if day > clock.today():
        problems.add(
            "activationDate",
            "error.msg.clients.activationDate.in.the.future",
            _("The activation date cannot be in the future."),
            day,
        )
    if day < client.office.opening_date:
        problems.add(
            "activationDate",
            "error.msg.clients.activationDate.cannot.be.before.office.activation.date",
            _("The activation date cannot be before the office opened (%(opening_date)s).")
            % {
                "opening_date": dates.shown(client.office.opening_date),
            },
            day,
        )
    if day < client.submitted_on:
        problems.add(
            "activationDate",
            "error.msg.clients.submittedOnDate.after.activation.date",
            _("The activation date cannot be before the submission date (%(submitted_on)s).")
            % {
                "submitted_on": dates.shown(client.submitted_on),
            },
            day,
        )
    if client.reopened_on and day < client.reopened_on:
        problems.add(
            "activationDate",
            "error.msg.clients.submittedOnDate.after.reopened.date",
            _("The activation date cannot be before the client was reopened (%(reopened_on)s).")
            % {
                "reopened_on": dates.shown(client.reopened_on),
            },
            day,
        )
    validation.check_age(client, day, problems)


# (Enum members read once: decision 261.)
_ACTIVE = ClientStatus.ACTIVE


def activate(client: Client, user, day: datetime.date) -> None:
    client.status = _ACTIVE
    client.activation_date = day
    client.office_joining_date = day
    client.closed_on = None
    set_values(client, {"activated_by": user, "closure_reason": None, "closed_by": None})
