"""Reads of clients: the scoped list with Fineract's filters, one client, its histories."""

from __future__ import annotations

from django.db.models import QuerySet

from mteja.clients.models import STATUS_CODES, Client, ClientTransfer, StaffAssignment
from mteja.core.errors import NotFound

STATUS_BY_NAME = {name: status for status, (_, name) in STATUS_CODES.items()}

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


def _like(queryset: QuerySet, field: str, pattern: str) -> QuerySet:
    """Fineract passes these filters to SQL LIKE as given; honour % at either end only."""
    starts, ends = pattern.startswith("%"), pattern.endswith("%")
    core = pattern.strip("%")
    if starts and ends:
        return queryset.filter(**{f"{field}__icontains": core})
    if ends:
        return queryset.filter(**{f"{field}__istartswith": core})
    if starts:
        return queryset.filter(**{f"{field}__iendswith": core})
    return queryset.filter(**{f"{field}__iexact": core})


def client_list(
    *,
    user,
    office_id: int | None = None,
    external_id: str | None = None,
    display_name: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    status: int | None = None,
    under_hierarchy: str | None = None,
    staff_id: int | None = None,
    legal_form: int | None = None,
) -> QuerySet:
    clients = Client.objects.restrict(user).select_related(*LIST_RELATED)
    if office_id:
        clients = clients.filter(office_id=office_id)
    if external_id:
        # An identifier: matched exactly (and so by its unique index) unless it carries a %.
        clients = (
            _like(clients, "external_id", external_id)
            if "%" in external_id
            else clients.filter(external_id=external_id)
        )
    if display_name:
        clients = clients.filter(display_name__icontains=display_name.strip("%"))
    if first_name:
        clients = _like(clients, "firstname", first_name)
    if last_name:
        clients = _like(clients, "lastname", last_name)
    if status is not None:
        clients = clients.filter(status=status)
    if under_hierarchy:
        clients = clients.filter(office__hierarchy__startswith=under_hierarchy)
    if staff_id:
        clients = clients.filter(staff_id=staff_id)
    if legal_form:
        clients = clients.filter(legal_form=legal_form)
    return clients


def client_detail_queryset(user) -> QuerySet:
    return Client.objects.restrict(user).select_related(*DETAIL_RELATED)


def client_transfers(client: Client) -> QuerySet:
    return ClientTransfer.objects.filter(client=client).select_related(
        "from_office", "to_office", "submitted_by"
    )


def client_staff_history(client: Client) -> QuerySet:
    return StaffAssignment.objects.filter(client=client).select_related("staff", "assigned_by")
