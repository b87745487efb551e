"""What an upload of a client file to import (`POST /clients/uploadtemplate`, the import page)
meets before its body is read: a user holding their share of waiting imports is refused
(429, decision 303); one whose import files, or whose office's, fill their bound already is
refused (400, the `file`'s, decision 313); any other has the file bounded by the room left
to them, so that the upload stops at its first byte past it. The counts that hold are made
again, under their locks, as the job is made (services.import_job_create)."""

from __future__ import annotations

from django.conf import settings

from mteja.clients.imports.quota import MostKeptBytes, refuse_without_room
from mteja.clients.imports.services import refuse_beyond_share
from mteja.core.upload_limit import SizeLimit


def look_before_reading(user, limit: SizeLimit) -> None:
    """Raises what refuses `user`'s upload whatever its body; else bounds its file (`limit`)
    to the room the user's import files, and their office's, have left."""
    refuse_beyond_share(user, settings.MTEJA_IMPORTS_WAITING_PER_USER)
    room = refuse_without_room(user, MostKeptBytes.configured())
    if room is not None:
        limit.keep_within(room.left, room.refusal)
