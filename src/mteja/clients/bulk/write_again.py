"""A batch whose write was rolled back (a unique value refusing one of its clients written
together, a deadlock), made ready to be written again (bulk/importing.py `_commit`): its
clients unsaved, its valid rows' outcomes undone."""

from __future__ import annotations

from mteja.clients.bulk.row_results import VALID


def numbers_before(checked: list) -> list:
    """The batch's prepared clients and their account numbers, before an attempt to write
    them (`as_checked`'s `before`)."""
    return [(prepared, prepared.client.account_no) for _result, prepared in checked if prepared]


def as_checked(checked: list, before: list) -> None:
    """A batch as it was checked, before an attempt to write it that was rolled back:
    its clients unsaved, its valid rows' outcomes undone."""
    for prepared, account_no in before:
        _unsaved(prepared, account_no)
    for result, prepared in checked:
        if prepared is not None:
            result.outcome, result.errors, result.account_no = VALID, [], ""


def _unsaved(prepared, account_no: str | None) -> None:
    """A prepared client as it was before its rows were inserted (and rolled back)."""
    rows = [prepared.client, prepared.non_person, *(item.row for item in prepared.identifiers)]
    for row in rows:
        if row is not None:
            row.pk, row._state.adding = None, True
    prepared.client.account_no = account_no
    if prepared.non_person is not None:
        # Through the reference, not its key: the bulk write set the key, which dropped the
        # client Django keeps with the details, and the save one by one takes the client's
        # new id from that kept client (else a NOT NULL failed the whole import).
        prepared.non_person.client = prepared.client
