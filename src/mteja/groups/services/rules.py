"""The rules every center and group write shares: names and uniqueness, dates, the loan
officer's office, who may join a group and how many may."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.clients.models import Client, ClientStatus
from mteja.core import clock, dates, writes
from mteja.core.errors import DomainError, NotFound, UniquenessViolation
from mteja.core.uniqueness import UniqueCheck
from mteja.groups.models import Center, Group, Grouping, GroupPolicy
from mteja.organisation.models import Office, Staff

# A client in one of these states is not one a group can take in.
CANNOT_JOIN = {ClientStatus.CLOSED, ClientStatus.REJECTED, ClientStatus.WITHDRAWN}


def resource(record: Grouping | type[Grouping]) -> str:
    return writes.declaration(record).resource


def what(record: Grouping | type[Grouping]) -> str:
    model = record if isinstance(record, type) else type(record)
    return _("center") if model is Center else _("group")


def _unique(model, fields: tuple[str, ...], param: str, message) -> UniqueCheck:
    def error(instance):
        value = getattr(instance, fields[-1])
        return UniquenessViolation(
            f"error.msg.{resource(model)}.duplicate.{param}",
            str(message) % {"value": value},
            param=param,
            value=value,
        )

    return UniqueCheck(fields, error)


def unique_checks(model) -> list[UniqueCheck]:
    return [
        _unique(
            model,
            ("office", "name"),
            "name",
            gettext_lazy("A record named `%(value)s` already exists in this office."),
        ),
        _unique(
            model,
            ("external_id",),
            "externalId",
            gettext_lazy("A record with external id `%(value)s` already exists."),
        ),
    ]


def require(record: Grouping, param: str, value) -> None:
    if value in (None, ""):
        raise DomainError(
            f"validation.msg.{resource(record)}.{param}.cannot.be.blank",
            _("The parameter %(param)s is mandatory.") % {"param": param},
            param=param,
            status=400,
        )


def check_day(record: Grouping, param: str, day: datetime.date | None, office: Office) -> None:
    """A business date of the record: not in the future, not before its office opened."""
    if day is None:
        return
    if day > clock.today():
        raise DomainError(
            f"error.msg.{resource(record)}.{param}.in.the.future",
            _("The date %(day)s is in the future.") % {"day": dates.shown(day)},
            param=param,
            value=day.isoformat(),
            status=400,
        )
    if day < office.opening_date:
        raise DomainError(
            f"error.msg.{resource(record)}.{param}.cannot.be.before.office.activation.date",
            _("The date %(day)s is before the office `%(office)s` opened (%(opened)s).")
            % {
                "day": dates.shown(day),
                "office": office.name,
                "opened": dates.shown(office.opening_date),
            },
            param=param,
            value=day.isoformat(),
            status=400,
        )


def check_dates(record: Grouping) -> None:
    check_day(record, "submittedOnDate", record.submitted_on, record.office)
    check_day(record, "activationDate", record.activation_date, record.office)
    if record.activation_date and record.activation_date < record.submitted_on:
        raise DomainError(
            f"error.msg.{resource(record)}.submittedOnDate.after.activation.date",
            _("The activation date cannot be before the submission date."),
            param="activationDate",
            value=record.activation_date.isoformat(),
            status=400,
        )


def check_staff(record: Grouping, staff: Staff | None) -> None:
    """A loan officer of the record's office or an office above it."""
    if staff is None:
        return
    if not record.office.hierarchy.startswith(staff.office.hierarchy):
        raise NotFound(
            "error.msg.staff.id.invalid",
            _("Staff %(id)s does not work in the office `%(office)s` or above it.")
            % {"id": staff.pk, "office": record.office.name},
            param="staffId",
            value=staff.pk,
        )


def check_not_closed(record: Grouping) -> None:
    if record.is_closed:
        raise DomainError(
            f"error.msg.{resource(record)}.is.closed",
            _("The %(what)s `%(name)s` is closed.") % {"what": what(record), "name": record.name},
            value=record.pk,
        )


def check_same_office(inner, outer: Grouping, code: str) -> None:
    """A member (a client, or a group of a center) sits in the office of what it joins."""
    if inner.office_id != outer.office_id:
        raise DomainError(
            code,
            _("`%(inner)s` is not in the office of `%(outer)s` (%(office)s).")
            % {"inner": inner, "outer": outer.name, "office": outer.office.name},
            value=inner.pk,
        )


def check_may_join(client: Client, group: Group) -> None:
    check_same_office(client, group, "error.msg.client.attach.to.group.invalid.office")
    if client.status in CANNOT_JOIN:
        raise DomainError(
            "error.msg.group.client.not.active",
            _("`%(client)s` is %(status)s and cannot join a group.")
            % {"client": client.display_name, "status": client.get_status_display().lower()},
            param="clientMembers",
            value=client.pk,
        )


def check_member_count(group: Group, count: int, *, activating: bool = False) -> None:
    """Fineract's min/max-clients-in-group: never above the maximum; at least the minimum to
    be activated (members may later leave: a group shrinks before it is closed)."""
    policy = GroupPolicy.current()
    above = policy.max_clients is not None and count > policy.max_clients
    below = policy.min_clients is not None and count < policy.min_clients
    if above or (below and activating):
        raise DomainError(
            "error.msg.group.members.count.must.be.in.permissible.range",
            _("A group must have between %(min)s and %(max)s members; this one would have %(n)s.")
            % {
                "min": policy.min_clients or 0,
                "max": policy.max_clients if policy.max_clients is not None else "∞",
                "n": count,
            },
            param="clientMembers",
            value=count,
        )
