"""What every account write shares: numbering, locking, scope, dates and amounts."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from mteja.core import clock, dates, writes
from mteja.core.errors import DomainError, ParameterError, ValidationFailed
from mteja.core.scoping import ensure_office_in_scope
from mteja.portfolio.models import ZERO, rounded


def actor_user(actor):
    return actor if getattr(actor, "pk", None) else None


def number(account) -> None:
    """Fineract's account number: the id left-padded to nine digits, set once it has one."""
    account.account_no = f"{account.pk:09d}"
    type(account)._base_manager.filter(pk=account.pk).update(account_no=account.account_no)


def lock(account, *, actor, expected_version: int | None = None):
    """The account again, locked for this transaction (with its product and client), its
    client's office in the actor's part of the organisation."""
    locked = writes.lock(
        account, expected_version=expected_version, related=["product", "client__office"]
    )
    ensure_office_in_scope(actor, locked.client.office)
    return locked


def event(account) -> dict:
    """The journal's office and client of an account's event."""
    return {"office": account.client.office, "client_id": account.client_id}


def business_date(day: datetime.date | None, param: str, resource: str) -> datetime.date:
    """A required date that is not in the future (400 otherwise)."""
    if day is None:
        raise ValidationFailed(
            [
                ParameterError(
                    f"validation.msg.{resource}.{param}.cannot.be.blank",
                    param,
                    _("The date is required."),
                )
            ]
        )
    if day > clock.today():
        raise ValidationFailed(
            [
                ParameterError(
                    f"validation.msg.{resource}.{param}.is.greater.than.date",
                    param,
                    _("The date cannot be in the future."),
                    day.isoformat(),
                )
            ]
        )
    return day


def not_before(day: datetime.date, floor: datetime.date | None, code: str, param: str) -> None:
    """403: a step dated before the step it follows."""
    if floor is not None and day < floor:
        raise DomainError(
            code,
            _("The date cannot be before %(floor)s.") % {"floor": dates.shown(floor)},
            param=param,
            value=day.isoformat(),
        )


def money(value, digits: int, param: str, resource: str, *, positive: bool = True) -> Decimal:
    """An amount in a currency of `digits` decimal places: more places than the currency has
    are refused (rounding would change what the teller counted), as are zero and negatives."""
    amount = Decimal(value)
    problems = []
    if amount != rounded(amount, digits):
        problems.append(
            ParameterError(
                f"validation.msg.{resource}.{param}.invalid.decimal.places",
                param,
                _("The amount has more decimal places than the currency (%(digits)s).")
                % {"digits": digits},
                str(value),
            )
        )
    elif amount < ZERO or (positive and amount == ZERO):
        problems.append(
            ParameterError(
                f"validation.msg.{resource}.{param}.not.greater.than.zero",
                param,
                _("The amount must be greater than zero."),
                str(value),
            )
        )
    if problems:
        raise ValidationFailed(problems)
    return rounded(amount, digits)


def wrong_status(code: str, message: str) -> DomainError:
    return DomainError(code, message)
