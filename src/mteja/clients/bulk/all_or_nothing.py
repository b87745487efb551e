"""All or nothing, once the whole file was checked valid: a row refused as its batch is
written (something changed since the check: its loan officer made inactive, its external id
or document taken by another user's client, a duplicate the policy refuses) stops the
import, its batch rolled back and no batch after it written, rather than leave the file
imported but for that row, unsaid. The batches written before it stay: the file imported
again (or the job resumed) once the row is fixed recognises their rows, none written twice."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import ngettext

from mteja.clients.bulk.row_results import INVALID, RowResult

# The refusal of an import at once stopped so (`POST /clients/import`: 403).
STOPPED_AT_A_ROW = "error.msg.client.import.row.refused.at.write"


class RowRefusedAtWrite(Exception):
    """A row of the batch being written was refused: the batch is rolled back. Its line and
    its errors (as the result file's Status says them); `imported_before`, the rows the
    import wrote before, when the pass that raised it knows them (one process's)."""

    def __init__(self, line: int, errors: str):
        super().__init__(line, errors)  # (a lane's failure is pickled to its parent)
        self.line, self.errors = line, errors
        self.imported_before: int | None = None


def stop_at_a_refused_row(results: list[RowResult]) -> None:
    refused = next((row for row in results if row.outcome == INVALID), None)
    if refused is not None:
        raise RowRefusedAtWrite(refused.line, refused.status())


def stopped_at(line: int, errors: str, imported_before: int, *, resumable: bool) -> str:
    """What the user is told: the row, why, and how many rows were imported before it; to
    resume the import only if they may (`resumable`: imports/job_errors.py)."""
    imported = number_format(imported_before, force_grouping=True)  # as the pages' counts
    values = {"line": line, "errors": errors, "imported": imported}
    if resumable:
        return (
            ngettext(
                "All or nothing: line %(line)s, valid when the file was checked, was refused as it "
                "was written: %(errors)s The import stopped there, that line's batch undone, "
                "%(imported)s row imported before it. Fix the line or what it names, then resume "
                "the import or import the file again: the rows imported are recognised, none is "
                "written twice.",
                "All or nothing: line %(line)s, valid when the file was checked, was refused as it "
                "was written: %(errors)s The import stopped there, that line's batch undone, "
                "%(imported)s rows imported before it. Fix the line or what it names, then resume "
                "the import or import the file again: the rows imported are recognised, none is "
                "written twice.",
                imported_before,
            )
            % values
        )
    return (
        ngettext(
            "All or nothing: line %(line)s, valid when the file was checked, was refused as it was "
            "written: %(errors)s The import stopped there, that line's batch undone, %(imported)s "
            "row imported before it. Fix the line or what it names, then import the file again: "
            "the rows imported are recognised, none is written twice.",
            "All or nothing: line %(line)s, valid when the file was checked, was refused as it was "
            "written: %(errors)s The import stopped there, that line's batch undone, %(imported)s "
            "rows imported before it. Fix the line or what it names, then import the file again: "
            "the rows imported are recognised, none is written twice.",
            imported_before,
        )
        % values
    )
