"""Passwords: checked with Django's validators, journalled only as a marker."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mteja.core.errors import Problems
from mteja.users.models import AppUser

# The journal records that a password changed, never the password nor its hash.
REDACTED = "***"

_PASSWORD_RULES = {
    "password_too_short": "is.less.than.min.length",
    "password_too_common": "is.too.common",
    "password_entirely_numeric": "is.entirely.numeric",
    "password_too_similar": "is.too.similar.to.user.attributes",
    "password_too_guessable": "is.too.easy.to.guess",
}


def check_password(user: AppUser, password, errors: Problems) -> None:
    if not isinstance(password, str) or not password:
        errors.add("password", "cannot.be.blank", _("The parameter password is mandatory."))
        return
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        for problem in exc.error_list:
            rule = _PASSWORD_RULES.get(problem.code or "", "is.invalid")
            errors.add("password", rule, " ".join(problem.messages))
