"""The client list's filters, declared once by Fineract's parameter names: the API's
GET /clients reads them from the query string, the web list's form maps its choices to them."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from mteja.clients import phones
from mteja.clients.models import (
    STATUS_CODES,
    Client,
    ClientIdentifier,
    ClientPolicy,
    LegalForm,
)
from mteja.core.filtersets import (
    MtejaFilterSet,
    NamedChoiceFilter,
    WholeNumberFilter,
)

STATUS_BY_NAME = {name: status for status, (_, name) in STATUS_CODES.items()}


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
    # Mteja's: the web list's search box and Fineract's POST /v2/clients/search (name,
    # account number, external id, mobile or identity document number): `search_matches`.
    search = django_filters.CharFilter(method="filter_search")

    # Fineract's `sqlSearch` is a fragment of SQL from the caller: refused by design.
    refused = ("sqlSearch",)

    class Meta:
        model = Client
        fields: list[str] = []

    def filter_external_id(self, queryset, _name, value):
        # An identifier: matched exactly (and so by its unique index) unless it carries a %.
        if "%" in value:
            return _like(queryset, "external_id", value)
        return queryset.filter(external_id=value)

    def filter_mobile_no(self, queryset, _name, value):
        key = phones.mobile_key(value, ClientPolicy.current().phone_region)
        return queryset.filter(mobile_key=key) if key else queryset.none()

    def filter_display_name(self, queryset, _name, value):
        return queryset.filter(display_name__icontains=value.strip("%"))

    def filter_search(self, queryset, _name, value):
        return self.search_matches(queryset, value)

    @staticmethod
    def search_matches(
        queryset: QuerySet, text: str, *, exact: bool = False, documents: bool = True
    ) -> QuerySet:
        """The clients `text` finds: the one place of the client search's matching (the web
        list's box, GET /search, POST /v2/clients/search), all of them for blank text.

        The name, account number and external id contain `text` (any case), or equal it when
        `exact`; the mobile number equals it read as a mobile key (clients/phones.py, so
        "0712 345 678" finds "+254712345678"), or contains it as typed; with `documents`, an
        identity document's normalised number equals the text's ("ab-123 456" finds
        "AB123456"), by its index. Scope is the caller's `queryset`: a document of a client
        outside it finds nothing."""
        text = text.strip()
        if not text:
            return queryset
        if exact:
            found = Q(display_name__iexact=text) | Q(account_no=text) | Q(external_id=text)
        else:
            found = (
                Q(display_name__icontains=text)
                | Q(account_no__icontains=text)
                | Q(external_id__icontains=text)
                | Q(mobile_no__icontains=text)
            )
        key = phones.mobile_key(text, ClientPolicy.current().phone_region)
        if key:
            found |= Q(mobile_key=key)
        # Imported here: the identifiers package's services read clients through this module.
        from mteja.clients.kyc.identifiers.rules import normalise_key

        document_key = normalise_key(text)
        if documents and document_key:
            holders = ClientIdentifier.objects.filter(document_key_normalized=document_key)
            found |= Q(pk__in=holders.values("client_id"))
        return queryset.filter(found)
