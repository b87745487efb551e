"""The duplicate check the client form runs as the user types: the clients the service would
warn about (or refuse) for the mobile number, or for the name and date of birth."""

from __future__ import annotations

import datetime

from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mteja.clients import phones, services
from mteja.clients.models import Client, ClientPolicy, DuplicatePolicy, LegalForm
from mteja.core.api.query import ascii_digits
from mteja.core.web.access import permission_required

CHECKS = {
    # check → (the service's duplicate rule, the policy field that governs it)
    "mobile": (services.MOBILE_RULE, "duplicate_mobile"),
    "name": (services.NAME_RULE, "duplicate_name_and_birth_date"),
}
CHECK_TEXTS = {
    "mobile": gettext_lazy("Possible duplicate: the same mobile number is recorded for"),
    "name": gettext_lazy("Possible duplicate: same name and date of birth as"),
}
BLOCK_TEXTS = {
    "mobile": gettext_lazy("The institution refuses a mobile number another client has."),
    "name": gettext_lazy(
        "The institution refuses a client with the name and date of birth of another."
    ),
}


def _probe(data, client_id: int | None) -> Client:
    """An unsaved client holding what the form has so far, for the duplicate rules."""
    probe = Client(
        pk=client_id,
        legal_form=LegalForm.ENTITY if data.get("legal_form") == "2" else LegalForm.PERSON,
        mobile_no=(data.get("mobile_no") or "").strip(),
    )
    phones.set_mobile_key(probe, ClientPolicy.current().phone_region)  # as the services do
    if probe.legal_form == LegalForm.PERSON:
        parts = [(data.get(name) or "").strip() for name in ("firstname", "middlename", "lastname")]
        probe.display_name = " ".join(part for part in parts if part)
        probe.display_name = probe.display_name or (data.get("fullname") or "").strip()
        try:
            probe.date_of_birth = datetime.date.fromisoformat(data.get("date_of_birth") or "")
        except ValueError:
            probe.date_of_birth = None
    else:
        probe.display_name = (data.get("fullname") or "").strip()
    return probe


@permission_required("READ_CLIENT")
@require_POST
def client_duplicate_check(request):
    """What the client form shows beside the mobile number (`?check=mobile`) or the date of
    birth (`?check=name`) while the user types: the clients the service would warn about.
    Sent by POST so that names and numbers stay out of URLs and access logs."""
    check = request.GET.get("check", "")
    if check not in CHECKS:
        return render(request, "clients/_duplicate_hint.html", {})
    rule, policy_field = CHECKS[check]
    policy = getattr(ClientPolicy.current(), policy_field)
    client_id = request.GET.get("client", "")
    probe = _probe(request.POST, int(client_id) if ascii_digits(client_id) else None)
    findings = []
    if policy != DuplicatePolicy.OFF:
        findings = services.find_duplicates(probe, request.user, (rule,))
    finding = findings[0] if findings else None
    return render(
        request,
        "clients/_duplicate_hint.html",
        {
            "visible": finding.shown if finding else [],
            "more_count": finding.more_visible if finding else 0,
            "hidden_count": finding.hidden if finding else 0,
            "text": CHECK_TEXTS[check],
            "blocked": BLOCK_TEXTS[check] if policy == DuplicatePolicy.BLOCK else "",
        },
    )
