"""`GET /clients/export` (a Mteja extension): the client list as `GET /clients` filters it,
as a CSV or XLSX download (clients/bulk/export.py)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from mteja.clients.bulk.download import download, export_of
from mteja.clients.bulk.export import FORMATS, PERMISSION
from mteja.clients.filtersets import ClientFilterSet
from mteja.core.api.schema import FineractError
from mteja.core.api.views import FineractAPIView
from mteja.core.filtersets import openapi_parameters


class ClientExportView(FineractAPIView):
    entity = "CLIENT"

    def required_permission(self, request) -> str:
        return PERMISSION

    def perform_content_negotiation(self, request, force=False):
        # The answer is a file whatever the Accept header asks; errors stay JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        parameters=[
            *openapi_parameters(ClientFilterSet),
            OpenApiParameter("format", str, enum=sorted(FORMATS), description="csv (default)"),
            OpenApiParameter(
                "columns", str, description="Column names, comma-separated (default: all)."
            ),
        ],
        responses={
            **{(200, media): OpenApiTypes.BINARY for media, _ext in FORMATS.values()},
            429: OpenApiResponse(
                FineractError,
                description="The user's export, or MTEJA_EXPORTS_AT_ONCE exports, still "
                "streaming: try again when one ends.",
            ),
        },
        operation_id="exportClients",
    )
    def get(self, request):
        head = request.method == "HEAD"
        return download(export_of(request.user, request.query_params), head=head)
