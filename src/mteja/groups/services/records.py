"""Creating, editing and deleting centers and groups."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.clients.models import Client
from mteja.core import clock, values, writes
from mteja.core.errors import DomainError
from mteja.core.scoping import ensure_office_in_scope
from mteja.core.uniqueness import save_unique
from mteja.groups.models import Center, Group, Grouping, GroupingNumber, GroupStatus
from mteja.groups.services import members, rules
from mteja.organisation.models import Office, Staff

CENTER_UNIQUE = rules.unique_checks(Center)
GROUP_UNIQUE = rules.unique_checks(Group)


def _unique(record: Grouping):
    return CENTER_UNIQUE if isinstance(record, Center) else GROUP_UNIQUE


def _event(record: Grouping) -> dict:
    event = {"office": record.office}
    if isinstance(record, Group):
        event["group_id"] = record.pk
    return event


def _give_account_no(record: Grouping) -> None:
    """Fineract's account number: the id, zero-padded to nine digits."""
    record.account_no = f"{record.pk:09d}"
    type(record).objects.filter(pk=record.pk).update(account_no=record.account_no)


def _new(
    record: Grouping,
    *,
    actor,
    office: Office,
    name: str = "",
    external_id: str | None,
    staff: Staff | None,
    active: bool,
    activation_date: datetime.date | None,
    submitted_on: datetime.date | None,
) -> None:
    """The fields centers and groups share, checked; the record not yet saved (its id drawn
    from the one sequence of centers and groups)."""
    rules.require(record, "officeId", office)
    ensure_office_in_scope(actor, office)
    record.office = office
    values.assign(record, {"name": name, "external_id": external_id})
    record.staff = staff
    rules.require(record, "name", record.name)
    if active:
        rules.require(record, "activationDate", activation_date)
        record.status = GroupStatus.ACTIVE
        record.activation_date = activation_date
        record.activated_by = actor if getattr(actor, "pk", None) else None
    today = clock.today()
    record.submitted_on = submitted_on or min(today, activation_date or today)
    record.submitted_by = record.created_by = actor if getattr(actor, "pk", None) else None
    writes.validate(record, exclude=["office", "submitted_on"])
    rules.check_dates(record)
    rules.check_staff(record, staff)
    record.pk = GroupingNumber.next()


@transaction.atomic
def center_create(
    *,
    actor,
    office: Office | None = None,
    name: str = "",
    external_id: str | None = None,
    staff: Staff | None = None,
    active: bool = False,
    activation_date: datetime.date | None = None,
    submitted_on: datetime.date | None = None,
    meeting_day: int | None = None,
    meeting_time: datetime.time | None = None,
    groups: list[Group] = (),
) -> Center:
    center = Center(meeting_day=meeting_day, meeting_time=meeting_time)
    _new(
        center, actor=actor, office=office, name=name, external_id=external_id, staff=staff,
        active=active, activation_date=activation_date, submitted_on=submitted_on,
    )  # fmt: skip
    save_unique(center, CENTER_UNIQUE, force_insert=True)
    _give_account_no(center)
    extra = {}
    if groups:
        extra["groupMembers"] = [None, members.attach_groups(center, groups)]
    writes.record_created(center, actor=actor, extra=extra, **_event(center))
    return center


@transaction.atomic
def group_create(
    *,
    actor,
    office: Office | None = None,
    name: str = "",
    center: Center | None = None,
    external_id: str | None = None,
    staff: Staff | None = None,
    active: bool = False,
    activation_date: datetime.date | None = None,
    submitted_on: datetime.date | None = None,
    clients: list[Client] = (),
) -> Group:
    """A group, in `center` when given (its office is then the center's: another office is
    refused), with `clients` as its first members."""
    if center is not None:
        office = office or center.office
        if office.pk != center.office_id:
            raise DomainError(
                "error.msg.group.office.differs.from.center.office",
                _("A group sits in the office of its center “%(center)s” (%(office)s).")
                % {"center": center.name, "office": center.office.name},
                param="officeId",
                value=office.pk,
            )
        rules.check_not_closed(center)
    group = Group(center=center)
    _new(
        group, actor=actor, office=office, name=name, external_id=external_id, staff=staff,
        active=active, activation_date=activation_date, submitted_on=submitted_on,
    )  # fmt: skip
    save_unique(group, GROUP_UNIQUE, force_insert=True)
    _give_account_no(group)
    extra = {}
    if clients:
        day = group.activation_date or group.submitted_on
        extra["clientMembers"] = [None, members.join(group, clients, actor=actor, day=day)]
    if active:
        rules.check_member_count(group, len(clients), activating=True)
    writes.record_created(group, actor=actor, extra=extra, **_event(group))
    return group


def editable(model) -> frozenset[str]:
    """What an update may change: the declaration's editable fields (the status and the
    lifecycle dates change only by the commands)."""
    return frozenset(f.name for f in writes.declaration(model).editable())


def _update(record: Grouping, fields: dict, *, actor, expected_version=None):
    values.refuse_unknown(f"{type(record).__name__.lower()}_update", fields, editable(type(record)))
    record, before = writes.open_write(
        record,
        actor=actor,
        expected_version=expected_version,
        related=["office"],
        scope=lambda actor, locked: ensure_office_in_scope(actor, locked.office),
    )
    office = fields.pop("office", record.office) or record.office
    if office.pk != record.office_id:
        ensure_office_in_scope(actor, office)
        _check_movable(record)
        record.office = office
    values.assign(record, fields)
    if "center" in fields and record.center is not None:
        rules.check_same_office(
            record, record.center, "error.msg.group.attach.to.center.invalid.office"
        )
        rules.check_not_closed(record.center)
    rules.require(record, "name", record.name)
    writes.validate(record)
    rules.check_dates(record)
    rules.check_staff(record, record.staff)
    changes = writes.commit_write(
        record,
        actor=actor,
        action="UPDATE",
        before=before,
        unique=_unique(record),
        **_event(record),
    )
    return record, changes


def _check_movable(record: Grouping) -> None:
    """Only a pending record without members (and outside a center) may change office: its
    members and center must share its office."""
    has_members = (
        record.groups.exists() if isinstance(record, Center)
        else record.center_id is not None or record.memberships.current().exists()
    )  # fmt: skip
    if record.status != GroupStatus.PENDING or has_members:
        raise DomainError(
            f"error.msg.{rules.resource(record)}.office.cannot.be.changed",
            _("Only a pending %(what)s without members can move to another office.")
            % {"what": rules.what(record)},
            param="officeId",
        )


@transaction.atomic
def center_update(*, actor, center: Center, expected_version=None, **fields):
    return _update(center, fields, actor=actor, expected_version=expected_version)


@transaction.atomic
def group_update(*, actor, group: Group, expected_version=None, **fields):
    return _update(group, fields, actor=actor, expected_version=expected_version)


def _delete(record: Grouping, *, actor) -> None:
    record, before = writes.open_write(
        record,
        actor=actor,
        related=["office"],
        scope=lambda actor, locked: ensure_office_in_scope(actor, locked.office),
    )
    if record.status != GroupStatus.PENDING:
        raise DomainError(
            f"error.msg.{rules.resource(record)}.cannot.be.deleted",
            _("Only a pending %(what)s can be deleted; close it instead.")
            % {"what": rules.what(record)},
        )
    event = _event(record)
    pk = record.pk
    if isinstance(record, Center):
        before["groupMembers"] = members.center_group_ids(record)
        record.groups.update(center=None)
    else:
        before["clientMembers"] = members.current_member_ids(record)
    record.delete()
    record.pk = pk
    writes.record_deleted(record, before, actor=actor, **event)


@transaction.atomic
def center_delete(*, actor, center: Center) -> None:
    _delete(center, actor=actor)


@transaction.atomic
def group_delete(*, actor, group: Group) -> None:
    _delete(group, actor=actor)
