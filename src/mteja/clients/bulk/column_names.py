"""Whether a row names client's fields, as a header's cells would (headers.column_named): how
a sheet's header is told from the rows above it (a report's title, who prepared it and when,
notes), whoever reads the file. Only the declared fields count (and `active`, and the names
Fineract's template and the fields' labels give them, an address's among them): no query,
and the same header whatever an administrator configures later (a file is read again for
each pass of its import and for its result file)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from mteja.clients.bulk import fineract_headers
from mteja.clients.bulk.columns import client_columns, labelled_columns
from mteja.clients.bulk.headers import ACTIVE_COLUMN, column_named, header_key, spellings

LEAST_NAMED = 2  # a row naming one field may be a title ("Office"), or a note
# The longest name a field goes by is 30 letters ("Immatriculation valable jusqu'au"): a
# longer text is a note, never compared (a preamble's cells showing one text of 32,000
# characters, kept once by the workbook, were each compared, a row at a time: 200,000 such
# cells, a 400 kB file, kept the search busy for over a quarter of an hour).
MOST_NAME_CHARACTERS = 100


@functools.cache
def names_fields() -> Callable[[list], bool]:
    """A function telling whether at least LEAST_NAMED of a row's cells name a client's
    field."""
    every = {column.name for column in client_columns()} | {ACTIVE_COLUMN}
    spelled, labels = spellings(every), labelled_columns()

    def named(row: list) -> bool:
        texts = [
            text
            for cell in row
            if cell.__class__ is str
            and len(cell) <= MOST_NAME_CHARACTERS
            and (text := cell.strip())
        ]
        if len(texts) < LEAST_NAMED:
            return False
        aliases = {**labels, **fineract_headers.columns_of({header_key(t) for t in texts})}
        known = every | set(aliases.values())
        names = (column_named(text, every, spelled, aliases) for text in texts)
        return sum(name in known for name in names) >= LEAST_NAMED

    return named
