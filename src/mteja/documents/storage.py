"""Where files are kept: Django's storage named "documents" (settings.STORAGES), the
filesystem outside the web root by default, S3-compatible object storage by configuration.
Files get generated names; the sender's name is only metadata."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.db import transaction

from mteja.core import clock

STORAGE_ALIAS = "documents"


def file_storage():
    return storages[STORAGE_ALIAS] if STORAGE_ALIAS in settings.STORAGES else default_storage


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def store(kind: str, content: bytes, extension: str) -> str:
    """Saves `content` under a new generated name; the name the storage kept."""
    today = clock.now()
    name = f"{kind}/{today:%Y/%m}/{uuid.uuid4().hex}{extension}"
    return file_storage().save(name, ContentFile(content))


def discard(name: str) -> None:
    """Removes a stored file; one already gone is not an error."""
    storage = file_storage()
    if storage.exists(name):
        storage.delete(name)


def discard_on_commit(name: str) -> None:
    """Removes the file once the transaction that stopped pointing to it commits (a rollback
    keeps both the row and its file)."""
    transaction.on_commit(lambda: discard(name))


def read(name: str) -> bytes | None:
    """The stored bytes, or None when the file is missing."""
    try:
        with file_storage().open(name, "rb") as stored:
            return stored.read()
    except Exception:  # missing: FileNotFoundError on disk, botocore's ClientError on S3
        return None


def open_stream(name: str):
    """A stored file opened for streaming, or None when it is missing."""
    try:
        return file_storage().open(name, "rb")
    except (FileNotFoundError, OSError):
        return None
