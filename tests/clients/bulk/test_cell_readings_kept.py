"""A reader keeps what each text cell of a column it reads (an office, an officer, a choice,
a code value, a yes/no, a date) gave, by language, and gives it again for the same cell
(rows.py `_reading`): every row of a realistic and of a hostile file, each written twice and
read in two languages, is read as by a reader seeing each of its cells for the first time —
the same body, the same status values, the same errors with their columns."""

import csv

import pytest
from benchmarks.hostile_rows import write_hostile
from benchmarks.import_bench import write_file
from benchmarks.institution import ADMIN
from django.utils import translation

from mteja.clients.bulk.rows import RowReader
from mteja.users.models import AppUser

pytestmark = pytest.mark.django_db

# Cells naming nothing, or what a column cannot take, repeated below: each row tells its error.
BAD_CELLS = {
    "office": ["Atlantis", "kibera ", "'=Kibera"],
    "staff": ["Nobody, Officer 9"],
    "gender": ["Unknown", "  Female  "],
    "legalForm": ["Company", "3", "Person"],
    "dateOfBirth": ["31/02/1990", "45123", "1990-02-30", "   "],
    "activationDate": ["yesterday"],
    "clientType": ["", "Individual"],
}


def _rows(path) -> tuple[list, list]:
    with path.open(newline="", encoding="utf-8") as file:
        header, *rows = list(csv.reader(file))
    for name, cells in BAD_CELLS.items():
        index = header.index(name)
        for number, cell in enumerate(cells):
            row = list(rows[number])
            row[index] = cell
            rows.append(row)
    return header, rows + rows  # (each row twice: the second read from what was kept)


def _read(reader: RowReader, row: list, language: str) -> tuple:
    with translation.override(language):
        read, unique = reader.read_row(row)
    return read.body, read.status, read.errors, unique


@pytest.fixture
def files(tmp_path):
    realistic, hostile = tmp_path / "realistic.csv", tmp_path / "hostile.csv"
    write_file(realistic, 150, 1414)
    write_hostile(hostile, 200, 707, 77)
    return [realistic, hostile]


def test_a_cell_read_again_reads_as_the_first_time(files):
    user = AppUser.objects.get(username=ADMIN)
    refused = 0
    for path in files:
        header, rows = _rows(path)
        kept = RowReader(user, header)
        first = RowReader(user, header)
        for number, row in enumerate(rows):
            language = ("fr", "en")[number % 2]
            first._readings_in.clear()  # (each of its cells read for the first time)
            first._known_in.clear()
            expected = _read(first, row, language)
            assert _read(kept, row, language) == expected, (path.name, number)
            refused += bool(expected[2])
    assert refused > 2 * sum(map(len, BAD_CELLS.values()))


def test_a_cell_refused_is_refused_on_every_row_in_its_language(admin_user, kibera):
    reader = RowReader(admin_user, ["office", "firstname", "lastname", "gender"])
    row = ["Atlantis", "Asha", "Njeri", "Unknown"]
    told = [_read(reader, row, language)[2] for language in ("en", "fr", "en", "fr")]
    assert told[0] == told[2] and told[1] == told[3]
    assert [column for column, _message in told[0]] == ["office", "gender"]
    assert told[0][0][1] == "No office named “Atlantis” among your offices."
    assert told[1][0][1] != told[0][0][1]  # (in French)
