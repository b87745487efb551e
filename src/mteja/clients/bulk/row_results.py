"""A checked row's result: its outcome (imported, already imported, invalid, valid, held
back, or one of the outcomes of the rows a stopped job never reached) and its errors, and
the Status cell of the result file that says it (status_cell.py: within a spreadsheet's
cell)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from mteja.clients.bulk.status_cell import status_text
from mteja.core.hidden_characters import shown_as_codes

IMPORTED, ALREADY, INVALID, VALID, HELD_BACK = (
    "imported", "already imported", "invalid", "valid", "not imported",
)  # fmt: skip
# The rows a stopped job never reached, in its result file (imports/files.py): a cancelled
# import's and check's (a dry run), a failed one's (stopped on an error), then an
# interrupted one's (its worker gone).
NOT_REACHED, NOT_CHECKED = "not reached", "not checked"
STOPPED_BEFORE, CHECK_STOPPED_BEFORE = "stopped before", "check stopped before"
INTERRUPTED_BEFORE, CHECK_INTERRUPTED_BEFORE = "interrupted before", "check interrupted before"


@dataclass
class RowResult:
    line: int  # the file's line (the header is line 1)
    cells: list
    outcome: str
    account_no: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    known_by: list[tuple] = field(default_factory=list, repr=False)  # keys of an earlier import
    hidden: bool = False  # the sheet hides its row (hidden_rows.py)
    # Values only lines this lane did not check gave: (value, line) (file_key_claims.py).
    pending: list[tuple] = field(default_factory=list, repr=False)
    # The values that must be unique in the file a row standing for a client held at its
    # check (file_key_claims.py); the lines a row refused as a repeat named.
    values: list[tuple] = field(default_factory=list, repr=False)
    repeated: tuple[int, ...] = field(default=(), repr=False)

    def status(self) -> str:
        """The result file's Status cell (saying so of a hidden row)."""
        hidden = " (" + _("a hidden row") + ")" if self.hidden else ""
        if self.errors:
            errors = [f"{column}: {message}" if column else message
                      for column, message in self.shown_errors()]  # fmt: skip
            return status_text(errors, hidden)  # within a spreadsheet's cell
        labels = {
            IMPORTED: _("Imported as %(number)s"),
            ALREADY: _("Already imported as %(number)s"),
            VALID: _("Valid"),
            HELD_BACK: _("Valid, not imported: other rows have errors"),
            NOT_REACHED: _("Not imported: the import was cancelled before this row"),
            NOT_CHECKED: _("Not checked: the check was cancelled before this row"),
            STOPPED_BEFORE: _(
                "Not imported: the import stopped on an error before writing this row"
            ),
            CHECK_STOPPED_BEFORE: _(
                "Not checked: the check stopped on an error before checking this row"
            ),
            INTERRUPTED_BEFORE: _(
                "Not imported: the import was interrupted before this row; "
                "resume it to import the rest"
            ),
            CHECK_INTERRUPTED_BEFORE: _(
                "Not checked: the check was interrupted before this row; "
                "resume it to check the rest"
            ),
        }
        return labels[self.outcome] % {"number": self.account_no} + hidden

    def shown_errors(self) -> list[tuple[str, str]]:
        """The errors as a page, the API or the result file shows them: a control character or
        text-direction mark the file's cell brought into its column's name or its message
        (“\u202eKibera” in "No office named …") is written as its code (hidden_characters.py)."""
        return [
            (shown_as_codes(column), shown_as_codes(message)) for column, message in self.errors
        ]
