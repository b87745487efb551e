"""Transfers between offices: propose, withdraw, accept, reject, and propose-and-accept."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.clients import validation
from mteja.clients.models import (
    Client,
    ClientStatus,
    ClientTransfer,
    TransferType,
)
from mteja.clients.services import guards
from mteja.clients.services.lifecycle_steps import begin
from mteja.clients.services.officers import assign_officer
from mteja.clients.services.steps import actor_user, not_before, not_future
from mteja.core import clock, dates
from mteja.core.errors import DomainError, Problems
from mteja.core.scoping import ensure_office_in_scope
from mteja.organisation.models import Office, Staff
from mteja.users.notifications import services as notifications

# --- office transfers -----------------------------------------------------------------------


def _record_transfer(
    client: Client, kind: int, user, note: str, to_office: Office, from_office: Office | None = None
) -> None:
    ClientTransfer.objects.create(
        client=client,
        from_office=from_office or client.office,
        to_office=to_office,
        proposed_transfer_date=client.proposed_transfer_date,
        transfer_type=kind,
        submitted_on=clock.today(),
        submitted_by=user,
        note=(note or "")[:1000],
    )


def _check_destination(client: Client, destination: Office | None, day, problems: Problems):
    if destination is None:
        problems.add(
            "destinationOfficeId", "cannot.be.blank", _("The destination office is required.")
        )
        return
    if destination.pk == client.office_id:
        raise DomainError(
            "error.msg.cannot.transfer.client.as.selected.office.and.current.office.are.same",
            _("The client is already in that office."),
            param="destinationOfficeId",
        )
    not_future(day, "transferDate", problems, "transfer date")
    not_before(
        day,
        client.activation_date,
        "transferDate",
        problems,
        _("The transfer date cannot be before the client's activation date."),
    )
    not_before(
        day,
        destination.opening_date,
        "transferDate",
        problems,
        _("The destination office opened on %(date)s.")
        % {"date": dates.shown(destination.opening_date)},
    )


def _move_in(client: Client, destination: Office, staff: Staff | None, user) -> None:
    """The client joins `destination`; its officer there is `staff` (or none)."""
    day = client.proposed_transfer_date or clock.today()
    client.office = destination
    client.office_joining_date = day
    client.transfer_to_office = None
    client.proposed_transfer_date = None  # settled: nothing awaits a decision any more
    client.status = ClientStatus.ACTIVE
    assign_officer(client, staff, day, user)


def _begin_transfer(command: str, client, destination, transfer_date, actor, expected_version):
    """A transfer's run and its day (today unless given), the destination checked."""
    run = begin(command, client, expected_version, actor)
    day = transfer_date or clock.today()
    _check_destination(run.client, destination, day, run.problems)
    return run, day


@transaction.atomic
def client_propose_transfer(
    *,
    actor,
    client: Client,
    destination: Office | None,
    transfer_date: datetime.date | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> dict:
    run, day = _begin_transfer(
        "proposeTransfer", client, destination, transfer_date, actor, expected_version
    )
    client = run.client
    run.problems.raise_if_any()
    guards.before_transfer(client, destination)
    client.status = ClientStatus.TRANSFER_IN_PROGRESS
    client.transfer_to_office = destination
    client.proposed_transfer_date = day
    _record_transfer(client, TransferType.PROPOSAL, actor_user(actor), note, destination)
    notifications.transfer_proposed(client, destination, actor_user(actor))
    return run.finish()


@transaction.atomic
def client_withdraw_transfer(
    *, actor, client: Client, note: str = "", expected_version: int | None = None
) -> dict:
    run = begin("withdrawTransfer", client, expected_version, actor)
    client = run.client
    _record_transfer(
        client, TransferType.WITHDRAWAL, actor_user(actor), note, client.transfer_to_office
    )
    client.status = ClientStatus.ACTIVE
    client.transfer_to_office = None
    client.proposed_transfer_date = None
    return run.finish()


@transaction.atomic
def client_accept_transfer(
    *,
    actor,
    client: Client,
    staff_id: int | None = None,
    note: str = "",
    destination_group_id: int | None = None,
    expected_version: int | None = None,
) -> dict:
    run = begin("acceptTransfer", client, expected_version, actor)
    client = run.client
    destination = client.transfer_to_office
    staff = (
        validation.resolve_loan_officer(staff_id, destination, run.problems) if staff_id else None
    )
    run.problems.raise_if_any()
    user = actor_user(actor)
    _record_transfer(client, TransferType.ACCEPTANCE, user, note, destination)
    day = client.proposed_transfer_date or clock.today()
    _move_in(client, destination, staff, user)
    _follow_groups(client, destination_group_id, user, day)
    return run.finish()


def _follow_groups(client: Client, destination_group_id, user, day) -> None:
    """The client's groups follow it (groups/transfers.py). Imported here, not at the top:
    the groups app builds on the clients' services."""
    from mteja.groups.transfers import follow_transfer

    follow_transfer(client=client, destination_group_id=destination_group_id, actor=user, day=day)


@transaction.atomic
def client_reject_transfer(
    *, actor, client: Client, note: str = "", expected_version: int | None = None
) -> dict:
    run = begin("rejectTransfer", client, expected_version, actor)
    _record_transfer(
        run.client, TransferType.REJECTION, actor_user(actor), note, run.client.transfer_to_office
    )
    run.client.status = ClientStatus.TRANSFER_ON_HOLD
    return run.finish()


@transaction.atomic
def client_propose_and_accept_transfer(
    *,
    actor,
    client: Client,
    destination: Office | None,
    staff_id: int | None = None,
    transfer_date: datetime.date | None = None,
    note: str = "",
    destination_group_id: int | None = None,
    expected_version: int | None = None,
) -> dict:
    run, day = _begin_transfer(
        "proposeAndAcceptTransfer", client, destination, transfer_date, actor, expected_version
    )
    client = run.client
    staff = None
    if destination is not None and staff_id:
        staff = validation.resolve_loan_officer(staff_id, destination, run.problems)
    run.problems.raise_if_any()
    guards.before_transfer(client, destination)
    ensure_office_in_scope(actor, destination)
    user = actor_user(actor)
    client.proposed_transfer_date = day
    _record_transfer(client, TransferType.PROPOSAL, user, note, destination)
    _record_transfer(client, TransferType.ACCEPTANCE, user, note, destination)
    _move_in(client, destination, staff, user)
    _follow_groups(client, destination_group_id, user, day)
    return run.finish()
