"""A checked batch made ready to be written before its lane takes its turn (bulk/lanes.py):
on PostgreSQL its clients' ids taken from the sequence, the values of all its rows made and
formatted as their COPYs' text (services/bulk_built.py), its clients' new search words
stored and whom to tell of their officers read, so that the turn — which the lanes take one
at a time — holds only the statements and the look-ups that must see the batches written
before it (values taken meanwhile, the duplicate policy, the officers, the account numbers
held).

The ids are taken in the file's order (`Lane.ids_turn`), so the generated account numbers
follow it as before. A client refused under the turn, or a batch written again (a unique
value refused, a deadlock, a row named as a refused row's repeat: importing.py `_commit`),
leaves its ids untaken: gaps in the ids and in the generated numbers, as any rolled-back
insert leaves in a PostgreSQL sequence; no number is given twice, none is read as a count.

On SQLite the ids are the ones it gives next, which only the transaction holding its write
lock knows: the values are made under the turn, as before."""

from __future__ import annotations

from django.db import connection

from mteja.clients.bulk.lanes import Solo
from mteja.clients.bulk.write_again import numbers_before
from mteja.clients.models import Client
from mteja.clients.services.bulk_built import BuiltClients
from mteja.core import bulk_insert


class BeforeTurn:
    """A checked batch (`checked`: (RowResult, its prepared client or None) each) before its
    turn: its clients' account numbers as checked (`before`: write_again.as_checked puts
    them back when a write is rolled back) and, when made, its rows' values."""

    def __init__(self, checked: list, lane: Solo, index: int, *, writing: bool):
        self.before, self.writing = numbers_before(checked), writing
        self._built: BuiltClients | None = None
        if not writing or connection.vendor != "postgresql":
            return
        prepared = [item for _result, item in checked if item is not None and item.bulk_writable]
        with lane.ids_turn(index):
            bulk_insert.take_ids(Client, [item.client for item in prepared])
        if prepared:
            self._built = BuiltClients(prepared)
            # Their search words need not see the batches before (`learn` leaves out the
            # words stored, conflicts ignored): stored outside the turn, in statements (and
            # transactions, but inside a caller's) of their own. The COPYs' text and whom
            # to tell of the officers depend on no batch before either.
            self._built.learn_words()
            self._built.make_copy_texts()
            self._built.read_officers_readers()

    def built(self) -> BuiltClients | None:
        """The values made, for the first attempt to write the batch only: an attempt rolled
        back puts its clients back as checked, their ids untaken."""
        built, self._built = self._built, None
        return built
