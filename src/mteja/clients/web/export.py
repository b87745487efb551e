"""The clients list as a download: the list's own filters (its form's query string), as CSV
or Excel (clients/bulk/export.py); each list page links to the download of what it shows,
every column or those the user ticks."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mteja.clients.bulk.columns import Column
from mteja.clients.bulk.download import download, export_of
from mteja.clients.bulk.export import PERMISSION, chosen_columns
from mteja.clients.web.filter_form import ClientFilterForm
from mteja.core.errors import MtejaError
from mteja.core.web.access import permission_required
from mteja.core.web.forms import refusals


@dataclass(frozen=True)
class Download:
    label: str
    url: str


@dataclass(frozen=True)
class Downloads:
    """The list's downloads: every column in each format (`links`), and where the form
    choosing the columns is loaded from once the user opens it (`columns_url`: the columns
    are read then, not on every page of the list)."""

    links: list[Download]
    columns_url: str
    note: str = ""  # what the downloads hold that the list does not show


_FORMAT_LABELS = {"csv": _("CSV"), "xlsx": _("Excel")}
_NOT_FILTERS = ("page", "sort", "format", "columns")


def _filters(request):
    """The list's filters of the request's query string."""
    query = request.GET.copy()
    for key in _NOT_FILTERS:
        query.pop(key, None)
    return query


# The list ranks a search's newest matches; its download holds them all (decision 96).
_EVERY_MATCH = _("The download holds every client the search finds, not only those listed.")


def list_downloads(request, *, searching: bool = False) -> Downloads | None:
    """The downloads of the list as filtered now, for a user who may export; `searching`
    when the list is a search's."""
    if not request.user.has_fineract_permission(PERMISSION):
        return None
    query = _filters(request)
    columns_url = f"{reverse('client_export_columns')}?{query.urlencode()}"
    base = reverse("client_export")
    links = []
    for chosen, label in _FORMAT_LABELS.items():
        query["format"] = chosen
        links.append(Download(str(label), f"{base}?{query.urlencode()}"))
    return Downloads(links, columns_url, str(_EVERY_MATCH) if searching else "")


@permission_required(PERMISSION)
def client_export_columns(request):
    """The form choosing an export's columns, for the list filtered as the query says."""
    columns = [(column.name, _label(column)) for column in chosen_columns(None, request.user)]
    context = {
        "action": reverse("client_export"),
        "filters": [(key, value) for key, values in _filters(request).lists() for value in values],
        "columns": columns,
        "formats": [(chosen, str(label)) for chosen, label in _FORMAT_LABELS.items()],
    }
    return render(request, "clients/export_columns.html", context)


def _label(column: Column) -> str:
    """A column's name in the user's language: its field's, or the field of the client's
    identity document or address it shows; a custom field's, its own (the institution's)."""
    field = column.field
    if field is None and column.related is not None and not column.key:
        field = column.related.rows().model._meta.get_field(column.path)
    return capfirst(field.verbose_name) if field else column.name


@permission_required(PERMISSION)
def client_export(request):
    form = ClientFilterForm(request.GET, user=request.user)
    back = f"{reverse('client_list')}?{_filters(request).urlencode()}".rstrip("?")
    if refused := refusals(form):
        # The list shows the clients of the filters it takes, saying which it refuses: an
        # export of the other filters alone would be of clients the user did not ask for.
        return _refusal_page(request, 400, refused, back)
    try:
        export = export_of(request.user, request.GET, filters=form.selection())
        return download(export, head=request.method == "HEAD")
    except MtejaError as failure:  # a bad parameter (400), or the export slots taken (429)
        return refused_download(request, failure, back)


def refused_download(request, failure: MtejaError, back_url: str) -> HttpResponse:
    """A download that cannot be made (a second click while the first still streams, the
    server's export slots taken, a bad parameter): a page of the app saying why, in the
    user's language, with the way back to the page the link was on. (The links carry no
    `download` attribute: with one, the browser would show a refusal as a failed download,
    saying nothing; a file that comes is a download all the same, by its Content-Disposition.)
    The API answers Fineract's error body instead."""
    messages = [error.message for error in failure.errors]
    return _refusal_page(request, failure.status, messages, back_url)


def _refusal_page(request, status: int, messages: list[str], back_url: str) -> HttpResponse:
    context = {"busy": status == 429, "messages_shown": messages, "back_url": back_url}
    return render(request, "clients/download_refused.html", context, status=status)
