"""Two-factor login's rules and writes: who needs a second factor, enrolling an authenticator
app, checking its codes (once each: django-otp refuses a replayed or throttled code), the
access tokens of the API flow, and an administrator's reset."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from mteja.core import clock, stamps, writes
from mteja.core.errors import DomainError
from mteja.core.scoping import ensure_office_in_scope
from mteja.users import selectors
from mteja.users.models import USERS_GROUP, AppUser
from mteja.users.services import guards
from mteja.users.twofactor.models import TwoFactorAccessToken

DEVICE_NAME = "Authenticator app"
ENROLLED = "twoFactorEnrolled"  # the journal's name of the change


def required_for(user: AppUser) -> bool:
    """A confirmed authenticator app, or an enabled role that requires one. Each worker keeps
    the answer under the users stamp (as the permission codes): a role's save renews it, and
    enrolment and reset bump the stamp themselves."""
    return stamps.kept(USERS_GROUP, f"two-factor:{user.pk}", lambda: _read_required(user.pk))


def _read_required(user_id: int) -> bool:
    return (
        AppUser.objects.filter(pk=user_id)
        .filter(
            Q(totpdevice__confirmed=True)
            | Q(roles__requires_two_factor=True, roles__is_disabled=False)
        )
        .exists()
    )


def confirmed_device(user: AppUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def is_enrolled(user: AppUser) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolment_device(user: AppUser) -> TOTPDevice:
    """The app being enrolled: the same secret until confirmed, so reloading the page keeps the
    QR code the user may already have scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def _clean(code) -> str:
    return "".join(str(code or "").split())


def _wrong_code() -> DomainError:
    return DomainError(
        "error.msg.twofactor.code.invalid",
        _("The code is not valid, or was already used. Enter the code your app shows now."),
        param="code",
        status=400,
    )


@transaction.atomic
def enrolment_confirm(*, user: AppUser, code: str) -> TOTPDevice:
    """The app proves it holds the secret with one code; it becomes the user's only device."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_is_allowed()[0] or not device.verify_token(_clean(code)):
        raise _wrong_code()
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _enrolment_changed(user, actor=user, enrolled=True)
    return device


def verify_code(user: AppUser, code: str) -> bool:
    """True once for a current code of the user's app: a code used before, or any code while
    the app is throttled after failures, is refused."""
    cleaned = _clean(code)
    if not cleaned.isdigit():
        return False
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None or not device.verify_is_allowed()[0]:
            return False
        return bool(device.verify_token(cleaned))


def check_code(user: AppUser, code: str) -> None:
    if not verify_code(user, code):
        raise _wrong_code()


@transaction.atomic
def two_factor_reset(*, actor, user: AppUser) -> bool:
    """Removes the user's apps and API tokens (a lost phone): at the next login they enrol
    again if a role requires it. Returns whether anything was enrolled."""
    user = writes.lock(user, related=["office"])
    if user.is_deleted:
        raise selectors.user_not_found(user.pk)
    ensure_office_in_scope(actor, user.office)
    # Resetting someone's second factor is power over their account: the rule of every
    # change to a user (no permission the administrator lacks).
    guards.ensure_may_change_user(actor, user, user.roles.all())
    enrolled = is_enrolled(user)
    TOTPDevice.objects.filter(user=user).delete()
    TwoFactorAccessToken.objects.filter(user=user).delete()
    _enrolment_changed(user, actor=actor, enrolled=False, journalled=enrolled)
    return enrolled


def _enrolment_changed(user: AppUser, *, actor, enrolled: bool, journalled: bool = True) -> None:
    """From the next call on, in every worker, the code is asked for (or no longer); the
    journal records the enrolment or its reset."""
    stamps.bump(USERS_GROUP)
    if journalled:
        writes.record(
            user,
            actor=actor,
            action="ENROLTWOFACTOR" if enrolled else "RESETTWOFACTOR",
            changes={ENROLLED: [not enrolled, enrolled]},
            office=user.office,
        )


# --- the access tokens of Fineract's API flow ------------------------------------------------


@dataclass(frozen=True)
class AccessToken:
    token: str
    valid_from: datetime.datetime
    valid_to: datetime.datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def access_token_issue(user: AppUser, *, extended: bool = False) -> AccessToken:
    seconds = (
        settings.MTEJA_TFA_EXTENDED_TOKEN_SECONDS if extended else settings.MTEJA_TFA_TOKEN_SECONDS
    )
    now = clock.now()
    token = AccessToken(secrets.token_urlsafe(32), now, now + datetime.timedelta(seconds=seconds))
    TwoFactorAccessToken.objects.filter(user=user, valid_to__lte=now).delete()
    TwoFactorAccessToken.objects.create(
        user=user, token_hash=_hash(token.token), valid_from=now, valid_to=token.valid_to
    )
    return token


def access_token_valid(user: AppUser, token: str) -> bool:
    if not token:
        return False
    return TwoFactorAccessToken.objects.filter(
        user=user, token_hash=_hash(token), valid_to__gt=clock.now()
    ).exists()


def access_token_invalidate(user: AppUser, token: str) -> bool:
    deleted, _rows = TwoFactorAccessToken.objects.filter(
        user=user, token_hash=_hash(str(token or ""))
    ).delete()
    return bool(deleted)
