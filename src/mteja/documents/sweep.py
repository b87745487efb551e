"""Files no row points to any longer (their client or identity document was deleted, which
the database cascades to the rows but not to the storage) are removed by a sweep. A file
younger than `grace` is left alone: an upload stores its file just before its row commits."""

from __future__ import annotations

import datetime

from mteja.core import clock
from mteja.documents import storage
from mteja.documents.models import ClientImage, Document

KINDS = ("documents", "photos")  # the top folders storage.store writes to


def stored_names(storage_backend, folder: str):
    """Every file name under `folder`, walked through the storage API (any backend)."""
    try:
        folders, names = storage_backend.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in names:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from stored_names(storage_backend, f"{folder}/{sub}")


def sweep(*, grace: datetime.timedelta = datetime.timedelta(hours=1), dry_run=False) -> list[str]:
    """Removes the unreferenced files older than `grace`; the names removed."""
    backend = storage.file_storage()
    cutoff = clock.now() - grace
    candidates = [name for kind in KINDS for name in stored_names(backend, kind)]
    kept = set(
        Document.objects.filter(storage_name__in=candidates).values_list("storage_name", flat=True)
    ) | set(
        ClientImage.objects.filter(storage_name__in=candidates).values_list(
            "storage_name", flat=True
        )
    )
    removed = []
    for name in candidates:
        if name in kept or backend.get_modified_time(name) > cutoff:
            continue
        if not dry_run:
            backend.delete(name)
        removed.append(name)
    return removed
