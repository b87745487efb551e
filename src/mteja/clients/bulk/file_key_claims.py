"""Which line of a client file holds each value that must be unique in it (an external id,
an account number, an identity document, a keyless row's fingerprint, a mobile number the
institution refuses twice…): the first line that stands for a client — a valid row, or one
imported before. A row refused for its own errors holds none, so that it takes no value
from a valid row below it (decision 200); nor does a valid row refused as its batch is
written (the duplicate policy, its officer changed, a value taken meanwhile): it gives back
the values it held (decision 219).

A line this checker did not check — another lane's batch, a resumed import's lines written
before it stopped — is only noted: whether it held a value is known from the database once
its batch is written (the value's client is there, in the user's offices). A row repeating
such a value is refused when the database holds it, at its check or when its own batch is
written (the batches before it written by then); in a pass that writes nothing, a noted line
holds its values, as no database can say otherwise: a resumed dry run notes only the lines
its job recorded as standing for a client (checked_before.py, decision 220)."""

from __future__ import annotations

from mteja.clients.bulk.first_seen import FirstSeen
from mteja.clients.bulk.parts import DOCUMENT_KEY


def database_key(value: tuple) -> tuple:
    """A row's value as known_clients.existing finds its client."""
    param, held = value
    return ("identifier", *held) if param == DOCUMENT_KEY else value


class FileKeyClaims:
    """The lines holding a file's values: a checked line's kept as it is, a noted line's
    negated."""

    def __init__(self, *, noted_hold: bool):
        self._lines = FirstSeen()
        self._noted_sign = 1 if noted_hold else -1

    def note(self, values: list[tuple], line: int) -> None:
        """The values of a line not checked here."""
        noted, line_of = line * self._noted_sign, self._lines.line_of
        for value in values:
            line_of(value, noted)  # (kept where no line holds it)

    def claim(self, values: list[tuple], line: int, *, settled: bool = True) -> None:
        """The values of a row that stands for a client, held by its line where no line
        above holds them. `settled`: the row's outcome is known (imported before); a valid
        row, still to be written, leaves a noted line's values to it until then
        (`held_meanwhile`)."""
        for value in values:
            held = self._lines.get(value)
            if not held or (held < 0 and settled):
                self._lines.put(value, line)

    def release(self, values: list[tuple], line: int, pending: list[tuple]) -> None:
        """The values a valid row of `line` held (`values`: those it claimed), given back once
        it is refused as its batch is written: each to the noted line that gave it first
        (`repeats`' second list, left to it until then), else to no line."""
        noted = dict(pending)
        for value in values:
            if self._lines.get(value) == line:
                self._lines.put(value, noted.get(value, 0) * self._noted_sign)

    def repeats(self, values: list[tuple], found_by: dict) -> tuple[list, list]:
        """Of a row's values, those a line above holds, as (parameter, line) — a noted line's
        when the database holds its value (`found_by`: known_clients.existing's) — and those
        only a noted line gives, as (value, line), to ask again when the row is written."""
        held, pending = [], []
        for value in values:
            line = self._lines.get(value)
            if line > 0:
                held.append((value[0], line))
            elif line < 0 and database_key(value) in found_by:
                held.append((value[0], -line))
            elif line < 0:
                pending.append((value, -line))
        return held, pending

    def held_by_noted(self, pending: list[tuple], found_by: dict) -> list[tuple[str, int]]:
        """Of `repeats`' second list, the values the database now holds, as (parameter,
        line): their noted lines held them (the lane that checked them wrote them)."""
        return [(value[0], noted) for value, noted in pending if database_key(value) in found_by]

    def held_meanwhile(
        self, pending: list[tuple], found_by: dict, line: int
    ) -> list[tuple[str, int]]:
        """Of the values only noted lines gave a valid row of `line` (`repeats`' second
        list), asked as its batch is written (the rows above it in order): those the database
        now holds — their noted lines held them — or a row above in its batch took, as
        (parameter, line); the row holds the others from now on."""
        held = []
        for value, noted in pending:
            holder = self._lines.get(value)
            if database_key(value) in found_by:
                self._lines.put(value, noted)
                held.append((value[0], noted))
            elif 0 < holder < line:
                held.append((value[0], holder))
        if not held:
            for value, _noted in pending:
                self._lines.put(value, line)
        return held
