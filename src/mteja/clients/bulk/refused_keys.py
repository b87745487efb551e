"""The values a row of a client file held, given back once it is refused after its check
(decision 219): another office's client holding its external id (checking.py
`_without_taken`), or, as its batch is written, the duplicate policy, its officer changed, a
value taken meanwhile (importing.py). A row below repeating one of them is then checked as if
the refused row had been refused at its check — in a later batch, by that batch's own check;
in the same batch, checked before the refusal was known, by checking the batch again (its
write rolled back: `CheckAgain`), the refused rows holding nothing (`RowChecker.check_batch`'s
`refused`): a row found valid again may take a value from a row below it, which a check in
the file's order alone says."""

from __future__ import annotations

from mteja.clients.bulk.file_key_claims import FileKeyClaims


class CheckAgain(Exception):
    """Rows refused as their batch is written that a row below named as its repeat: the
    batch is checked again, these rows (`refused`: their errors by line) holding nothing."""

    def __init__(self, refused: dict[int, list]):
        super().__init__(refused)
        self.refused = refused


# A checked batch: (RowResult, its prepared client or None) each; a refused row has errors.


def refused_after_check(checked: list) -> dict[int, list]:
    """The errors, by line, of the rows refused after they were checked valid (holding
    values), before their batch is written."""
    return {result.line: result.errors for result, prepared in checked
            if prepared is None and result.errors and result.values}  # fmt: skip


def refused_as_written(checked: list) -> dict[int, list]:
    """The errors, by line, of the rows checked valid and refused as their batch is written."""
    return {result.line: result.errors for result, prepared in checked
            if prepared is not None and result.errors}  # fmt: skip


def named(checked: list, lines: dict[int, list]) -> bool:
    """Whether a row of the batch was refused as the repeat of one of `lines`."""
    return bool(lines) and any(not lines.keys().isdisjoint(r.repeated) for r, _p in checked)


def give_back(file_keys: FileKeyClaims, checked: list) -> None:
    """The values the rows held given back (to the lines that gave them first, if noted)."""
    for result, _prepared in checked:
        file_keys.release(result.values, result.line, result.pending)


def give_back_refused(file_keys: FileKeyClaims, checked: list) -> None:
    """The values of a written batch's rows refused as it was written given back."""
    give_back(file_keys, [row for row in checked if row[1] is not None and row[0].errors])
