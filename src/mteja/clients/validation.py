"""Checking a client's fields: every problem of a request collected, then raised at once.

Failures of shape (blank, too long, bad date order) are 400s; references that do not exist
(a code value of another list, an unknown officer) are Fineract's 404s — unless the request
also has 400s, in which case everything comes back together as one 400.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.clients.models import CLIENT, Client, ClientPolicy, LegalForm
from mteja.core import dates, reference_cache, regexes, storable_text
from mteja.core.checked_once import checked_once
from mteja.core.errors import Problems  # the one collector; importable from here too
from mteja.core.hidden_characters import CONTROL_CHARACTERS, DIRECTION_MARKS
from mteja.organisation.code_labels import code_list_label
from mteja.organisation.models import CodeValue, Staff

# A mobile number as people write it: "+254 712-345 678", "(0712) 345 678", "0712.345.678",
# "(+254) 712 345 678".
MOBILE_PATTERN = re.compile(r"^(?:\(\+|\+?\(?)[0-9][0-9 ().-]{2,48}$")
MOBILE_FORMAT = gettext_lazy(
    "A mobile number holds digits, spaces, dashes, dots and brackets, after an optional leading +."
)

# A client parameter an administrator may require (ClientPolicy.required_fields_*) → where
# its value is once the request is applied: an attribute of the client, or of its entity
# details ("non_person."). Declared on the model; `address` is the addresses module's rule.
REQUIRABLE_VALUES: dict[str, str] = CLIENT.requirable()

# (Enum members read once: decision 261.)
_PERSON, _ENTITY = LegalForm.PERSON, LegalForm.ENTITY


def resolve_code_values(
    wanted: dict[str, tuple[str, str, int | None]], problems: Problems
) -> dict[str, CodeValue | None]:
    """{field: (code name, param, id)} → {field: CodeValue}, in one query.

    A value must belong to its own list and be active to be newly chosen. The same values
    are resolved once in a unit of work (core/checked_once.py: an import's batch)."""
    resolved = checked_once(
        ("code values", *wanted.items()), problems, lambda told: _resolved(wanted, told)
    )
    return dict(resolved)  # (the caller's own: the kept one is shared)


def _resolved(
    wanted: dict[str, tuple[str, str, int | None]], problems: Problems
) -> dict[str, CodeValue | None]:
    ids = {value_id for _, _, value_id in wanted.values() if value_id}
    found = _code_values(ids) if ids else {}
    resolved: dict[str, CodeValue | None] = {}
    for name, (code_name, param, value_id) in wanted.items():
        if not value_id:
            resolved[name] = None
            continue
        value = found.get(value_id)
        if value is None or value.code.name != code_name or not value.is_active:
            problems.add_missing(
                param,
                "error.msg.codevalue.codename.id.combination.invalid",
                _("This is not an active value of the list “%(code_name)s”.")
                % {"code_name": code_list_label(code_name)},
                value_id,
            )
            continue
        resolved[name] = value
    return resolved


def officer_elsewhere(staff: Staff | None, office) -> str:
    """Why `staff` cannot serve a client (or group) of `office`, naming both."""
    if staff is None:
        return _("This loan officer does not exist.")
    return _(
        "%(officer)s works at %(officer_office)s: choose a loan officer of %(office)s "
        "or of an office above it."
    ) % {"officer": staff.display_name, "officer_office": staff.office.name, "office": office.name}


def _code_values(ids: set[int]) -> dict[int, CodeValue]:
    """The code values with their lists: this worker's own rows in a request (or a bulk
    import's batch), else one query. Shared, not copied: a resolved value is only read and
    set as a reference of the row being written, never changed."""
    values = reference_cache.rows_by_pk(
        CodeValue, ids, DEFAULT_DB_ALIAS, related=("code",), shared=True
    )
    if values is None:
        return {cv.pk: cv for cv in CodeValue.objects.filter(pk__in=ids).select_related("code")}
    return values


def resolve_loan_officer(staff_id: int, office, problems: Problems, param: str = "staffId"):
    """An active loan officer of `office` or one of its ancestors (this worker's own row in
    a request, shared: only read and set as the officer of the row being written); once for
    an officer and office in a unit of work (core/checked_once.py: an import's batch)."""
    return checked_once(
        ("loan officer", staff_id, office.pk, param),
        problems,
        lambda told: _loan_officer(staff_id, office, told, param),
    )


def _loan_officer(staff_id, office, problems: Problems, param: str):
    staff = (
        reference_cache.row_by_pk(Staff, staff_id, related=("office",), shared=True)
        if str(staff_id).isdigit()
        else None
    )
    if staff is None or not office.hierarchy.startswith(staff.office.hierarchy):
        problems.add_missing(
            param,
            "error.msg.staff.id.invalid",
            officer_elsewhere(staff, office),
            staff_id,
        )
        return None
    if not staff.is_loan_officer:
        problems.add(
            param,
            "not.a.loan.officer",
            _("%(display_name)s is not a loan officer.")
            % {
                "display_name": staff.display_name,
            },
            staff_id,
        )
        return None
    if not staff.is_active:
        problems.add(
            param,
            "inactive",
            _("%(display_name)s is no longer active.")
            % {
                "display_name": staff.display_name,
            },
            staff_id,
        )
        return None
    return staff


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def check_age(client: Client, on: datetime.date, problems: Problems) -> None:
    """The institution's age limits, for persons with a date of birth."""
    if client.legal_form != _PERSON or client.date_of_birth is None:
        return
    if problems.has("dateOfBirth"):
        return
    policy = ClientPolicy.current()
    age = age_on(client.date_of_birth, on)
    if age < policy.minimum_age:
        problems.add(
            "dateOfBirth",
            "age.below.minimum",
            _("The client would be %(age)s on %(on)s; the minimum age is %(minimum_age)s.")
            % {
                "age": age,
                "on": dates.shown(on),
                "minimum_age": policy.minimum_age,
            },
            client.date_of_birth,
            (policy.minimum_age,),
        )
    elif age > policy.maximum_age:
        problems.add(
            "dateOfBirth",
            "age.above.maximum",
            _("The client would be %(age)s on %(on)s; the maximum age is %(maximum_age)s.")
            % {
                "age": age,
                "on": dates.shown(on),
                "maximum_age": policy.maximum_age,
            },
            client.date_of_birth,
            (policy.maximum_age,),
        )


# Characters a name cannot hold: controls (ESC, BEL, DEL…), the marks that reverse or isolate
# the direction of the text around them (a name shown backwards, or hiding what follows it),
# and Unicode's invisible tag letters. Joiners (ZWJ, ZWNJ) stay: some scripts spell with them.
_HIDDEN_IN_NAMES = re.compile(f"[{CONTROL_CHARACTERS}{DIRECTION_MARKS}\U000e0000-\U000e007f]")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")  # a character `str.isalnum` says yes to
NAME_PARTS = ("firstname", "middlename", "lastname", "fullname")
# A client given no name at all: Fineract's code, its parameter `id` (no name's own; an
# import names the row's name column: bulk/refusal_cells.py).
NO_NAME = "validation.msg.client.id..no.name.details.passed"


def check_name_characters(client: Client, problems: Problems, changed=NAME_PARTS) -> None:
    """Each name (of those `changed`) holds a letter or a digit (not only marks or spaces of
    no width), and no character that would hide or disguise it on a screen or a printed
    list."""
    for param in NAME_PARTS:
        name = getattr(client, param) or ""
        if not name or param not in changed:
            continue
        if _HIDDEN_IN_NAMES.search(name):
            problems.add(
                param,
                "invalid.characters",
                _("The name holds a control or text-direction character."),
                name,
            )
        elif (refused := storable_text.refusal(name)) is not None:  # a lone surrogate
            problems.add(param, *refused)
        elif not _LETTER_OR_DIGIT.search(name):
            problems.add(param, "no.letters", _("A name holds at least one letter."), name)


def check_external_id(client: Client, problems: Problems) -> None:
    """An external id holds no character a screen does not show (control, format: a
    zero-width space, a text-direction mark), nor an accent written apart from its letter
    (decomposed Unicode, as a file saved on a Mac may hold: "é" as e and ◌́): two ids that
    look the same are the same id, and a re-run of a migration recognises its clients by
    it."""
    external_id = client.external_id
    if not external_id or external_id.isascii() and external_id.isprintable():
        return
    if _holds_hidden(external_id):
        problems.add(
            "externalId",
            "invalid.characters",
            _("The external id holds a control or invisible character."),
            external_id,
        )
    elif not unicodedata.is_normalized("NFC", external_id):
        problems.add(
            "externalId",
            "decomposed.characters",
            _(
                "The external id holds an accent written apart from its letter: the same id "
                "typed on a keyboard would be another. Type the accented letters again."
            ),
            external_id,
        )


def _holds_hidden(text: str) -> bool:
    """Whether `text` holds a character of Unicode's "other" categories (C: control, format,
    unassigned…); ASCII's are its controls, the characters it cannot print."""
    if text.isascii():
        return not text.isprintable()
    return any(unicodedata.category(character)[0] == "C" for character in text)


def check_names(client: Client, problems: Problems, changed=NAME_PARTS) -> None:
    check_name_characters(client, problems, changed)
    has_parts = bool(client.firstname or client.middlename or client.lastname)
    if client.fullname and has_parts:
        problems.add(
            "fullname",
            "cannot.also.be.provided.when.firstname.is.populated",
            _("Give either a full name or first and last names, not both."),
        )
    elif not client.fullname and not has_parts:
        problems.add("id", NO_NAME, _("Give a full name, or a first and a last name."))
    elif not client.fullname:
        if not client.firstname:
            problems.add("firstname", "cannot.be.blank", _("The first name is required."))
        if not client.lastname:
            problems.add("lastname", "cannot.be.blank", _("The last name is required."))


def check_contact(client: Client, problems: Problems) -> None:
    if client.mobile_no and not MOBILE_PATTERN.match(client.mobile_no):
        problems.add(
            "mobileNo",
            "invalid.format",
            str(MOBILE_FORMAT),
            client.mobile_no,
        )
    if client.email_address:
        try:
            validate_email(client.email_address)
        except DjangoValidationError:
            problems.add(
                "emailAddress",
                "invalid.format",
                _("The email address is not valid."),
                client.email_address,
            )


def check_dates(client: Client, today: datetime.date, problems: Problems) -> None:
    if client.submitted_on > today:
        problems.add(
            "submittedOnDate",
            "error.msg.clients.submittedOnDate.in.the.future",
            _("The submission date cannot be in the future."),
            client.submitted_on,
        )
    if client.date_of_birth and client.date_of_birth > min(today, client.submitted_on):
        problems.add(
            "dateOfBirth",
            "is.greater.than.date",
            _("The date of birth must be before the submission date and today."),
            client.date_of_birth,
        )


# --- the institution's rules (ClientPolicy) ---------------------------------------------------


def required_fields(policy: ClientPolicy, legal_form: int) -> list[str]:
    """The API parameters the policy requires of a client of `legal_form`."""
    if legal_form == _ENTITY:
        return list(policy.required_fields_entity or [])
    return list(policy.required_fields_person or [])


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_required(
    client: Client,
    non_person,
    policy: ClientPolicy,
    problems: Problems,
    *,
    given: set[str] | None = None,
) -> None:
    """The fields the institution requires for the client's legal form (400
    validation.msg.client.<param>.cannot.be.blank).

    `given`: the parameters an update sends; only those are checked, so a field required
    after a client was admitted does not block unrelated edits (it just cannot be blanked).
    None (creation) checks them all.
    """
    for param in required_fields(policy, client.legal_form):
        path = REQUIRABLE_VALUES.get(param)
        if path is None or (given is not None and param not in given) or problems.has(param):
            continue
        if param == "numberOfDependents" and client.pk and client.family_members.exists():
            continue  # the number is derived from the family members recorded
        if path.startswith("non_person."):
            value = getattr(non_person, path.removeprefix("non_person."), None)
        else:
            value = getattr(client, path, None)
        if isinstance(value, Decimal):
            value = str(value)
        if _is_empty(value):
            problems.add(
                param,
                "cannot.be.blank",
                _("The institution requires “%(param)s” for this client.")
                % {
                    "param": param,
                },
            )


# (Made once: a bulk import checks a row's formats one row after another.)
_MOBILE_NOT_AS_REQUIRED = gettext_lazy(
    "The mobile number does not have the format the institution requires."
)
_EMAIL_NOT_AS_REQUIRED = gettext_lazy(
    "The email address does not have the format the institution requires."
)


def check_policy_formats(
    client: Client, policy: ClientPolicy, problems: Problems, *, given: set[str] | None = None
) -> None:
    """The institution's formats of mobile numbers and email addresses (on top of the
    built-in checks), for the values a request sets (`given`; None: all)."""
    rules = (
        ("mobileNo", client.mobile_no, policy.mobile_pattern, _MOBILE_NOT_AS_REQUIRED),
        ("emailAddress", client.email_address, policy.email_pattern, _EMAIL_NOT_AS_REQUIRED),
    )
    for param, value, pattern, message in rules:
        if not value or not pattern or problems.has(param):
            continue
        if given is not None and param not in given:
            continue
        if not regexes.conforms(pattern, value):
            problems.add(param, "invalid.format", str(message), value, (pattern,))
