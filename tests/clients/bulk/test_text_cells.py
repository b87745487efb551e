"""A row whose cells are all plain text (a CSV's) is looked at all at once for its spoilt
cells and its long texts (bulk/text_cells.py, decision 225): it gives what the look at each
cell gives, whatever its texts — a formula's error, a long number shortened, garbled
accents, a text too long, a whole number written as a decimal, the separator the look joins
texts with — and a row of other cells (a workbook's, R's NA) is looked at cell by cell."""

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.clients.bulk.files import csv_file

from mteja.clients.bulk.importing import ClientImport
from mteja.clients.bulk.sheet_cells import FORMULA_WITHOUT_VALUE, cell_error
from mteja.clients.bulk.spoilt_cells import spoilt_among
from mteja.clients.bulk.text_cells import SEPARATOR

pytestmark = pytest.mark.django_db

HEADER = (
    "externalId,legalForm,office,staff,firstname,middlename,lastname,fullname,mobileNo,"
    "dateOfBirth,gender,numberOfDependents,clientType,submittedOnDate,documentType,"
    "documentKey,addressType,address.street,address.city"
)
WIDTH = len(HEADER.split(","))
# Texts made of what the checks look for, and whole cells that are such texts.
PIECES = st.sampled_from(
    ["a", "Z", "0", "7", " ", ".", ",", "+", "E", "e", "#", "é", "Ã", "©", "ũ", SEPARATOR, "'"]
)
TEXTS = st.one_of(
    st.lists(PIECES, max_size=12).map("".join),
    st.sampled_from(
        [
            "",
            "#N/A",
            " #REF! ",
            "2.54712E+11",
            "2,5E+12",
            "7e+70",
            "JosÃ©",
            "NgÅ©gÄ©",
            "José",
            "712345678.0",
            "289627,0",
            "5.0" + SEPARATOR,
            "IMP-5.0x",
            "Kibera",
            "NA",
        ]
    ),
    st.integers(1, 1000).map(lambda length: "X" * length),
)
OTHER_CELLS = st.one_of(
    st.none(),
    st.just(FORMULA_WITHOUT_VALUE),
    st.just(cell_error("#DIV/0!")),
    st.floats(allow_nan=False),
    st.integers(),
)


@pytest.fixture
def reader(admin_user, kibera):
    return ClientImport(user=admin_user, source=csv_file(HEADER), dry_run=True).reader


def cell_by_cell(reader):
    """The reader's looks as they are without the look at a row at once."""
    limits = copy.copy(reader.text_limits)
    limits._as_it_is = lambda cells: False
    columns = reader._value_cells.columns.indexes

    def spoilt(cells):
        return [(reader.header[index], error) for index, error in spoilt_among(cells, columns)]

    return limits.bounded, spoilt


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    texts=st.lists(TEXTS, min_size=WIDTH, max_size=WIDTH),
    others=st.lists(st.tuples(st.integers(0, WIDTH + 1), OTHER_CELLS), max_size=2),
)
def test_a_rows_look_at_once_gives_what_its_cells_looked_at_give(reader, texts, others):
    cells = list(texts)
    for index, other in others:  # (a workbook's cells, or a row shorter than its header)
        if index < len(cells):
            cells[index] = other
        else:
            del cells[index - WIDTH :]
    bounded, spoilt = cell_by_cell(reader)
    assert reader.text_limits.bounded(cells) == bounded(cells)
    cells = bounded(cells)
    assert reader.spoilt_cells(cells) == spoilt(cells)


PLAIN_ROW = dict.fromkeys(HEADER.split(","), "") | {
    "office": "Kibera", "firstname": "José", "middlename": "Zoë", "lastname": "Njeri",
    "mobileNo": "+254 712 345 678", "gender": "Female", "externalId": "IMP-1",
}  # fmt: skip


def test_a_plain_row_is_told_at_once_to_hold_nothing_wrong(reader):
    cells = list(PLAIN_ROW.values())
    assert reader.text_limits.bounded(cells) is cells
    assert reader.spoilt_cells(cells) == []


@pytest.mark.parametrize(
    ("column", "text"),
    [
        ("externalId", "712345678.0"),
        ("firstname", "JosÃ©"),
        ("lastname", "N" * 500),
        ("mobileNo", "2.54712E+11"),
        ("mobileNo", "7e+70"),
        ("gender", "#N/A"),
        ("address.city", " #REF!"),
    ],
)
def test_a_plain_rows_one_spoilt_cell_is_told_by_its_column(reader, column, text):
    cells = reader.text_limits.bounded(list((PLAIN_ROW | {column: text}).values()))
    assert [refused for refused, _message in reader.spoilt_cells(cells)] == [column]
