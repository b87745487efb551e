"""A result file's Status cell kept within a spreadsheet's cell (decision 287). A row's
errors are joined whole into it; a row with very many of them (a file of many custom
fields), or one whose message echoes a long cell (“…” is not a real date), made a cell
longer than the 32,767 characters Excel holds in one (calamine reads a longer one's start
unsaid, its last errors lost), and the CSV's cell could not be saved back as an .xlsx
whole. The errors are kept whole while they fit, then the cell says how many more there
are; the first one alone too long keeps its start. CSV and XLSX results say the same."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import ngettext

from mteja.clients.bulk.overlong_cells import MOST_CELL_CHARACTERS

SEPARATOR = "; "
CUT = "…"
# One character left for the apostrophe a result puts before a text a spreadsheet would run
# as a formula (sheets.neutralise_cells): a column named "=…" starts the cell.
MOST_STATUS_CHARACTERS = MOST_CELL_CHARACTERS - 1


def status_text(errors: list[str], suffix: str = "") -> str:
    """`errors` joined, then `suffix`, within MOST_STATUS_CHARACTERS."""
    joined = SEPARATOR.join(errors)
    if len(joined) + len(suffix) <= MOST_STATUS_CHARACTERS:
        return joined + suffix
    room = MOST_STATUS_CHARACTERS - len(suffix)
    kept: list[str] = []
    length = -len(SEPARATOR)  # the kept errors' joined length (none: no separator)
    for index, error in enumerate(errors):
        length += len(SEPARATOR) + len(error)
        if length + len(_more_errors(len(errors) - index - 1)) > room:
            break
        kept.append(error)
    if not kept:  # the first alone too long: its start, marked cut
        ending = _more_errors(len(errors) - 1)
        kept = [errors[0][: room - len(ending) - len(CUT)] + CUT]
    return SEPARATOR.join(kept) + _more_errors(len(errors) - len(kept)) + suffix


def _more_errors(count: int) -> str:
    if not count:
        return ""
    told = ngettext("and %(count)s more error", "and %(count)s more errors", count)
    return f" {CUT} " + told % {"count": number_format(count, force_grouping=True)}
