"""A client's family members, and the number of economic dependents derived from them.

Unlike Fineract, which collects the validation errors of a family member and then drops them,
every problem of a request is returned at once (400), and references to code lists are
checked against their own list (404 otherwise).

Services take a `FamilyMemberInput` (model field names: `firstname`, `mobile_number`,
`relationship_id`, …), which the API and the form each build, and report problems under
Fineract's parameter names (`firstName`, `mobileNumber`, …).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from mteja.clients import validation
from mteja.clients.kyc.inputs import UNSET, GivenFields
from mteja.clients.kyc.writes import ClientPart
from mteja.clients.models import FAMILY_MEMBER, Client, ClientFamilyMember
from mteja.core import clock, dates
from mteja.core.errors import NotFound, Problems

ENTITY = FAMILY_MEMBER.entity
RESOURCE = FAMILY_MEMBER.resource
MAX_AGE = 130

# model field → API parameter, for the plain text fields (lengths come from the model).
TEXT_FIELDS = {
    "firstname": "firstName",
    "middlename": "middleName",
    "lastname": "lastName",
    "qualification": "qualification",
    "mobile_number": "mobileNumber",
}
# model field → (code list, API parameter)
CODE_FIELDS = {
    "relationship": ("RELATIONSHIP", "relationshipId"),
    "marital_status": ("MARITAL STATUS", "maritalStatusId"),
    "gender": ("Gender", "genderId"),
    "profession": ("PROFESSION", "professionId"),
}
DECLARATION = FAMILY_MEMBER  # beside the model
AUDIT_FIELDS = DECLARATION.audited_fields()
# Audited field → API parameter, for Fineract's `changes`.
API_NAMES = {name: DECLARATION.api_name(name) for name in AUDIT_FIELDS}
RELATED = tuple(CODE_FIELDS)


@dataclass(frozen=True)
class FamilyMemberInput(GivenFields):
    """A family member as a caller gives it; UNSET fields are not given (an update keeps
    them)."""

    firstname: str | None = UNSET
    middlename: str | None = UNSET
    lastname: str | None = UNSET
    qualification: str | None = UNSET
    mobile_number: str | None = UNSET
    age: int | None = UNSET
    is_dependent: bool = UNSET
    date_of_birth: datetime.date | None = UNSET
    relationship_id: int | None = UNSET
    marital_status_id: int | None = UNSET
    gender_id: int | None = UNSET
    profession_id: int | None = UNSET


# --- reads ----------------------------------------------------------------------------------


def family_member_not_found(member_id) -> NotFound:
    return NotFound(
        "error.msg.familymember.id.invalid",
        _("Family member with identifier %(member_id)s does not exist") % {"member_id": member_id},
        value=member_id,
    )


def family_members_of(client: Client) -> QuerySet:
    return ClientFamilyMember.objects.filter(client=client).select_related(*RELATED).order_by("id")


def family_member_of(client: Client, member_id: int) -> ClientFamilyMember:
    """One family member of `client` (404 if it belongs to another client or none)."""
    member = family_members_of(client).filter(pk=member_id).first()
    if member is None:
        raise family_member_not_found(member_id)
    return member


FROM_FAMILY = "familyMembers"
ENTERED = "entered"


@dataclass(frozen=True)
class Dependents:
    """How many people depend on the client economically, and where the number comes from."""

    count: int | None
    source: str  # FROM_FAMILY or ENTERED


def _family_count(condition: Q | None = None):
    members = ClientFamilyMember.objects.filter(client=OuterRef("pk"))
    if condition is not None:
        members = members.filter(condition)
    counted = members.order_by().values("client").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_dependents(clients: QuerySet) -> QuerySet:
    """Annotates a client queryset so `dependents()` needs no query per client (lists)."""
    return clients.annotate(
        family_member_count=_family_count(),
        dependent_family_member_count=_family_count(Q(is_dependent=True)),
    )


def dependents(client: Client) -> Dependents:
    """Family members marked dependent when any family is recorded; otherwise the number
    entered on the client record (which may be unknown: None)."""
    total = getattr(client, "family_member_count", None)
    dependent = getattr(client, "dependent_family_member_count", None)
    if total is None or dependent is None:
        # A client's family is a handful of rows: their flags, read by the client's index in
        # plain SQL (every client page and detail runs it), cost less than an aggregate.
        meta = ClientFamilyMember._meta
        table, quote = meta.db_table, connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote(meta.get_field('is_dependent').column)} FROM {quote(table)} "  # noqa: S608
                f"WHERE {quote(meta.get_field('client').column)} = %s",
                [client.pk],
            )
            flags = [bool(flag) for (flag,) in cursor.fetchall()]
        total, dependent = len(flags), sum(flags)
    if total:
        return Dependents(dependent, FROM_FAMILY)
    return Dependents(client.number_of_dependents, ENTERED)


def dependents_count(client: Client) -> int | None:
    return dependents(client).count


def shown_age(member: ClientFamilyMember, today: datetime.date | None = None) -> int | None:
    """The age today: from the date of birth when known (a stored age goes stale)."""
    if member.date_of_birth is not None:
        return validation.age_on(member.date_of_birth, today or clock.today())
    return member.age


# --- writes ---------------------------------------------------------------------------------


def _max_length(name: str) -> int:
    return ClientFamilyMember._meta.get_field(name).max_length


def _apply(
    member: ClientFamilyMember,
    data: FamilyMemberInput,
    *,
    creating: bool,
    problems: Problems | None = None,
) -> None:
    """Applies `data` to `member`; every problem at once (400, or 404 for a code value),
    raised, or added to `problems` when given (a family member given with a new client)."""
    outer = problems
    problems = Problems(resource=RESOURCE) if outer is None else outer
    fields = data.given()
    today = clock.today()
    for name, param in TEXT_FIELDS.items():
        if name not in fields:
            continue
        value = " ".join(str(fields[name] or "").split())
        limit = _max_length(name)
        if len(value) > limit:
            problems.add(
                param,
                "exceeds.max.length",
                _("The family member field %(name)s can have at most %(limit)s characters.")
                % {"name": param, "limit": limit},
                value,
                (limit,),
            )
        setattr(member, name, value)
    if (creating or "firstname" in fields) and not member.firstname:
        problems.add("firstName", "cannot.be.blank", _("The first name is required."))
    if (
        "mobile_number" in fields
        and member.mobile_number
        and not problems.has("mobileNumber")
        and not validation.MOBILE_PATTERN.match(member.mobile_number)
    ):
        problems.add(
            "mobileNumber",
            "invalid.format",
            str(validation.MOBILE_FORMAT),
            member.mobile_number,
        )
    if "is_dependent" in fields:
        member.is_dependent = bool(fields["is_dependent"])
    if "age" in fields:
        age = fields["age"]
        if age is not None and (isinstance(age, bool) or not 0 <= age <= MAX_AGE):
            problems.add(
                "age",
                "is.not.within.expected.range",
                _("The age must be between 0 and %(max_age)s.") % {"max_age": MAX_AGE},
                age,
                (0, MAX_AGE),
            )
        else:
            member.age = age
    if "date_of_birth" in fields:
        born = fields["date_of_birth"]
        if born is not None and born > today:
            problems.add(
                "dateOfBirth",
                "is.greater.than.date",
                _("The date of birth cannot be in the future."),
                born,
            )
        elif born is not None and validation.age_on(born, today) > MAX_AGE:
            problems.add(
                "dateOfBirth",
                "is.not.within.expected.range",
                _("A date of birth more than %(max_age)s years ago is not plausible.")
                % {"max_age": MAX_AGE},
                born,
            )
        else:
            member.date_of_birth = born
    age_or_birth_given = "age" in fields or "date_of_birth" in fields
    if (
        age_or_birth_given
        and member.age is not None
        and member.date_of_birth is not None
        and not problems.has("age")
        and not problems.has("dateOfBirth")
    ):
        actual = validation.age_on(member.date_of_birth, today)
        if member.age != actual:
            problems.add(
                "age",
                "does.not.match.dateOfBirth",
                _("Someone born on %(date_of_birth)s is %(actual)s today, not %(age)s.")
                % {
                    "date_of_birth": dates.shown(member.date_of_birth),
                    "actual": actual,
                    "age": member.age,
                },
                member.age,
                (actual,),
            )
    wanted = {
        name: (code, param, fields[f"{name}_id"])
        for name, (code, param) in CODE_FIELDS.items()
        # A value kept as it was needs no re-check (it may have been retired since).
        if f"{name}_id" in fields and fields[f"{name}_id"] != getattr(member, f"{name}_id")
    }
    for name, value in validation.resolve_code_values(wanted, problems).items():
        setattr(member, name, value)
    if outer is None:
        problems.raise_if_any()


PART = ClientPart(DECLARATION, related=RELATED)


@transaction.atomic
def family_member_create(*, actor, client: Client, data: FamilyMemberInput) -> ClientFamilyMember:
    PART.lock_client(actor, client)
    member = ClientFamilyMember(client=client)
    _apply(member, data, creating=True)
    PART.create(actor, member)
    return member


# The parameter of the family members given with a new client (`familyMembers[0].firstName`).
INLINE_PARAM = "familyMembers"


def check_inline_members(
    items: list[FamilyMemberInput] | None, problems: Problems
) -> list[ClientFamilyMember]:
    """The family members given with a new client, checked as POST
    /clients/{id}/familymembers checks one; problems named `familyMembers[i].<param>`."""
    members = []
    for index, data in enumerate(items or ()):
        member = ClientFamilyMember()
        within = problems.within(RESOURCE, f"{INLINE_PARAM}[{index}].")
        _apply(member, data, creating=True, problems=within)
        members.append(member)
    return members


def create_inline_members(*, actor, client: Client, members: list[ClientFamilyMember]) -> None:
    """Saves the checked family members of a new client (in its transaction), each with its
    own CREATE event."""
    for member in members:
        member.client = client
        PART.create(actor, member)


@transaction.atomic
def family_member_update(
    *, actor, member: ClientFamilyMember, data: FamilyMemberInput
) -> tuple[ClientFamilyMember, dict[str, list]]:
    """Returns the member and `{field: [old, new]}` of what changed (nothing: no event)."""
    return PART.change(actor, member, lambda row: _apply(row, data, creating=False))


@transaction.atomic
def family_member_delete(*, actor, member: ClientFamilyMember) -> None:
    PART.delete(actor, member)
