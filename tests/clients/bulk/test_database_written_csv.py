"""The CSV export written by the database itself — PostgreSQL's `COPY` (bulk/copied.py),
SQLite's lines (bulk/lined.py) — is the file the rows written in Python make, byte for byte,
on whichever database the tests run: a branch's offices, chosen columns and filters, any
text, any looked-up name, any custom text, text an import would take for a spoilt cell, and
a download left half-way.
Each writer's own cases: test_copied_csv.py, test_lined_csv.py."""

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st
from tests.clients.bulk import test_copied_csv as hostile
from tests.clients.bulk.test_copied_csv import _TEXT, SPOILT_LIKE, WRITERS, both_files, drawn

from mteja.clients.bulk.export import ClientExport, chosen_columns
from mteja.clients.models import Client, ClientAddress, CustomRow
from mteja.core.models import AuditEvent
from mteja.organisation.models import CodeValue

pytestmark = pytest.mark.django_db
READS_PARTS = ("READ_CLIENT", "READ_CLIENTIDENTIFIER", "READ_ADDRESS")

institution, survey = hostile.institution, hostile.survey  # the fixtures
# Each writer's setting that makes a block of each row.
A_BLOCK_A_ROW = {"postgresql": ("BLOCK_BYTES", 1), "sqlite": ("READ_ROWS", 1)}


def test_a_branch_users_file_is_the_same_too_office_by_office(
    make_user, kibera, institution, monkeypatch
):
    # Who may read the document and address columns too (decision 191).
    clerk = make_user((*READS_PARTS, "EXPORT_CLIENT"), office=kibera)
    by_database, in_python = both_files(clerk, monkeypatch=monkeypatch)
    assert by_database == in_python
    text = by_database.decode()
    assert institution[2].account_no not in text  # head office's own client: not the clerk's
    assert institution[4].account_no in text  # awaiting transfer into Kibera


@pytest.mark.parametrize(
    ("columns", "filters"),
    [
        ("firstname,documentKey,address.street", {}),
        ("gender,staff,office,status,legalForm,isStaff,monthlyIncome", {"status": "active"}),
        ("constitution,remarks,incorpValidityTillDate,closureDate", {"legalFormId": "2"}),
        ("firstname,lastname", {"mobileNo": "no digits"}),  # a filter that matches nothing
    ],
)
def test_chosen_columns_and_filters_give_the_same_file(
    admin_user, institution, monkeypatch, columns, filters
):
    by_database, in_python = both_files(admin_user, columns, filters, monkeypatch)
    assert by_database == in_python


@drawn(25)
@given(names=st.lists(_TEXT, min_size=6, max_size=6))
def test_any_text_gives_the_same_file(admin_user, institution, monkeypatch, names):
    first, second = institution[:2]
    Client.objects.filter(pk=first.pk).update(firstname=names[0], lastname=names[1])
    Client.objects.filter(pk=second.pk).update(middlename=names[2], email_address=names[3])
    ClientAddress.objects.filter(client=first, is_active=True).update(
        street=names[4], city=names[5]
    )
    columns = "firstname,middlename,lastname,emailAddress,address.street,address.city"
    by_database, in_python = both_files(admin_user, columns, monkeypatch=monkeypatch)
    assert by_database == in_python


@drawn(15)
@given(names=st.lists(_TEXT, min_size=2, max_size=2))
def test_any_looked_up_name_gives_the_same_file(admin_user, institution, monkeypatch, names):
    CodeValue.objects.filter(pk=institution[1].gender_id).update(name=names[0])
    Client.objects.filter(pk=institution[0].pk).update(gender=institution[1].gender_id)
    institution[0].office.__class__.objects.filter(pk=institution[0].office_id).update(
        name=names[1] or "-"
    )
    by_database, in_python = both_files(admin_user, "gender,office,lastname", {}, monkeypatch)
    assert by_database == in_python


@drawn(15)
@given(texts=st.lists(_TEXT, min_size=2, max_size=2))
def test_any_custom_text_gives_the_same_file(admin_user, institution, survey, monkeypatch, texts):
    row = CustomRow.objects.get(client=institution[0])
    row.values = {**row.values, "roof": texts[0], "notes": texts[1]}
    row.save()
    by_database, in_python = both_files(admin_user, "survey.roof,survey.notes", {}, monkeypatch)
    assert by_database == in_python


@pytest.mark.parametrize(("text", "written"), SPOILT_LIKE.items())
def test_text_an_import_would_take_for_a_spoilt_cell_is_neutralised_alike(
    admin_user, institution, monkeypatch, text, written
):
    first, second = institution[:2]
    Client.objects.filter(pk=first.pk).update(firstname=text)
    ClientAddress.objects.filter(client=second, is_active=True).update(street=text)
    by_database, in_python = both_files(
        admin_user, "firstname,address.street", monkeypatch=monkeypatch
    )
    assert by_database == in_python
    lines = by_database.decode().split("\r\n")
    assert lines[1].startswith(f"{written},")  # the first client's name
    assert lines[2].startswith(f"{lines[2].split(',')[0]},{written},")  # the second's street


def test_a_download_left_half_way_counts_what_went_out(admin_user, institution, monkeypatch):
    """The journal counts the rows sent; the connection is usable again (PostgreSQL's COPY
    cancelled, SQLite's statement ended)."""
    monkeypatch.setattr(WRITERS[connection.vendor][0], *A_BLOCK_A_ROW[connection.vendor])
    export = ClientExport(
        user=admin_user, filters={}, columns=chosen_columns("firstname"), file_format="csv"
    )
    chunks = export.chunks()
    first = next(chunks)
    assert first.startswith("\ufeff".encode()) and first.count(b"\r\n") == 2  # header, a row
    next(chunks)
    chunks.close()
    (event,) = AuditEvent.objects.filter(action_name="EXPORT")
    assert event.changes["rows"] == 2
    assert Client.objects.count() == len(institution)
