"""The know-your-customer tabs of a client's page — identity documents, family members,
addresses — with their add, edit and delete forms, and the duplicate check the client form
runs as the user types. Every write goes through the services of clients.kyc."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mteja.clients import services
from mteja.clients.kyc import addresses, family, identifiers
from mteja.clients.models import Client, ClientPolicy, DuplicatePolicy, LegalForm
from mteja.clients.web.kyc_forms import (
    ADDRESS_PARAMS,
    FAMILY_PARAMS,
    IDENTIFIER_PARAMS,
    AddressForm,
    FamilyMemberForm,
    IdentifierForm,
    address_initial,
    family_member_initial,
    identifier_initial,
)
from mteja.clients.web.tables import status_badge
from mteja.clients.web.views import (
    client_in_scope,
    client_page,
    note_document_owner,
    owned_client,
)
from mteja.core import clock
from mteja.core.web.access import permission_required
from mteja.core.web.forms import form_page, run_action


def _tab_client(request, pk: int, permission: str) -> Client:
    """The client of a tab the user may open (the page gate checked READ_CLIENT)."""
    if not request.user.has_fineract_permission(permission):
        raise PermissionDenied
    return client_in_scope(request, pk)


def _form(client: Client, *, title: str, submit: str, tab_url: str, **context) -> dict:
    """The context of a KYC form page (clients/kyc_form.html)."""
    return {
        "client": client,
        "status_badge": status_badge(client.status),
        "title": title,
        "submit_label": submit,
        "cancel_url": tab_url,
        **context,
    }


def _saved(what: str) -> Callable:
    """The message of an edit: saved, or nothing changed (the services return the changes)."""

    def message(result) -> str:
        _record, changes = result
        return what if changes else _("Nothing to save: no field was changed.")

    return message


def _confirm_delete(request, *, title: str, message: str, cancel_url: str):
    return render(
        request,
        "core/confirm.html",
        {
            "title": title,
            "message": message,
            "confirm_label": _("Delete"),
            "cancel_url": cancel_url,
        },
    )


# --- identity documents --------------------------------------------------------------------


def _identifier_tab_url(client: Client) -> str:
    return reverse("client_identifiers", args=[client.pk])


@permission_required("READ_CLIENT")
def client_identifiers(request, pk: int):
    client = _tab_client(request, pk, "READ_CLIENTIDENTIFIER")
    return client_page(
        request,
        client,
        "identifiers",
        {
            "identifiers": list(identifiers.client_identifiers(client)),
            "today": clock.today(),
        },
    )


def _document_formats() -> list:
    """The format rules of the active document types, for the hint under the form."""
    return [
        (document_type.name, rule)
        for document_type in identifiers.document_types()
        if (rule := identifiers.format_of(document_type)) is not None
        and (rule.message or rule.check_digit or rule.expiry_required)
    ]


@permission_required("CREATE_CLIENTIDENTIFIER")
def client_identifier_create(request, pk: int):
    client = owned_client(request, pk)
    initial = {}
    if (type_id := request.GET.get("type", "")).isdigit():
        initial["document_type"] = int(type_id)
    form = IdentifierForm(request.POST or None, initial=initial)
    return _identifier_form_page(
        request,
        client,
        form,
        lambda: identifiers.identifier_create(
            actor=request.user, client=client, data=form.to_input()
        ),
        success_message=lambda identifier: (
            _("%(type)s %(number)s added.")
            % {"type": identifier.document_type.name, "number": identifier.document_key}
        ),
        title=_("Add an identity document"),
        submit=_("Add document"),
    )


@permission_required("UPDATE_CLIENTIDENTIFIER")
def client_identifier_update(request, pk: int, identifier_pk: int):
    client = owned_client(request, pk)
    identifier = identifiers.client_identifier(client, identifier_pk)
    form = IdentifierForm(
        request.POST or None, identifier=identifier, initial=identifier_initial(identifier)
    )
    return _identifier_form_page(
        request,
        client,
        form,
        lambda: identifiers.identifier_update(
            actor=request.user, identifier=identifier, data=form.to_input()
        ),
        success_message=_saved(_("Identity document saved.")),
        title=_("Edit %(type)s %(number)s")
        % {"type": identifier.document_type.name, "number": identifier.document_key},
        submit=_("Save"),
    )


def _identifier_form_page(request, client, form, save, *, success_message, title, submit):
    """The add and edit pages of an identity document: the same form, the same way of naming
    the client who already holds a number, back to the Identifiers tab."""
    tab_url = _identifier_tab_url(client)
    return form_page(
        request,
        form=form,
        template="clients/kyc_form.html",
        write=lambda _data: note_document_owner(request, form, save, client=client),
        params=IDENTIFIER_PARAMS,
        success_url=tab_url,
        success_message=success_message,
        context=_form(
            client,
            title=title,
            submit=submit,
            tab_url=tab_url,
            formats=_document_formats(),
            one_column=True,
        ),
    )


@permission_required("DELETE_CLIENTIDENTIFIER")
def client_identifier_delete(request, pk: int, identifier_pk: int):
    client = owned_client(request, pk)
    identifier = identifiers.client_identifier(client, identifier_pk)
    tab_url = _identifier_tab_url(client)
    names = {"type": identifier.document_type.name, "number": identifier.document_key}
    if request.method != "POST":
        return _confirm_delete(
            request,
            title=_("Delete the %(type)s %(number)s?") % names,
            message=_(
                "The document disappears from the client's profile; the client's history "
                "keeps what it held. To keep it on record, make it inactive instead."
            ),
            cancel_url=tab_url,
        )
    return run_action(
        request,
        lambda: identifiers.identifier_delete(actor=request.user, identifier=identifier),
        success_message=_("%(type)s %(number)s deleted.") % names,
        next_url=tab_url,
    )


# --- family members ------------------------------------------------------------------------


def _family_tab_url(client: Client) -> str:
    return reverse("client_family", args=[client.pk])


def _member_name(member) -> str:
    return " ".join(part for part in (member.firstname, member.lastname) if part)


@permission_required("READ_CLIENT")
def client_family(request, pk: int):
    client = _tab_client(request, pk, "READ_FAMILYMEMBERS")
    today = clock.today()
    members = list(family.family_members_of(client))
    for member in members:
        member.shown_age = family.shown_age(member, today)
    return client_page(request, client, "family", {"members": members})


@permission_required("CREATE_FAMILYMEMBERS")
def client_family_member_create(request, pk: int):
    client = owned_client(request, pk)
    form = FamilyMemberForm(request.POST or None)
    tab_url = _family_tab_url(client)
    return form_page(
        request,
        form=form,
        template="clients/kyc_form.html",
        write=lambda _data: family.family_member_create(
            actor=request.user, client=client, fields=form.service_fields()
        ),
        params=FAMILY_PARAMS,
        success_url=tab_url,
        success_message=lambda member: (
            _("Family member “%(name)s” added.") % {"name": _member_name(member)}
        ),
        context=_form(
            client,
            title=_("Add a family member"),
            submit=_("Add family member"),
            tab_url=tab_url,
        ),
    )


@permission_required("UPDATE_FAMILYMEMBERS")
def client_family_member_update(request, pk: int, member_pk: int):
    client = owned_client(request, pk)
    member = family.family_member_of(client, member_pk)
    form = FamilyMemberForm(
        request.POST or None, member=member, initial=family_member_initial(member)
    )
    tab_url = _family_tab_url(client)
    return form_page(
        request,
        form=form,
        template="clients/kyc_form.html",
        write=lambda _data: family.family_member_update(
            actor=request.user, member=member, fields=form.service_fields()
        ),
        params=FAMILY_PARAMS,
        success_url=tab_url,
        success_message=_saved(_("Family member saved.")),
        context=_form(
            client,
            title=_("Edit %(name)s") % {"name": _member_name(member)},
            submit=_("Save"),
            tab_url=tab_url,
        ),
    )


@permission_required("DELETE_FAMILYMEMBERS")
def client_family_member_delete(request, pk: int, member_pk: int):
    client = owned_client(request, pk)
    member = family.family_member_of(client, member_pk)
    tab_url = _family_tab_url(client)
    name = {"name": _member_name(member)}
    if request.method != "POST":
        return _confirm_delete(
            request,
            title=_("Remove %(name)s from the client's family?") % name,
            message=_("The client's history keeps what the record held."),
            cancel_url=tab_url,
        )
    return run_action(
        request,
        lambda: family.family_member_delete(actor=request.user, member=member),
        success_message=_("Family member “%(name)s” deleted.") % name,
        next_url=tab_url,
    )


# --- addresses -----------------------------------------------------------------------------


def _address_tab_url(client: Client) -> str:
    return reverse("client_addresses", args=[client.pk])


def address_lines(address) -> list[str]:
    """The address as it is written on an envelope, one line per part that is filled."""
    place = ", ".join(
        part for part in (address.town_village, address.city, address.county_district) if part
    )
    region = " ".join(
        part
        for part in (
            address.postal_code,
            address.state_province.name if address.state_province_id else "",
        )
        if part
    )
    parts = [
        address.street,
        address.address_line_1,
        address.address_line_2,
        address.address_line_3,
        place,
        region,
        address.country.name if address.country_id else "",
    ]
    return [part for part in parts if part]


@permission_required("READ_CLIENT")
def client_addresses(request, pk: int):
    client = _tab_client(request, pk, "READ_ADDRESS")
    found = list(addresses.addresses_of(client))
    for address in found:
        address.lines = address_lines(address)
    may_toggle = addresses.address_rules()["isActive"].enabled
    return client_page(
        request, client, "addresses", {"addresses": found, "may_toggle_active": may_toggle}
    )


@permission_required("CREATE_ADDRESS")
def client_address_create(request, pk: int):
    client = owned_client(request, pk)
    form = AddressForm(request.POST or None, rules=addresses.address_rules())
    tab_url = _address_tab_url(client)
    return form_page(
        request,
        form=form,
        template="clients/kyc_form.html",
        write=lambda _data: addresses.address_create(
            actor=request.user, client=client, data=form.to_input()
        ),
        params=ADDRESS_PARAMS,
        success_url=tab_url,
        success_message=lambda address: (
            _("%(type)s address added.") % {"type": address.address_type.name}
        ),
        context=_form(
            client,
            title=_("Add an address"),
            submit=_("Add address"),
            tab_url=tab_url,
        ),
    )


@permission_required("UPDATE_ADDRESS")
def client_address_update(request, pk: int, address_pk: int):
    client = owned_client(request, pk)
    address = addresses.address_of(client, address_pk)
    form = AddressForm(
        request.POST or None,
        rules=addresses.address_rules(),
        address=address,
        initial=address_initial(address),
    )
    tab_url = _address_tab_url(client)

    return form_page(
        request,
        form=form,
        template="clients/kyc_form.html",
        write=lambda _data: addresses.address_update(
            actor=request.user, address=address, data=form.to_input()
        ),
        params=ADDRESS_PARAMS,
        success_url=tab_url,
        success_message=_saved(_("Address saved.")),
        context=_form(
            client,
            title=_("Edit the %(type)s address") % {"type": address.address_type.name},
            submit=_("Save"),
            tab_url=tab_url,
        ),
    )


@permission_required("UPDATE_ADDRESS")
@require_POST
def client_address_set_active(request, pk: int, address_pk: int, active: bool):
    client = owned_client(request, pk)
    address = addresses.address_of(client, address_pk)
    kind = {"type": address.address_type.name}
    message = (
        _("%(type)s address made active.") if active else _("%(type)s address made inactive.")
    ) % kind
    return run_action(
        request,
        lambda: addresses.address_update(
            actor=request.user, address=address, data=addresses.AddressInput(is_active=active)
        ),
        success_message=message,
        next_url=_address_tab_url(client),
    )


# --- possible duplicates, before saving ----------------------------------------------------

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
    probe = _probe(request.POST, int(client_id) if client_id.isdigit() else None)
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
