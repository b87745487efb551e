"""core/bulk_insert.py: many rows in one prepared statement, read back as the ORM wrote them."""

import datetime
import warnings
import zoneinfo

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext
from psycopg.adapt import PyFormat, Transformer

from mteja.clients.models import Client, ClientStatus, SearchTerm
from mteja.core import audit, bulk_insert, bulk_values, clock
from mteja.core.batch_journal import BatchJournal
from mteja.core.models import AuditEvent
from mteja.users.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_rows_get_the_ids_the_database_gave_them(head_office, make_client):
    make_client()  # ids do not start at 1
    clients = [
        Client(office=head_office, firstname=name, lastname="Otieno", display_name=f"{name} Otieno",
               status=ClientStatus.PENDING, submitted_on=datetime.date(2024, 3, 25))
        for name in ("Akinyi", "Baraka", "Chausiku")
    ]  # fmt: skip
    with transaction.atomic():
        bulk_insert.insert(Client, clients, with_ids=True)
    stored = dict(Client.objects.filter(lastname="Otieno").values_list("pk", "firstname"))
    assert stored == {client.pk: client.firstname for client in clients}
    assert Client.objects.get(pk=clients[1].pk).submitted_on == datetime.date(2024, 3, 25)
    assert not clients[0]._state.adding


def _clients(office, *names):
    return [
        Client(office=office, firstname=name, lastname="Otieno", display_name=f"{name} Otieno",
               status=ClientStatus.PENDING, submitted_on=datetime.date(2024, 3, 25))
        for name in names
    ]  # fmt: skip


def test_ids_taken_first_are_those_the_database_gives_next(head_office, make_client):
    """Ids are given before the insert (the account numbers are made from them): the next
    ones, never a deleted client's (SQLite's AUTOINCREMENT counter, PostgreSQL's sequence),
    and the database carries on after them."""
    make_client()
    deleted = make_client()
    deleted_id = deleted.pk
    Client.objects.filter(pk=deleted_id).delete()
    clients = _clients(head_office, "Akinyi", "Baraka")
    with transaction.atomic():
        assert bulk_insert.take_ids(Client, clients)
        assert [client.pk for client in clients] == [deleted_id + 1, deleted_id + 2]
        bulk_insert.insert(Client, clients, with_ids=True)
    assert Client.objects.get(pk=deleted_id + 2).firstname == "Baraka"
    assert make_client().pk == deleted_id + 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_rows_get_the_ids_they_were_given(head_office):
    clients = _clients(head_office, "Akinyi", "Baraka")
    bulk_insert.insert(Client, clients, with_ids=True)
    stored = dict(Client.objects.filter(lastname="Otieno").values_list("pk", "firstname"))
    assert stored == {clients[0].pk: "Akinyi", clients[1].pk: "Baraka"}


def test_dates_and_json_are_stored_as_the_orm_stores_them(head_office):
    made_on = datetime.datetime(2024, 3, 25, 8, 30, tzinfo=datetime.UTC)
    events = [
        AuditEvent(action_name="CREATE", entity_name="CLIENT", resource_id=pk, office=head_office,
                   made_on=made_on, changes={"firstname": [None, "Amani"], "dates": ["2024-03-25"]})
        for pk in (7, 8)
    ]  # fmt: skip
    bulk_insert.insert(AuditEvent, events)
    stored = AuditEvent.objects.filter(resource_id__in=[7, 8]).order_by("resource_id")
    assert [event.made_on for event in stored] == [made_on, made_on]
    assert stored[0].changes == {"firstname": [None, "Amani"], "dates": ["2024-03-25"]}
    assert stored.filter(changes__firstname=[None, "Amani"]).count() == 2


def test_a_refused_row_is_left_out_when_conflicts_are_ignored():
    SearchTerm.objects.create(variant="amni", term="amani")
    bulk_insert.insert(
        SearchTerm,
        [SearchTerm(variant="amni", term="amani"), SearchTerm(variant="amai", term="amani")],
        ignore_conflicts=True,
    )
    assert sorted(SearchTerm.objects.values_list("variant", flat=True)) == ["amai", "amni"]


def test_ids_cannot_be_asked_for_rows_that_may_be_left_out():
    with pytest.raises(ValueError):
        bulk_insert.insert(SearchTerm, [SearchTerm(variant="x", term="y")],
                           with_ids=True, ignore_conflicts=True)  # fmt: skip


@pytest.mark.parametrize(
    ("model", "name", "values"),
    [
        (Client, "date_of_birth", [datetime.date(1990, 2, 3), "1990-02-03"]),
        (AuditEvent, "made_on", [datetime.datetime(2024, 3, 25, 8, 30, tzinfo=datetime.UTC),
                                 datetime.datetime(2024, 3, 25, 8, 30, 5, 120)]),
        (AuditEvent, "changes", [{"firstname": [None, "Amani"]}, ["a", 1], "text"]),
    ],
)  # fmt: skip
def test_values_are_converted_as_their_field_converts_them(model, name, values):
    field = model._meta.get_field(name)
    convert = bulk_values.converter(field, connection)
    for value in values:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # the naive date-time's
            assert _compared(convert(value)) == _compared(field.get_db_prep_save(value, connection))


@pytest.mark.parametrize(
    ("model", "name", "value"),
    [
        (Client, "date_of_birth", datetime.date(1990, 2, 3)),
        (AuditEvent, "made_on", datetime.datetime(2024, 3, 25, 8, 30, tzinfo=datetime.UTC)),
        (AuditEvent, "made_on", datetime.datetime(2024, 3, 25, 8, 30, 5, 120, tzinfo=datetime.UTC)),
        (AuditEvent, "made_on", datetime.datetime(2024, 3, 25, 8, 30, 5, 123456,
                                                  tzinfo=zoneinfo.ZoneInfo("Africa/Nairobi"))),
    ],
)  # fmt: skip
def test_copys_dates_and_times_are_the_text_psycopgs_dumper_writes(model, name, value):
    """PostgreSQL's COPY is given a date or an aware date-time as its text, made once a value:
    the very text psycopg's dumper would have written for the value, row after row."""
    convert = bulk_values.converter(model._meta.get_field(name), connection, copied=True)
    dumper = Transformer().get_dumper(value, PyFormat.TEXT)
    assert convert(value).encode() == bytes(dumper.dump(value))


def _compared(adapted):
    """An adapted value as compared: psycopg's JSON wrappers (no equality of their own) by
    their type and what they wrap."""
    wrapped = getattr(adapted, "obj", None)
    return adapted if wrapped is None else (type(adapted), wrapped)


def test_rows_beyond_one_statement_go_in_several_each_with_its_id(head_office, monkeypatch):
    """SQLite takes a batch's rows in statements of many rows (as many as its parameters'
    limit allows, MOST_ROWS_A_STATEMENT at most), not one statement run per row."""
    monkeypatch.setattr(bulk_insert, "MOST_ROWS_A_STATEMENT", 2)
    names = ("Akinyi", "Baraka", "Chausiku", "Dalila", "Eshe")
    clients = _clients(head_office, *names)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        bulk_insert.insert(Client, clients, with_ids=True)
    stored = dict(Client.objects.filter(lastname="Otieno").values_list("pk", "firstname"))
    assert stored == {client.pk: client.firstname for client in clients}
    assert [client.firstname for client in sorted(clients, key=lambda c: c.pk)] == list(names)
    if connection.vendor == "sqlite":  # (PostgreSQL copies them)
        inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
        assert [sql.count("), (") + 1 for sql in inserts] == [2, 2, 1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_each_statements_rows_get_their_ids(head_office, monkeypatch):
    monkeypatch.setattr(bulk_insert, "MOST_ROWS_A_STATEMENT", 2)
    clients = _clients(head_office, "Akinyi", "Baraka", "Chausiku")
    bulk_insert.insert(Client, clients, with_ids=True)
    stored = dict(Client.objects.filter(lastname="Otieno").values_list("pk", "firstname"))
    assert stored == {client.pk: client.firstname for client in clients}


def test_a_refused_row_among_many_leaves_the_others_in(monkeypatch):
    monkeypatch.setattr(bulk_insert, "MOST_ROWS_A_STATEMENT", 3)
    SearchTerm.objects.create(variant="amni", term="amani")
    variants = ["aman", "amai", "amni", "mani", "amnii"]
    bulk_insert.insert(
        SearchTerm, [SearchTerm(variant=v, term="amani") for v in variants], ignore_conflicts=True
    )
    assert sorted(SearchTerm.objects.values_list("variant", flat=True)) == sorted(variants)


def test_a_refused_insert_breaks_the_transaction_as_djangos_cursor_would():
    """The statements marked with SQLite's `?` keep Django's errors (its
    IntegrityError) and its refusal to run in a transaction an error broke."""
    with transaction.atomic():
        with pytest.raises(IntegrityError), transaction.atomic(savepoint=False):
            bulk_insert.insert(SearchTerm, [SearchTerm(variant="amni", term="amani")] * 2)
        if connection.vendor == "sqlite":  # (PostgreSQL's COPY: the server refuses it)
            with pytest.raises(TransactionManagementError):
                bulk_insert.insert(SearchTerm, [SearchTerm(variant="amai", term="amani")])
    assert not SearchTerm.objects.exists()


def test_json_is_stored_as_the_same_text_the_orms_save_stores(head_office):
    """The journal's changes written as text by one encoder made once (core/json_text.py):
    the text stored is the ORM's, character for character (on PostgreSQL, the text the
    server reads it back as)."""
    changes = {"firstname": [None, "Zoé \"Ñ\" \\ \u2028 😀"], "n": [1, 2.5],
               "nested": [None, {"a": [True, False, None]}], "": [None, ""]}  # fmt: skip
    made_on = datetime.datetime(2024, 3, 25, 8, 30, tzinfo=datetime.UTC)
    fields = {"action_name": "CREATE", "entity_name": "CLIENT", "office": head_office,
              "made_on": made_on, "changes": changes}  # fmt: skip
    AuditEvent.objects.create(resource_id=1, **fields)
    bulk_insert.insert(AuditEvent, [AuditEvent(resource_id=2, **fields)])
    text = "changes::text" if connection.vendor == "postgresql" else "changes"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {text} FROM core_auditevent WHERE resource_id IN (1, 2) "  # noqa: S608
                       "ORDER BY resource_id")  # fmt: skip
        saved, inserted = (row[0] for row in cursor.fetchall())
    assert inserted == saved
    assert AuditEvent.objects.get(resource_id=2).changes == changes


def test_rows_of_plain_values_go_in_without_instances():
    """`insert_values`: the search words' rows as tuples of their fields' values, a refused
    one left out; a model whose values need converting is refused."""
    SearchTerm.objects.create(variant="amni", term="amani")
    bulk_insert.insert_values(
        SearchTerm, [("amai", "amani"), ("amni", "amani"), ("amani", "amani")],
        ignore_conflicts=True,
    )  # fmt: skip
    assert sorted(SearchTerm.objects.values_list("variant", "term")) == [
        ("amai", "amani"), ("amani", "amani"), ("amni", "amani"),
    ]  # fmt: skip
    with pytest.raises(ValueError):  # its rows are stamped with the time (auto_now_add)
        bulk_insert.insert_values(Notification, [("x",)])


def test_events_given_as_values_are_stored_as_the_saved_events_are(
    head_office, admin_user, monkeypatch
):
    """The journal's events of a bulk write as their columns' values (`BatchJournal`, no
    instance each), inserted by `insert_values`: every column stored as the ORM's save of
    `audit.event` stores it (the time, the JSON text, the references' keys, the defaults)."""
    made_on = datetime.datetime(2024, 3, 25, 8, 30, 15, 123456, tzinfo=datetime.UTC)
    monkeypatch.setattr(clock, "now", lambda: made_on)
    changes = {"firstname": [None, "Zoé \"Ñ\" \u2028 😀"], "n": [1, 2.5],
               "born": [None, "1990-02-03"], "office": [None, head_office.pk]}  # fmt: skip
    given = [
        {"actor": admin_user, "action": "CREATE", "entity": "CLIENT", "office": head_office,
         "client_id": 7, "changes": changes, "resource_external_id": "ext-1"},
        {"actor": None, "action": "CREATE", "entity": "CLIENT_IDENTIFIER",
         "subresource_id": 9, "group_id": 4, "changes": {}},
    ]  # fmt: skip
    asked = {"request_id": "r-1", "api_path": "/x"}
    for number, fields in enumerate(given):
        audit.event(resource_id=number, **fields, **asked).save(force_insert=True)
    journal = BatchJournal(**asked)
    for number, fields in enumerate(given):
        journal.record(resource_id=10 + number, **fields)
    bulk_insert.insert_values(AuditEvent, journal.rows)
    columns = [f.column for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    shown = ", ".join(
        f"{column}::text" if connection.vendor == "postgresql" else column for column in columns
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {shown} FROM core_auditevent ORDER BY resource_id")  # noqa: S608
        saved_0, saved_1, inserted_0, inserted_1 = (list(row) for row in cursor.fetchall())
    place = columns.index("resource_id")
    for saved, inserted in ((saved_0, inserted_0), (saved_1, inserted_1)):
        saved[place] = inserted[place] = None
        assert inserted == saved
    assert saved_0[columns.index("maker_id")] is not None


def test_columns_null_in_every_row_are_written_null_and_the_others_bound(head_office):
    """On SQLite a column NULL in every row of a statement is written NULL in its text rather
    than bound (binding a NULL costs the driver a look-up of its adapter); a column NULL in
    some rows only is bound, and every row reads back as given."""
    clients = _clients(head_office, "Akinyi", "Baraka", "Chausiku")
    clients[2].date_of_birth = datetime.date(1990, 2, 3)  # NULL in the others
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        bulk_insert.insert(Client, clients, with_ids=True)
        bulk_insert.insert(Client, _clients(head_office, "Dalila"), with_ids=True)
    stored = {
        client.firstname: (client.date_of_birth, client.closed_on)
        for client in Client.objects.filter(lastname="Otieno")
    }
    assert stored == {
        "Akinyi": (None, None), "Baraka": (None, None),
        "Chausiku": (datetime.date(1990, 2, 3), None), "Dalila": (None, None),
    }  # fmt: skip
    if connection.vendor == "sqlite":  # (PostgreSQL copies them)
        inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
        assert all("NULL" in sql for sql in inserts)


def test_sqlites_statements_are_of_a_few_sizes_reused_batch_after_batch(head_office, monkeypatch):
    """SQLite compiles a statement of many rows in about what running it costs: a batch's
    rest (beyond the most rows a statement takes) goes in statements of a power of two rows
    each, and a column NULL in some rows only is bound in all of them, so that batches of
    any size run the same few statements, each compiled once; fewer rows than a statement
    takes go in one statement of their own."""
    monkeypatch.setattr(bulk_insert, "MOST_ROWS_A_STATEMENT", 4)
    run = []
    execute = bulk_insert._execute

    def noted(cursor, sql, params):
        run.append(sql)
        execute(cursor, sql, params)

    monkeypatch.setattr(bulk_insert, "_execute", noted)
    born = datetime.date(1990, 2, 3)
    written = []
    for size in (7, 6, 5, 3):
        clients = _clients(head_office, *(f"N{size}x{index}" for index in range(size)))
        clients[-1].date_of_birth = born  # NULL in the other rows
        with transaction.atomic():
            bulk_insert.insert(Client, clients, with_ids=True)
        written += clients
    stored = Client.objects.filter(lastname="Otieno").values_list(
        "pk", "firstname", "date_of_birth"
    )
    assert {pk: (name, born_on) for pk, name, born_on in stored} == {
        client.pk: (client.firstname, client.date_of_birth) for client in written
    }
    assert sum(c.date_of_birth == born for c in written) == 4
    if connection.vendor == "sqlite":  # (PostgreSQL copies them)
        sizes = [sql.count("), (") + 1 for sql in run]
        assert sizes == [4, 2, 1, 4, 2, 4, 1, 3]
        assert len(set(run)) == 4  # one text a size


def test_a_statement_refused_part_way_leaves_none_of_its_rows_once_rolled_back(monkeypatch):
    """Inside a transaction SQLite's statements are `INSERT OR FAIL` (docs/decisions.md 237):
    the rows a refused statement wrote before the refused one go with the atomic block it
    leaves, as the block's other rows do; the transaction around it goes on."""
    monkeypatch.setattr(bulk_insert, "MOST_ROWS_A_STATEMENT", 8)
    SearchTerm.objects.create(variant="amni", term="amani")
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk_insert.insert(SearchTerm, [SearchTerm(variant="juma", term="juma")])
        variants = ["aman", "amai", "amni", "mani", "amnii"]
        bulk_insert.insert(SearchTerm, [SearchTerm(variant=v, term="amani") for v in variants])
    bulk_insert.insert(SearchTerm, [SearchTerm(variant=v, term="amani") for v in ("mani", "ama")])
    assert sorted(SearchTerm.objects.values_list("variant", flat=True)) == ["ama", "amni", "mani"]
