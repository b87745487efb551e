"""The loan officers of a batch read again as it is written, in its transaction: one made
inactive, no longer a loan officer, or moved out of the row's office's branch since the row
was checked refuses the row as the check would refuse it now (`POST /clients`'s own rule,
validation.resolve_loan_officer), rather than give clients an officer who may not have them.
The batch's check and its write are seconds apart (another lane's batch written between),
a request's milliseconds: the write narrows the gap to its own transaction, as a request's."""

from __future__ import annotations

from collections.abc import Callable

from mteja.clients import validation
from mteja.clients.bulk.row_results import INVALID
from mteja.core.errors import MtejaError, Problems


def refuse_officers_changed(valid: list, errors_of: Callable[[MtejaError], list]) -> list:
    """The valid (result, prepared client) pairs whose officer may still have them; the
    others refused, with `errors_of` their refusal (the row's errors by its columns). The
    officers are read once for the batch (the reference rows of its write: core/context)."""
    admitted = []
    refusals = {}  # (officer, office) → the refusal, or None: a batch names a few officers
    for result, prepared in valid:
        client = prepared.client
        if client.staff_id is not None:
            key = (client.staff_id, prepared.office.pk)
            if key not in refusals:
                refusals[key] = _refusal(client.staff_id, prepared.office)
            if refusals[key] is not None:
                result.outcome, result.errors = INVALID, errors_of(refusals[key])
                continue
        admitted.append((result, prepared))
    return admitted


def _refusal(staff_id: int, office) -> MtejaError | None:
    problems = Problems()
    validation.resolve_loan_officer(staff_id, office, problems)
    try:
        problems.raise_if_any()
    except MtejaError as refused:
        return refused
    return None
