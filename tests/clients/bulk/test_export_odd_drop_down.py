"""A drop-down custom field whose stored value is a JSON array or object (the API refuses
one: only data written by hand, or by a past bug, holds it): the export shows it as it
shows a value of no name, as itself, rather than failing half-way with a TypeError — as its
JSON text, by every writer alike: the Python writer (CSV and XLSX), SQLite's lines
(bulk/lined_custom.py) and PostgreSQL's COPY, byte for byte."""

import csv
import io

import pytest
from django.db import connection
from tests.clients.bulk import test_copied_csv as hostile
from tests.clients.bulk.test_export import URL, read_xlsx

from mteja.clients.bulk import copied, lined
from mteja.clients.bulk.export import ClientExport, chosen_columns
from mteja.clients.models import CustomRow

pytestmark = pytest.mark.django_db

institution = hostile.institution  # the fixtures
survey = hostile.survey
COLUMNS = "externalId,survey.occupation,survey.roof"
# (An object's keys in the order PostgreSQL's jsonb keeps them: shorter first.)
ODD = {
    "X-LIST": [3, 4],
    "X-OBJECT": {"a": "=b"},
    "X-EMPTY": [],
    "X-NESTED": {"é": ['say "hi"', None, True, "=1+1"], "tab": "a\tb"},
}
SHOWN = {
    "X-LIST": "[3, 4]",
    "X-OBJECT": '{"a": "=b"}',
    "X-EMPTY": "[]",
    "X-NESTED": '{"é": ["say \\"hi\\"", null, true, "=1+1"], "tab": "a\\tb"}',
}


@pytest.fixture
def odd(institution, survey):
    for client, (external_id, value) in zip(institution, ODD.items(), strict=False):
        row = CustomRow.objects.get(client=client)
        CustomRow.objects.filter(pk=row.pk).update(values={**row.values, "occupation": value})
        client.__class__.objects.filter(pk=client.pk).update(external_id=external_id)


def cells(text: str) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return {row["externalId"]: row["survey.occupation"] for row in rows if row["externalId"] in ODD}


def written(user, *, database: bool, monkeypatch) -> bytes:
    """The CSV written by the database (its lines or its COPY: checked to be the one that
    wrote it) or by Python."""
    writer = lined if connection.vendor == "sqlite" else copied
    taken = []
    applies = writer.applies
    monkeypatch.setattr(writer, "applies", lambda *args: taken.append(applies(*args)) or taken[-1])
    if not database:
        monkeypatch.setattr(writer, "applies", lambda *args: False)
    export = ClientExport(user=user, filters={}, columns=chosen_columns(COLUMNS), file_format="csv")
    text = b"".join(export.chunks())
    assert all(taken) and bool(taken) == database
    return text


def test_the_database_and_the_python_writer_show_it_alike(admin_user, odd, monkeypatch):
    by_database = written(admin_user, database=True, monkeypatch=monkeypatch)
    in_python = written(admin_user, database=False, monkeypatch=monkeypatch)
    assert by_database == in_python
    assert cells(in_python.decode()) == SHOWN


def test_the_api_exports_it_as_csv(api, odd):
    response = api.get(URL, {"format": "csv", "columns": COLUMNS})
    text = b"".join(response.streaming_content).decode()
    assert cells(text) == SHOWN


def test_the_api_exports_it_as_xlsx(api, odd):
    sheet = read_xlsx(api.get(URL, {"format": "xlsx", "columns": COLUMNS}))
    header = sheet[0]
    shown = {row[0]: row[header.index("survey.occupation")] for row in sheet[1:] if row[0] in ODD}
    assert shown == SHOWN
