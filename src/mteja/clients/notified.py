"""Which clients a notification's reader may still open (users/notifications/reach.py): a
client's notification (a transfer proposed, a loan officer assigned) links to its page only
while the reader's offices and permissions let them open it (decision 246)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mteja.clients.models import Client

READ = "READ_CLIENT"  # what the client's page and `GET /clients/{id}` ask

# Why the link is gone, true whichever moved (the reader, or the client), whichever right was
# lost, or if the client is no more; it names no office, so it tells nothing of where it went.
CLIENT_CLOSED = _(
    "Its page is no longer open to you: this client is no longer among those you may see."
)


def openable_clients(user, client_ids: set[int]) -> set[int]:
    """Those of `client_ids` whose page `user` may open now (as the page's and the API's
    look-up of a client: READ_CLIENT, then the user's offices, a client awaiting a transfer
    into them included), in one query."""
    readable = Client.objects.restrict(user, READ).filter(pk__in=client_ids)
    return set(readable.values_list("pk", flat=True))
