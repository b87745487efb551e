"""A batch of prepared clients made into the values of their tables' rows — the clients with
their generated account numbers, entity details, officer assignments, addresses, identity
documents, custom-field entries and every journal event — ready to be inserted, then written
(`BuiltClients.write`), all of them or only those its writer admits.

Making the values is most of a batch's writing in Python (some 90 µs a client on
PostgreSQL); an import lane makes them before its turn, while the other lane writes, and
keeps only the statements, and the look-ups that must see the batches written before, inside
it (bulk/before_turn.py). Each client's rows keep its place in the batch, so that the rows of
a client refused under the turn (the duplicate policy, a value taken meanwhile) are left out.

A generated account number is the client's id on nine digits unless a client holds it by
hand already: the batch's are known when the values are made, the database's only under
the turn (`write` looks them up; a number found taken there makes the admitted clients'
values again, numbered as they must be)."""

from __future__ import annotations

from collections.abc import Callable, Collection

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
from mteja.clients.search import vocabulary
from mteja.clients.services.account_numbers import NUMBER_DIGITS, set_generated_account_no
from mteja.clients.services.creating import PreparedClient
from mteja.clients.services.steps import actor_user
from mteja.core import bulk_insert, bulk_lookup, field_reader
from mteja.core.batch_journal import BatchJournal
from mteja.core.instances import new_instance
from mteja.core.models import AuditEvent
from mteja.users.notifications import services as notifications

_IDS_AND_OFFICERS = field_reader.reader(Client, ("id", "staff_id"))

# The tables in the order they are written (each client's before the rows referring to it),
# with whether their rows' ids are among the values (taken from the table's sequence first).
_TABLES = (
    (Client, True),
    (ClientNonPerson, True),
    (StaffAssignment, False),
    (ClientAddress, False),
    (ClientIdentifier, True),
    (CustomRow, True),
    (AuditEvent, False),
)


class BuiltClients:
    """The values of a batch's rows by table, each row with its client's place in `prepared`.
    The clients' ids must be taken before (`bulk_insert.take_ids`); `held`: the generated
    account numbers known to be held by a client already (`generated_numbers_held`), None
    when the database has not been asked (the values made before the turn)."""

    def __init__(self, prepared: list[PreparedClient], held: Collection[str] | None = None):
        self.prepared = prepared
        self.clients = [item.client for item in prepared]
        self.ids, self.officers = map(list, zip(*_IDS_AND_OFFICERS.many(self.clients), strict=True))
        self._account_nos = [client.account_no for client in self.clients]  # as prepared
        every = list(range(len(prepared)))
        self.later = _postponed(self._account_nos, self.ids, held or (), every)
        _number(self.clients, self.ids, self.later)
        self.asked = held is not None
        self.users = _users_of(prepared)
        self.rows: dict[type, list] = {model: [] for model, _ids in _TABLES}
        self.owners: dict[type, list[int]] = {model: [] for model, _ids in _TABLES}
        self.words_learnt = False
        self._copy_texts: dict[type, bytes] = {}  # by table: the COPY's text of all its rows
        self._readers: dict = {}  # (read_officers_readers)
        self._build()

    def read_officers_readers(self) -> None:
        """Reads now (before the turn: bulk/before_turn.py) whom the write tells of the
        clients' officers (`notifications.officers_readers`): who logs in as an officer
        depends on no batch before."""
        self._readers = {
            key: notifications.officers_readers(assigned, user)
            for key, (user, assigned) in _assigned_by_user(
                self.prepared, self.officers, self.users
            ).items()
        }

    def make_copy_texts(self) -> None:
        """Formats each table's rows as its COPY's text now (bulk/before_turn.py: before the
        turn; PostgreSQL only), sent whole when every client of the batch is admitted."""
        for model, with_ids in _TABLES:
            text = bulk_insert.copy_text_of(model, self.rows[model], include_pk=with_ids)
            if text is not None:
                self._copy_texts[model] = text

    def learn_words(self) -> None:
        """Stores the search words of all the batch's clients now, apart from their rows
        (bulk/before_turn.py: before the turn, in a statement of their own). The words of a
        client then refused under the turn stay, as a renamed client's old words do: a word
        no client holds finds no one."""
        _learn_words(self.clients)
        self.words_learnt = True

    def write(self, admitted: list[PreparedClient], index_written: Callable) -> None:
        """Inserts the rows of the `admitted` clients (some of `prepared`, in its order), in
        the caller's transaction; `index_written(first id, last id)` once the clients are."""
        if not admitted:
            return
        places = _places_of(self.prepared, admitted)
        if not self.asked:  # the database's numbers, as they are under the turn
            held = generated_numbers_held(self._account_nos, self.ids, places)
            kept = set(places)
            if [p for p in self.later if p in kept] != _postponed(
                self._account_nos, self.ids, held, places
            ):
                for client, account_no in zip(self.clients, self._account_nos, strict=True):
                    client.account_no = account_no
                BuiltClients(admitted, held).write(admitted, index_written)
                return
        kept, every = set(places), len(places) == len(self.prepared)
        for model, with_ids in _TABLES:
            rows, owners = self.rows[model], self.owners[model]
            values = rows
            if not every:
                values = [row for row, owner in zip(rows, owners, strict=True) if owner in kept]
            text = self._copy_texts.get(model) if every else None
            bulk_insert.insert_made(model, values, include_pk=with_ids, copy_text=text)
            if model is Client:
                ids = [self.ids[place] for place in places]
                index_written(min(ids), max(ids))
                renumbered = [place for place in self.later if place in kept]
                for place in renumbered:
                    set_generated_account_no(self.clients[place])
                if renumbered:  # their events say their numbers (rare: made here again)
                    self._journal(*self._parts)
                if not self.words_learnt:
                    _learn_words([self.clients[place] for place in places])
        bulk_insert.inserted([self.clients[place] for place in places])
        _tell_officers(
            [self.prepared[place] for place in places],
            [self.officers[place] for place in places],
            [self.users[place] for place in places],
            self._readers,
        )

    def _add(self, model: type, rows: list, owners: list[int], *, with_ids: bool) -> None:
        if with_ids:
            bulk_insert.take_ids(model, rows)
        self.rows[model] = bulk_insert.values_of(model, rows, include_pk=with_ids)
        self.owners[model] = owners

    def _build(self) -> None:
        prepared, ids = self.prepared, self.ids
        self._add(Client, self.clients, list(range(len(prepared))), with_ids=True)
        non_persons = []
        for place, (item, client_id) in enumerate(zip(prepared, ids, strict=True)):
            if item.non_person is not None:
                item.non_person.client_id = client_id
                non_persons.append((place, item.non_person))
        self._add_owned(ClientNonPerson, non_persons, with_ids=True)  # its pk: in the event
        self._add_owned(StaffAssignment, self._assignments(), with_ids=False)
        addresses = {
            place: built_addresses(item.client, item.addresses)
            for place, item in enumerate(prepared)
            if item.addresses
        }
        self._add_owned(
            ClientAddress,
            [(place, row) for place, rows in addresses.items() for row in rows],
            with_ids=False,
        )
        identifiers = [
            (place, item.actor, identifier.row)
            for place, item in enumerate(prepared)
            for identifier in item.identifiers
        ]
        for place, _actor, row in identifiers:
            row.client = prepared[place].client
        self._add_owned(ClientIdentifier, [(p, row) for p, _a, row in identifiers], with_ids=True)
        custom = [
            (place, item.actor, new_row(entry.table, item.client, entry.values))
            for place, item in enumerate(prepared)
            for entry in item.custom_rows
        ]
        self._add_owned(CustomRow, [(p, row) for p, _a, row in custom], with_ids=True)
        self._parts = (addresses, identifiers, custom)
        self._journal(*self._parts)

    def _add_owned(self, model: type, owned: list[tuple[int, object]], *, with_ids: bool) -> None:
        self._add(model, [row for _place, row in owned], [p for p, _r in owned], with_ids=with_ids)

    def _assignments(self) -> list[tuple[int, StaffAssignment]]:
        """The clients' officer assignments (those given an officer), by their keys."""
        made = []
        for place, (item, client_id, staff_id, (_user, by)) in enumerate(
            zip(self.prepared, self.ids, self.officers, self.users, strict=True)
        ):
            if staff_id:
                assignment = new_instance(
                    StaffAssignment,
                    client_id=client_id,
                    staff_id=staff_id,
                    start_date=item.client.submitted_on,
                    assigned_by_id=by,
                )
                made.append((place, assignment))
        return made

    def _journal(self, addresses: dict, identifiers: list, custom: list) -> None:
        """Each client's CREATE event (its addresses in it, as `write_client` records them),
        then its documents' and custom entries' own, each with its client's place."""
        journal, owners = BatchJournal(), []
        for place, (item, client_id) in enumerate(zip(self.prepared, self.ids, strict=True)):
            client = item.client
            client._state.fields_cache["non_person"] = item.non_person
            changes = inline_changes(addresses[place]) if place in addresses else None
            journal.created(
                client,
                actor=item.actor,
                extra=changes or None,
                office=item.office,
                client_id=client_id,
                resource_id=client_id,
            )
            owners.append(place)
        for place, actor, row in identifiers:
            IDENTIFIER_PART.journal_created(journal, actor, row)
            owners.extend([place] * (len(journal.rows) - len(owners)))
        for place, actor, row in custom:
            journal_created_row(journal, actor, row)
            owners.extend([place] * (len(journal.rows) - len(owners)))
        self.rows[AuditEvent] = bulk_insert.made_values(AuditEvent, journal.rows)
        self.owners[AuditEvent] = owners
        self._copy_texts.pop(AuditEvent, None)  # (the events made again: their text is not)


def _learn_words(clients: list[Client]) -> None:
    vocabulary.learn(" ".join({client.search_name for client in clients}), many=True)


def _places_of(prepared: list[PreparedClient], admitted: list[PreparedClient]) -> list[int]:
    place_of = {id(item): place for place, item in enumerate(prepared)}
    return [place_of[id(item)] for item in admitted]


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


def _assigned_by_user(prepared: list[PreparedClient], officers: list, users: list[tuple]):
    """{the key of the user creating them: (the user, [(client, its officer's staff id)])}
    of the clients given an officer."""
    by_user: dict[int | None, tuple[object, list[tuple[Client, int]]]] = {}
    for item, staff_id, (user, key) in zip(prepared, officers, users, strict=True):
        if staff_id:
            by_user.setdefault(key, (user, []))[1].append((item.client, staff_id))
    return by_user


def _tell_officers(
    prepared: list[PreparedClient], officers: list, users: list[tuple], read: dict
) -> None:
    """The loan officers given clients, told in one statement per actor (one, in an import);
    `read`: whom to tell, by the user's key, as read before (`read_officers_readers`)."""
    for key, (user, assigned) in _assigned_by_user(prepared, officers, users).items():
        notifications.officers_assigned(assigned, user, read.get(key))


def _generated_number(pk: int) -> str:
    """Fineract's generated account number: the client's id on nine digits."""
    return f"{pk:0{NUMBER_DIGITS}d}"


def generated_numbers_held(account_nos: list, ids: list[int], places: list[int]) -> set[str]:
    """The generated numbers of the clients at `places` given none (`account_nos`: as
    prepared) that a client holds already (one look-up)."""
    wanted = [_generated_number(ids[place]) for place in places if not account_nos[place]]
    return bulk_lookup.held(Client, "account_no", wanted)


def _postponed(account_nos: list, ids: list[int], held: Collection[str], places: list[int]):
    """The places, among `places`, of the clients given no number (`account_nos`: as
    prepared) whose generated one is `held` (in the database) or given by hand to a client
    at `places`, or is past nine digits: numbered one by one after the insert, with a
    suffix (set_generated_account_no)."""
    taken = set(held) | {account_nos[place] for place in places if account_nos[place]}
    return [
        place
        for place in places
        if not account_nos[place]
        and ((number := _generated_number(ids[place])) in taken or len(number) > NUMBER_DIGITS)
    ]


def _number(clients: list[Client], ids: list[int], later: list[int]) -> None:
    """Sets the generated numbers of the clients given none, but those at `later`, on the
    rows before they are inserted (an UPDATE of the numbers after it would write every row
    and its indexes twice)."""
    postponed = set(later)
    for place, (client, pk) in enumerate(zip(clients, ids, strict=True)):
        if not client.account_no and place not in postponed:
            client.account_no = _generated_number(pk)
