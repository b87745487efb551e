"""The fingerprints of the written rows of a client file that have no key of their own
(an external id, an account number, an identity document): kept (ImportedRow), so that the
same row imported again is known (bulk/importing.py, decision 80)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from mteja.clients.bulk.row_results import RowResult
from mteja.clients.bulk.rows import FINGERPRINT
from mteja.clients.models import ImportedRow
from mteja.core import bulk_insert


class ImportedMeanwhile(Exception):
    """The same row (its fingerprint) was imported by another import since it was checked."""


def fingerprint_remembered(result: RowResult, prepared) -> bool:
    """Whether the fingerprint of a row written alone (if it has one) is kept: False when
    another import took it meanwhile."""
    try:
        with transaction.atomic():
            remember_fingerprints([(result, prepared)])
    except IntegrityError:
        return False
    return True


def remember_fingerprints(written: list) -> None:
    """The fingerprints of the written rows that have no key of their own (checking.py)."""
    bulk_insert.insert(
        ImportedRow,
        [
            ImportedRow(fingerprint=key[1], client_id=prepared.client.pk)
            for result, prepared in written
            for key in result.known_by
            if key[0] == FINGERPRINT
        ],
    )
