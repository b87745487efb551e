"""A drop-down custom field whose stored value is a single JSON value of another type than a
whole number (true, 96.0, "96": only data written by hand holds one) is shown as itself by
every export writer alike — the Python writer (CSV and XLSX), SQLite's lines
(bulk/lined_custom.py) and PostgreSQL's COPY — never as the name of a code value it only
resembles (a float equal to its id, its digits in a text, True equal to 1), and a number
as the digits it was stored with (decision 209)."""

import csv
import io

import pytest
from django.db import connection
from tests.clients.bulk import test_copied_csv as hostile
from tests.clients.bulk.test_export import URL, read_xlsx
from tests.clients.bulk.test_export_odd_drop_down import written

from mteja.clients.models import CustomRow

pytestmark = pytest.mark.django_db

institution = hostile.institution  # the fixtures
survey = hostile.survey
COLUMNS = "externalId,survey.occupation,survey.roof"
ODD_ID = "X-ODD"
ID = "{id}"  # the code value's id, written into the stored JSON and the cell expected

# (the value's JSON text as stored, the cell shown): the same on both databases.
SCALARS = [
    ("true", "true"),
    ("false", "false"),
    (f"{ID}.0", f"'{ID}.0"),  # a whole number written as a decimal (decision 188)
    (f'"{ID}"', ID),
    ("1.50", "1.50"),
    ("1e2", "100"),
    ("1E-7", "0.0000001"),
    ("-0.0", "0.0"),
    ("-0", "0"),
    ("123456789012345678901234567890", "123456789012345678901234567890"),
    ("1e309", "1" + "0" * 309),
    ('"=1+1"', "'=1+1"),
    ('"  "', "  "),
    ('"caf\\u00e9 \\"x\\""', 'café "x"'),
]


def store(client, text: str) -> None:
    """The client's drop-down value stored as this JSON text, as a hand-made migration
    would write it (not through Python's json, which would write a float its own way)."""
    row = CustomRow.objects.get(client=client)
    table = connection.ops.quote_name(CustomRow._meta.db_table)
    values = connection.ops.quote_name("values")
    if connection.vendor == "postgresql":
        changed = f"jsonb_set({values}, '{{occupation}}', %s::jsonb)"
    else:
        changed = f"json_set({values}, '$.occupation', json(%s))"
    with connection.cursor() as cursor:
        sql = f"UPDATE {table} SET {values} = {changed} WHERE id = %s"  # noqa: S608
        cursor.execute(sql, [text, row.pk])
    client.__class__.objects.filter(pk=client.pk).update(external_id=ODD_ID)


def csv_cell(text: str) -> str:
    rows = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return next(row["survey.occupation"] for row in rows if row["externalId"] == ODD_ID)


@pytest.fixture
def named_id(institution, survey):
    """The id of a code value of the drop-down's list (shown by its name when stored as a
    whole number)."""
    return CustomRow.objects.get(client=institution[0]).values["occupation"]


@pytest.mark.parametrize(("stored", "shown"), SCALARS)
def test_every_writer_shows_it_as_itself(
    admin_user, api, institution, named_id, monkeypatch, stored, shown
):
    store(institution[0], stored.replace(ID, str(named_id)))
    shown = shown.replace(ID, str(named_id))
    by_database = written(admin_user, database=True, monkeypatch=monkeypatch)
    in_python = written(admin_user, database=False, monkeypatch=monkeypatch)
    assert csv_cell(by_database.decode()) == shown
    assert by_database == in_python
    monkeypatch.undo()
    sheet = read_xlsx(api.get(URL, {"format": "xlsx", "columns": COLUMNS}))
    column = sheet[0].index("survey.occupation")
    assert next(row[column] for row in sheet[1:] if row[0] == ODD_ID) == shown


def test_a_whole_number_is_still_named(admin_user, institution, named_id, monkeypatch):
    store(institution[0], str(named_id))
    by_database = written(admin_user, database=True, monkeypatch=monkeypatch)
    assert csv_cell(by_database.decode()) == '\'=Farmer, "big"'
    assert by_database == written(admin_user, database=False, monkeypatch=monkeypatch)
