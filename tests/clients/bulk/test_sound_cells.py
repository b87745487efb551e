"""A file's reader keeps the texts it found sound (bulk/spoilt_cells.spoilt_among's `sound`):
told again without a look, while a spoilt text is refused on every row it is in."""

from mteja.clients.bulk import spoilt_cells
from mteja.clients.bulk.spoilt_cells import spoilt_among


def test_sound_texts_are_kept_and_spoilt_ones_refused_each_time(monkeypatch):
    looked_at = []
    look = spoilt_cells.spoilt_cell
    monkeypatch.setattr(
        spoilt_cells, "spoilt_cell", lambda cell: looked_at.append(cell) or look(cell)
    )
    sound: set[str] = set()
    row = ["Kibera", "#N/A", 1.2345678901234568e16, "JosÃ©", None, "Female"]
    first = spoilt_among(row, range(len(row)), sound)
    again = spoilt_among(row, range(len(row)), sound)
    assert [index for index, _why in first] == [index for index, _why in again] == [1, 2, 3]
    assert first == again
    assert sound == {"Kibera", "Female"}  # only texts, only sound ones
    assert looked_at == [*row[:4], "Female", "#N/A", 1.2345678901234568e16, "JosÃ©"]


def test_at_most_so_many_sound_texts_are_kept(monkeypatch):
    monkeypatch.setattr(spoilt_cells, "MOST_SOUND_KEPT", 2)
    sound: set[str] = set()
    assert spoilt_among(["a", "b", "c"], range(3), sound) == []
    assert sound == {"a", "b"}


def test_without_a_set_nothing_is_kept():
    assert spoilt_among(["a", "#REF!"], range(2))[0][0] == 1
