"""Possible duplicates of a client and the institution's policy for each rule (refuse, warn,
ignore); names only clients the user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from mteja.clients.models import (
    Client,
    ClientPolicy,
    DuplicatePolicy,
)
from mteja.core.errors import (
    ParameterError,
    UniquenessViolation,
)

# --- possible duplicates: the institution's policy per rule ----------------------------------

MOBILE_RULE = "mobileNo"
NAME_RULE = "dateOfBirth"  # same name and date of birth; reported beside the date of birth
SHOWN_MATCHES = 5


@dataclass
class DuplicateFinding:
    """Other clients matching one rule: those the actor may see (at most SHOWN_MATCHES
    named), how many more of those, and how many the actor may not see (only counted)."""

    rule: str
    shown: list[Client]
    more_visible: int
    hidden: int


def duplicate_condition(client: Client, rule: str) -> Q | None:
    # The normalised number (clients/phones.py), by its index: "0712 345 678" is +254712345678.
    if rule == MOBILE_RULE and client.mobile_key:
        return Q(mobile_key=client.mobile_key)
    if rule == NAME_RULE and client.date_of_birth and client.display_name:
        return Q(display_name__iexact=client.display_name, date_of_birth=client.date_of_birth)
    return None


def _duplicate_keys(client: Client, rules: tuple[str, ...]) -> list[str]:
    """What `duplicate_condition` matches the client by, under each of `rules`, as text."""
    keys = []
    if MOBILE_RULE in rules and client.mobile_key:
        keys.append(f"mobile {client.mobile_key}")
    if NAME_RULE in rules and client.date_of_birth and client.display_name:
        keys.append(f"name {client.display_name.casefold()} {client.date_of_birth.isoformat()}")
    return keys


def hold_duplicate_keys(clients: list[Client], rules: tuple[str, ...]) -> None:
    """On PostgreSQL, the transaction's locks on the clients' keys under `rules`, taken in
    one order (no two writers wait on each other): two writers of one mobile number, or of
    one name and birth date, then look for duplicates one after the other, the second
    seeing the first's client, where both found none and both wrote. SQLite needs none:
    a writing transaction holds the database's one write lock from its start."""
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return
    keys = sorted({key for client in clients for key in _duplicate_keys(client, rules)})
    if keys:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_advisory_xact_lock(hashtextextended(key, 0))) "
                "FROM unnest(%s::text[]) AS key",
                [keys],
            )


def find_duplicates(
    client: Client, actor=None, rules: tuple[str, ...] = (MOBILE_RULE, NAME_RULE)
) -> list[DuplicateFinding]:
    """Other clients that may be the same person, per rule. Without an actor (the system),
    every match is shown; with one, only the clients of the actor's offices are."""
    findings = []
    others = Client.objects.exclude(pk=client.pk) if client.pk else Client.objects.all()
    others = others.only("id", "account_no", "display_name")
    conditions = {rule: duplicate_condition(client, rule) for rule in rules}
    conditions = {rule: condition for rule, condition in conditions.items() if condition}
    if not conditions:
        return findings
    # The common case, no match for any rule, costs this one query (each rule by its index).
    either = Q()
    for condition in conditions.values():
        either |= condition
    if not others.filter(either).exists():
        return findings
    for rule, condition in conditions.items():
        matching = others.filter(condition)
        total = matching.count()
        if not total:
            continue
        visible = matching.restrict(actor) if actor is not None else matching
        shown = list(visible.order_by("id")[:SHOWN_MATCHES])
        visible_total = len(shown) if len(shown) < SHOWN_MATCHES else visible.count()
        findings.append(
            DuplicateFinding(rule, shown, visible_total - len(shown), total - visible_total)
        )
    return findings


def _enumeration(parts: list[str], finding: DuplicateFinding, one_hidden: str) -> str:
    """The clients a finding names (`parts`), then how many more the user may see and how
    many of other offices (`one_hidden` when one), as one phrase."""
    if finding.more_visible:
        parts.append(_("%(count)s more") % {"count": finding.more_visible})
    if finding.hidden:
        parts.append(
            one_hidden
            if finding.hidden == 1
            else _("%(count)s clients of other offices") % {"count": finding.hidden}
        )
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def _others_text(finding: DuplicateFinding) -> str:
    parts = [f"{c.display_name} ({c.account_no})" for c in finding.shown]
    return _enumeration(parts, finding, _("1 client of another office"))


def _warning(client: Client, finding: DuplicateFinding) -> dict:
    if finding.rule == MOBILE_RULE:
        code = "warning.msg.client.mobileNo.shared"
        message = _("The mobile number %(mobile_no)s is also recorded for %(clients)s.")
    else:
        code = "warning.msg.client.name.and.dateOfBirth.match"
        message = _("A client with the same name and date of birth exists: %(clients)s.")
    return {
        "code": code,
        "parameterName": finding.rule,
        "message": message % {"mobile_no": client.mobile_no, "clients": _others_text(finding)},
        # Only clients the user may open: the others are counted, never named.
        "clientIds": [c.pk for c in finding.shown],
        "otherOfficesCount": finding.hidden,
    }


def duplicate_warnings(
    client: Client, actor=None, *, rules: tuple[str, ...] = (MOBILE_RULE, NAME_RULE)
) -> list[dict]:
    """Possible duplicates of `client` as the `warnings` of a write result (whatever the
    policy says: the caller decides which rules warn). Clients outside `actor`'s offices are
    counted in `otherOfficesCount`, not named; without an actor every match is listed."""
    return [_warning(client, finding) for finding in find_duplicates(client, actor, rules)]


def _duplicate_refusal(client: Client, findings: list[DuplicateFinding]) -> UniquenessViolation:
    """403 for the rules the policy blocks; the message names the other clients' account
    numbers when the actor may see them."""
    errors = []
    for finding in findings:
        if finding.rule == MOBILE_RULE:
            code = "error.msg.client.duplicate.mobileNo"
            sentence = _(
                "The mobile number %(mobile_no)s is already recorded for %(clients)s. "
                "The institution does not accept duplicates of this kind."
            )
        else:
            code = "error.msg.client.duplicate.name.and.dateOfBirth"
            sentence = _(
                "A client with the same name and date of birth exists: %(clients)s. "
                "The institution does not accept duplicates of this kind."
            )
        numbers = [c.account_no for c in finding.shown]
        parts = []
        if numbers:
            label = (
                _("the client with account number %(numbers)s")
                if len(numbers) == 1
                else _("the clients with account numbers %(numbers)s")
            )
            parts.append(label % {"numbers": ", ".join(numbers)})
        text = _enumeration(parts, finding, _("a client of another office"))
        first = finding.shown[0] if finding.shown else None
        errors.append(
            ParameterError(
                code,
                finding.rule,
                sentence % {"mobile_no": client.mobile_no, "clients": text},
                first.pk if first else None,
                (first.pk, first.account_no) if first else (),
            )
        )
    error = UniquenessViolation(
        errors[0].code, errors[0].message, param=errors[0].param, value=errors[0].value
    )
    error.errors = errors
    return error


def apply_duplicate_policy(
    client: Client, actor, policy: ClientPolicy, rules: tuple[str, ...]
) -> list[dict]:
    """Refuses (403) what the policy blocks; returns the warnings of what it warns about."""
    settings = _policy_by_rule(policy)
    hold_duplicate_keys([client], rules_set_to(policy, rules, DuplicatePolicy.BLOCK))
    checked = rules_set_to(policy, rules, DuplicatePolicy.WARN, DuplicatePolicy.BLOCK)
    findings = find_duplicates(client, actor, checked) if checked else []
    blocked = [f for f in findings if settings[f.rule] == DuplicatePolicy.BLOCK]
    if blocked:
        raise _duplicate_refusal(client, blocked)
    return [_warning(client, f) for f in findings if settings[f.rule] == DuplicatePolicy.WARN]


def may_have_duplicates(clients: list[Client], rules: tuple[str, ...]) -> list[bool]:
    """For new clients (a bulk import's batch), whether each may match another client under
    `rules` — one query per rule for them all; `find_duplicates` then tells the few that
    may. A false "may" costs that look-up; a "may not" is certain."""
    mobile_keys, birth_dates = set(), set()
    if MOBILE_RULE in rules:
        wanted = {client.mobile_key for client in clients if client.mobile_key}
        if wanted:
            found = Client.objects.filter(mobile_key__in=wanted).values_list("mobile_key")
            mobile_keys = {key for (key,) in found}
    if NAME_RULE in rules:
        wanted = {client.date_of_birth for client in clients if client.date_of_birth}
        if wanted:
            found = Client.objects.filter(date_of_birth__in=wanted)
            birth_dates = {
                (name.casefold(), born)
                for name, born in found.values_list("display_name", "date_of_birth")
            }
    return [
        client.mobile_key in mobile_keys
        or (client.display_name.casefold(), client.date_of_birth) in birth_dates
        for client in clients
    ]


def _policy_by_rule(policy: ClientPolicy) -> dict[str, str]:
    return {
        MOBILE_RULE: policy.duplicate_mobile,
        NAME_RULE: policy.duplicate_name_and_birth_date,
    }


def rules_set_to(policy: ClientPolicy, rules: tuple[str, ...], *chosen: str) -> tuple[str, ...]:
    """Those of `rules` the institution's policy sets to one of `chosen`."""
    settings = _policy_by_rule(policy)
    return tuple(rule for rule in rules if settings[rule] in chosen)
