"""The line of a file where each value was first seen, for millions of values in little
memory: a dict of a million rows' values, even by hash, takes about 100 bytes a value (the
key and the line are Python objects); here the hashes and lines sit in two arrays of 64-bit
integers (open addressing, at most half full): 32 bytes a value at worst."""

from __future__ import annotations

from array import array

_EMPTY = 0  # a slot no hash holds (a value hashing to 0 is kept as 1)


class FirstSeen:
    def __init__(self, capacity: int = 1 << 12):
        self._hashes = array("q", [_EMPTY]) * capacity
        self._lines = array("q", [0]) * capacity
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def line_of(self, value, line: int) -> int:
        """The line that had `value` first: `line` itself when it is new (then kept). One
        look for the value's slot (a lane notes each value of half the file's rows so)."""
        key = hash(value) or 1
        slot = self._find(key)
        if self._hashes[slot] == key and (kept := self._lines[slot]):
            return kept
        return self._kept(slot, key, line)

    def get(self, value) -> int:
        """The line kept for `value`, 0 for none."""
        key = hash(value) or 1
        slot = self._find(key)
        return self._lines[slot] if self._hashes[slot] == key else 0

    def put(self, value, line: int) -> int:
        """`line` kept for `value`, in place of any line kept before (0: none now)."""
        key = hash(value) or 1
        return self._kept(self._find(key), key, line)

    def _kept(self, slot: int, key: int, line: int) -> int:
        """`line` kept for the hash `key` in its `slot` (`_find`'s)."""
        self._lines[slot] = line
        if self._hashes[slot] != key:
            self._hashes[slot] = key
            self._count += 1
            if self._count * 2 > len(self._hashes):
                self._grow()
        return line

    def _find(self, key: int) -> int:
        """The slot holding `key`, or the empty slot where it would go."""
        hashes, mask = self._hashes, len(self._hashes) - 1
        slot = key & mask
        while hashes[slot] not in (_EMPTY, key):
            slot = (slot + 1) & mask
        return slot

    def _grow(self) -> None:
        old_hashes, old_lines = self._hashes, self._lines
        capacity = len(old_hashes) * 2
        self._hashes = array("q", [_EMPTY]) * capacity
        self._lines = array("q", [0]) * capacity
        for key, line in zip(old_hashes, old_lines, strict=True):
            if key != _EMPTY:
                slot = self._find(key)
                self._hashes[slot], self._lines[slot] = key, line
