"""A bulk write's CREATE events written straight from the rows' values
(core/created_changes_text.py, core/batch_journal.py): the JSON text `json.dumps` writes of
the snapshot's diff, character for character, and the event a one-by-one write records."""

import datetime
import math
from decimal import Decimal

import pytest

from mteja.clients.kyc import custom_fields
from mteja.clients.kyc.custom_fields import entries
from mteja.clients.models import ClientNonPerson, ClientStatus, LegalForm
from mteja.core import audit, iso_date_texts, json_text, writes
from mteja.core.batch_journal import BatchJournal
from mteja.core.created_changes_text import created


def _as_before(after: dict, extra: dict | None = None) -> str:
    """The text as the bulk write made it before: the snapshot's plain values, their diff
    from nothing, the extra changes after them, through the encoder."""
    plain = {name: value if value is None else audit.plain(value) for name, value in after.items()}
    return json_text.dumps({**audit.diff({}, plain), **(extra or {})})


def test_the_text_is_the_encoders_of_the_snapshots_diff(head_office):
    moment = datetime.datetime(2024, 3, 25, 8, 30, 5, 120, tzinfo=datetime.UTC)
    after = {
        "text": 'Zoé "Ñ" \\ \u2028 \x00\t😀 </script>',
        "empty": "",
        "none": None,
        "zero": 0,
        "negative": -12345678901234567890,
        "no": False,
        "yes": True,
        "half": 2.5,
        "nan": math.nan,
        "infinite": -math.inf,
        "born": datetime.date(1, 1, 1),
        "last": datetime.date(9999, 12, 31),
        "at": moment,
        "time": datetime.time(8, 30),
        "amount": Decimal("1500.50"),
        "status": ClientStatus.ACTIVE,
        "form": LegalForm.ENTITY,
        "office": head_office,
        "pair": ("a", datetime.date(2024, 1, 1)),
        "nested": {"a": [True, None, {"b": "é"}]},
        'dé"jà': "key escaped",
    }
    address = {"city": 'Kisumu "é" \u2028😀', "is_active": True, "latitude": None, "rooms": -3,
               "share": 2.5, "empty": [[], {}], "pair": ("a", 1)}  # fmt: skip
    extra = {"address": [None, [address, {}]], "odd": [None, {1: "a", "b": {2: math.inf}}]}
    assert created(after.items()) == _as_before(after)
    assert created(after.items(), extra) == _as_before(after, extra)
    assert created([]) == "{}" == _as_before({})
    assert created([("only", None)]) == "{}"


def test_a_name_that_is_no_text_is_refused():
    with pytest.raises(TypeError):
        created([(1, "one")])


def test_a_dates_text_is_its_iso_text_whatever_was_kept_before(monkeypatch):
    monkeypatch.setattr(iso_date_texts, "_KEPT", 3)
    days = [datetime.date(1900, 2, 28) + datetime.timedelta(days=n) for n in range(10)] * 2
    assert [iso_date_texts.iso(day) for day in days] == [day.isoformat() for day in days]
    assert len(iso_date_texts._texts) <= 3


def test_a_new_clients_event_in_a_batch_journal_is_the_one_its_write_records(
    make_client, admin_user, head_office, monkeypatch
):
    """Its fields, its entity details (a part: `non_person.…`) and its addresses (changes
    kept outside the row), in the journal's row as `writes.created_event` has them."""
    made_on = datetime.datetime(2024, 3, 25, 8, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr("mteja.core.clock.now", lambda: made_on)
    client = make_client(
        firstname='Zoé "Ñ"', external_id="EXT-1", date_of_birth=datetime.date(1990, 2, 3)
    )
    ClientNonPerson.objects.create(
        client=client, incorp_no="BN-1", incorp_validity_till=datetime.date(2030, 1, 1)
    )
    client.refresh_from_db()
    extra = {"address": [None, [{"city": "Kisumu", "street": "Plot 4"}]]}
    recorded, changes = writes.created_event(
        client, actor=admin_user, extra=extra, office=head_office, client_id=client.pk
    )
    assert "non_person.incorp_validity_till" in changes
    journal = BatchJournal()
    journal.created(client, actor=admin_user, extra=extra, office=head_office, client_id=client.pk)
    _assert_the_same_event(journal, recorded)


def test_a_custom_entrys_event_in_a_batch_journal_is_the_one_its_write_records(
    make_client, admin_user, monkeypatch
):
    made_on = datetime.datetime(2024, 3, 25, 8, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr("mteja.core.clock.now", lambda: made_on)
    table = custom_fields.custom_table_create(
        actor=None,
        definition=custom_fields.read_table_definition(
            {
                "datatableName": "survey",
                "columns": [
                    {"name": "rooms", "type": "Number"},
                    {"name": "roof", "type": "String", "length": 30},
                    {"name": "has_water", "type": "Boolean"},
                ],
            }
        ),
    )
    client = make_client()
    row = entries.insert_row(
        admin_user, table, client, {"rooms": 4, "roof": 'Iron "sheets" é', "has_water": False}
    )
    recorded = entries.entry_event(
        admin_user, "CREATE", table, row.pk, client, entries.created_changes(row)
    )
    journal = BatchJournal()
    entries.journal_created_row(journal, admin_user, row)
    _assert_the_same_event(journal, recorded)


def _assert_the_same_event(journal, recorded):
    """The batch journal's one row holds what the one-by-one write recorded."""
    (row,) = journal.rows
    names = [f.name for f in recorded._meta.concrete_fields if not f.primary_key]
    written = dict(zip(names, row, strict=True))
    assert written.pop("changes").text == json_text.dumps(recorded.changes)
    assert written == {
        name: getattr(recorded, f"{name}_id" if name in ("office", "maker") else name)
        for name in written
    }
