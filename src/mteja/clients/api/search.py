"""Fineract's two searches, which the Mifos X web-app calls on its first screens: the toolbar's
GET /v1/search (a bare array of at most 50 hits over clients and their identity documents) and
the clients list's POST /v2/clients/search (a Spring page of clients).

Both find clients by the one client search (clients/search/matching.py), best matches first,
within the user's offices, and read no more rows than a page: a hit list is cut at
50, a page's count is bounded as GET /clients's (core/api/query.py `total_records`)."""

from __future__ import annotations

import math

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from mteja.clients.api.serializers import StatusField
from mteja.clients.models import STATUS_CODES, Client, ClientIdentifier
from mteja.clients.search.matching import SCORE, documents_numbered, matches, search_listing
from mteja.core.api.fields import DateTripletField, EnumOptionSerializer, StrictCharField
from mteja.core.api.inputs import InputSerializer, parse_body
from mteja.core.api.outputs import FieldsOnce, read_attributes
from mteja.core.api.query import query_bool, total_records
from mteja.core.api.views import FineractAPIView
from mteja.core.errors import ParameterError, ValidationFailed
from mteja.core.paging import Listing, Order
from mteja.core.related import with_related
from mteja.core.wire import datetime_out, enum_out
from mteja.groups.api.search import group_hits

HIT_LIMIT = 50  # Fineract's: the whole answer of GET /search, every entity together
MAX_TEXT = 100  # what anyone types into a search box
# GET /search's `resource` names: Mteja's own, then those it does not hold yet (they find
# nothing, as they would in an institution without them).
CLIENTS, IDENTIFIERS = "clients", "clientidentifiers"
RESOURCES = (CLIENTS, IDENTIFIERS, "groups", "loans", "savings", "shares")
# POST /v2/clients/search's sort properties (Fineract's names) → the client's columns.
SORT_FIELDS = {
    "id": "id", "displayName": "display_name", "accountNumber": "account_no",
    "externalId": "external_id", "mobileNo": "mobile_no", "officeId": "office_id",
    "officeName": "office__name",
    "status": "status", "activationDate": "activation_date", "createdDate": "created_on",
}  # fmt: skip
MAX_SIZE = 200
BEST_FIRST = Order(SCORE, descending=True)  # then newest first, as without text


def _result_rows() -> QuerySet:
    """Every client (unscoped: callers restrict) with only what a result shows, the columns
    of ClientSearchItemOutput and the office (a GET /search hit reads fewer): a page of a
    search reads a tenth of a client's columns and no code values."""
    return with_related(Client.objects.only(*read_attributes(ClientSearchItemOutput)), "office")


def _refused(param: str, rule: str, message: str, value) -> ValidationFailed:
    code = f"validation.msg.search.{param}.{rule}"
    return ValidationFailed([ParameterError(code, param, message, value)])


def _status(client) -> dict:
    return enum_out(client.status, STATUS_CODES[client.status][0], client.get_status_display())


# --- GET /v1/search -------------------------------------------------------------------------


class SearchHitOutput(serializers.Serializer):
    entityId = serializers.IntegerField()
    entityAccountNo = serializers.CharField(allow_null=True)
    entityExternalId = serializers.CharField(allow_null=True)
    entityName = serializers.CharField()
    entityType = serializers.ChoiceField(choices=["CLIENT", "CLIENTIDENTIFIER", "GROUP", "CENTER"])
    parentId = serializers.IntegerField()
    parentName = serializers.CharField()
    entityMobileNo = serializers.CharField(allow_null=True)
    entityStatus = EnumOptionSerializer()


def _client_hit(client) -> dict:
    """A client: its office is its parent (as in Fineract)."""
    return {
        "entityId": client.pk,
        "entityAccountNo": client.account_no,
        "entityExternalId": client.external_id,
        "entityName": client.display_name,
        "entityType": "CLIENT",
        "parentId": client.office_id,
        "parentName": client.office.name,
        "entityMobileNo": client.mobile_no or None,
        "entityStatus": _status(client),
    }


# What _identifier_hit reads: the document and its holder's shown columns.
IDENTIFIER_HIT_COLUMNS = ("id", "document_key", "client_id", *(
    f"client__{name}" for name in ("external_id", "display_name", "mobile_no", "status")
))  # fmt: skip


def _identifier_hit(identifier: ClientIdentifier) -> dict:
    """An identity document: its number, its holder as its parent (the web-app opens the
    parent's page), the holder's status."""
    client = identifier.client
    return {
        "entityId": identifier.pk,
        "entityAccountNo": identifier.document_key,
        "entityExternalId": client.external_id,
        "entityName": client.display_name,
        "entityType": "CLIENTIDENTIFIER",
        "parentId": client.pk,
        "parentName": client.display_name,
        "entityMobileNo": client.mobile_no or None,
        "entityStatus": _status(client),
    }


def _resources(raw: str | None) -> set[str]:
    """`resource`: a comma list of RESOURCES (any case); all of them when absent."""
    if not raw or not raw.strip():
        return set(RESOURCES)
    names = {name.strip().lower() for name in raw.split(",") if name.strip()}
    unknown = sorted(names - set(RESOURCES))
    if unknown:
        message = _("`resource` must be a comma-separated list of: %(values)s.") % {
            "values": ", ".join(("clients", "clientIdentifiers", *RESOURCES[2:]))
        }
        raise _refused("resource", "value.is.not.supported", message, raw)
    return names


def _text(raw, param: str) -> str:
    text = (raw or "").strip()
    if len(text) > MAX_TEXT:
        message = _("“%(name)s” may hold at most %(maximum)s characters.") % {
            "name": param,
            "maximum": MAX_TEXT,
        }
        raise _refused(param, "exceeds.max.length", message, text[:MAX_TEXT])
    return text


def search_hits(*, user, text: str, resources: set[str], exact: bool) -> list[dict]:
    """The hits of GET /search: the best matching clients first, then the newest documents,
    50 in all, each kind within the user's offices."""
    hits: list[dict] = []
    if CLIENTS in resources:
        found = matches(_result_rows(), text, exact=exact, documents=False)
        listing = search_listing(found, user) if text else Listing(found, found.scope_parts(user))
        hits += [_client_hit(c) for c in listing.page(BEST_FIRST, 0, HIT_LIMIT)]
    if IDENTIFIERS in resources and len(hits) < HIT_LIMIT:
        from mteja.clients.kyc.identifiers.rules import normalise_key

        key = normalise_key(text)
        numbered = documents_numbered(key) if key else []
        if numbered:
            documents = (
                ClientIdentifier.objects.restrict(user)
                .filter(pk__in=numbered)
                .select_related("client")
                .only(*IDENTIFIER_HIT_COLUMNS)
                .order_by("-id")
            )
            hits += [_identifier_hit(d) for d in documents[: HIT_LIMIT - len(hits)]]
    if "groups" in resources:  # centers and groups (groups/api/search.py)
        hits += group_hits(user=user, text=text, exact=exact, limit=HIT_LIMIT - len(hits))
    return hits


class GlobalSearchView(FineractAPIView):
    entity = "CLIENT"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "query", {"type": "string", "maxLength": MAX_TEXT},
                description="The text to find (blank: the newest records).",
            ),
            OpenApiParameter(
                "resource", str,
                description="Comma list of clients, clientIdentifiers, groups, loans, "
                "savings, shares (any case; all when absent). Mteja holds no loans, "
                "savings or shares yet: they find nothing.",
            ),
            OpenApiParameter(
                "exactMatch", bool,
                description="true: equal to the text; false (default): containing it.",
            ),
        ],
        responses=SearchHitOutput(many=True),
        operation_id="search",
    )  # fmt: skip
    def get(self, request):
        params = request.query_params
        text = _text(params.get("query"), "query")
        resources = _resources(params.get("resource"))
        exact = bool(query_bool(params, "exactMatch"))
        return Response(search_hits(user=request.user, text=text, resources=resources, exact=exact))


# --- POST /v2/clients/search ----------------------------------------------------------------


class SearchTextInput(InputSerializer):
    """What to find: text contained in a name, account number, external id or mobile number,
    or an identity document's number."""

    resource = "search"
    text = StrictCharField(required=False, allow_blank=True, allow_null=True, max_length=MAX_TEXT)


@extend_schema_field({"type": "string", "pattern": "^([aA][sS][cC]|[dD][eE][sS][cC])$"})
class DirectionField(serializers.ChoiceField):
    """ASC or DESC in any case, as Spring's Sort.Direction reads it."""

    def __init__(self, **kwargs):
        super().__init__(choices=["ASC", "DESC"], **kwargs)

    def to_internal_value(self, data):
        return super().to_internal_value(data.upper() if isinstance(data, str) else data)


class SortInput(InputSerializer):
    """A sort: a property of the allow-list and its direction."""

    resource = "search"
    property = serializers.ChoiceField(choices=sorted(SORT_FIELDS))
    direction = DirectionField(required=False, default="ASC")


class ClientSearchInput(InputSerializer):
    """Fineract's paged request: what to find, the page (from 0), its size and the sort."""

    resource = "search"
    request = SearchTextInput(required=False, allow_null=True)
    page = serializers.IntegerField(required=False, default=0, min_value=0)
    size = serializers.IntegerField(
        required=False, default=HIT_LIMIT, min_value=1, max_value=MAX_SIZE
    )
    sorts = SortInput(
        many=True, required=False, max_length=1,
        help_text="At most one sort (ties are broken by id in the same direction); "
        "when none, the best matches first (id DESC without text).",
    )  # fmt: skip

    def validate(self, attrs):
        # GET /clients's bound on `offset`: a far page would read every row before it.
        if attrs.get("page", 0) * attrs.get("size", HIT_LIMIT) > settings.MTEJA_API_MAX_OFFSET:
            message = _("Only the first %(rows)s rows can be paged through: narrow the search.") % {
                "rows": settings.MTEJA_API_MAX_OFFSET
            }
            raise serializers.ValidationError({"page": message}, code="exceeds.maximum")
        return attrs


@extend_schema_field({"type": "string", "format": "date-time", "nullable": True})
class DateTimeOutField(serializers.ReadOnlyField):
    def to_representation(self, value):
        return datetime_out(value)


class ClientSearchItemOutput(FieldsOnce):
    id = serializers.IntegerField()
    displayName = serializers.CharField(source="display_name")
    externalId = serializers.CharField(source="external_id", allow_null=True)
    accountNumber = serializers.CharField(source="account_no")
    officeId = serializers.IntegerField(source="office_id")
    officeName = serializers.CharField(source="office.name")
    mobileNo = serializers.CharField(source="mobile_no")
    status = StatusField()
    activationDate = DateTripletField(source="activation_date", allow_null=True)
    createdDate = DateTimeOutField(source="created_on")


class ClientSearchPageOutput(serializers.Serializer):
    content = ClientSearchItemOutput(many=True)
    totalElements = serializers.IntegerField(
        help_text="Bounded as GET /clients's totalFilteredRecords."
    )
    totalPages = serializers.IntegerField()
    numberOfElements = serializers.IntegerField()
    size = serializers.IntegerField()
    number = serializers.IntegerField()
    first = serializers.BooleanField()
    last = serializers.BooleanField()
    empty = serializers.BooleanField()


def client_search_page(*, user, data: dict) -> dict:
    """One page of POST /v2/clients/search: the matching clients the user may see, in the
    order asked for (when none, best match first, or newest first without text), counted
    no further than GET /clients counts."""
    text = ((data.get("request") or {}).get("text") or "").strip()
    found = matches(_result_rows(), text)
    listing = search_listing(found, user) if text else Listing(found, found.scope_parts(user))
    sorts = data.get("sorts")
    if sorts:
        column = SORT_FIELDS[sorts[0]["property"]]
        order = Order(column, descending=sorts[0]["direction"] == "DESC")
    else:
        order = BEST_FIRST
    number, size = data["page"], data["size"]
    total = total_records(listing)
    rows = listing.page(order, number * size, size)
    pages = math.ceil(total / size)
    return {
        "content": ClientSearchItemOutput(rows, many=True).data,
        "totalElements": total,
        "totalPages": pages,
        "numberOfElements": len(rows),
        "size": size,
        "number": number,
        "first": number == 0,
        "last": number >= pages - 1,
        "empty": not rows,
    }


class ClientSearchView(FineractAPIView):
    entity = "CLIENT"

    def required_permission(self, request) -> str:
        return "READ_CLIENT"  # a search reads, whatever its method

    @extend_schema(
        request=ClientSearchInput,
        responses=ClientSearchPageOutput,
        operation_id="searchClientsV2",
    )
    def post(self, request):
        data = parse_body(ClientSearchInput, request.data)
        return Response(client_search_page(user=request.user, data=data))
