"""The institution's client rules (ClientPolicy, one row): the age limits, the client fields
each legal form must carry, the formats of mobile numbers and email addresses, what to do
with a client who looks like a duplicate, whether addresses come with new clients, and the
country of mobile numbers written without one.

Services take model field names and report problems under the API's parameter names
(`minimumAge`, `requiredFieldsPerson`, …), as GET/PUT /clientpolicy shows them.

Defaults keep Fineract's apps working: nothing beyond Fineract's own rules is required until
an administrator says so, and duplicates are warnings (households share phones).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mteja.clients import phones
from mteja.clients.kyc.addresses import INLINE_PARAM as ADDRESS_PARAM
from mteja.clients.models import CLIENT_POLICY, ClientPolicy, DuplicatePolicy
from mteja.clients.tasks import rekey_mobile_numbers
from mteja.core import regexes, writes
from mteja.core.errors import Problems

ENTITY = CLIENT_POLICY.entity
RESOURCE = CLIENT_POLICY.resource
MAX_AGE = 150
PATTERN_MAX_LENGTH = ClientPolicy._meta.get_field("mobile_pattern").max_length

# The client parameters an administrator may make required, per legal form. Names are the
# API's (as POST /clients takes them); `address` means "at least one address on creation".
PERSON_FIELDS = (
    "firstname", "middlename", "lastname", "externalId", "mobileNo", "emailAddress",
    "dateOfBirth", "genderId", "clientTypeId", "clientClassificationId", "staffId",
    "maritalStatusId", "professionId", "educationLevelId", "monthlyIncome",
    "numberOfDependents", ADDRESS_PARAM,
)  # fmt: skip
NON_PERSON_FIELDS = (
    "constitutionId", "incorpNumber", "incorpValidityTillDate", "mainBusinessLineId", "remarks",
)  # fmt: skip
# No date of birth: for an entity it would be an incorporation date, which the entity
# details already carry.
ENTITY_FIELDS = (
    "externalId", "mobileNo", "emailAddress", "clientTypeId",
    "clientClassificationId", "staffId", ADDRESS_PARAM, *NON_PERSON_FIELDS,
)  # fmt: skip

DECLARATION = CLIENT_POLICY  # beside the model
AUDIT_FIELDS = DECLARATION.audited_fields()
# model field → API parameter
API_NAMES = {name: DECLARATION.api_name(name) for name in AUDIT_FIELDS}
REQUIRABLE = {
    "required_fields_person": PERSON_FIELDS,
    "required_fields_entity": ENTITY_FIELDS,
}


def current_policy() -> ClientPolicy:
    return ClientPolicy.current()


def _read_age(value: Any, param: str, problems: Problems) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(param, "is.invalid", _("The age must be a whole number."), value)
        return None
    if not 0 <= value <= MAX_AGE:
        problems.add(
            param,
            "is.not.within.expected.range",
            _("The age must be between 0 and %(max_age)s.")
            % {
                "max_age": MAX_AGE,
            },
            value,
            (0, MAX_AGE),
        )
        return None
    return value


def _read_required(value: Any, param: str, known: tuple[str, ...], problems: Problems):
    """A list of known parameter names, each once, in the order given."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        problems.add(param, "is.invalid", _("A list of client parameter names is expected."))
        return None
    chosen: list[str] = []
    failed = False
    for name in value:
        if not isinstance(name, str) or name not in known:
            problems.add(
                param,
                "is.not.within.expected.range",
                _("“%(name)s” is not a client field that can be required here; one of: %(values)s.")
                % {"name": name, "values": ", ".join(known)},
                name if isinstance(name, str | int) else None,
                tuple(known),
            )
            failed = True
        elif name not in chosen:
            chosen.append(name)
    return None if failed else chosen


def _read_pattern(value: Any, param: str, problems: Problems) -> str | None:
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.add(param, "is.invalid", _("The format is a regular expression (text)."))
        return None
    pattern = value.strip()
    if len(pattern) > PATTERN_MAX_LENGTH:
        problems.add(
            param,
            "exceeds.max.length",
            _("The format can be at most %(pattern_max_length)s characters long.")
            % {
                "pattern_max_length": PATTERN_MAX_LENGTH,
            },
            None,
            (PATTERN_MAX_LENGTH,),
        )
        return None
    if not pattern:
        return ""
    reason = regexes.problem(pattern)
    if reason is not None:
        problems.add(param, "invalid", reason, pattern)
        return None
    return pattern


def _read_duplicate_policy(value: Any, param: str, problems: Problems) -> str | None:
    choice = value.strip().lower() if isinstance(value, str) else None
    if choice not in DuplicatePolicy.values:
        problems.add(
            param,
            "is.not.within.expected.range",
            _("The duplicate policy is one of: %(values)s.")
            % {"values": ", ".join(DuplicatePolicy.values)},
            value if isinstance(value, str | int) else None,
            tuple(DuplicatePolicy.values),
        )
        return None
    return choice


def _read_region(value: Any, param: str, problems: Problems) -> str | None:
    """An ISO country code (KE, TZ, …) phone numbers know, or "" for none."""
    if value is None:
        return ""
    code = value.strip().upper() if isinstance(value, str) else None
    if code == "" or (code is not None and phones.is_region(code)):
        return code
    problems.add(
        param,
        "is.invalid",
        _("The country is a two-letter ISO code such as KE, or empty for none."),
        value if isinstance(value, str | int) else None,
    )
    return None


def _read_flag(value: Any, param: str, problems: Problems) -> bool | None:
    if isinstance(value, bool):
        return value
    problems.add(param, "is.invalid", _("The value must be true or false."), value)
    return None


@transaction.atomic
def client_policy_update(*, actor, **fields) -> dict[str, list]:
    """Changes the institution's client rules; `fields` by model name (minimum_age,
    maximum_age, required_fields_person, required_fields_entity, mobile_pattern,
    email_pattern, duplicate_mobile, duplicate_name_and_birth_date, address_enabled,
    phone_region). A new phone_region recomputes every client's mobile key.

    Every problem at once (400, parameters named as in the API). Returns
    `{field: [old, new]}`; nothing changed records no event.
    """
    unknown = set(fields) - set(API_NAMES)
    if unknown:
        raise TypeError(f"client_policy_update() got unknown fields: {sorted(unknown)}")
    # ClientPolicy.current(): the row exists (a database emptied by hand gets it back).
    policy, before = writes.open_write(ClientPolicy.current(), actor=actor)
    problems = Problems(resource=RESOURCE)
    readers = {
        "minimum_age": _read_age,
        "maximum_age": _read_age,
        "mobile_pattern": _read_pattern,
        "email_pattern": _read_pattern,
        "duplicate_mobile": _read_duplicate_policy,
        "duplicate_name_and_birth_date": _read_duplicate_policy,
        "address_enabled": _read_flag,
        "phone_region": _read_region,
    }
    for name, value in fields.items():
        param = API_NAMES[name]
        if name in REQUIRABLE:
            read = _read_required(value, param, REQUIRABLE[name], problems)
        else:
            read = readers[name](value, param, problems)
        if read is not None:
            setattr(policy, name, read)
    if (
        not problems.has("minimumAge")
        and not problems.has("maximumAge")
        and policy.minimum_age > policy.maximum_age
    ):
        param = "minimumAge" if "minimum_age" in fields else "maximumAge"
        problems.add(
            param,
            "minimum.exceeds.maximum",
            _(
                "The minimum age (%(minimum_age)s) cannot be above the maximum age "
                "(%(maximum_age)s)."
            )
            % {
                "minimum_age": policy.minimum_age,
                "maximum_age": policy.maximum_age,
            },
            policy.minimum_age if param == "minimumAge" else policy.maximum_age,
        )
    if not policy.address_enabled:
        for name in REQUIRABLE:
            if ADDRESS_PARAM in (getattr(policy, name) or []) and not problems.has(API_NAMES[name]):
                problems.add(
                    API_NAMES[name],
                    "address.requires.addresses.enabled",
                    _(
                        "An address cannot be required while addresses are not taken on client "
                        "creation (isAddressEnabled)."
                    ),
                    ADDRESS_PARAM,
                )
    problems.raise_if_any()

    changes = writes.commit_write(policy, actor=actor, action="UPDATE", before=before)
    if "phone_region" in changes:
        # Local numbers now mean another country: every client's key follows, in a background
        # job queued in this transaction (it runs only if the change is kept; docs/decisions).
        rekey_mobile_numbers.enqueue()
    return changes
