"""The search box in the header of every page: a few of the user's clients as one types.

The box's text is the client list's own search (ClientFilterSet's `search`), read through the
list's index ranges (core.paging), best matches first, a handful of rows: Enter opens the whole list
at /clients/?q=…. The matched part of each name and account number is marked, found the way a
reader would find it: whatever the case or accents."""

from __future__ import annotations

import unicodedata

from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from mteja.clients import selectors
from mteja.clients.filtersets import ClientFilterSet
from mteja.clients.search.matching import SCORE, search_listing
from mteja.clients.web.filter_form import ClientFilterForm
from mteja.clients.web.tables import status_badge
from mteja.core.paging import Order
from mteja.core.web.access import permission_required

RESULTS = 8
SHORTEST = 2  # characters: shorter text matches too much to help
LONGEST = ClientFilterForm.base_fields["q"].max_length


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` without case or accents, with the index in `text` of each folded character."""
    folded, origins = [], []
    for index, char in enumerate(text):
        bare = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        piece = bare.casefold()
        folded.append(piece)
        origins.extend([index] * len(piece))
    return "".join(folded), origins


def _spans(haystack: str, needles: list[str]) -> list[tuple[int, int]]:
    """Where the needles occur in `haystack`, overlapping spans merged, in order."""
    found = []
    for needle in needles:
        start = 0
        while (at := haystack.find(needle, start)) >= 0:
            found.append((at, at + len(needle)))
            start = at + len(needle)
    merged: list[tuple[int, int]] = []
    for begin, end in sorted(found):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((begin, end))
    return merged


def highlighted(text: str, query: str) -> SafeString:
    """`text`, escaped, with each occurrence of the query, or of each of its words (any case
    or accents, any order), in <mark>."""
    haystack, origins = _folded(text)
    whole, _origins = _folded(query.strip())
    needles = [whole, *whole.split()] if whole else []
    pieces, shown = [], 0
    for begin, end in _spans(haystack, [n for n in needles if n]):
        first, last = origins[begin], origins[end - 1] + 1
        if first < shown:
            continue
        pieces.append(format_html("{}<mark>{}</mark>", text[shown:first], text[first:last]))
        shown = last
    pieces.append(format_html("{}", text[shown:]))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def quick_results(*, user, query: str) -> list:
    """The user's clients the list's search finds best for `query`: at most RESULTS."""
    filtered = ClientFilterSet(
        {"search": query}, queryset=selectors.client_table_rows(), user=user
    ).results()
    listing = search_listing(filtered, user)
    return listing.page(Order(SCORE, descending=True), 0, RESULTS)


@permission_required("READ_CLIENT")
@require_GET
def client_quick_search(request):
    """The header box's answer (HTMX): a short list of links, or nothing for short text."""
    query = request.GET.get("q", "").strip()[:LONGEST]
    rows = []
    if len(query) >= SHORTEST:
        rows = [
            {
                "client": client,
                "name": highlighted(client.display_name or "", query),
                "account_no": highlighted(client.account_no or "", query),
                "status": status_badge(client.status),
            }
            for client in quick_results(user=request.user, query=query)
        ]
    context = {
        "query": query,
        "rows": rows,
        "searched": len(query) >= SHORTEST,
        # Each row's photo (the documents app draws nobody's when there is none).
        "photos": request.user.has_fineract_permission("READ_CLIENTIMAGE"),
    }
    return render(request, "clients/quick_search_results.html", context)
