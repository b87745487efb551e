"""The client list's filters, declared once by Fineract's parameter names: the API's
GET /clients reads them from the query string, the web list's form maps its choices to them."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from mteja.clients import phones
from mteja.clients.models import STATUS_CODES, Client, ClientPolicy, LegalForm
from mteja.clients.search.matching import SCORE
from mteja.clients.search.matching import matches as search_matches
from mteja.core.filtersets import (
    IsoDateFilter,
    MtejaFilterSet,
    NamedChoiceFilter,
    TrueFalseFilter,
    WholeNumberFilter,
)

STATUS_BY_NAME = {name: status for status, (_, name) in STATUS_CODES.items()}
# GET /clients's orderBy values → the column (the export checks them too).
ORDER_FIELDS = {
    "id": "id", "displayName": "display_name", "accountNo": "account_no",
    "externalId": "external_id", "officeId": "office_id", "officeName": "office__name",
    "status": "status", "submittedOnDate": "submitted_on", "activationDate": "activation_date",
    "firstname": "firstname", "lastname": "lastname", "staffId": "staff_id",
    # Mteja's: how well the client matches `search` or `displayName` (DESC unless told
    # otherwise), the default order of a search.
    "relevance": SCORE,
}  # fmt: skip


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


def _like_filter(field: str) -> django_filters.CharFilter:
    return django_filters.CharFilter(method=lambda qs, _name, value: _like(qs, field, value))


class ClientFilterSet(MtejaFilterSet):
    officeId = WholeNumberFilter(field_name="office_id")  # noqa: N815 (Fineract's names)
    externalId = django_filters.CharFilter(method="filter_external_id")  # noqa: N815
    # An identifier: matched exactly, by its unique index.
    accountNo = django_filters.CharFilter(field_name="account_no")  # noqa: N815
    # Read as the clients' mobile key (clients/phones.py) and matched exactly, by its index.
    mobileNo = django_filters.CharFilter(method="filter_mobile_no")  # noqa: N815
    displayName = django_filters.CharFilter(method="filter_display_name")  # noqa: N815
    firstName = _like_filter("firstname")  # noqa: N815
    lastName = _like_filter("lastname")  # noqa: N815
    status = NamedChoiceFilter(choices=STATUS_BY_NAME, resource="client")
    underHierarchy = django_filters.CharFilter(  # noqa: N815
        field_name="office__hierarchy", lookup_expr="startswith"
    )
    staffId = WholeNumberFilter(field_name="staff_id")  # noqa: N815
    legalForm = WholeNumberFilter(  # noqa: N815
        field_name="legal_form", minimum=min(LegalForm.values), maximum=max(LegalForm.values)
    )
    # The group's current members; clients in no group (groups/selectors.py).
    groupId = WholeNumberFilter(method="filter_group", minimum=1, row_model="groups.Group")  # noqa: N815
    orphansOnly = TrueFalseFilter(method="filter_orphans")  # noqa: N815
    # Mteja's: date ranges, both ends included, written yyyy-MM-dd.
    submittedFrom = IsoDateFilter(field_name="submitted_on", lookup_expr="gte")  # noqa: N815
    submittedTo = IsoDateFilter(field_name="submitted_on", lookup_expr="lte")  # noqa: N815
    activatedFrom = IsoDateFilter(field_name="activation_date", lookup_expr="gte")  # noqa: N815
    activatedTo = IsoDateFilter(field_name="activation_date", lookup_expr="lte")  # noqa: N815
    # Mteja's: the dashboard's work queues (site/web/dashboard.py).
    kycIncomplete = TrueFalseFilter(method="filter_kyc_incomplete")  # noqa: N815
    withoutStaff = TrueFalseFilter(method="filter_without_staff")  # noqa: N815
    # Clients awaiting a transfer into the user's offices (the destination's side).
    awaitingTransfer = TrueFalseFilter(method="filter_awaiting_transfer")  # noqa: N815
    # Mteja's: the web list's search box (name, account number, external id, mobile or
    # identity document number): the one client search, clients/search/matching.py.
    search = django_filters.CharFilter(method="filter_search")

    # Fineract's `sqlSearch` is a fragment of SQL from the caller: refused by design.
    refused = ("sqlSearch",)

    class Meta:
        model = Client
        fields: list[str] = []

    def __init__(self, *args, ids: range | None = None, **kwargs):
        # A window of client ids that the queryset keeps to, and a search's index lookup
        # with it (an export's: clients/bulk/search_windows.py).
        self.ids = ids
        super().__init__(*args, **kwargs)

    def filter_external_id(self, queryset, _name, value):
        # An identifier: matched exactly (and so by its unique index) unless it carries a %.
        if "%" in value:
            return _like(queryset, "external_id", value)
        return queryset.filter(external_id=value)

    def filter_mobile_no(self, queryset, _name, value):
        key = phones.mobile_key(value, ClientPolicy.current().phone_region)
        return queryset.filter(mobile_key=key) if key else queryset.none()

    def filter_display_name(self, queryset, _name, value):
        # Fineract's LIKE on the whole name, read as the search's name matching (any order,
        # any case or accents, by the index): `%` carries no meaning there.
        return search_matches(queryset, value.replace("%", " "), numbers=False, ids=self.ids)

    def filter_group(self, queryset, _name, value):
        from mteja.groups.selectors import member_client_ids  # groups read clients

        return queryset.filter(pk__in=member_client_ids(value))

    def filter_orphans(self, queryset, _name, value):
        from mteja.groups.selectors import clients_in_any_group

        return queryset.exclude(pk__in=clients_in_any_group()) if value else queryset

    def filter_kyc_incomplete(self, queryset, _name, value):
        from mteja.clients.kyc.incomplete import kyc_incomplete_q  # reads the services' rules

        condition = kyc_incomplete_q()
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_without_staff(self, queryset, _name, value):
        return queryset.filter(staff__isnull=value)

    def filter_awaiting_transfer(self, queryset, _name, value):
        office = getattr(self.user, "office", None)
        if office is None:
            return queryset.none()
        # The subtree's ids as values, so the planner reads the few arriving clients by their
        # partial index rather than scanning an office's clients for them.
        subtree = type(office).objects.filter(hierarchy__startswith=office.hierarchy)
        incoming = Q(transfer_to_office__in=list(subtree.values_list("pk", flat=True)))
        return queryset.filter(incoming) if value else queryset.exclude(incoming)

    def filter_search(self, queryset, _name, value):
        return search_matches(queryset, value, ids=self.ids)
