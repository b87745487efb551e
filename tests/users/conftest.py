import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from mteja.core import stamps
from mteja.users.models import USERS_GROUP


@pytest.fixture
def enrol():
    """Gives `user` a confirmed authenticator app, as enrolment does."""

    def make(user) -> TOTPDevice:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        stamps.bump(USERS_GROUP)  # as enrolment does: every worker asks for the code at once
        return device

    return make


@pytest.fixture
def no_throttle(settings):
    """django-otp waits 1 s, 2 s, 4 s… after each wrong code before checking another: a test
    that follows a wrong code with a right one turns that off."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
