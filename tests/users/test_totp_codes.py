"""The test codes of an authenticator app follow the server's reckoning: once a code is
accepted a period late (a slow browser under load), django-otp moves the device's window back
one period, and the next code the tests send is still one the server accepts."""

import pytest
from tests.users.totp import code_for

from mteja.users.twofactor.services import verify_code

pytestmark = pytest.mark.django_db


def test_after_a_code_accepted_a_period_late_the_next_code_is_accepted(make_user, enrol):
    user = make_user(username="amina")
    device = enrol(user)
    assert verify_code(user, code_for(device, steps=-1))  # typed, then sent a period later
    assert verify_code(user, code_for(device, steps=1))
