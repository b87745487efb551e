"""A process that built a large table and freed it gives the memory back to the system
(core/shared_memory.py): glibc's allocator otherwise keeps the freed pages of its heap, and
a web worker after an export, or the job worker after an import, held for hours what it had
once used. Each case runs in a fresh interpreter, whose memory is its own."""

import subprocess
import sys
import textwrap

import pytest

FREED_TABLE = textwrap.dedent(
    """
    from mteja.core import shared_memory

    def resident_mb():
        return shared_memory._resident_bytes() / 2**20

    shared_memory.give_back_if_grown()  # after a small answer: the mark
    before = resident_mb()
    # 80 MB of rows, each beside a small value kept after them (as an answer's rows beside
    # what a process keeps): the freed rows are holes in the heap, not its free top.
    table = [(bytes(16_000) + str(n).encode(), bytes(600) + str(n).encode()) for n in range(5000)]
    kept = [small for _row, small in table]
    del table
    held = resident_mb()
    shared_memory.{call}()
    print(round(before), round(held), round(resident_mb()))
    """
)


def _resident_mb(call: str) -> tuple[int, int, int]:
    """(resident before the table, after freeing it, after `call`), in MiB."""
    script = FREED_TABLE.format(call=call)
    output = subprocess.run(  # noqa: S603 (our own script)
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    before, held, after = (int(word) for word in output.split())
    return before, held, after


@pytest.mark.parametrize("call", ["give_back_freed_memory", "give_back_if_grown"])
def test_a_freed_table_is_given_back(call):
    before, held, after = _resident_mb(call)
    assert held > before + 60  # freed, but still the process's
    assert after < before + 20


def test_a_small_answer_is_not_followed_by_a_trim(monkeypatch):
    from mteja.core import shared_memory

    trims = []
    monkeypatch.setattr(shared_memory, "give_back_freed_memory", lambda: trims.append(1))
    monkeypatch.setattr(shared_memory, "_resident_after_trim", None)
    shared_memory.give_back_if_grown()
    small = [bytes(1000) for _ in range(100)]  # 100 kB: far below GROWN_BYTES
    shared_memory.give_back_if_grown()
    assert small
    assert trims == []
