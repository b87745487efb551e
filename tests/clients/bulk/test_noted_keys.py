"""The rows a lane only notes (another lane's batches, or a resumed import's lines written
before: bulk/noted_keys.py) give the same values that must be unique in the file as the rows
it checks, their key cells alone bounded by length: a row below repeating one is refused
alike, however long, spaced, decimal or keyless the rows."""

import pytest
from tests.clients.bulk.files import csv_file

from mteja.clients.bulk.checking import RowChecker
from mteja.clients.bulk.importing import ClientImport
from mteja.clients.bulk.noted_keys import NotedKeys

pytestmark = pytest.mark.django_db

HEADER = "office,firstname,lastname,externalId,accountNo,documentType,documentKey,submittedOnDate"
LONG_ID = "X" * 450  # longer than an external id takes even read as garbled
LONG_KEY = "K" * 900
ROWS = (
    f"Kibera,Asha,Njeri,{LONG_ID},,,,2024-01-10",
    "Kibera,Baraka,Otieno,EXT  7,,National ID,AB-123 456,2024-01-10",
    "Kibera,Chao,Wu,,,,,2024-01-10",  # keyless: known by its fingerprint
    "Kibera,Dalia,Moraa,,ACC-9,National ID,AB-9,2024-01-10",
    "Kibera,Eli,Kamau,712345.0,,,,2024-01-10",  # a whole number written as a decimal
    f"Kibera,Fatma,Ali,,,National ID,{LONG_KEY},2024-01-10",
    "office,firstname,lastname,externalId,accountNo,documentType,documentKey,submittedOnDate",
    "Kibera,Gideon,Mwangi,'=EXT-8,,,,2024-01-10",  # a neutralised formula
    # the rows below repeat those above
    f"Kibera,Hawa,Said,{LONG_ID},,,,2024-01-11",
    "Kibera,Ivy,Wanjiru,EXT 7,,,,2024-01-11",
    "Kibera,Chao,Wu,,,,,2024-01-10",
    "Kibera,Juma,Kiprop,,acc-9,national id,ab 9,2024-01-11",
    "Kibera,Kevin,Otieno,712345,,,,2024-01-11",
    f"Kibera,Lina,Abdi,,,National ID,{LONG_KEY},2024-01-11",
    "Kibera,Musa,Hassan,=EXT-8,,,,2024-01-11",
)
SOURCE = csv_file(HEADER, *ROWS)


def test_a_noted_row_has_the_values_of_a_read_one(admin_user, kibera):
    importing = ClientImport(user=admin_user, source=SOURCE, dry_run=True)
    noted = NotedKeys(importing.reader)
    rows = [cells for batch in importing.batches() for _line, cells in batch]
    assert len(rows) == len(ROWS)
    for cells in rows:
        assert noted.of(cells) == importing.reader.unique_values(cells), cells[:4]
        assert noted.of(cells) == importing.reader.read_row(cells)[1], cells[:4]


@pytest.mark.parametrize("noted_up_to", [2, 5, 9])
def test_rows_below_noted_lines_are_refused_as_when_noted_rows_are_read_whole(
    admin_user, kibera, noted_up_to, monkeypatch
):
    """A resumed import notes the lines it wrote before, as a lane notes another's: noting
    only their key cells refuses the rows below exactly as reading each noted row whole."""

    def outcomes():
        resumed = ClientImport(user=admin_user, source=SOURCE, dry_run=True)
        after = resumed.run(after_line=noted_up_to, batch_size=3)
        return [(row.line, row.outcome, row.errors) for row in after.rows]

    key_cells_alone = outcomes()
    monkeypatch.setattr(NotedKeys, "of", lambda noted, cells: noted.reader.unique_values(cells))
    assert key_cells_alone == outcomes()
    assert sum(bool(errors) for line, _outcome, errors in key_cells_alone if line >= 10) == 6


def test_a_checker_notes_with_the_files_key_cells(admin_user, kibera):
    importing = ClientImport(user=admin_user, source=SOURCE, dry_run=True)
    checker = RowChecker(admin_user, importing.reader, importing.columns)
    assert checker.noted_keys.key_limits.limits
    assert len(checker.noted_keys.key_limits.limits) < len(importing.reader.text_limits.limits)


NA_ROWS = (
    "Kibera,Nuru,Atieno,NA,NA,NA,NA,2024-01-10",  # R's missing values: a keyless row
    "Kibera,Omar,Faraji,NA,ACC-NA,National ID,NA,2024-01-10",
    "Kibera,Nuru,Atieno,NA,NA,NA,NA,2024-01-10",  # repeats the first
    "Kibera,Pili,Juma,,ACC-NA,,,2024-01-11",  # repeats the second's account number
)
NA_SOURCE = csv_file(HEADER, *NA_ROWS)


def test_a_noted_row_reads_na_cells_as_blank_as_a_read_row_does(admin_user, kibera):
    importing = ClientImport(user=admin_user, source=NA_SOURCE, dry_run=True)
    noted = NotedKeys(importing.reader)
    rows = [cells for batch in importing.batches() for _line, cells in batch]
    assert [noted.of(cells) for cells in rows] == [
        importing.reader.unique_values(cells) for cells in rows
    ]
    assert noted.of(rows[1]) == [("accountNo", "ACC-NA")]


def test_a_row_repeating_a_noted_na_row_is_refused_as_a_repeat(admin_user, kibera):
    """A resumed import (as a lane) notes the lines before its start: a keyless row there
    whose key cells read NA is known by its fingerprint, as the row below repeating it."""
    resumed = ClientImport(user=admin_user, source=NA_SOURCE, dry_run=True)
    after = resumed.run(after_line=3, batch_size=3)
    refused = {row.line: row.errors for row in after.rows}
    assert set(refused) == {4, 5}
    assert refused[4] == [
        ("", "Line 2 has the same values: give each client an external id to tell them apart.")
    ]
    assert "Line 3" in str(refused[5])
