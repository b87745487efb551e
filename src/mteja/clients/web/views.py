"""Pages of clients: the list, the create and edit forms and deletion. Every write goes through
clients.services. The client's 360° page and its tabs are pages.py, the lifecycle actions
commands.py, the know-your-customer tabs kyc_views, the custom fields custom_views, the
administrator's settings settings_views."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mteja.clients import selectors, services
from mteja.clients.filtersets import ClientFilterSet
from mteja.clients.kyc import custom_fields
from mteja.clients.models import Client, ClientStatus, CustomRow, LegalForm
from mteja.clients.search.matching import SCORE, is_search, kept_matches, search_listing
from mteja.clients.web.export import list_downloads
from mteja.clients.web.fields import loan_officers
from mteja.clients.web.filter_form import ClientFilterForm
from mteja.clients.web.forms import (
    CLIENT_PARAMS,
    ClientForm,
    changed_fields,
    client_initial,
    service_fields,
)
from mteja.clients.web.pages import owned_client
from mteja.clients.web.tables import ClientTable
from mteja.core import clock
from mteja.core.api.query import ascii_digits
from mteja.core.errors import MtejaError, ParameterError, StaleVersion, UniquenessViolation
from mteja.core.paging import Listing, keep_newest
from mteja.core.web.access import permission_required
from mteja.core.web.forms import form_page, run_action
from mteja.core.web.generic import ObjectListView
from mteja.organisation.models import Office

DOCUMENT_TAKEN = "error.msg.clientIdentifier.identityKey.duplicate"
STALE_MESSAGE = gettext_lazy(
    "Someone else changed this client after you opened this page, so nothing was saved. "
    "Reload the page to see the current data, then make your change again."
)

# --- List ----------------------------------------------------------------------------------


class ClientListView(ObjectListView):
    model = Client
    queryset = selectors.client_table_rows()
    filterset = ClientFilterSet
    filter_form = ClientFilterForm
    table = ClientTable
    lazy = True

    def default_order(self, rows):
        # A search lists its best matches first among its newest (clients/search/matching.py).
        if not is_search(rows):
            return rows
        return keep_newest(rows, kept_matches()).order_by(f"-{SCORE}", "-id")

    def count_bound(self) -> int:
        if is_search(self.filtered):
            return settings.MTEJA_SEARCH_MATCH_LIMIT
        return super().count_bound()

    def bounded_count(self, rows) -> int | None:
        # The scope read as index ranges (core.paging), as the API counts it.
        user = self.request.user
        if is_search(self.filtered):
            return search_listing(self.filtered, user).count(self.count_bound())
        return Listing(self.filtered, self.filtered.scope_parts(user)).count(self.count_bound())

    def get_list_context(self, rows) -> dict:
        return {"downloads": list_downloads(self.request, searching=is_search(self.filtered))}


@permission_required("READ_CLIENT")
def client_officer_options(request):
    """The <option>s of the loan-officer drop-down for the office chosen in a form (HTMX)."""
    office_id = request.GET.get("office") or request.GET.get("destination_office") or ""
    office = None
    if ascii_digits(office_id):
        office = Office.objects.restrict(request.user).filter(pk=int(office_id)).first()
    officers = loan_officers(user=request.user, office=office)
    return render(request, "clients/officer_options.html", {"officers": officers})


# --- Create and edit -----------------------------------------------------------------------


def _name_params(request) -> dict:
    """A "no name given" error (parameter `id`) belongs beside the name the user must fill."""
    entity = request.POST.get("legal_form") == str(LegalForm.ENTITY.value)
    return {**CLIENT_PARAMS, "id": "fullname" if entity else "firstname"}


def _warn_about_duplicates(request, warnings: list[dict]) -> None:
    """The service's possible duplicates, as warnings on the page the user lands on. Clients
    the user may see are named, with a link; others are only counted (their names are not the
    user's to know)."""
    if not warnings:
        return
    ids = {pk for warning in warnings for pk in warning.get("clientIds", [])}
    visible = {
        client.pk: client
        for client in Client.objects.restrict(request.user)
        .filter(pk__in=ids)
        .only("display_name", "account_no")
    }
    for warning in warnings:
        matches = warning.get("clientIds", [])
        parts = [
            format_html(
                '<a href="{}">{} ({})</a>',
                reverse("client_detail", args=[pk]),
                visible[pk].display_name,
                visible[pk].account_no,
            )
            for pk in matches
            if pk in visible
        ]
        hidden = warning.get("otherOfficesCount", 0) + sum(1 for pk in matches if pk not in visible)
        if hidden:
            parts.append(
                ngettext(
                    "%(count)d client of another office",
                    "%(count)d clients of another office",
                    hidden,
                )
                % {"count": hidden}
            )
        if not parts:
            continue
        names = format_html_join(", ", "{}", ((part,) for part in parts))
        if warning.get("parameterName") == "mobileNo":
            text = _("Possible duplicate: the same mobile number is recorded for %(clients)s.")
        else:
            text = _("Possible duplicate: same name and date of birth as %(clients)s.")
        before, _sep, after = text.partition("%(clients)s")
        messages.warning(request, format_html("{}{}{}", before, names, after))


@permission_required("CREATE_CLIENT")
def client_create(request):
    today = clock.today()
    form = ClientForm(
        request.POST or None,
        user=request.user,
        custom_tables=custom_fields.client_tables(),
        initial={
            "legal_form": LegalForm.PERSON,
            "office": request.GET.get("office") or request.user.office_id,
            "submitted_on": today,
            "activation_date": today,
        },
    )
    if not request.user.has_fineract_permission("ACTIVATE_CLIENT"):
        del form.fields["active"], form.fields["activation_date"]
    outcome = []
    params = _name_params(request)

    def write(data):
        fields = service_fields(data)
        if data.get("staff"):
            fields["staff_id"] = data["staff"].pk
        if data.get("active"):
            fields["active"] = True
            fields["activation_date"] = data.get("activation_date")
        parts = form.inline_parts()  # the identity document and custom fields, if given
        fields.update(parts["fields"])
        params.update(parts["params"])

        def create():
            return services.client_create(actor=request.user, office=data["office"], fields=fields)

        outcome.append(note_document_owner(request, form, create))
        return outcome[0]

    response = form_page(
        request,
        form=form,
        template="clients/client_form.html",
        write=write,
        params=params,
        success_url=lambda result: reverse("client_detail", args=[result.client.pk]),
        success_message=lambda result: (
            _("Client “%(name)s” created.") % {"name": result.client.display_name}
        ),
        context={"cancel_url": reverse("client_list")},
        check_refused=True,
    )
    if outcome and response.status_code == 302:
        _warn_about_duplicates(request, outcome[0].warnings)
    return response


def _conflict_as_form_error(form, call: Callable):
    """Runs `call`; a stale version becomes the one message above the form, in the user's
    language, with what they typed kept."""
    try:
        return call()
    except StaleVersion as error:
        form.stale = True
        error.errors = [ParameterError(error.first.code, "version", str(STALE_MESSAGE))]
        raise


@permission_required("UPDATE_CLIENT")
def client_update(request, pk: int):
    client = owned_client(request, pk)
    detail_url = reverse("client_detail", args=[client.pk])
    initial = client_initial(client)
    tables = list(custom_fields.client_tables())
    rows = {row.table_id: row for row in CustomRow.objects.filter(client=client)}
    form = ClientForm(
        request.POST or None,
        user=request.user,
        client=client,
        initial=initial,
        custom_tables=tables,
        custom_current={t.pk: custom_fields.typed_values(t, rows.get(t.pk)) for t in tables},
    )
    outcome = []

    def write(data):
        fields = changed_fields(service_fields(initial), service_fields(data))

        def update():
            # The client and its custom values together, or neither.
            with transaction.atomic():
                result = services.client_update(
                    actor=request.user,
                    client=client,
                    fields=fields,
                    expected_version=data.get("version"),
                )
                return result, save_custom_values(request.user, client, form, rows)

        result, custom_changed = _conflict_as_form_error(form, update)
        outcome.append(result)
        return result, custom_changed

    response = form_page(
        request,
        form=form,
        template="clients/client_form.html",
        write=write,
        params=_name_params(request),
        success_url=detail_url,
        success_message=lambda outcome: (
            _("Client “%(name)s” saved.") % {"name": outcome[0].client.display_name}
            if outcome[0].changes or outcome[1]
            else _("Nothing to save: no field was changed.")
        ),
        context={"client": client, "object": client, "cancel_url": detail_url},
    )
    if outcome and response.status_code == 302:
        _warn_about_duplicates(request, outcome[0].warnings)
    return response


def save_custom_values(user, client: Client, form: ClientForm, rows: dict) -> bool:
    """Writes the custom values the user changed in the client form, a table at a time
    (a table without a row yet gets one once something is filled in). Errors come back
    beside the form's fields. Returns whether anything changed."""
    changed = False
    for section in form.custom_sections:
        values = section.values(changed_only=True)
        row = rows.get(section.table.pk)
        if row is None:
            values = {name: value for name, value in values.items() if value is not None}
        if not values:
            continue
        service = custom_fields.custom_row_update if row else custom_fields.custom_row_create
        try:
            _row, changes = service(actor=user, table=section.table, client=client, values=values)
        except MtejaError as error:
            error.errors = [
                replace(e, param=section.field_for(e.param) or e.param) for e in error.errors
            ]
            raise
        changed = changed or bool(changes)
    return changed


def note_document_owner(request, form, call: Callable, *, client: Client | None = None):
    """Runs `call`; when a document number belongs to another client than `client`,
    `form.owner` is that client if the user may see it (the page links to it), or
    `form.owner_hidden` is set (the refusal then names no client: it carries no id)."""
    try:
        return call()
    except UniquenessViolation as error:
        holder_id = error.first.value
        if error.first.code == DOCUMENT_TAKEN and holder_id != getattr(client, "pk", None):
            form.owner = (
                Client.objects.restrict(request.user, "READ_CLIENT")
                .filter(pk=holder_id)
                .only("display_name", "account_no")
                .first()
                if holder_id
                else None
            )
            form.owner_hidden = form.owner is None
        raise


@permission_required("DELETE_CLIENT")
def client_delete(request, pk: int):
    client = owned_client(request, pk)
    detail_url = reverse("client_detail", args=[client.pk])
    if client.status != ClientStatus.PENDING:
        messages.error(request, _("Only a client pending activation can be deleted."))
        return redirect(detail_url)
    if request.method != "POST":
        return render(
            request,
            "core/confirm.html",
            {
                "title": _("Delete the client “%(name)s”?") % {"name": client.display_name},
                "message": _(
                    "The client was never activated. The record disappears; the audit log "
                    "keeps what it held. This cannot be undone."
                ),
                "confirm_label": _("Delete client"),
                "cancel_url": detail_url,
            },
        )
    return run_action(
        request,
        lambda: services.client_delete(actor=request.user, client=client),
        success_message=_("Client “%(name)s” deleted.") % {"name": client.display_name},
        next_url=reverse("client_list"),
        failure_url=detail_url,
    )
