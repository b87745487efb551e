"""The querysets an export reads, in its order: the user's scope parts (office by office,
then those awaiting transfer in), each an index range read by id.

An export of a search holds every match, however many: a back office exports a search to
have the clients it finds (for a mailing, a check, a regulator), where the list, made to pick
one client, ranks only the newest MTEJA_SEARCH_MATCH_LIMIT. On a database that reads a
search's matches whole before the rows they pick (SQLite: `engines.holds_matches`), a part
is read window by window of MTEJA_EXPORT_SEARCH_WINDOW client ids, the search's index lookup
kept to each window (FTS5 seeks its rowid range): memory holds one window's ids and rows,
whatever the text finds, in the same order and at about the same cost (a window without a
match is one seek of the index)."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.db.models import QuerySet

from mteja.clients.filtersets import ClientFilterSet
from mteja.clients.models import Client
from mteja.clients.search.engines import holds_matches
from mteja.clients.search.matching import is_search


def export_parts(filters: dict, matching: QuerySet, user) -> Iterator[QuerySet]:
    """The parts of `matching` (ClientFilterSet's rows of `filters`) that `user` may see,
    in the export's order; a search's, window by window where the database needs it."""
    if not (is_search(matching) and holds_matches(matching.db)):
        yield from matching.scope_parts(user)
        return
    windows = [
        ClientFilterSet(
            filters,
            queryset=Client.objects.filter(pk__gte=ids.start, pk__lt=ids.stop),
            user=user,
            ids=ids,
        )
        .results()
        .scope_parts(user)
        for ids in _windows()
    ]
    for place in range(len(windows[0]) if windows else 0):
        for parts in windows:
            yield parts[place]


def _windows() -> list[range]:
    """Client ids, first to last, in windows holding MTEJA_EXPORT_SEARCH_WINDOW clients each
    (the last fewer): a window is bounded by the ids clients have, so that ids far apart
    (1 and 10,000,000) make one window, not one per span of that many ids in between."""
    width = settings.MTEJA_EXPORT_SEARCH_WINDOW
    ids = Client.objects.order_by("pk").values_list("pk", flat=True)
    start = ids.first()
    windows = []
    while start is not None:
        stop = ids.filter(pk__gte=start)[width : width + 1].first()
        windows.append(range(start, stop if stop is not None else ids.last() + 1))
        start = stop
    return windows
