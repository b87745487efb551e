"""Writing many prepared clients at once (the bulk import): the same rows and the same audit
events as `write_client` writes one by one, in a handful of statements per batch.

The caller runs `apply_duplicate_policy` per client first (its refusal belongs to one row)
and holds the transaction; a unique value taken meanwhile raises IntegrityError and fails
the caller's transaction, which then writes the batch client by client to tell which row it
was."""

from __future__ import annotations

from django.db import transaction

from mteja.clients.kyc.addresses.inline import built_addresses, inline_changes
from mteja.clients.kyc.custom_fields.entries import journal_created_row, new_row
from mteja.clients.kyc.identifiers.services import PART as IDENTIFIER_PART
from mteja.clients.models import (
    Client,
    ClientAddress,
    ClientIdentifier,
    ClientNonPerson,
    CustomRow,
    StaffAssignment,
)
from mteja.clients.search import engines, vocabulary
from mteja.clients.services.account_numbers import NUMBER_DIGITS, set_generated_account_no
from mteja.clients.services.creating import PreparedClient
from mteja.clients.services.steps import actor_user
from mteja.core import bulk_insert, bulk_lookup, field_reader
from mteja.core.batch_journal import BatchJournal
from mteja.core.instances import new_instance
from mteja.core.models import AuditEvent
from mteja.users.notifications import services as notifications


def write_clients(prepared: list[PreparedClient]) -> None:
    """Inserts the clients, their generated account numbers, entity details, officer
    assignments, addresses (in the client's CREATE event, as `write_client` records them),
    identity documents and custom-field entries (each with its own CREATE event) and one
    CREATE event per client. Family members go through `write_client`."""
    if not prepared:
        return
    if not all(item.bulk_writable for item in prepared):
        raise ValueError("write_clients takes no family members")
    clients = [item.client for item in prepared]
    # No savepoint of its own (on SQLite one doubles the inserts' cost): a refused row fails
    # the caller's transaction, which then writes the clients one by one.
    with transaction.atomic(savepoint=False), engines.index_rows_after() as index_written:
        # Ids, then numbers, before the insert (an UPDATE of the numbers after it would
        # write every row and its indexes twice); inside this transaction on both databases.
        bulk_insert.take_ids(Client, clients)
        # Read once for the batch (a reference's key through its descriptor costs a call).
        ids, officers = map(list, zip(*_IDS_AND_OFFICERS.many(clients), strict=True))
        later = _number(clients, ids)
        bulk_insert.insert(Client, clients, with_ids=True)
        index_written(min(ids), max(ids))
        for client in later:
            set_generated_account_no(client)
        non_persons = []
        for item, client_id in zip(prepared, ids, strict=True):
            if item.non_person is not None:
                item.non_person.client_id = client_id
                non_persons.append(item.non_person)
        bulk_insert.insert(ClientNonPerson, non_persons, with_ids=True)  # its pk: in the event
        vocabulary.learn(" ".join({client.search_name for client in clients}), many=True)
        users = _users_of(prepared)
        bulk_insert.insert(StaffAssignment, _assignments(prepared, ids, officers, users))
        _tell_officers(prepared, officers, users)
        address_changes = _write_addresses(prepared, ids)
        journal = BatchJournal()
        for item, client_id in zip(prepared, ids, strict=True):
            client = item.client
            client._state.fields_cache["non_person"] = item.non_person
            journal.created(
                client,
                actor=item.actor,
                extra=address_changes.get(client_id),
                office=item.office,
                client_id=client_id,
                resource_id=client_id,
            )
        _write_identifiers(prepared, journal)
        _write_custom_rows(prepared, journal)
        bulk_insert.insert_values(AuditEvent, journal.rows)


_IDS_AND_OFFICERS = field_reader.reader(Client, ("id", "staff_id"))


def _users_of(prepared: list[PreparedClient]) -> list[tuple]:
    """Each client's (user creating it (None: the system), the user's key), read once an
    actor (one, in an import)."""
    seen: dict[int, tuple] = {}  # id(actor) → (its user, the user's key)
    return [
        seen.get(id(item.actor)) or seen.setdefault(id(item.actor), _user_and_key(item.actor))
        for item in prepared
    ]


def _user_and_key(actor) -> tuple:
    user = actor_user(actor)
    return user, getattr(user, "pk", None)


def _assignments(
    prepared: list[PreparedClient], ids: list, officers: list, users: list[tuple]
) -> list:
    """The clients' officer assignments (those given an officer), by their keys."""
    made = []
    for item, client_id, staff_id, (_user, by) in zip(prepared, ids, officers, users, strict=True):
        if staff_id:
            made.append(
                new_instance(
                    StaffAssignment,
                    client_id=client_id,
                    staff_id=staff_id,
                    start_date=item.client.submitted_on,
                    assigned_by_id=by,
                )
            )
    return made


def _tell_officers(prepared: list[PreparedClient], officers: list, users: list[tuple]) -> None:
    """The loan officers given clients, told in one statement per actor (one, in an import)."""
    by_user: dict[int | None, tuple[object, list[tuple[Client, int]]]] = {}
    for item, staff_id, (user, key) in zip(prepared, officers, users, strict=True):
        if staff_id:
            by_user.setdefault(key, (user, []))[1].append((item.client, staff_id))
    for user, assigned in by_user.values():
        notifications.officers_assigned(assigned, user)


def _write_addresses(prepared: list[PreparedClient], ids: list) -> dict[int, dict[str, list]]:
    """The clients' addresses in one statement; each client's changes that tell them."""
    built = {
        client_id: built_addresses(item.client, item.addresses)
        for item, client_id in zip(prepared, ids, strict=True)
        if item.addresses
    }
    bulk_insert.insert(ClientAddress, [address for rows in built.values() for address in rows])
    return {pk: inline_changes(rows) for pk, rows in built.items() if rows}


def _write_identifiers(prepared: list[PreparedClient], journal: BatchJournal) -> None:
    """The clients' identity documents in one statement; their CREATE events in `journal`."""
    rows = []
    for item in prepared:
        for identifier in item.identifiers:
            identifier.row.client = item.client
            rows.append((item.actor, identifier.row))
    bulk_insert.insert(ClientIdentifier, [row for _actor, row in rows], with_ids=True)
    for actor, row in rows:
        IDENTIFIER_PART.journal_created(journal, actor, row)


def _write_custom_rows(prepared: list[PreparedClient], journal: BatchJournal) -> None:
    """The clients' custom-field entries in one statement; their CREATE events in `journal`."""
    rows = [
        (item.actor, new_row(entry.table, item.client, entry.values))
        for item in prepared
        for entry in item.custom_rows
    ]
    bulk_insert.insert(CustomRow, [row for _actor, row in rows], with_ids=True)
    for actor, row in rows:
        journal_created_row(journal, actor, row)


def _number(clients: list[Client], ids: list[int]) -> list[Client]:
    """Fineract's generated numbers (the id on nine digits) for the clients given none, set
    on the rows before they are inserted, after one look-up of the numbers taken by hand (in
    the database or the batch). Returns the clients whose number is taken, or whose id is
    past nine digits: numbered one by one after the insert, with a suffix
    (set_generated_account_no)."""
    wanted = {
        f"{pk:0{NUMBER_DIGITS}d}": client
        for client, pk in zip(clients, ids, strict=True)
        if not client.account_no
    }
    taken = bulk_lookup.held(Client, "account_no", wanted) | {
        client.account_no for client in clients if client.account_no
    }
    later = []
    for number, client in wanted.items():
        if number in taken or len(number) > NUMBER_DIGITS:
            later.append(client)
        else:
            client.account_no = number
    return later
