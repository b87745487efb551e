"""On PostgreSQL a batch's rows are formatted as their COPYs' text before its lane's turn
(core/bulk_insert.py `copy_text_of`, services/bulk_built.py `make_copy_texts`): the turn
sends each table's text whole, and the rows read back as the values made, whatever
characters COPY's text format escapes. A client refused under the turn still leaves none of
its rows (tests/clients/bulk/test_written_as_built.py)."""

import psycopg
import pytest
from django.db import connection, transaction
from tests.clients.bulk.files import csv_file
from tests.clients.bulk.lane_turn import watch_turns

from mteja.clients.bulk.importing import ClientImport
from mteja.clients.models import Client, ClientIdentifier, SearchTerm
from mteja.core import bulk_insert
from mteja.core.models import AuditEvent

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]

HEADER = "office,firstname,lastname,externalId,documentType,documentKey,submittedOnDate"


def test_the_turn_sends_text_made_before_it(admin_user, kibera, monkeypatch):
    rows_in_turn = []
    in_turn, write_row = watch_turns(monkeypatch), psycopg.Copy.write_row

    def counted_row(self, row):
        if in_turn:
            rows_in_turn.append(row)
        return write_row(self, row)

    monkeypatch.setattr(psycopg.Copy, "write_row", counted_row)
    file = csv_file(
        HEADER,
        "Kibera,Asha,Njeri,CBT-1,National ID,AB-2001,2024-01-10",
        "Kibera,Baraka,O'Brien\\Otieno,CBT-2,National ID,AB-2002,2024-01-10",
    )
    report = ClientImport(user=admin_user, source=file).run()
    assert report.summary()["imported"] == 2
    assert rows_in_turn == []  # every row went as text formatted before the turn
    clients = Client.objects.filter(external_id__startswith="CBT-").order_by("external_id")
    assert [c.display_name for c in clients] == ["Asha Njeri", "Baraka O'Brien\\Otieno"]
    documents = ClientIdentifier.objects.filter(client__in=clients)
    assert sorted(documents.values_list("document_key", flat=True)) == ["AB-2001", "AB-2002"]
    events = AuditEvent.objects.filter(entity_name="CLIENT", action_name="CREATE")
    assert events.filter(resource_id__in=[c.pk for c in clients]).count() == 2


def test_the_characters_copy_escapes_read_back_as_made():
    values = [
        ("tab\there", "back\\slash"),
        ("new\nline", "carriage\rreturn"),
        ("\\N", "ünïcödé ø ł"),
    ]
    made = bulk_insert.made_values(SearchTerm, values)
    text = bulk_insert.copy_text_of(SearchTerm, made, include_pk=False)
    with transaction.atomic():
        bulk_insert.insert_made(SearchTerm, made, include_pk=False, copy_text=text)
    stored = SearchTerm.objects.filter(variant__in=[variant for variant, _term in values])
    assert sorted(stored.values_list("variant", "term")) == sorted(values)
