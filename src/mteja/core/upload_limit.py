"""The size limit of an upload, enforced while the body streams in: counting stops the
upload at the first byte over it, before the rest is stored anywhere. It also notes a file
begun and never ended (a body cut short: its sender gone, or a part without its closing
boundary), which Django drops unsaid, leaving its form to say "This field is required"."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import (
    FileUploadHandler,
    StopUpload,
    TemporaryFileUploadHandler,
)


def upload_limit() -> int:
    return settings.MTEJA_UPLOAD_MAX_BYTES


class SizeLimit(FileUploadHandler):
    """First of the request's upload handlers: passes each chunk on and stops the upload as
    soon as the files' bytes exceed the limit (the rest of the body is read and dropped)."""

    def __init__(self, request=None, max_bytes: int | None = None):
        super().__init__(request)
        self.max_bytes = max_bytes or upload_limit()
        self.received = 0
        self.exceeded = False
        self.cut_short = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None

    def upload_interrupted(self):
        # Django's parser calls this for a file whose part never reached its boundary.
        self.cut_short = not self.exceeded


def limit_uploads(django_request, max_bytes: int | None = None) -> SizeLimit:
    """Puts the size limit (MTEJA_UPLOAD_MAX_BYTES unless `max_bytes`) first among the
    request's upload handlers (before anything reads the body: authentication may, for its
    CSRF check); the files then go to temporary files, never to memory."""
    limit = SizeLimit(django_request, max_bytes)
    django_request.upload_handlers = [limit, TemporaryFileUploadHandler(django_request)]
    return limit
