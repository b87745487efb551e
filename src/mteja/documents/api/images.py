"""Fineract's `/clients/{clientId}/images`: the client's photo. POST or PUT takes a multipart
`file` or a data URL as the body (the Mifos X web-app's camera capture); GET answers the data
URL as text (Fineract's default) or, with `output=octet`, the picture's bytes, scaled down to
`maxWidth`/`maxHeight` when asked; DELETE removes it. The picture is judged by its content and
re-encoded (EXIF and GPS dropped) like any uploaded image."""

from __future__ import annotations

import base64
import io

from django.http import FileResponse, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response

from mteja.clients.api.parts import client_for_read, client_for_write
from mteja.core import wire
from mteja.core.api.fields import WriteResultSerializer
from mteja.core.api.query import int_parameter, query_int
from mteja.documents import selectors, services, storage
from mteja.documents.api.documents import DocumentInput
from mteja.documents.api.uploading import (
    UploadView,
    data_url_bytes,
    form_values,
    uploaded_file,
)
from mteja.documents.models import IMAGE
from mteja.documents.uploads import check_file, scaled

MAX_SIDE = 10_000


def image_bytes(client, max_width=None, max_height=None):
    """The client's photo (scaled to the bounds given) and its type; 404 when none."""
    image = selectors.image_of(client)
    content = storage.read(image.storage_name) if image is not None else None
    if content is None:
        raise selectors.image_not_found(client.pk)
    return scaled(content, image.content_type, max_width, max_height), image.content_type


class ClientImageView(UploadView):
    entity = IMAGE.entity

    @extend_schema(
        parameters=[
            int_parameter("maxWidth", minimum=1, maximum=MAX_SIDE),
            int_parameter("maxHeight", minimum=1, maximum=MAX_SIDE),
            OpenApiParameter("output", str, enum=["octet", "inline_octet"]),
        ],
        responses={
            (200, "text/plain"): OpenApiResponse(OpenApiTypes.STR),
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
        },
    )
    def get(self, request, pk):
        params = request.query_params
        max_width = query_int(params, "maxWidth", minimum=1, maximum=MAX_SIDE)
        max_height = query_int(params, "maxHeight", minimum=1, maximum=MAX_SIDE)
        client = client_for_read(request, pk)
        content, content_type = image_bytes(client, max_width, max_height)
        if params.get("output") in ("octet", "inline_octet"):
            response = FileResponse(
                io.BytesIO(content),
                as_attachment=params.get("output") == "octet",
                filename=f"client-{client.pk}{_extension(content_type)}",
                content_type=content_type,
            )
        else:
            encoded = base64.b64encode(content).decode("ascii")
            response = HttpResponse(
                f"data:{content_type};base64,{encoded}", content_type="text/plain"
            )
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @extend_schema(
        request={"multipart/form-data": DocumentInput, "text/plain": OpenApiTypes.STR},
        responses=WriteResultSerializer,
    )
    def post(self, request, pk):
        return self._set(request, pk)

    @extend_schema(
        request={"multipart/form-data": DocumentInput, "text/plain": OpenApiTypes.STR},
        responses=WriteResultSerializer,
    )
    def put(self, request, pk):
        return self._set(request, pk)

    @extend_schema(responses=WriteResultSerializer)
    def delete(self, request, pk):
        client = client_for_write(request, pk)
        image = selectors.image_of(client)
        if image is None:
            raise selectors.image_not_found(client.pk)
        services.image_delete(actor=request.user, image=image)
        return Response(wire.write_result(client.pk, officeId=client.office_id, clientId=client.pk))

    def required_permission(self, request) -> str:
        # Fineract has no UPDATE_CLIENTIMAGE: replacing the photo is creating one.
        action = {"GET": "READ", "HEAD": "READ", "DELETE": "DELETE"}.get(request.method, "CREATE")
        return f"{action}_{self.entity}"

    def _set(self, request, pk):
        values = form_values(request)
        client = client_for_write(request, pk)
        if isinstance(values, dict) and "dataUrl" in values:
            data = data_url_bytes(values["dataUrl"])
        else:
            data, _name = uploaded_file(request, self.upload_limit, resource="image")
        checked = check_file(data, images_only=True, resource="image")
        image = services.image_set(actor=request.user, client=client, checked=checked)
        return Response(
            wire.write_result(
                client.pk, officeId=client.office_id, clientId=client.pk, imageId=image.pk
            )
        )


def _extension(content_type: str) -> str:
    from mteja.documents.uploads import EXTENSIONS

    return EXTENSIONS.get(content_type, "")
