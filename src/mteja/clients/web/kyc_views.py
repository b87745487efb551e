"""The know-your-customer tabs of a client's page — identity documents, family members,
addresses — with their add, edit and delete pages. Every write goes through the services of
clients.kyc, each page's form translating its fields into the service's typed input."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mteja.clients.kyc import addresses, family, identifiers
from mteja.clients.models import Client
from mteja.clients.web.duplicate_check import client_duplicate_check
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
from mteja.clients.web.pages import client_in_scope, client_page, owned_client
from mteja.clients.web.part_pages import confirm_page, part_form_page, saved, tab_url
from mteja.clients.web.views import note_document_owner
from mteja.core import clock
from mteja.core.web.access import permission_required
from mteja.core.web.forms import run_action

__all__ = ["client_duplicate_check"]  # served from here, written in duplicate_check


def _tab_page(request, pk: int, permission: str, tab: str, rows: list, **context):
    """A KYC tab of the client's page (the page gate checked READ_CLIENT)."""
    if not request.user.has_fineract_permission(permission):
        raise PermissionDenied
    client = client_in_scope(request, pk)
    return client_page(request, client, tab, {"rows": rows(client), **context})


# --- identity documents --------------------------------------------------------------------


@permission_required("READ_CLIENT")
def client_identifiers(request, pk: int):
    def rows(client):
        return list(identifiers.client_identifiers(client))

    return _tab_page(request, pk, "READ_CLIENTIDENTIFIER", "identifiers", rows, today=clock.today())


def _document_formats() -> list:
    """The format rules of the active document types, for the hint under the form."""
    return [
        (document_type.name, rule)
        for document_type in identifiers.document_types()
        if (rule := identifiers.format_of(document_type)) is not None
        and (rule.message or rule.check_digit or rule.expiry_required)
    ]


def _identifier_page(request, client, form, save, **page):
    """The add and edit pages of an identity document: the same form, the same way of naming
    the client who already holds a number."""
    return part_form_page(
        request,
        client,
        form,
        lambda: note_document_owner(request, form, save, client=client),
        tab="identifiers",
        params=IDENTIFIER_PARAMS,
        formats=_document_formats(),
        one_column=True,
        **page,
    )


def _document_names(identifier) -> dict[str, str]:
    return {"type": identifier.document_type.name, "number": identifier.document_key}


@permission_required("CREATE_CLIENTIDENTIFIER")
def client_identifier_create(request, pk: int):
    client = owned_client(request, pk)
    initial = {}
    if (type_id := request.GET.get("type", "")).isdigit():
        initial["document_type"] = int(type_id)
    form = IdentifierForm(request.POST or None, initial=initial)
    return _identifier_page(
        request,
        client,
        form,
        lambda: identifiers.identifier_create(
            actor=request.user, client=client, data=form.to_input()
        ),
        success_message=lambda identifier: (
            _("%(type)s %(number)s added.") % _document_names(identifier)
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
    return _identifier_page(
        request,
        client,
        form,
        lambda: identifiers.identifier_update(
            actor=request.user, identifier=identifier, data=form.to_input()
        ),
        success_message=saved(_("Identity document saved.")),
        title=_("Edit %(type)s %(number)s") % _document_names(identifier),
        submit=_("Save"),
    )


@permission_required("DELETE_CLIENTIDENTIFIER")
def client_identifier_delete(request, pk: int, identifier_pk: int):
    client = owned_client(request, pk)
    identifier = identifiers.client_identifier(client, identifier_pk)
    names = _document_names(identifier)
    return confirm_page(
        request,
        title=_("Delete the %(type)s %(number)s?") % names,
        message=_(
            "The document disappears from the client's profile; the client's history "
            "keeps what it held. To keep it on record, make it inactive instead."
        ),
        action=lambda: identifiers.identifier_delete(actor=request.user, identifier=identifier),
        success_message=_("%(type)s %(number)s deleted.") % names,
        next_url=tab_url(client, "identifiers"),
    )


# --- family members ------------------------------------------------------------------------


def _member_name(member) -> dict[str, str]:
    return {"name": " ".join(part for part in (member.firstname, member.lastname) if part)}


@permission_required("READ_CLIENT")
def client_family(request, pk: int):
    def rows(client):
        today = clock.today()
        members = list(family.family_members_of(client))
        for member in members:
            member.shown_age = family.shown_age(member, today)
        return members

    return _tab_page(request, pk, "READ_FAMILYMEMBERS", "family", rows)


@permission_required("CREATE_FAMILYMEMBERS")
def client_family_member_create(request, pk: int):
    client = owned_client(request, pk)
    form = FamilyMemberForm(request.POST or None)
    return part_form_page(
        request,
        client,
        form,
        lambda: family.family_member_create(
            actor=request.user, client=client, data=form.to_input()
        ),
        tab="family",
        params=FAMILY_PARAMS,
        success_message=lambda member: _("Family member “%(name)s” added.") % _member_name(member),
        title=_("Add a family member"),
        submit=_("Add family member"),
    )


@permission_required("UPDATE_FAMILYMEMBERS")
def client_family_member_update(request, pk: int, member_pk: int):
    client = owned_client(request, pk)
    member = family.family_member_of(client, member_pk)
    form = FamilyMemberForm(
        request.POST or None, member=member, initial=family_member_initial(member)
    )
    return part_form_page(
        request,
        client,
        form,
        lambda: family.family_member_update(
            actor=request.user, member=member, data=form.to_input()
        ),
        tab="family",
        params=FAMILY_PARAMS,
        success_message=saved(_("Family member saved.")),
        title=_("Edit %(name)s") % _member_name(member),
        submit=_("Save"),
    )


@permission_required("DELETE_FAMILYMEMBERS")
def client_family_member_delete(request, pk: int, member_pk: int):
    client = owned_client(request, pk)
    member = family.family_member_of(client, member_pk)
    name = _member_name(member)
    return confirm_page(
        request,
        title=_("Remove %(name)s from the client's family?") % name,
        message=_("The client's history keeps what the record held."),
        action=lambda: family.family_member_delete(actor=request.user, member=member),
        success_message=_("Family member “%(name)s” deleted.") % name,
        next_url=tab_url(client, "family"),
    )


# --- addresses -----------------------------------------------------------------------------


def address_lines(address) -> list[str]:
    """The address as it is written on an envelope, one line per part that is filled."""
    place = ", ".join(
        part for part in (address.town_village, address.city, address.county_district) if part
    )
    state = address.state_province.name if address.state_province_id else ""
    region = " ".join(part for part in (address.postal_code, state) if part)
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
    def rows(client):
        found = list(addresses.addresses_of(client))
        for address in found:
            address.lines = address_lines(address)
        return found

    may_toggle = addresses.address_rules()["isActive"].enabled
    return _tab_page(request, pk, "READ_ADDRESS", "addresses", rows, may_toggle_active=may_toggle)


def _address_page(request, client: Client, form, write, **page):
    return part_form_page(
        request, client, form, write, tab="addresses", params=ADDRESS_PARAMS, **page
    )


@permission_required("CREATE_ADDRESS")
def client_address_create(request, pk: int):
    client = owned_client(request, pk)
    form = AddressForm(request.POST or None, rules=addresses.address_rules())
    return _address_page(
        request,
        client,
        form,
        lambda: addresses.address_create(actor=request.user, client=client, data=form.to_input()),
        success_message=lambda address: (
            _("%(type)s address added.") % {"type": address.address_type.name}
        ),
        title=_("Add an address"),
        submit=_("Add address"),
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
    return _address_page(
        request,
        client,
        form,
        lambda: addresses.address_update(actor=request.user, address=address, data=form.to_input()),
        success_message=saved(_("Address saved.")),
        title=_("Edit the %(type)s address") % {"type": address.address_type.name},
        submit=_("Save"),
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
        next_url=tab_url(client, "addresses"),
    )
