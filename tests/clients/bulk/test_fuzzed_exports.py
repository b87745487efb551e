"""Client values that could break an export, written through the services (as the API, the
web and an import write them), exported through `GET /clients/export` as CSV and as XLSX and
read back (the csv module; calamine): each cell reads back as the stored value, or as it with
the apostrophe of a text a spreadsheet would run or an import take for a spoilt cell
(decisions 58, 89, 93); no cell runs as a formula, even once a spreadsheet trims the spaces
before it; as many rows as clients. The workbook, imported into an empty database, gives
the same clients again.

Values: formula starts (= + - @, a tab, a carriage return, their full-width forms) after
spaces, quotes, apostrophes and direction marks, texts an import reads as a spreadsheet's
error or a shortened number, NULs and lone surrogates (which no service stores), long texts
and line breaks. The examples are the same at every run (derandomized, as
test_fuzzed_files.py's); FUZZ_RANDOM=1 draws new ones, FUZZ_EXAMPLES=200 more of them."""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from mteja.clients import services as client_services
from mteja.clients.bulk.importing import import_clients
from mteja.clients.bulk.sheets import FORMULA_STARTS, restore_cell
from mteja.clients.models import Client
from mteja.core.errors import MtejaError
from mteja.organisation.models import CodeValue

pytestmark = pytest.mark.django_db

URL = "/fineract-provider/api/v1/clients/export"
FUZZED = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 10)),
    deadline=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What may come before a formula's first character: spaces of several kinds, line breaks,
# quotes, apostrophes, direction marks, a BOM.
LEADS = (" ", "\t", "\n", "\r", "\u00a0", "\u3000", "'", '"', "\u200e", "\u200f", "\ufeff")
STARTS = (*FORMULA_STARTS, "#N/A", "#ref!", "NA", "4.5E+11", "712345678.0", "")
hostile_texts = st.one_of(
    st.builds(
        lambda leads, start, rest: "".join(leads) + start + rest,
        st.lists(st.sampled_from(LEADS), max_size=3),
        st.sampled_from(STARTS),
        st.one_of(st.just(""), st.sampled_from(("1+1", "SUM(A1)", "254712345678")), st.text()),
    ),
    st.builds(  # long texts, up to past a column's bound
        lambda piece, times: piece * times,
        st.sampled_from(("é", "x ", "=", "\u202e", "日本", "a\n")),
        st.integers(20, 120),
    ),
    st.sampled_from(("\x00", "Asha\x00", "\ud800", "Ki\udfffbera", "\u202eKibera", "a\r\nb")),
)
names = st.one_of(st.sampled_from(("Asha", "Njeri", "Baraka", "Otieno", "Wanjiku")), hostile_texts)
# The text columns drawn from, as the export names them, and where the service takes them.
COLUMNS = (
    "accountNo", "externalId", "firstname", "middlename", "lastname", "displayName",
    "address.street", "address.city",
)  # fmt: skip


@st.composite
def client_fields(draw) -> dict:
    fields = {name: draw(names) for name in ("firstname", "lastname")}
    for name in ("middlename", "external_id"):
        if draw(st.booleans()):
            fields[name] = draw(hostile_texts)
    if draw(st.booleans()):
        fields["address"] = {"street": draw(hostile_texts), "city": draw(names)}
    return fields


def created(admin, fields: dict) -> Client | None:
    """The client the services make of `fields`, or None when they refuse them."""
    fields = dict(fields)
    if "address" in fields:
        home = CodeValue.objects.filter(code__name="ADDRESS_TYPE").values_list("pk", flat=True)
        fields["address"] = [{"addressTypeId": home[0], "isActive": True, **fields["address"]}]
    office = admin.office
    try:
        return client_services.client_create(actor=admin, office=office, fields=fields).client
    except MtejaError as refused:
        event(f"refused: {refused.first.code.rsplit('.', 1)[-1]}")
        return None


def made(admin, people: list[dict]) -> list[Client]:
    """The clients the services make of `people`, in a database of no other client (the
    examples of a test share one transaction)."""
    Client.objects.all().delete()
    clients = [client for fields in people if (client := created(admin, fields))]
    event(f"clients made: {len(clients)}")
    return clients


def stored_cells(clients: list[Client], columns: list[str]) -> list[list[str]]:
    """The clients' values as stored, by the export's column names ("" for none)."""
    rows = []
    for client in Client.objects.filter(pk__in=[c.pk for c in clients]).order_by("pk"):
        address = client.addresses.filter(is_active=True).first()
        values = {
            "accountNo": client.account_no, "externalId": client.external_id,
            "firstname": client.firstname, "middlename": client.middlename,
            "lastname": client.lastname, "displayName": client.display_name,
            "address.street": address and address.street, "address.city": address and address.city,
        }  # fmt: skip
        rows.append([values[name] or "" for name in columns])
    return rows


def exported(api, file_format: str, columns: list[str] | None = None) -> bytes:
    params = {"format": file_format, **({"columns": ",".join(columns)} if columns else {})}
    response = api.get(URL, params)
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content)


def csv_cells(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def workbook_cells(data: bytes) -> list[list[str]]:
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet, "a cell holds a formula"
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    return [[str(cell) for cell in row] for row in rows]


def runs_as_formula(cell: str) -> bool:
    """Whether a spreadsheet may run the cell: it starts a formula, maybe after whitespace a
    spreadsheet trims (any, here: more than any spreadsheet trims)."""
    return cell.startswith(FORMULA_STARTS) or cell.lstrip().startswith(FORMULA_STARTS)


# A workbook's text that can only be a number: held without its apostrophe, in the
# quote-prefix style (decision 89).
ONLY_A_NUMBER = re.compile("[+-][0-9](?:[0-9 ]*[0-9])?")
# What XML 1.0 cannot hold: a workbook leaves it out (bulk/workbook.py).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def assert_reads_back(cell: str, value: str, *, workbook: bool) -> None:
    if workbook:
        value = NOT_XML.sub("", value)
    if cell == value:
        assert not runs_as_formula(cell) or (workbook and ONLY_A_NUMBER.fullmatch(cell)), cell
    else:  # neutralised: an apostrophe before it, which the import takes off
        assert cell == "'" + value, (cell, value)
        assert restore_cell(cell) == value


def assert_file_reads_back(rows: list[list[str]], columns, stored, *, workbook: bool) -> None:
    header, *cells = rows
    assert header == columns
    assert len(cells) == len(stored)
    for row, values in zip(cells, stored, strict=True):
        row = row + [""] * (len(columns) - len(row))  # (calamine leaves off blanks after)
        for cell, value in zip(row, values, strict=True):
            assert_reads_back(cell, value, workbook=workbook)


@FUZZED
@given(people=st.lists(client_fields(), min_size=1, max_size=4), data=st.data())
def test_fuzzed_clients_read_back_from_both_exports(api, admin_user, people, data):
    clients = made(admin_user, people)
    chosen = data.draw(st.lists(st.sampled_from(COLUMNS), min_size=1, unique=True))
    columns = list(dict.fromkeys([*chosen, "accountNo"]))  # (the export adds it: export.py)
    stored = stored_cells(clients, columns)
    as_csv = csv_cells(exported(api, "csv", columns))
    assert_file_reads_back(as_csv, columns, stored, workbook=False)
    as_workbook = workbook_cells(exported(api, "xlsx", columns))
    assert_file_reads_back(as_workbook, columns, stored, workbook=True)


@FUZZED
@given(people=st.lists(client_fields(), min_size=1, max_size=4))
def test_a_fuzzed_clients_workbook_imports_as_the_same_clients(api, admin_user, people):
    clients = made(admin_user, people)
    every = list(COLUMNS[1:])  # the account numbers are the database's
    before = stored_cells(clients, every)
    workbook = exported(api, "xlsx")
    Client.objects.all().delete()
    result = import_clients(user=admin_user, data=workbook)
    outcomes = [(row.outcome, row.errors) for row in result.rows]
    assert [outcome for outcome, _errors in outcomes] == ["imported"] * len(clients), outcomes
    assert sorted(stored_cells(list(Client.objects.all()), every)) == sorted(before)
