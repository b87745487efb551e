"""Reads of clients: the scoped list with Fineract's filters, one client, its histories."""

from __future__ import annotations

from django.db.models import QuerySet

from mteja.clients.filtersets import ClientFilterSet
from mteja.clients.models import Client, ClientTransfer, StaffAssignment
from mteja.clients.search.matching import is_search, kept_matches
from mteja.clients.search.matching import matches as search_matches
from mteja.core.errors import NotFound
from mteja.core.paging import Listing
from mteja.core.related import with_related

# What a list row and a client's page show of other tables: read by a few IN lookups after
# the clients (core/related.py), not joined — one query per target model, whatever the rows.
LIST_RELATED = ("office", "staff", "gender", "client_type", "client_classification",
                "transfer_to_office")  # fmt: skip
DETAIL_RELATED = (
    *LIST_RELATED, "marital_status", "profession", "education_level", "closure_reason",
    "rejection_reason", "withdrawal_reason", "submitted_by", "activated_by", "closed_by",
    "rejected_by", "withdrawn_by", "reactivated_by", "reopened_by", "created_by",
    "last_modified_by", "non_person__constitution", "non_person__main_business_line",
)  # fmt: skip


def client_not_found(client_id) -> NotFound:
    return NotFound(
        "error.msg.client.id.invalid",
        f"Client with identifier {client_id} does not exist",
        value=client_id,
    )


def client_external_id_not_found(external_id) -> NotFound:
    return NotFound(
        "error.msg.client.external.id.invalid",
        f"Client with external id {external_id} does not exist",
        param="externalId",
        value=external_id,
    )


def client_rows() -> QuerySet:
    """Every client (unscoped: callers restrict), with what a list row shows."""
    return with_related(Client.objects.all(), *LIST_RELATED)


def client_table_rows() -> QuerySet:
    """Every client (unscoped: callers restrict), with what the web list's rows show: its
    office and loan officer (clients/web/tables.py ClientTable), no code values."""
    return with_related(Client.objects.all(), "office", "staff")


def client_detail_rows() -> QuerySet:
    """Every client (unscoped: callers restrict), with what its page shows. An entity's
    details are one optional row: joined, so a person costs no query for them."""
    return with_related(Client.objects.select_related("non_person"), *DETAIL_RELATED)


def client_list(*, user, filters=None) -> QuerySet:
    """The user's clients narrowed by `filters` (ClientFilterSet's parameters, by Fineract's
    names); a malformed parameter is Fineract's 400."""
    clients = client_rows().restrict(user)
    return ClientFilterSet(filters or {}, queryset=clients, user=user).results()


def client_listing(*, user, filters=None) -> Listing:
    """`client_list` as core.paging reads it at scale: the filtered clients, in the disjoint
    index ranges of the user's scope (office by office, then those awaiting transfer in)."""
    filtered = ClientFilterSet(filters or {}, queryset=client_rows(), user=user).results()
    if not is_search(filtered):
        filtered = search_matches(filtered, "")  # no text: every client, ranked alike
        anchors = search_matches(Client.objects.all(), "").restrict(user)
        return Listing(filtered, filtered.scope_parts(user), anchors=anchors)
    # A seek by relevance starts from a row found.
    parts = filtered.scope_parts(user)
    return Listing(filtered, parts, anchors=filtered.restrict(user), newest=kept_matches())


def client_transfers(client: Client) -> QuerySet:
    return ClientTransfer.objects.filter(client=client).select_related(
        "from_office", "to_office", "submitted_by"
    )


def client_staff_history(client: Client) -> QuerySet:
    return StaffAssignment.objects.filter(client=client).select_related("staff", "assigned_by")
