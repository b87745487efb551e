"""The lifecycle commands: activate, close, reject, withdraw, reactivate and the undos."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.clients import validation
from mteja.clients.models import (
    Client,
    ClientStatus,
)
from mteja.clients.services.activation import (
    activate,
    check_activation,
    ensure_ready_for_activation,
)
from mteja.clients.services.officers import assign_officer
from mteja.clients.services.steps import (
    actor_user,
    begin_command,
    finish,
    not_future,
    required,
)
from mteja.clients.validation import Problems
from mteja.core.errors import DomainError


@transaction.atomic
def client_activate(
    *,
    actor,
    client: Client,
    activation_date: datetime.date | None,
    expected_version: int | None = None,
) -> dict:
    client, before, problems = begin_command(client, expected_version, actor, "activate")
    if required(activation_date, "activationDate", problems, "activation date"):
        check_activation(client, activation_date, problems)
    problems.raise_if_any()
    ensure_ready_for_activation(client)
    activate(client, actor_user(actor), activation_date)
    return finish(client, actor, "ACTIVATE", before)


def _reason(field_name: str, reason_id: int | None, problems: Problems):
    code, param = validation.REASON_CODES[field_name]
    if not required(reason_id, param, problems, "reason"):
        return None
    return validation.resolve_code_values({field_name: (code, param, reason_id)}, problems).get(
        field_name
    )


def _dated_step(
    *,
    actor,
    client,
    expected_version,
    command,
    date_value,
    date_param,
    after,
    after_what,
    before_code,
    reason_field=None,
    reason_id=None,
):
    """Shared shape of close/reject/withdraw/reactivate/undo: a date that is not in the
    future nor before the step it follows, and sometimes a reason from a code list.

    Shape problems (missing, future) are 400s and an unknown reason a 404, all collected;
    a date before the previous step is Fineract's 403 domain rule with its own code, checked
    once the request is otherwise valid (one response has one status).
    """
    client, before, problems = begin_command(client, expected_version, actor, command)
    reason = _reason(reason_field, reason_id, problems) if reason_field else None
    if required(date_value, date_param, problems, "date"):
        not_future(date_value, date_param, problems, "date")
    problems.raise_if_any()
    floor = after(client)
    if floor is not None and date_value < floor:
        raise DomainError(
            before_code,
            _("The date cannot be before the %(after_what)s (%(floor)s).")
            % {
                "after_what": after_what,
                "floor": floor.isoformat(),
            },
            param=date_param,
            value=date_value.isoformat(),
        )
    return client, before, reason


@transaction.atomic
def client_close(
    *,
    actor,
    client: Client,
    closure_date: datetime.date | None,
    closure_reason_id: int | None,
    expected_version: int | None = None,
) -> dict:
    client, before, reason = _dated_step(
        actor=actor,
        client=client,
        expected_version=expected_version,
        command="close",
        date_value=closure_date,
        date_param="closureDate",
        after=lambda c: c.activation_date,
        after_what="activation date",
        # "actvation" (sic): Fineract's code, which integrators match on.
        before_code="error.msg.client.close.date.cannot.before.client.actvation.date",
        reason_field="closure_reason",
        reason_id=closure_reason_id,
    )
    client.status = ClientStatus.CLOSED
    client.closed_on, client.closure_reason = closure_date, reason
    client.closed_by = actor_user(actor)
    # The officer's service ends with the client's; keeping `staff` set would show an officer
    # whom the history says no longer serves (and a reactivated client starts afresh).
    assign_officer(client, None, closure_date, actor_user(actor))
    return finish(client, actor, "CLOSE", before)


@transaction.atomic
def client_reject(
    *,
    actor,
    client: Client,
    rejection_date: datetime.date | None,
    rejection_reason_id: int | None,
    expected_version: int | None = None,
) -> dict:
    client, before, reason = _dated_step(
        actor=actor,
        client=client,
        expected_version=expected_version,
        command="reject",
        date_value=rejection_date,
        date_param="rejectionDate",
        after=lambda c: c.reopened_on or c.submitted_on,
        after_what="submission (or reopening) date",
        before_code="error.msg.client.rejection.date.cannot.before.client.submitted.date",
        reason_field="rejection_reason",
        reason_id=rejection_reason_id,
    )
    client.status = ClientStatus.REJECTED
    client.rejected_on, client.rejection_reason = rejection_date, reason
    client.rejected_by = actor_user(actor)
    return finish(client, actor, "REJECT", before)


@transaction.atomic
def client_withdraw(
    *,
    actor,
    client: Client,
    withdrawal_date: datetime.date | None,
    withdrawal_reason_id: int | None,
    expected_version: int | None = None,
) -> dict:
    client, before, reason = _dated_step(
        actor=actor,
        client=client,
        expected_version=expected_version,
        command="withdraw",
        date_value=withdrawal_date,
        date_param="withdrawalDate",
        after=lambda c: c.reopened_on or c.submitted_on,
        after_what="submission (or reopening) date",
        before_code="error.msg.client.withdrawal.date.cannot.before.client.submitted.date",
        reason_field="withdrawal_reason",
        reason_id=withdrawal_reason_id,
    )
    client.status = ClientStatus.WITHDRAWN
    client.withdrawn_on, client.withdrawal_reason = withdrawal_date, reason
    client.withdrawn_by = actor_user(actor)
    return finish(client, actor, "WITHDRAW", before)


@transaction.atomic
def client_reactivate(
    *,
    actor,
    client: Client,
    reactivation_date: datetime.date | None,
    expected_version: int | None = None,
) -> dict:
    client, before, _unused = _dated_step(
        actor=actor,
        client=client,
        expected_version=expected_version,
        command="reactivate",
        date_value=reactivation_date,
        date_param="reactivationDate",
        after=lambda c: c.closed_on,
        after_what="closure date",
        before_code="error.msg.client.reactivation.date.cannot.before.client.closed.date",
    )
    # Fineract's rule: a reactivated client goes back to pending and is activated again.
    client.status = ClientStatus.PENDING
    client.reactivated_on, client.reactivated_by = reactivation_date, actor_user(actor)
    client.reopened_on = reactivation_date
    client.activation_date = None
    client.closed_on = client.closure_reason = client.closed_by = None
    return finish(client, actor, "REACTIVATE", before)


# The step each undo reopens: its date, reason and user fields, and Fineract's codes.
_REOPENED_STEPS = {
    "undoRejection": (
        ("rejected_on", "rejection_reason", "rejected_by"),
        "rejection date",
        "error.msg.client.reopened.date.cannot.before.client.rejected.date",
        "UNDOREJECT",
    ),
    "undoWithdrawal": (
        ("withdrawn_on", "withdrawal_reason", "withdrawn_by"),
        "withdrawal date",
        "error.msg.client.reopened.date.cannot.before.client.withdrawal.date",
        "UNDOWITHDRAWAL",
    ),
}


def _reopen(*, actor, client, reopened_date, expected_version, command: str) -> dict:
    """Undoes a rejection or a withdrawal: the client is pending again from `reopened_date`."""
    step_fields, step_name, before_code, action = _REOPENED_STEPS[command]
    client, before, _unused = _dated_step(
        actor=actor,
        client=client,
        expected_version=expected_version,
        command=command,
        date_value=reopened_date,
        date_param="reopenedDate",
        after=lambda c: getattr(c, step_fields[0]),
        after_what=step_name,
        before_code=before_code,
    )
    client.status = ClientStatus.PENDING
    client.reopened_on, client.reopened_by = reopened_date, actor_user(actor)
    for name in step_fields:
        setattr(client, name, None)
    return finish(client, actor, action, before)


@transaction.atomic
def client_undo_rejection(
    *,
    actor,
    client: Client,
    reopened_date: datetime.date | None,
    expected_version: int | None = None,
) -> dict:
    return _reopen(
        actor=actor,
        client=client,
        reopened_date=reopened_date,
        expected_version=expected_version,
        command="undoRejection",
    )


@transaction.atomic
def client_undo_withdrawal(
    *,
    actor,
    client: Client,
    reopened_date: datetime.date | None,
    expected_version: int | None = None,
) -> dict:
    return _reopen(
        actor=actor,
        client=client,
        reopened_date=reopened_date,
        expected_version=expected_version,
        command="undoWithdrawal",
    )
