"""The search words of an import's clients (clients/search/vocabulary.py `learn`): stored as
the batch is written, so that a misspelt name finds an imported client, each word once
however many batches (and lanes) name it. On PostgreSQL a batch's new words go in one
INSERT, before its lane's turn (bulk/before_turn.py); on SQLite under the turn."""

import os

import pytest
from django.db import connection
from tests.clients.bulk.files import csv_file
from tests.clients.bulk.lane_turn import watch_turns
from tests.clients.bulk.test_jobs import start

from mteja.clients.bulk.importing import ClientImport
from mteja.clients.imports import running
from mteja.clients.models import Client, SearchTerm
from mteja.clients.search import matching

HEADER = "office,firstname,lastname,externalId,submittedOnDate"
ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the words go before the turn on PostgreSQL"
)


def rows(surname: str, count: int, start_at: int = 1) -> list[str]:
    return [f"Kibera,Wambui,{surname},SW-{n},2024-01-10" for n in range(start_at, start_at + count)]


def found_by(text: str) -> set[str]:
    hits = matching.matches(Client.objects.all(), text)
    return set(hits.values_list("external_id", flat=True))


@pytest.mark.django_db
def test_a_name_imported_is_found_with_a_typo(admin_user, kibera):
    report = ClientImport(user=admin_user, source=csv_file(HEADER, *rows("Nyakundi", 3))).run(
        batch_size=2
    )
    assert report.summary()["imported"] == 3
    assert found_by("Nyakumdi") == {"SW-1", "SW-2", "SW-3"}  # one letter wrong
    assert found_by("Nyakndi") == {"SW-1", "SW-2", "SW-3"}  # one letter missing
    stored = SearchTerm.objects.filter(term="nyakundi").values_list("variant", flat=True)
    assert sorted(stored) == sorted({"nyakundi", *("nyakundi"[:i] + "nyakundi"[i + 1 :]
                                                    for i in range(8))})  # fmt: skip


@ON_POSTGRESQL
@pytest.mark.django_db
def test_a_batchs_new_words_go_in_one_insert_before_its_turn(admin_user, kibera, monkeypatch):
    statements = []
    in_turn = watch_turns(monkeypatch)

    def watched(execute, sql, params, many, context):
        if "clients_searchterm" in sql:
            statements.append((bool(in_turn), many, sql.split()[0]))
        return execute(sql, params, many, context)

    file = csv_file(HEADER, *rows("Kiprotich", 2), *rows("Chepkoech", 2, start_at=3))
    with connection.execute_wrapper(watched):
        report = ClientImport(user=admin_user, source=file).run(batch_size=2)
    assert report.summary()["imported"] == 4
    # Each batch (each has a word new to the database): the look-up of its words held, then
    # one INSERT of the new ones' rows, none a row; none in a turn.
    assert statements == [(False, False, "SELECT"), (False, False, "INSERT")] * 2
    assert found_by("Kiprotih") == {"SW-1", "SW-2"}
    assert found_by("Chepkoeh") == {"SW-3", "SW-4"}


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_word_two_lanes_batches_share_is_stored_once(admin_user, kibera, monkeypatch, settings):
    settings.MTEJA_IMPORT_LANES = 2
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    job = start(admin_user, csv_file(HEADER, *rows("Wanjirukovu", 8)))
    assert job.status == "completed" and job.outcomes == {"imported": 8}
    stored = SearchTerm.objects.filter(term="wanjirukovu")
    assert stored.count() == len("wanjirukovu") + 1  # each variant once
    assert stored.values("variant").distinct().count() == stored.count()
    assert found_by("Wanjirukovo") == {f"SW-{n}" for n in range(1, 9)}
