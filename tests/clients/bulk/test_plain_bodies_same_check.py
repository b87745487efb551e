"""An import's check reads each row's body by the API input's fields straight away when the
serializer's own layers add nothing (core/api/plain_bodies.py), its values remembered and
read plainly (plain_values.py, its address and document too): every row of a realistic
file, of a hostile one and of hostile workbooks is checked as with the reader
`POST /clients` reads a request with (the serializer's whole way, nothing remembered) — the
same outcome, the same errors by line, column and message, and the same fields given to the
create service."""

import random

import pytest
from benchmarks import hostile_texts
from benchmarks.hostile_rows import write_hostile
from benchmarks.import_bench import write_file
from benchmarks.institution import ADMIN

from mteja.clients.api.serializers import ClientCreateInput
from mteja.clients.bulk import checking
from mteja.clients.bulk.importing import ClientImport
from mteja.core.api.inputs import BodyReader
from mteja.core.errors import ValidationFailed
from mteja.users.models import AppUser

pytestmark = pytest.mark.django_db

LONG = "a" * 32_000
# Workbooks as benchmarks/hostile_texts.py writes them, a few rows each: long names (decision
# 132), garbled capitals, list members' columns showing 32,000 letters (decision 151), a
# document number and a street showing them (decision 137). (The hostile CSV's names hold
# NUL, zero-width and direction marks.)
HEADER = ["office", "firstname", "lastname"]
NAMED = [*HEADER, "staff", "gender", "legalForm", "documentType"]
PARTS = [*HEADER, "documentKey", "address.street"]


def _workbooks(folder) -> list:
    rows = range(2, 14)
    books = {
        "long.xlsx": ([HEADER], [(line, 1, 2, ["Head Office"]) for line in rows], LONG),
        "caps.xlsx": ([HEADER], [(line, 1, 2, ["Head Office"]) for line in rows], "Ã‰" * 16),
        "names.xlsx": (
            [NAMED],
            [(line, 3, 4, ["Head Office", "Asha", f"Njeri{line}"]) for line in rows],
            LONG,
        ),
        "parts.xlsx": (
            [PARTS],
            [(line, 3, 2, ["Head Office", "Asha", f"Njeri{line}"]) for line in rows],
            LONG,
        ),
    }
    written = []
    for name, ([header], shared, text) in books.items():
        lines = [hostile_texts.shared_row(*row) for row in shared]
        hostile_texts.workbook(folder / name, [hostile_texts.text_row(1, header), *lines], text)
        written.append(folder / name)
    return written


def _checked(path, *, api_reader: bool, monkeypatch) -> tuple[list, list]:
    """Each row's (line, outcome, errors) of a dry run, and each field set the create
    service was given; `api_reader`: the rows' bodies read by POST /clients's reader."""
    given = []
    prepare = checking.prepare_client

    def recorded(**arguments):
        given.append(arguments["fields"])
        return prepare(**arguments)

    with monkeypatch.context() as patched:
        patched.setattr(checking, "prepare_client", recorded)
        if api_reader:
            start = checking.RowChecker.__post_init__

            def with_api_reader(checker):
                start(checker)
                checker.bodies = BodyReader(ClientCreateInput)

            patched.setattr(checking.RowChecker, "__post_init__", with_api_reader)
        user = AppUser.objects.get(username=ADMIN)
        report = ClientImport(user=user, source=path, dry_run=True).run()
    rows = [(row.line, row.outcome, row.shown_errors()) for row in report.rows]
    return rows, given


@pytest.fixture
def corpus(tmp_path):
    realistic = tmp_path / "realistic.csv"
    write_file(realistic, 300, 1414)
    hostile = tmp_path / "hostile.csv"
    write_hostile(hostile, 400, 707, 77)
    return [realistic, hostile, *_workbooks(tmp_path)]


def test_every_row_is_checked_as_the_apis_reader_checks_it(corpus, monkeypatch):
    outcomes = set()
    for path in corpus:
        rows, given = _checked(path, api_reader=False, monkeypatch=monkeypatch)
        expected_rows, expected_given = _checked(path, api_reader=True, monkeypatch=monkeypatch)
        assert rows == expected_rows, path.name
        assert given == expected_given, path.name
        outcomes.update((path.name, outcome) for _line, outcome, _errors in rows)
    # The files hold both: valid rows, and rows refused for what the API's input refuses.
    assert {("realistic.csv", "valid"), ("hostile.csv", "valid"), ("hostile.csv", "invalid"),
            ("long.xlsx", "invalid"), ("names.xlsx", "invalid")} <= outcomes  # fmt: skip


def test_the_plain_way_reads_most_rows(corpus, monkeypatch):
    """The comparison above is of the new way: most rows' bodies are read field by field
    (a row whose body is not plain goes the whole way)."""
    read = {"plain": 0, "whole": 0}
    plain_read = checking.BodyReader.read

    def counted(reader, data, **options):
        plain = reader.plain_bodies is not None and reader.plain_bodies._plan(tuple(data))
        read["plain" if plain else "whole"] += 1
        return plain_read(reader, data, **options)

    monkeypatch.setattr(checking.BodyReader, "read", counted)
    _checked(corpus[1], api_reader=False, monkeypatch=monkeypatch)
    assert read["plain"] > 5 * read["whole"] > 0


def test_a_refusal_of_the_plain_way_is_told_as_the_whole_way_tells_it():
    """Each value of a hostile body read both ways (bodies the files cannot hold: blanks for
    references, null, a float, nested lists, a dateFormat)."""
    rng = random.Random(7)
    values = ["", " ", None, 1.5, float("nan"), True, "x" * 200, "1990-02-30", "As\x00ha",
              [1, [2]], {"a": 1.0}, [{"street": "Plot 1"}], [float("nan")], "07", 3, -1,
              2**70]  # fmt: skip
    params = ["firstname", "dateOfBirth", "genderId", "legalFormId", "active", "address",
              "numberOfDependents", "staffId", "clientNonPersonDetails"]  # fmt: skip
    remembering, api = (
        BodyReader(ClientCreateInput, remember_values=True),
        BodyReader(ClientCreateInput),
    )
    for _round in range(300):
        body = {"officeId": 1, "legalFormId": 1}
        for param in rng.sample(params, 3):
            body[param] = rng.choice(values)
        if rng.random() < 0.2:  # (its dates read by it: the whole way)
            body.update(dateFormat="dd/MM/yyyy", locale="en")
        assert _answer(remembering, body) == _answer(api, body), body


def _answer(reader, body):
    try:
        return reader.read(dict(body))
    except ValidationFailed as refused:
        return [(error.param, error.code, error.message) for error in refused.errors]
