"""Reading an upload from a request: the file of a multipart body, or a picture sent as a data
URL (`data:image/jpeg;base64,…`, as the Mifos X web-app sends a camera capture). The size
limit is enforced while the body streams in (core/upload_limit.py). Every endpoint taking a
file is an `UploadView`: who may not upload is refused (403) before any of the body is read,
whatever it holds."""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.authentication import SessionAuthentication
from rest_framework.parsers import BaseParser, FormParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS

from mteja.core.api.guard import UPLOAD_LIMIT_SETTING
from mteja.core.api.parsers import FineractJSONParser
from mteja.core.api.views import FineractAPIView
from mteja.core.sizes import file_too_large
from mteja.core.upload_limit import SizeLimit, limit_uploads, upload_limit  # noqa: F401 (views')
from mteja.core.upload_names import cut_short, one_file_at_a_time
from mteja.documents.uploads import refused


class DataUrlParser(BaseParser):
    """A text body: the data URL of a picture, read up to the limit (base64 grows by 4/3)."""

    media_type = "text/plain"

    def parse(self, stream, media_type=None, parser_context=None):
        cap = upload_limit() * 4 // 3 + 1024
        text = stream.read(cap + 1) if stream is not None else b""
        if len(text) > cap:
            raise too_large()
        return {"dataUrl": text.decode("ascii", "replace").strip()}


UPLOAD_PARSERS = [MultiPartParser, FormParser, FineractJSONParser, DataUrlParser]


def _owe_csrf(request) -> None:
    """The session's CSRF check left owed (`UploadView.initial` makes it)."""
    request.csrf_owed = True


class UploadView(FineractAPIView):
    """An endpoint taking a file of at most `settings.<upload_limit_setting>` bytes. Its
    permission is judged before anything reads the body: the session's CSRF check, which
    looks for the token among a form's fields (reading the whole body, and refusing one it
    cannot read with a 400), is made after it, so that a user who may not upload gets 403
    whatever the body, and none of it is stored."""

    parser_classes = UPLOAD_PARSERS
    upload_limit_setting = UPLOAD_LIMIT_SETTING

    def initialize_request(self, request, *args, **kwargs):
        self.upload_limit = limit_uploads(request, getattr(settings, self.upload_limit_setting))
        return super().initialize_request(request, *args, **kwargs)

    def get_authenticators(self):
        ways = super().get_authenticators()
        for way in ways:
            if type(way) is SessionAuthentication:  # still one (the schema's cookieAuth)
                way.enforce_csrf = _owe_csrf
        return ways

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # the user, then the permission
        if request.method not in SAFE_METHODS:  # (an upload: a body not to read for nothing)
            self.refuse_unread(request)
        if getattr(request, "csrf_owed", False):
            SessionAuthentication().enforce_csrf(request)

    def refuse_unread(self, request) -> None:
        """Raises what refuses the request whatever its body, before the body is read (an
        endpoint's own: the user's share of waiting imports); none by default."""


_DATA_URL = re.compile(
    r"^data:[\w.+-]+/[\w.+-]+(?:;[\w=.+-]+)*;base64,(?P<data>[A-Za-z0-9+/=\s]*)$"
)


def data_url_bytes(text: str, resource: str = "image") -> bytes:
    match = _DATA_URL.match(text or "")
    if match is None:
        raise refused(
            _("Send the picture as a file or as a base64 data URL."),
            "is.invalid",
            resource=resource,
        )
    try:
        data = base64.b64decode(re.sub(r"\s+", "", match["data"]), validate=True)
    except (binascii.Error, ValueError):
        raise refused(
            _("The data URL is not valid base64."), "is.invalid", resource=resource
        ) from None
    if len(data) > upload_limit():
        raise too_large(resource)
    return data


def too_large(resource: str = "document", max_bytes: int | None = None):
    return refused(
        file_too_large(max_bytes or upload_limit()),
        "exceeds.max.size",
        resource=resource,
    )


def uploaded_file(request, limit: SizeLimit, *, resource: str = "document", required: bool = True):
    """The bytes and name of the request's `file`; 400 when over the limit, missing or
    sent twice."""
    upload = _upload(request, limit, resource, required)
    if upload is None:
        return None, None
    with upload.open("rb") as stream:
        data = stream.read(limit.max_bytes + 1)
    if len(data) > limit.max_bytes:
        raise too_large(resource, limit.max_bytes)
    return data, upload.name


def uploaded_path(request, limit: SizeLimit, *, resource: str = "document") -> tuple[Path, str]:
    """The temporary file of the request's `file` (a large file is never read into memory;
    it lives until the request ends) and its name; 400 when over the limit, missing or sent
    twice."""
    upload = _upload(request, limit, resource, required=True)
    return Path(upload.temporary_file_path()), upload.name


def _upload(request, limit: SizeLimit, resource: str, required: bool):
    if limit.exceeded:
        raise too_large(resource, limit.max_bytes)
    beyond_room = limit.refused_beyond_room()
    if beyond_room is not None:
        raise beyond_room
    if limit.cut_short:
        raise refused(cut_short(), "incomplete", resource=resource)
    uploads = request.FILES.getlist("file")
    if not uploads:
        if not required:
            return None
        if request.META.get("HTTP_TRANSFER_ENCODING", "").lower() == "chunked":
            # The server hands Django no body without its length: the file was sent, unread.
            raise refused(
                _("Send the file with its length (a Content-Length header), not in chunks."),
                "length.required",
                resource=resource,
            )
        raise refused(_("Choose a file to upload."), "cannot.be.blank", resource=resource)
    if len(uploads) > 1:  # taking one of them would drop the others unsaid
        raise refused(one_file_at_a_time(), "too.many", resource=resource)
    upload = uploads[0]
    if upload.size > limit.max_bytes:
        raise too_large(resource, limit.max_bytes)
    return upload


def form_values(request) -> dict:
    """A multipart or JSON body's plain values (files apart), the last of each key."""
    data = request.data
    if hasattr(data, "getlist"):
        return {key: data.get(key) for key in data if key not in request.FILES}
    return dict(data) if isinstance(data, dict) else data
