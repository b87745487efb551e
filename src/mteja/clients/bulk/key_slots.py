"""Where first_seen.FirstSeen keeps its slots: 64-bit integers (two a slot), zero at first,
in memory while the table is small, else in a file mapped into memory (decision 264). A
file's pages the table has touched are let go once it has been looked at as many times as
the memory allowed holds what a look maps (`FirstSeen._find`, `MAPPED_A_LOOK`): they stay
in the kernel's page cache, which writes them back to the disk and reclaims them under
pressure, so that a lane's own memory stays within the bound however many values the file
holds. The file is on the disk that holds the imported files (VAR_DIR: /tmp may be a tmpfs,
which is memory), and has no name: it goes with its process, however that ends."""

from __future__ import annotations

import mmap
import tempfile
from array import array

from django.conf import settings

INTEGER_BYTES = 8
# What a look at a file's slots maps: the page read and those around it in the page cache
# (64 KiB by default: Linux's fault_around_bytes). A large folio of the page cache would be
# mapped whole (2 MiB: Linux 6.18 on ext4 did, and a million rows' table held 40 MiB over
# its 16 MiB bound), which the mapping refuses (MADV_NOHUGEPAGE): then 15 MiB at most.
MAPPED_A_LOOK = 64 * 1024


class SlotsInMemory:
    looks_between = 1 << 62  # (never let go)

    def __init__(self, count: int):
        self.values = array("q", [0]) * count
        self.part = count  # the integers read at once when they are placed again

    def release(self) -> None:
        pass

    def close(self) -> None:
        pass


class SlotsInFile:
    def __init__(self, count: int):
        self._file = tempfile.TemporaryFile(dir=settings.VAR_DIR)  # noqa: SIM115 (close())
        try:
            self._file.truncate(count * INTEGER_BYTES)  # (read as zeros, written as touched)
            self._map = mmap.mmap(self._file.fileno(), count * INTEGER_BYTES)
        except BaseException:
            self._file.close()
            raise
        self._map.madvise(mmap.MADV_NOHUGEPAGE)  # (MAPPED_A_LOOK)
        self.values = memoryview(self._map).cast("q")
        allowed = settings.MTEJA_IMPORT_KEYS_MEMORY_BYTES
        self.looks_between = max(1, allowed // MAPPED_A_LOOK)  # (looks between lettings-go)
        self.part = max(2, allowed // INTEGER_BYTES // 2 * 2)  # (even: hash, line)

    def release(self) -> None:
        """The pages touched since the last call let go (kept in the file)."""
        self._map.madvise(mmap.MADV_DONTNEED)

    def close(self) -> None:
        self.values.release()
        self._map.close()
        self._file.close()


def slots(count: int) -> SlotsInMemory | SlotsInFile:
    """`count` integers, in a file when they would take more memory than an import's table of
    the file's values may (MTEJA_IMPORT_KEYS_MEMORY_BYTES)."""
    if count * INTEGER_BYTES > settings.MTEJA_IMPORT_KEYS_MEMORY_BYTES:
        return SlotsInFile(count)
    return SlotsInMemory(count)
