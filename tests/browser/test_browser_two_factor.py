"""Two-factor login in Chromium: enrolment with the QR code a role requires, then the code
after the password, a wrong code shown beside its field."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect
from tests.users.totp import code_for, require_two_factor, wrong_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_enrol_then_log_in_with_a_code(page, make_user, log_in, screenshot, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code, then at once the right one
    user = make_user(("ALL_FUNCTIONS",), username="amina")
    require_two_factor(user)

    log_in(page, "amina")
    expect(page).to_have_url(re.compile(r"/login/enrol/$"))
    qr_code = page.get_by_role("figure", name="QR code for your authenticator app")
    expect(qr_code.locator("svg")).to_be_visible()
    screenshot(page, "two-factor-enrol")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Enrol the app").click()
    expect(page.get_by_role("heading", name="Welcome, Test")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login/$"))  # logged out before logging in again
    log_in(page, "amina")
    expect(page).to_have_url(re.compile(r"/login/code/$"))
    code = page.get_by_label("Code from your authenticator app")
    expect(code).to_be_focused()
    code.fill(wrong_code(device))
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".field-error")).to_contain_text("The code is not valid")
    screenshot(page, "two-factor-code-error")
    page.get_by_label("Code from your authenticator app").fill(code_for(device, steps=1))
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Welcome, Test")).to_be_visible()
    assert page.problems == []
