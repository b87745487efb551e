"""The enrolment QR code, drawn on the server as inline SVG: no external service, no script."""

from base64 import b32encode

import segno
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice


def qr_svg(device: TOTPDevice) -> SafeString:
    """The `otpauth://` URL of `device` as an SVG QR code, dark on white whatever the theme."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff")
    # segno's own markup: the URL is drawn as modules, never echoed as text.
    return mark_safe(svg)  # noqa: S308


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret as base32 in groups of four, for an app set up by hand."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
