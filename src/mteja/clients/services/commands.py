"""The lifecycle commands: activate, close, reject, withdraw, reactivate and the undos.

Their inputs (the API names of the date and the reason, the reason's code list) are declared
in clients/lifecycle.py; what differs between the dated steps is the table below.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mteja.clients import lifecycle, validation
from mteja.clients.models import Client, ClientStatus
from mteja.clients.services import guards
from mteja.clients.services.activation import (
    activate,
    check_activation,
    ensure_ready_for_activation,
)
from mteja.clients.services.lifecycle_steps import CommandRun, begin
from mteja.clients.services.officers import assign_officer
from mteja.clients.services.steps import actor_user, not_future, required
from mteja.core import dates
from mteja.core.errors import DomainError, NotAuthorized, Problems


@transaction.atomic
def client_activate(
    *,
    actor,
    client: Client,
    activation_date: datetime.date | None,
    expected_version: int | None = None,
) -> dict:
    run = begin("activate", client, expected_version, actor)
    if required(activation_date, "activationDate", run.problems, "activation date"):
        check_activation(run.client, activation_date, run.problems)
    run.problems.raise_if_any()
    ensure_ready_for_activation(run.client)
    activate(run.client, actor_user(actor), activation_date)
    return run.finish()


@dataclass(frozen=True)
class _Floor:
    """The step a command's date may not precede, and Fineract's code when it does."""

    of: Callable[[Client], datetime.date | None]
    message: str  # a whole sentence with %(floor)s
    code: str


def _submitted_or_reopened(client: Client) -> datetime.date | None:
    return client.reopened_on or client.submitted_on


_FLOORS = {
    # "actvation" (sic): Fineract's code, which integrators match on.
    "close": _Floor(
        lambda c: c.activation_date,
        _("The date cannot be before the activation date (%(floor)s)."),
        "error.msg.client.close.date.cannot.before.client.actvation.date",
    ),
    "reject": _Floor(
        _submitted_or_reopened,
        _("The date cannot be before the submission (or reopening) date (%(floor)s)."),
        "error.msg.client.rejection.date.cannot.before.client.submitted.date",
    ),
    "withdraw": _Floor(
        _submitted_or_reopened,
        _("The date cannot be before the submission (or reopening) date (%(floor)s)."),
        "error.msg.client.withdrawal.date.cannot.before.client.submitted.date",
    ),
    "reactivate": _Floor(
        lambda c: c.closed_on,
        _("The date cannot be before the closure date (%(floor)s)."),
        "error.msg.client.reactivation.date.cannot.before.client.closed.date",
    ),
    "undorejection": _Floor(
        lambda c: c.rejected_on,
        _("The date cannot be before the rejection date (%(floor)s)."),
        "error.msg.client.reopened.date.cannot.before.client.rejected.date",
    ),
    "undowithdrawal": _Floor(
        lambda c: c.withdrawn_on,
        _("The date cannot be before the withdrawal date (%(floor)s)."),
        "error.msg.client.reopened.date.cannot.before.client.withdrawal.date",
    ),
}

# Where the steps that end an application record their date, reason and user; an undo empties
# them again.
_RECORDED = {
    "close": (ClientStatus.CLOSED, ("closed_on", "closure_reason", "closed_by")),
    "reject": (ClientStatus.REJECTED, ("rejected_on", "rejection_reason", "rejected_by")),
    "withdraw": (ClientStatus.WITHDRAWN, ("withdrawn_on", "withdrawal_reason", "withdrawn_by")),
}


def _dated_step(
    name: str, *, actor, client, expected_version, day, reason_id=None
) -> tuple[CommandRun, object]:
    """Shared shape of close/reject/withdraw/reactivate/undo: the command begun (the client
    locked, its scope and status checked), then its date and reason checked."""
    run = begin(name, client, expected_version, actor)
    return run, _checked_day_and_reason(run.command, run.client, day, reason_id, run.problems)


def _checked_day_and_reason(command, client: Client, day, reason_id, problems: Problems):
    """A date that is not in the future nor before the step it follows, and sometimes a
    reason from a code list; the reason's code value.

    Shape problems (missing, future) are 400s and an unknown reason a 404, all collected;
    a date before the previous step is Fineract's 403 domain rule with its own code, checked
    once the request is otherwise valid (one response has one status).
    """
    date_param = command.param(lifecycle.Day).api
    reason, reason_param = None, command.param(lifecycle.Reason)
    if reason_param and required(reason_id, reason_param.api, problems, "reason"):
        wanted = {"reason": (reason_param.code_list, reason_param.api, reason_id)}
        reason = validation.resolve_code_values(wanted, problems).get("reason")
    if required(day, date_param, problems, "date"):
        not_future(day, date_param, problems, "date")
    problems.raise_if_any()
    floor = _FLOORS[command.name.lower()]
    earliest = floor.of(client)
    if earliest is not None and day < earliest:
        raise DomainError(
            floor.code,
            str(floor.message) % {"floor": dates.shown(earliest)},
            param=date_param,
            value=day.isoformat(),
        )
    return reason


def _set_record(name: str, client: Client, day, reason, user) -> None:
    """The client's new status with the step's date, reason and user."""
    status, (on, why, by) = _RECORDED[name]
    client.status = status
    setattr(client, on, day)
    setattr(client, why, reason)
    setattr(client, by, user)


def _record(name: str, *, actor, day, reason_id, **common) -> CommandRun:
    """Close, reject or withdraw: the client's new status with the step's date, reason, user."""
    run, reason = _dated_step(name, actor=actor, day=day, reason_id=reason_id, **common)
    _set_record(name, run.client, day, reason, actor_user(actor))
    return run


# The statuses a new client may be created in besides pending and active (a client carried
# over from another system): the command that records each.
RECORDED_BY = {status: lifecycle.COMMANDS[name] for name, (status, _fields) in _RECORDED.items()}


def record_on_new_client(*, actor, client: Client, status: int, day, reason_id) -> None:
    """A new client, built and checked by `prepare_client` but not saved, brought to
    `status` (RECORDED_BY: closed, rejected, withdrawn) as its command would bring it: the
    command's permission, the status it runs from, its date and reason checked as the
    command checks them; the record set on the instance, written with it (a bulk import
    inserts it so). A new client holds no accounts (the close guards' concern); a closed one
    has no loan officer, since closing ends the officer's service."""
    command = RECORDED_BY[status]
    if actor is not None and not actor.has_fineract_permission(command.permission):
        raise NotAuthorized(
            _("Creating a client with this status needs the %(permission)s permission.")
            % {"permission": command.permission}
        )
    lifecycle.ensure_allowed(command, client.status)
    reason = _checked_day_and_reason(command, client, day, reason_id, Problems())
    if status == ClientStatus.CLOSED and client.staff_id:
        raise DomainError(
            "error.msg.client.close.has.staff",
            str(_("A closed client has no loan officer: leave the loan officer out.")),
            param="staffId",
        )
    _set_record(command.name, client, day, reason, actor_user(actor))


@transaction.atomic
def client_close(
    *,
    actor,
    client: Client,
    closure_date: datetime.date | None,
    closure_reason_id: int | None,
    expected_version: int | None = None,
) -> dict:
    run = _record(
        "close",
        actor=actor,
        client=client,
        expected_version=expected_version,
        day=closure_date,
        reason_id=closure_reason_id,
    )
    guards.before_close(run.client, closure_date)
    # The officer's service ends with the client's; keeping `staff` set would show an officer
    # whom the history says no longer serves (and a reactivated client starts afresh).
    assign_officer(run.client, None, closure_date, actor_user(actor))
    return run.finish()


@transaction.atomic
def client_reject(
    *,
    actor,
    client: Client,
    rejection_date: datetime.date | None,
    rejection_reason_id: int | None,
    expected_version: int | None = None,
) -> dict:
    return _record(
        "reject",
        actor=actor,
        client=client,
        expected_version=expected_version,
        day=rejection_date,
        reason_id=rejection_reason_id,
    ).finish()


@transaction.atomic
def client_withdraw(
    *,
    actor,
    client: Client,
    withdrawal_date: datetime.date | None,
    withdrawal_reason_id: int | None,
    expected_version: int | None = None,
) -> dict:
    return _record(
        "withdraw",
        actor=actor,
        client=client,
        expected_version=expected_version,
        day=withdrawal_date,
        reason_id=withdrawal_reason_id,
    ).finish()


def _reopen(name: str, *, actor, day, undone: str, by: str, **common) -> CommandRun:
    """The client is pending again from `day`: the record of the step `undone` goes, and the
    field `by` names who reopened it."""
    run, _reason = _dated_step(name, actor=actor, day=day, **common)
    run.client.status = ClientStatus.PENDING
    run.client.reopened_on = day
    setattr(run.client, by, actor_user(actor))
    for recorded in _RECORDED[undone][1]:
        setattr(run.client, recorded, None)
    return run


@transaction.atomic
def client_reactivate(
    *,
    actor,
    client: Client,
    reactivation_date: datetime.date | None,
    expected_version: int | None = None,
) -> dict:
    # Fineract's rule: a reactivated client goes back to pending and is activated again.
    run = _reopen(
        "reactivate",
        actor=actor,
        client=client,
        expected_version=expected_version,
        day=reactivation_date,
        undone="close",
        by="reactivated_by",
    )
    run.client.reactivated_on = reactivation_date
    run.client.activation_date = None
    return run.finish()


def _undo(name: str, undone: str):
    """The service of an undo (rejection, withdrawal): the client is pending again from
    `reopened_date`, and the record of the undone step goes."""

    @transaction.atomic
    def undo(
        *,
        actor,
        client: Client,
        reopened_date: datetime.date | None,
        expected_version: int | None = None,
    ) -> dict:
        return _reopen(
            name,
            actor=actor,
            client=client,
            expected_version=expected_version,
            day=reopened_date,
            undone=undone,
            by="reopened_by",
        ).finish()

    undo.__name__ = undo.__qualname__ = f"client_{lifecycle.snake(name)}"
    return undo


client_undo_rejection = _undo("undoRejection", "reject")
client_undo_withdrawal = _undo("undoWithdrawal", "withdraw")
