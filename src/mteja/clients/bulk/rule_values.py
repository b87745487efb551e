"""The values of a client file's rows that the duplicate rules the institution blocks forbid
twice in the file: the mobile number (its key) and the name (case folded) with the date of
birth. Declared once for a row the checker checks (its prepared client) and for a line it
only notes — another lane's, one a resumed pass met before its stop (noted_keys.py): the
latter's client holds only the fields these values come from, set by the create service's
own `apply_fields` and `display_name_of`, so both give the same values (decision 247)."""

from __future__ import annotations

from mteja.clients.models import Client, ClientPolicy, DuplicatePolicy
from mteja.clients.services.records import apply_fields, display_name_of
from mteja.core.errors import Problems
from mteja.core.instances import new_instance

MOBILE, NAME_AND_BIRTH = "mobileNo", "dateOfBirth"  # (parameter: the column a refusal names)
_SETTINGS = {MOBILE: "duplicate_mobile", NAME_AND_BIRTH: "duplicate_name_and_birth_date"}
# The service's fields (clients/api/views.to_fields) the values come from.
_SOURCE_FIELDS = ("firstname", "middlename", "lastname", "fullname", "mobile_no", "date_of_birth")


def blocked_rules(policy: ClientPolicy) -> frozenset[str]:
    """The rules (parameters) whose duplicates the institution refuses."""
    return frozenset(
        param
        for param, setting in _SETTINGS.items()
        if getattr(policy, setting) == DuplicatePolicy.BLOCK
    )


def rule_values(client: Client, blocked: frozenset[str]) -> list[tuple[str, object]]:
    """(parameter, value) of a valid row's client under the `blocked` rules."""
    values = []
    if MOBILE in blocked and client.mobile_key:
        values.append((MOBILE, client.mobile_key))
    if NAME_AND_BIRTH in blocked and client.date_of_birth:
        values.append((NAME_AND_BIRTH, (client.display_name.casefold(), client.date_of_birth)))
    return values


def noted_rule_values(
    fields: dict, policy: ClientPolicy, blocked: frozenset[str]
) -> list[tuple[str, object]]:
    """`rule_values` of the client a noted line's fields (`to_fields`') would be."""
    client = new_instance(Client)  # (a copy of a blank client, as prepare_client makes one)
    given = {name: fields[name] for name in _SOURCE_FIELDS if name in fields}
    apply_fields(client, given, policy, Problems())
    client.display_name = display_name_of(client)
    return rule_values(client, blocked)


def holders(user, values: set[tuple]) -> dict[tuple, tuple]:
    """Of rule `values` (those only noted lines gave), the ones a client of the user's offices
    holds — written by the lane that checked the noted line, or before a resumed import's
    stop — as {value: (account number, external id)}; a query a rule, none without values."""
    clients = Client.objects.restrict(user).order_by()
    found = {}
    mobile_keys = [held for param, held in values if param == MOBILE]
    if mobile_keys:
        for key, *client in clients.filter(mobile_key__in=mobile_keys).values_list(
            "mobile_key", "account_no", "external_id"
        ):
            found[(MOBILE, key)] = tuple(client)
    names_born = {held for param, held in values if param == NAME_AND_BIRTH}
    if names_born:
        born = clients.filter(date_of_birth__in={day for _name, day in names_born})
        for name, day, *client in born.values_list(
            "display_name", "date_of_birth", "account_no", "external_id"
        ):
            if (name.casefold(), day) in names_born:
                found[(NAME_AND_BIRTH, (name.casefold(), day))] = tuple(client)
    return found
