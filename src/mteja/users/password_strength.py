"""How hard a password is to guess, estimated by zxcvbn (patterns, dictionaries, repeats,
sequences, dates), not only by its length: `PPPPPPPPPP` and `correct horse` are refused."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from zxcvbn import zxcvbn

# zxcvbn's own (English) warnings, in the user's language; any other: the general advice.
_WARNINGS = {
    "Straight rows of keys are easy to guess.": _("Straight rows of keys are easy to guess."),
    "Short keyboard patterns are easy to guess.": _("Short keyboard patterns are easy to guess."),
    'Repeats like "aaa" are easy to guess.': _("Repeated characters are easy to guess."),
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': _(
        "Repeated words are only slightly harder to guess than the word once."
    ),
    'Sequences like "abc" or "6543" are easy to guess.': _(
        "Sequences such as abc or 6543 are easy to guess."
    ),
    "Recent years are easy to guess.": _("Recent years are easy to guess."),
    "Dates are often easy to guess.": _("Dates are easy to guess."),
    "This is a top-10 common password.": _("This is one of the most common passwords."),
    "This is a top-100 common password.": _("This is one of the most common passwords."),
    "This is a very common password.": _("This is a very common password."),
    "This is similar to a commonly used password.": _(
        "This is similar to a commonly used password."
    ),
    "A word by itself is easy to guess.": _("A word by itself is easy to guess."),
    "Names and surnames by themselves are easy to guess.": _(
        "Names by themselves are easy to guess."
    ),
    "Common names and surnames are easy to guess.": _("Common names are easy to guess."),
}
_GENERAL_ADVICE = _("Add another uncommon word or two, or make it longer.")
# zxcvbn's work grows with the length; longer passwords are judged by their first characters.
_ESTIMATED_LENGTH = 100


class GuessabilityValidator:
    """Django password validator: refuses a password whose zxcvbn score (0-4) is below
    `min_score`, saying why; the user's own names and email count as easy to guess."""

    def __init__(self, min_score: int = 4):
        self.min_score = min_score

    @staticmethod
    def _user_inputs(user) -> list[str]:
        if user is None:
            return []
        names = ("username", "first_name", "last_name", "email")
        return [str(value) for value in (getattr(user, n, "") for n in names) if value]

    def validate(self, password, user=None):
        result = zxcvbn(password[:_ESTIMATED_LENGTH], user_inputs=self._user_inputs(user))
        if result["score"] >= self.min_score:
            return
        warning = _WARNINGS.get(result["feedback"].get("warning") or "", _GENERAL_ADVICE)
        raise ValidationError(
            gettext("This password is too easy to guess. %(reason)s") % {"reason": warning},
            code="password_too_guessable",
        )

    def get_help_text(self):
        return gettext("The password must be hard to guess: several uncommon words, or longer.")
