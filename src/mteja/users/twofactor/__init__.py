"""Two-factor login: TOTP authenticator apps (django-otp), enrolled with a QR code; required by
a confirmed device or by a role; Fineract's API flow (`/twofactor`, the
`Fineract-Platform-TFA-Token` header) on top. docs/fineract-compat.md says what is supported."""
