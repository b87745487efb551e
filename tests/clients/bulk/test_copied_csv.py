"""The CSV export PostgreSQL writes itself (`COPY … TO STDOUT`, bulk/copied.py) is the file the
rows written in Python make, byte for byte: hostile text (formulas, quotes, commas, line
breaks), names looked up or missing, a client's first active document and address, an
entity's details, dates, numbers and yes/no, custom fields of every type as the API stores
them, a branch's offices and the clients awaiting transfer into them, each part in id order.
(SQLite's lines, written by the database too: test_lined_csv.py; the cases both
writers share: test_database_written_csv.py.)"""

import dataclasses
import datetime
import string
from decimal import Decimal

import pytest
from django.db import connection
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from mteja.clients.bulk import copied, lined
from mteja.clients.bulk.export import ClientExport, chosen_columns
from mteja.clients.kyc import custom_fields
from mteja.clients.models import (
    Client,
    ClientAddress,
    ClientIdentifier,
    ClientNonPerson,
    ClientStatus,
    CustomRow,
    IdentifierStatus,
)
from mteja.organisation.models import Code, CodeValue

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,  # CI checks that they ran there
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]

# Text a spreadsheet would run, or that the CSV must quote, or both; and some that is plain.
HOSTILE = [
    "=1+2", "+254 700 000001", "-5", "@SUM(A1)", "\tTab", "\rReturn", "\uff1dfull-width",
    "'=already", "' =spaced", "''=twice", " =space first", " '=space then apostrophe",
    "a,b", 'say "hi"', "line\nbreak", "crlf\r\ninside", "\\.", "Ñandú 🌍", "  spaced  ",
    "'", "plain", "", '"', ",",
]  # fmt: skip


# Each database's own writer, and whether it applies (kept: a test may patch it, then ask again).
WRITERS = {"postgresql": (copied, copied.applies), "sqlite": (lined, lined.applies)}


def both_files(user, columns=None, filters=None, monkeypatch=None) -> tuple[bytes, bytes]:
    """The file written by the database (PostgreSQL's COPY, SQLite's lines), and the one
    written in Python, of the same export."""
    writer, applies = WRITERS[connection.vendor]

    def written() -> bytes:
        export = ClientExport(
            user=user, filters=filters or {}, columns=chosen_columns(columns), file_format="csv"
        )
        return b"".join(export.chunks())

    calls = []
    monkeypatch.setattr(writer, "applies", lambda *args: calls.append(applies(*args)) or calls[-1])
    by_database = written()
    assert calls and all(calls), "the database did not write the file"
    monkeypatch.setattr(writer, "applies", lambda *args: False)
    return by_database, written()


def code_value(code: str, name: str) -> CodeValue:
    return CodeValue.objects.create(code=Code.objects.get(name=code), name=name)


@pytest.fixture
def institution(make_office, make_client, make_staff, kibera, head_office):
    east = make_office(name='Kibera "East", Lane 2', parent=kibera)
    officer = make_staff(office=kibera, firstname="=Amina", lastname="O'Brien, Jr")
    clients = [
        make_client(office=kibera, active=True),
        make_client(office=east),
        make_client(office=head_office),
        make_client(
            office=kibera, legal_form=2, fullname="Umoja Traders", firstname=None, lastname=None
        ),
        make_client(office=head_office),  # awaiting transfer into Kibera
    ]
    nameless = code_value("Gender", "")  # shown by its id
    hostile_gender = code_value("Gender", "=cmd|' /C calc'!A0")
    for index, client in enumerate(clients):
        text = [HOSTILE[(index + 5 * k) % len(HOSTILE)] for k in range(5)]
        Client.objects.filter(pk=client.pk).update(
            firstname=text[0], middlename=text[1], lastname=text[2],
            display_name=" ".join(text), mobile_no=text[3][:50],
            external_id=f"{text[4]}-{index}", staff=officer if index % 2 else None,
            gender=(nameless, hostile_gender, None)[index % 3],
            date_of_birth=(datetime.date(1, 1, 1), datetime.date(999, 12, 31), None)[index % 3],
            is_staff=(True, False)[index % 2], number_of_dependents=index or None,
            monthly_income=(Decimal("1234.50"), Decimal("0.05"), None)[index % 3],
        )  # fmt: skip
    Client.objects.filter(pk=clients[1].pk).update(
        status=ClientStatus.CLOSED, closed_on=datetime.date(2024, 2, 29)
    )
    Client.objects.filter(pk=clients[4].pk).update(transfer_to_office=kibera)
    ClientNonPerson.objects.filter(client=clients[3]).update(
        incorp_no="+INC,1", remarks='=remark "quoted"\nnext line',
        constitution=code_value("Constitution", "@Ltd"),
        incorp_validity_till=datetime.date(2030, 1, 31),
    )  # fmt: skip
    document_type = code_value("Customer Identifier", 'Passport, "new"')
    for index, client in enumerate(clients[:3]):
        for key, status in ((f"=K{index}", IdentifierStatus.INACTIVE),
                            (f"A,{index}\n", IdentifierStatus.ACTIVE)):  # fmt: skip
            ClientIdentifier.objects.create(
                client=client, document_type=document_type, document_key=key,
                document_key_normalized=f"{key}{status}", status=status,
                issue_date=datetime.date(2020, 1, index + 1),
            )  # fmt: skip
    address_type = CodeValue.objects.filter(code__name="ADDRESS_TYPE").first()
    for index, client in enumerate(clients):
        ClientAddress.objects.create(
            client=client, address_type=address_type, is_active=False, street="=old"
        )
        ClientAddress.objects.create(
            client=client, address_type=address_type, street=HOSTILE[-index - 1],
            address_line_1="-1,\r\n2", city="Nairobi", postal_code="'00100",
        )  # fmt: skip
    return clients


def test_every_column_written_by_the_database_is_the_file_written_in_python(
    admin_user, institution, monkeypatch
):
    by_database, in_python = both_files(admin_user, monkeypatch=monkeypatch)
    assert by_database == in_python
    assert by_database.count(b"\r\n") > len(institution)  # lines end in CR LF, as Python's


def drawn(examples: int):
    """Hypothesis's settings for a test that writes the files `examples` times."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
    | st.sampled_from(list("=+-@'\" ,\r\n\t") + list(string.ascii_letters)),
    max_size=12,
)


SURVEY = ("survey.rooms", "survey.income", "survey.roof", "survey.notes", "survey.visited_on",
          "survey.has_water", "survey.occupation")  # fmt: skip


@pytest.fixture
def survey(institution):
    """A custom table of every type, its rows written by the API's service (the values as
    it stores them), for all clients but the last."""
    definition = custom_fields.read_table_definition({
        "datatableName": "survey",
        "columns": [
            {"name": "rooms", "type": "Number"},
            {"name": "income", "type": "Decimal"},
            {"name": "roof", "type": "String", "length": 40},
            {"name": "notes", "type": "Text"},
            {"name": "visited_on", "type": "Date"},
            {"name": "has_water", "type": "Boolean"},
            {"name": "occupation", "type": "Dropdown", "code": "PROFESSION"},
        ],
    })  # fmt: skip
    table = custom_fields.custom_table_create(actor=None, definition=definition)
    occupations = [code_value("PROFESSION", '=Farmer, "big"'), code_value("PROFESSION", "")]
    rows = [
        {"rooms": -5, "income": "-1234.5", "roof": "=HYPERLINK(x)", "notes": "a,b\nc",
         "visited_on": "2024-02-29", "has_water": True, "occupation": occupations[0].pk},
        {"rooms": 9223372036854775807, "income": "0.000001", "roof": "' =x", "notes": "",
         "visited_on": "0001-01-01", "has_water": False, "occupation": occupations[1].pk},
        {"rooms": 0, "income": "9999999999999.999999", "roof": "Ñandú 🌍", "notes": "\\.",
         "occupation": None},
        {},  # a row with no value
    ]  # fmt: skip
    for client, values in zip(institution, rows, strict=False):
        custom_fields.custom_row_create(
            actor=None, table=table, client=client, values=values, date_format="yyyy-MM-dd"
        )
    # A drop-down whose code list changed: the value of the old list is shown by its id.
    stray = CodeValue.objects.filter(code__name="Gender").first().pk
    CustomRow.objects.filter(client=institution[2]).update(
        values={**CustomRow.objects.get(client=institution[2]).values, "occupation": stray}
    )
    # Text where an id belongs (a hand-made migration's): shown as it is, not an error.
    CustomRow.objects.filter(client=institution[3]).update(values={"occupation": "n/a"})
    return table


def test_custom_fields_of_every_type_give_the_same_file(admin_user, survey, monkeypatch):
    by_database, in_python = both_files(admin_user, monkeypatch=monkeypatch)
    assert by_database == in_python
    rows = by_database.decode("utf-8-sig").splitlines()
    assert rows[0].endswith(",".join(SURVEY))
    assert ",-5,-1234.5,'=HYPERLINK(x),\"a,b" in by_database.decode()  # numbers, formulas
    assert '\'=Farmer, ""big""' in by_database.decode()  # a drop-down's name, neutralised


@pytest.mark.parametrize(
    "columns",
    [",".join(SURVEY), "firstname,survey.occupation,survey.has_water,address.city,survey.rooms"],
)
def test_chosen_custom_columns_and_a_filter_give_the_same_file(
    admin_user, institution, survey, monkeypatch, columns
):
    for filters in ({}, {"officeId": str(institution[0].office_id)}):
        by_database, in_python = both_files(admin_user, columns, filters, monkeypatch)
        assert by_database == in_python


def test_a_file_sql_would_show_otherwise_is_left_to_python():
    clients = Client.objects.all()
    names = chosen_columns("firstname,lastname")
    assert copied.applies(names, clients)
    assert not copied.applies(chosen_columns("accountNo"), clients)  # the csv module's quotes
    shown = dataclasses.replace(names[0], reader=lambda: str)  # cells a function alone shows
    assert not copied.applies([shown, *names], clients)
    assert copied.applies([dataclasses.replace(shown, key="roof"), *names], clients)
    stamp = dataclasses.replace(names[0], field=Client._meta.get_field("created_on"))
    assert not copied.applies([stamp, *names], clients)  # Python writes a date-time with a T


# Text an import takes for a cell a spreadsheet spoilt (an error, a long number shortened, a
# whole number written as a decimal): exported with an apostrophe, so that it imports again
# as it was typed; and text like it.
SPOILT_LIKE = {
    "#N/A": "'#N/A", "#ref!": "'#ref!", "#¡VALOR!": "'#¡VALOR!", "4.5E+11": "'4.5E+11",
    "2,54712e+19": "\"'2,54712e+19\"", "'#N/A": "''#N/A", "' #NAME?": "'' #NAME?",
    "#N/Ax": "#N/Ax", "4.5E+10": "4.5E+10", "123": "123",
    "712345678.0": "'712345678.0", "7,0": "\"'7,0\"", "' 12.0": "'' 12.0",
    "12.00": "12.00", "0.0": "0.0", "12.5": "12.5", "1.0x": "1.0x",
    "NA": "'NA", "'NA": "''NA", " NA": "' NA", "NA ": "NA ", "Na": "Na", "NAB": "NAB",
}  # fmt: skip
