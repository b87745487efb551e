"""Settings of the client rules, for administrators: identity document formats, the client
rules (ages, required fields, formats, duplicate policies) and the address fields. Each page
is readable with its READ_ code and editable with its UPDATE_ code; every change goes through
a service, which records it in the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.clients.kyc import addresses, identifiers, policy
from mteja.clients.web.settings_forms import (
    POLICY_PARAMS,
    AddressFieldsForm,
    ClientPolicyForm,
    IdentifierFormatForm,
)
from mteja.core.web.access import permission_required
from mteja.core.web.forms import form_page

# --- the index -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SettingsPage:
    url_name: str
    permission: str
    title: str
    summary: str


SETTINGS_PAGES = [
    SettingsPage(
        "client_policy",
        "READ_CLIENTPOLICY",
        gettext_lazy("Client rules"),
        gettext_lazy("Ages, required fields per legal form, mobile and email formats, duplicates."),
    ),
    SettingsPage(
        "identifier_format_list",
        "READ_IDENTIFIERFORMAT",
        gettext_lazy("Identity document formats"),
        gettext_lazy("Number formats, check digits, expiry, documents required to activate."),
    ),
    SettingsPage(
        "address_fields",
        "READ_FIELDCONFIGURATION",
        gettext_lazy("Address fields"),
        gettext_lazy("Which address fields are used, which are mandatory, their formats."),
    ),
    SettingsPage(
        "custom_table_list",
        "READ_DATATABLE",
        gettext_lazy("Custom fields"),
        gettext_lazy("Your institution's own client fields, grouped in tables."),
    ),
]
SETTINGS_PERMISSIONS = tuple(page.permission for page in SETTINGS_PAGES)


@permission_required(None)
def settings_index(request):
    pages = [
        page for page in SETTINGS_PAGES if request.user.has_fineract_permission(page.permission)
    ]
    if not pages:
        raise PermissionDenied
    return render(request, "clients/settings_index.html", {"pages": pages})


# --- client rules --------------------------------------------------------------------------


@permission_required("READ_CLIENTPOLICY")
def client_policy(request):
    editable = request.user.has_fineract_permission("UPDATE_CLIENTPOLICY")
    if request.method == "POST" and not editable:
        raise PermissionDenied
    form = ClientPolicyForm(
        request.POST or None, current=policy.current_policy(), editable=editable
    )
    return _settings_form(
        request,
        form,
        "client_policy",
        lambda: policy.client_policy_update(actor=request.user, **form.changed_fields()),
        params=POLICY_PARAMS,
        saved=_("The client rules are saved."),
        unchanged=_("Nothing to save: no rule was changed."),
        editable=editable,
    )


def _settings_form(request, form, name: str, write, *, params, saved, unchanged, editable):
    """A settings page of one form (clients/<name>.html) that saves and comes back."""
    return form_page(
        request,
        form=form,
        template=f"clients/{name}.html",
        write=lambda _data: write(),
        params=params,
        success_url=reverse(name),
        success_message=lambda changes: saved if changes else unchanged,
        context={"editable": editable},
    )


# --- identifier formats --------------------------------------------------------------------


@permission_required("READ_IDENTIFIERFORMAT")
def identifier_format_list(request):
    types = list(identifiers.document_types(active_only=False))
    rows = [(document_type, identifiers.format_of(document_type)) for document_type in types]
    return render(request, "clients/identifier_format_list.html", {"rows": rows})


@permission_required("UPDATE_IDENTIFIERFORMAT")
def identifier_format_update(request, type_pk: int):
    document_type = identifiers.document_type_for_format(type_pk)
    rule = identifiers.identifier_format_for(document_type)
    form = IdentifierFormatForm(
        request.POST or None,
        initial={name: getattr(rule, name) for name in identifiers.FORMAT_AUDIT_FIELDS},
    )
    return form_page(
        request,
        form=form,
        template="clients/settings_form.html",
        write=lambda _data: identifiers.identifier_format_update(
            actor=request.user,
            format=rule,
            **{name: form.cleaned_data[name] for name in form.changed_data},
        ),
        success_url=reverse("identifier_format_list"),
        success_message=lambda result: (
            _("The format of %(type)s is saved.") % {"type": document_type.name}
            if result[1]
            else _("Nothing to save: no field was changed.")
        ),
        context={
            "title": _("Format of %(type)s") % {"type": document_type.name},
            "parent_title": _("Identity document formats"),
            "parent_url": reverse("identifier_format_list"),
            "intro": _(
                "Applies to documents added or changed from now on; documents already "
                "recorded keep their numbers."
            ),
        },
    )


# --- address fields ------------------------------------------------------------------------


@permission_required("READ_FIELDCONFIGURATION")
def address_fields(request):
    editable = request.user.has_fineract_permission("UPDATE_FIELDCONFIGURATION")
    if request.method == "POST" and not editable:
        raise PermissionDenied
    rows = list(addresses.field_configurations(addresses.ENTITY))
    form = AddressFieldsForm(request.POST or None, rows=rows, editable=editable)
    return _settings_form(
        request,
        form,
        "address_fields",
        lambda: addresses.field_configuration_update(
            actor=request.user, entity=addresses.ENTITY, updates=form.updates()
        ),
        params=form.params(),
        saved=_("The address fields are saved."),
        unchanged=_("Nothing to save: no field was changed."),
        editable=editable,
    )
