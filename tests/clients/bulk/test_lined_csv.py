"""The CSV export SQLite writes itself (one `printf` a client, bulk/lined.py) is the file the
rows written in Python make, byte for byte: the same hostile institution as PostgreSQL's COPY
is checked on (test_copied_csv.py: formulas, quotes, commas, line breaks, names looked up,
missing or of another code list, a client's first active document and address, an entity's
details, dates, decimals, yes/no; the cases both writers share in
test_database_written_csv.py); custom fields of every type (bulk/lined_custom.py), with
the values the API stores and any other JSON a row may hold."""

import dataclasses
from decimal import Decimal

import pytest
from django.db import connection
from hypothesis import example, given
from hypothesis import strategies as st
from tests.clients.bulk import test_copied_csv as hostile
from tests.clients.bulk.test_copied_csv import _TEXT, both_files, code_value, drawn

from mteja.clients.bulk import lined
from mteja.clients.bulk.export import ClientExport, chosen_columns
from mteja.clients.models import Client, ClientAddress, ClientIdentifier, CustomRow
from mteja.organisation.models import CodeValue, Office

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the lines are SQLite's"),
]

institution = hostile.institution  # the fixture


def test_every_column_written_by_sqlite_is_the_file_written_in_python(
    admin_user, institution, monkeypatch
):
    by_database, in_python = both_files(admin_user, monkeypatch=monkeypatch)
    assert by_database == in_python
    assert by_database.count(b"\r\n") > len(institution)
    text = by_database.decode()
    assert "'=cmd|' /C calc'!A0" in text  # a looked-up name neutralised
    assert '"Passport, ""new"""' in text  # ... and quoted
    assert ",1234.50," in text and ",0.05," in text  # decimals as Python writes them


@pytest.mark.parametrize("block", [1, 2, 3])
def test_blocks_of_any_size_end_each_line_as_the_file_written_in_python(
    admin_user, institution, monkeypatch, block
):
    monkeypatch.setattr(lined, "READ_ROWS", block)  # the last block short when it does not divide
    by_database, in_python = both_files(admin_user, "firstname,status", monkeypatch=monkeypatch)
    assert by_database == in_python
    assert by_database.endswith(b"\r\n") and b"\r\n\r\n" not in by_database


def test_a_search_gives_the_same_file(admin_user, institution, monkeypatch):
    """A search's clients, read in windows of ids (search_windows.py), written alike."""
    filters = {"search": "a"}
    by_database, in_python = both_files(admin_user, "displayName,mobileNo", filters, monkeypatch)
    assert by_database == in_python


def test_a_value_of_another_list_and_decimals_sql_does_not_show_are_shown_as_python_does(
    admin_user, institution, monkeypatch
):
    """A gender that is a value of another code list (shown by its name all the same), a
    decimal with cents and one of more digits than SQLite keeps exactly."""
    profession = code_value("PROFESSION", "+Fisher, Nets")
    Client.objects.filter(pk=institution[0].pk).update(
        gender=profession, monthly_income=Decimal("12345678901234567.89")
    )
    Client.objects.filter(pk=institution[1].pk).update(monthly_income=Decimal("-7.25"))
    columns = "gender,monthlyIncome,firstname"
    by_database, in_python = both_files(admin_user, columns, monkeypatch=monkeypatch)
    assert by_database == in_python
    assert '"\'+Fisher, Nets"' in by_database.decode()


def test_a_list_of_more_names_than_sql_takes_is_named_by_python_alike(
    admin_user, institution, monkeypatch
):
    """An institution's thousands of loan officers would cost the statement's preparing
    more than the lines: past MOST_NAMES_IN_SQL a column's names come from Python, the file
    the same."""
    monkeypatch.setattr(lined, "MOST_NAMES_IN_SQL", 1)
    by_database, in_python = both_files(admin_user, "gender,staff,office,lastname", {}, monkeypatch)
    assert by_database == in_python
    assert "'=cmd|' /C calc'!A0" in by_database.decode()  # a looked-up name neutralised


@pytest.mark.parametrize("name", ["50%s off", "100%% 'sure'", "%", "''"])
def test_a_name_written_into_the_sql_is_shown_as_stored(admin_user, institution, monkeypatch, name):
    """The names are literals of the statement: a `%` (the cursor's parameter mark) or an
    apostrophe in one is shown as it is."""
    CodeValue.objects.filter(pk=institution[1].gender_id).update(name=name)
    Office.objects.filter(pk=institution[0].office_id).update(name=name)
    by_database, in_python = both_files(admin_user, "gender,office,lastname", {}, monkeypatch)
    assert by_database == in_python
    assert f",{name}," in by_database.decode()


def test_a_name_holding_a_nul_is_looked_up_by_python(admin_user, institution):
    """No SQL text holds a NUL: such a name is left to Python, and the line shows it up to
    its NUL, as SQLite's lines show any text (the API stores none)."""
    Office.objects.filter(pk=institution[0].office_id).update(name="Nul\x00led")
    export = ClientExport(
        user=admin_user, filters={}, columns=chosen_columns("office,lastname"), file_format="csv"
    )
    assert "\r\nNul," in b"".join(export.chunks()).decode()


def test_a_file_sql_would_show_otherwise_is_left_to_python():
    clients = Client.objects.all()
    names = chosen_columns("firstname,lastname")
    assert lined.applies(names, clients)
    assert lined.applies(chosen_columns(None), clients)
    assert not lined.applies(chosen_columns("accountNo"), clients)  # the csv module's quotes
    custom = dataclasses.replace(names[0], reader=lambda: str, key="roof")  # a custom field's
    assert not lined.applies([custom, *names], clients)
    stamp = dataclasses.replace(names[0], field=Client._meta.get_field("created_on"))
    assert not lined.applies([stamp, *names], clients)  # Python writes a date-time with a T


# --- custom fields (bulk/lined_custom.py) ----------------------------------------------------

survey = hostile.survey  # the fixture: a custom table of every type, rows as the API stores them
SURVEY = ",".join(hostile.SURVEY)


def _values_of(client, **values) -> None:
    """The client's row of the survey holding `values` as given (a hand-made one's)."""
    row = CustomRow.objects.get(client=client)
    CustomRow.objects.filter(pk=row.pk).update(values={**row.values, **values})


def test_custom_fields_of_every_type_written_by_sqlite_are_the_file_written_in_python(
    admin_user, institution, survey, monkeypatch
):
    by_database, in_python = both_files(admin_user, monkeypatch=monkeypatch)
    assert by_database == in_python
    text = by_database.decode("utf-8-sig")
    assert text.splitlines()[0].endswith(SURVEY)
    assert ',-5,-1234.5,\'=HYPERLINK(x),"a,b\nc",2024-02-29,True,"\'=Farmer, ""big"""' in text
    assert ",9223372036854775807,0.000001,'' =x,,0001-01-01,False," in text


@pytest.mark.parametrize(
    "columns",
    [SURVEY, "firstname,survey.occupation,survey.has_water,address.city,survey.rooms"],
)
def test_chosen_custom_columns_a_filter_and_a_branch_give_the_same_file(
    admin_user, make_user, kibera, institution, survey, monkeypatch, columns
):
    # Who may read the address column too (decision 191).
    clerk = make_user(("READ_CLIENT", "READ_ADDRESS", "EXPORT_CLIENT"), office=kibera)
    searched = {"search": "a"}  # (in windows of ids where the database needs it)
    for user, filters in ((admin_user, {}), (admin_user, {"officeId": "1"}), (clerk, {}),
                          (admin_user, searched)):  # fmt: skip
        by_database, in_python = both_files(user, columns, filters, monkeypatch)
        assert by_database == in_python


# Values the write path never stores (a hand-made migration's, a row written by SQL): each
# shown as Python shows it, the same file.
ODD_VALUES = [
    {"rooms": True, "income": "007.50", "roof": 12, "notes": ["a", 1], "visited_on": "2023-02-31",
     "has_water": 2, "occupation": True},
    {"rooms": -0.0, "income": "1E+3", "roof": 1.5, "notes": {"a": "=b"}, "visited_on": 20240101,
     "has_water": "false", "occupation": "7"},
    {"rooms": 123456789012345678901234567890, "income": 2.5e-07, "roof": False,
     "notes": "[not json", "visited_on": "0000-01-01", "has_water": 0.0, "occupation": 3.0},
    {"rooms": "12", "income": " 12.5 ", "roof": None, "notes": "{", "visited_on": "20240229",
     "has_water": [], "occupation": -0},
    {"rooms": 1.0, "income": "NaN", "roof": "=1+2\r\n\"x\", 'y'", "notes": "Ñandú 🌍 \u2028",
     "visited_on": "2024-W01-1", "has_water": "", "occupation": 99999999},
]  # fmt: skip


@pytest.mark.parametrize("values", ODD_VALUES)
def test_values_of_any_json_type_are_shown_as_python_shows_them(
    admin_user, institution, survey, monkeypatch, values
):
    _values_of(institution[0], **values)
    _values_of(institution[1], **dict.fromkeys(values))  # JSON's null
    CustomRow.objects.filter(client=institution[2]).update(values={})  # every key missing
    by_database, in_python = both_files(admin_user, SURVEY, monkeypatch=monkeypatch)
    assert by_database == in_python
    blank = f"\r\n{',' * 7}{institution[1].account_no}\r\n"  # JSON's null: blank cells
    assert blank.encode() in by_database


_SCALAR = (
    st.none() | st.booleans() | st.integers() | _TEXT
    | st.floats(allow_nan=False, allow_infinity=False)  # (the column's JSON_VALID refuses them)
    | st.sampled_from(["2024-02-29", "1999-12-31", "0.000001", "-0", "-12.50", "1e5", "007"])
)  # fmt: skip
_JSON = st.recursive(
    _SCALAR,
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(_TEXT, inner, max_size=2),
    max_leaves=3,
)


@drawn(30)
@example(values=[None, None, None, [0.0], None, None], occupation=None)  # a float in a list
@given(values=st.lists(_JSON, min_size=6, max_size=6), occupation=_JSON)
def test_any_json_value_gives_the_same_file(
    admin_user, institution, survey, monkeypatch, values, occupation
):
    """(A drop-down's array or object, no key of its names, is shown as itself.)"""
    fields = [name.split(".")[1] for name in hostile.SURVEY]
    _values_of(institution[0], **dict(zip(fields, [*values, occupation], strict=True)))
    by_database, in_python = both_files(admin_user, SURVEY, monkeypatch=monkeypatch)
    assert by_database == in_python


def test_a_drop_downs_long_list_and_its_names_are_shown_alike(
    admin_user, institution, survey, monkeypatch
):
    """Past MOST_NAMES_IN_SQL a drop-down's names come from Python too; a name of the list
    that is hostile text is neutralised and quoted, one without a name shown by its id."""
    for most in (lined.MOST_NAMES_IN_SQL, 0):
        monkeypatch.setattr(lined, "MOST_NAMES_IN_SQL", most)
        by_database, in_python = both_files(
            admin_user, "survey.occupation,lastname", {}, monkeypatch
        )
        assert by_database == in_python
        assert '"\'=Farmer, ""big"""' in by_database.decode()


def test_a_custom_field_whose_key_sql_would_not_name_alike_is_left_to_python(survey):
    clients = Client.objects.all()
    columns = chosen_columns(SURVEY)
    assert lined.applies(columns, clients)
    odd = dataclasses.replace(columns[0], key='roof"')  # not a name the API takes
    assert not lined.applies([odd, *columns], clients)


# A decimal field's stored text: SQL shows those Python writes back alike, Python the others.
DECIMAL_TEXTS = [
    "0", "-0", "0.5", "-0.000001", "0.000000", "0.0000001", "12", "12.50", "-1234.500000",
    "9999999999999.999999", "1.1234567", "007", "0.", ".5", "-.5", "1.2.3", "1-2", "--1", "-",
    "+1", "1e3", "1E+3", " 1", "1_000", "Infinity", "NaN", "", "0x10", "١٢", "12.",
    "123456789012345678901234567890",
]  # fmt: skip


def test_a_decimals_text_is_shown_as_python_shows_it(admin_user, institution, survey, monkeypatch):
    for first in range(0, len(DECIMAL_TEXTS), 4):
        for client, text in zip(institution, DECIMAL_TEXTS[first : first + 4], strict=False):
            _values_of(client, income=text, rooms=text)
        by_database, in_python = both_files(admin_user, SURVEY, monkeypatch=monkeypatch)
        assert by_database == in_python


# A text the csv module quotes, or not, of the characters that decide it and of those that
# ask Python about a cell's start.
_QUOTING = st.text(st.sampled_from(list(",\"\r\n='# 1aé")), max_size=6)
_OWN_TEXTS = ("firstname", "middlename", "lastname", "fullname", "display_name", "mobile_no",
              "email_address", "external_id")  # fmt: skip
_ADDRESS_TEXTS = ("street", "address_line_1", "address_line_2", "address_line_3",
                  "town_village", "city", "county_district", "postal_code")  # fmt: skip
_TEXTS = (*_OWN_TEXTS, *_ADDRESS_TEXTS, "document_key")


@drawn(40)
@given(
    field=st.sampled_from(_TEXTS),
    text=_QUOTING,
    other=st.sampled_from(_TEXTS),
    other_text=st.sampled_from(["Plain", "a,b", '"', "\r\n"]),
)
def test_a_rows_quoted_text_among_plain_ones_gives_the_same_file(
    admin_user, institution, monkeypatch, field, text, other, other_text
):
    """Each text cell is quoted where its row's texts, looked at once, hold what the csv
    module quotes for (lined._ROW_LOOK): any text column, alone or beside another."""
    first = institution[0]  # its texts plain but those drawn
    texts = dict.fromkeys(_TEXTS, "Plain") | {other: other_text, field: text}
    Client.objects.filter(pk=first.pk).update(**{name: texts[name] for name in _OWN_TEXTS})
    ClientAddress.objects.filter(client=first, is_active=True).update(
        **{name: texts[name] for name in _ADDRESS_TEXTS}
    )
    ClientIdentifier.objects.filter(client=first).update(document_key=texts["document_key"])
    by_database, in_python = both_files(admin_user, monkeypatch=monkeypatch)
    assert by_database == in_python
