"""The line of a file where each value was first seen, for millions of values in little
memory: a dict of a million rows' values, even by hash, takes about 100 bytes a value (the
key and the line are Python objects); here each value's hash and line sit side by side in one
array of 64-bit integers (open addressing, at most half full): 32 to 64 bytes a value, and a
look touches one page. Past MTEJA_IMPORT_KEYS_MEMORY_BYTES the array is a file's, mapped, its
pages let go as the looks go on (key_slots.py, decision 264): the same table, the same
answers, a lane's memory bounded whatever the file's size."""

from __future__ import annotations

from mteja.clients.bulk.key_slots import slots

_EMPTY = 0  # a slot no hash holds (a value hashing to 0 is kept as 1)


class FirstSeen:
    def __init__(self, capacity: int = 16):
        self._capacity, self._count = capacity, 0
        self._slots = slots(2 * capacity)  # (hash, line) at each even index
        self._mask = 2 * capacity - 1
        self._looks_left = self._slots.looks_between

    def __len__(self) -> int:
        return self._count

    def line_of(self, value, line: int) -> int:
        """The line that had `value` first: `line` itself when it is new (then kept). One
        look for the value's slot (a lane notes each value of half the file's rows so)."""
        key = hash(value) or 1
        index = self._find(key)
        values = self._slots.values
        if values[index] == key and (kept := values[index + 1]):
            return kept
        return self._kept(index, key, line)

    def get(self, value) -> int:
        """The line kept for `value`, 0 for none."""
        key = hash(value) or 1
        index = self._find(key)
        values = self._slots.values
        return values[index + 1] if values[index] == key else 0

    def put(self, value, line: int) -> int:
        """`line` kept for `value`, in place of any line kept before (0: none now)."""
        key = hash(value) or 1
        return self._kept(self._find(key), key, line)

    def _kept(self, index: int, key: int, line: int) -> int:
        """`line` kept for the hash `key` at its slot's `index` (`_find`'s)."""
        values = self._slots.values
        values[index + 1] = line
        if values[index] != key:
            values[index] = key
            self._count += 1
            if self._count * 2 > self._capacity:
                self._grow()
        return line

    def _find(self, key: int) -> int:
        """The index of the slot holding `key`, or of the empty slot where it would go."""
        self._looks_left -= 1
        if not self._looks_left:
            self._looks_left = self._slots.looks_between
            self._slots.release()
        values, mask = self._slots.values, self._mask
        index = (key << 1) & mask
        while values[index] not in (_EMPTY, key):
            index = (index + 2) & mask
        return index

    def _grow(self) -> None:
        """Twice the slots, each value placed again; an old table in a file read a part at
        a time, its pages let go after each."""
        old = self._slots
        self._capacity *= 2
        self._slots, self._mask = slots(2 * self._capacity), 2 * self._capacity - 1
        self._looks_left = self._slots.looks_between
        step = old.part
        for start in range(0, len(old.values), step):
            self._place(old.values[start : start + step])
            old.release()
        old.close()

    def _place(self, part) -> None:
        """The values of a part of the old slots placed in the new (its view of a file's
        slots dropped with the call: the file is closed after)."""
        for key, line in zip(part[0::2], part[1::2], strict=True):
            if key != _EMPTY:
                index = self._find(key)
                self._slots.values[index], self._slots.values[index + 1] = key, line
