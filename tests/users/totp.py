"""Codes of a test user's authenticator app."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_for(device: TOTPDevice, steps: int = 0) -> str:
    """The code the user's authenticator app shows now (or `steps` periods from now), as the
    server reckons it: with the drift its last accepted code set (django-otp's OTP_TOTP_SYNC:
    a code accepted a period late, as under load, moves the server's window back one)."""
    if device.pk is not None:
        device.refresh_from_db(fields=["drift"])
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    """A well-formed code the app does not show at any moment the check accepts."""
    accepted = {code_for(device, steps) for steps in (-1, 0, 1)}
    return next(c for c in (f"{n:06d}" for n in range(1000, 2000)) if c not in accepted)


def require_two_factor(user, *, required: bool = True, disabled: bool = False) -> None:
    """Sets the flag (and the disabled state) of each of the user's roles, saving each as the
    services do, so every worker sees the change at once."""
    for role in user.roles.all():
        role.requires_two_factor = required
        role.is_disabled = disabled
        role.save()


def assert_journalled(user, action: str, enrolled: bool, maker: str | None = None) -> None:
    """The latest audit event records the user's enrolment (or its reset)."""
    from mteja.core.models import AuditEvent

    event = AuditEvent.objects.latest("id")
    assert (event.entity_name, event.action_name, event.resource_id) == ("USER", action, user.pk)
    assert event.changes == {"twoFactorEnrolled": [not enrolled, enrolled]}
    if maker is not None:
        assert event.maker_username == maker
