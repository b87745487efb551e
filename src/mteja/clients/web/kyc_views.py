"""The add, edit and delete pages of a client's know-your-customer records — identity
documents, family members, addresses — declared (clients/web/part_pages.py). Their tabs are
tables (clients/web/pages.py `TABS`, clients/web/kyc_tables.py). Every write goes through the
services of clients.kyc, each page's form translating its fields into the service's typed
input."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _

from mteja.clients.kyc import addresses, family, identifiers
from mteja.clients.models import ClientAddress, ClientFamilyMember, ClientIdentifier
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
from mteja.clients.web.kyc_tables import document_names
from mteja.clients.web.part_pages import (
    ClientPartActionView,
    ClientPartDeleteView,
    ClientPartEditView,
    ClientPartView,
    part_paths,
)
from mteja.clients.web.views import note_document_owner
from mteja.core.api.query import ascii_digits

__all__ = ["client_duplicate_check"]  # served from here, written in duplicate_check


# --- identity documents --------------------------------------------------------------------


class IdentifierPage(ClientPartView):
    model = ClientIdentifier
    tab = "identifiers"
    find = identifiers.client_identifier
    object_kwarg = "identifier"

    def message_names(self, record):
        return document_names(record)


def _document_formats() -> list:
    """The format rules of the active document types, for the hint under the form."""
    return [
        (document_type.label, rule)
        for document_type in identifiers.document_types()
        if (rule := identifiers.format_of(document_type)) is not None
        and (rule.message or rule.check_digit or rule.expiry_required)
    ]


class IdentifierEditView(IdentifierPage, ClientPartEditView):
    form = IdentifierForm
    initial = identifier_initial
    create = identifiers.identifier_create
    update = identifiers.identifier_update
    params = IDENTIFIER_PARAMS
    add_title = _("Add an identity document")
    edit_title = _("Edit %(type)s %(number)s")
    add_label = _("Add document")
    created_message = _("%(type)s %(number)s added.")
    saved_message = _("Identity document saved.")
    one_column = True

    def creation_defaults(self):
        """The type the KYC indicator's link names (`?type=7`)."""
        type_id = self.request.GET.get("type", "")
        return {"document_type": int(type_id)} if ascii_digits(type_id) else {}

    def write(self, call):
        """A number that belongs to another client: the page names that client."""
        return note_document_owner(self.request, self.bound_form, call, client=self.client)

    def get_extra_context(self):
        return {**super().get_extra_context(), "formats": _document_formats()}


class IdentifierDeleteView(IdentifierPage, ClientPartDeleteView):
    delete_service = identifiers.identifier_delete
    confirm_title = _("Delete the %(type)s %(number)s?")
    confirm_message = _(
        "The document disappears from the client's profile; the client's history "
        "keeps what it held. To keep it on record, make it inactive instead."
    )
    deleted_message = _("%(type)s %(number)s deleted.")


# --- family members ------------------------------------------------------------------------


class FamilyMemberPage(ClientPartView):
    model = ClientFamilyMember
    tab = "family"
    find = family.family_member_of
    object_kwarg = "member"

    def message_names(self, record):
        return {"name": " ".join(part for part in (record.firstname, record.lastname) if part)}


class FamilyMemberEditView(FamilyMemberPage, ClientPartEditView):
    form = FamilyMemberForm
    initial = family_member_initial
    create = family.family_member_create
    update = family.family_member_update
    params = FAMILY_PARAMS
    add_title = _("Add a family member")
    edit_title = _("Edit %(name)s")
    add_label = _("Add family member")
    created_message = _("Family member “%(name)s” added.")
    saved_message = _("Family member saved.")


class FamilyMemberDeleteView(FamilyMemberPage, ClientPartDeleteView):
    delete_service = family.family_member_delete
    confirm_title = _("Remove %(name)s from the client's family?")
    confirm_message = _("The client's history keeps what the record held.")
    deleted_message = _("Family member “%(name)s” deleted.")


# --- addresses -----------------------------------------------------------------------------


class AddressPage(ClientPartView):
    model = ClientAddress
    tab = "addresses"
    find = addresses.address_of
    object_kwarg = "address"

    def message_names(self, record):
        return {"type": record.address_type.label}


class AddressEditView(AddressPage, ClientPartEditView):
    form = AddressForm
    initial = address_initial
    create = addresses.address_create
    update = addresses.address_update
    params = ADDRESS_PARAMS
    add_title = _("Add an address")
    edit_title = _("Edit the %(type)s address")
    add_label = _("Add address")
    created_message = _("%(type)s address added.")
    saved_message = _("Address saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "rules": addresses.address_rules()}


class AddressActiveView(AddressPage, ClientPartActionView):
    """Makes an address active (`active=True`) or inactive."""

    active = True

    @property
    def success_message(self):
        if self.active:
            return _("%(type)s address made active.")
        return _("%(type)s address made inactive.")

    def act(self):
        addresses.address_update(
            actor=self.actor,
            address=self.object,
            data=addresses.AddressInput(is_active=self.active),
        )


urlpatterns = [
    *part_paths("identifiers", "identifier", IdentifierEditView, IdentifierDeleteView),
    *part_paths("family", "family_member", FamilyMemberEditView, FamilyMemberDeleteView),
    *part_paths("addresses", "address", AddressEditView),
    path(
        "clients/<int:pk>/addresses/<int:part_pk>/deactivate/",
        AddressActiveView.as_view(active=False),
        name="client_address_deactivate",
    ),
    path(
        "clients/<int:pk>/addresses/<int:part_pk>/activate/",
        AddressActiveView.as_view(active=True),
        name="client_address_activate",
    ),
]
