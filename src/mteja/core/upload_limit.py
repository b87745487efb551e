"""The size limit of an upload, enforced while the body streams in: counting stops the
upload at the first byte over it, before the rest is stored anywhere. It also notes a file
begun and never ended (a body cut short: its sender gone, or a part without its closing
boundary), which Django drops unsaid, leaving its form to say "This field is required".

A view may bound its file tighter once it knows who sends it (`SizeLimit.keep_within`: the
bytes an importer may still keep): the upload is then stopped at the file's first byte past
that room, and the rest of the body left unread (decision 313)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.files.uploadhandler import (
    FileUploadHandler,
    StopUpload,
    TemporaryFileUploadHandler,
)

from mteja.core.errors import MtejaError


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
        self.room: int | None = None
        self.room_field = ""
        self.room_refusal: Callable[[], MtejaError] | None = None
        self.past_room = False

    def keep_within(self, room: int, refusal: Callable[[], MtejaError], field: str = "file"):
        """Bounds each file of the form's `field` to `room` bytes besides the limit: once
        one passes it, its upload stops, the rest of the body unread, and `refusal()` is
        what refuses the request (`refused_beyond_room`)."""
        self.room, self.room_refusal, self.room_field = room, refusal, field

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        beyond_room = self.room is not None and start + len(raw_data) > self.room
        if beyond_room and self.field_name == self.room_field:
            self.past_room = True
            # Not read to its end: a file past the room is refused whatever follows it.
            raise StopUpload(connection_reset=True)
        return raw_data

    def refused_beyond_room(self) -> MtejaError | None:
        """What refuses the request whose file passed its room, None if none did."""
        return self.room_refusal() if self.past_room else None

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
