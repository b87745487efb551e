"""Whether an import's lane is in its turn (`ClientImport._commit`, which the lanes take one at
a time): for the tests that show what a batch does before its turn rather than in it."""

from mteja.clients.bulk.importing import ClientImport


def watch_turns(monkeypatch) -> list:
    """A list that holds an entry while a lane's turn runs (empty outside it)."""
    in_turn: list = []
    commit = ClientImport._commit

    def turn(self, *args, **kwargs):
        in_turn.append(True)
        try:
            return commit(self, *args, **kwargs)
        finally:
            in_turn.pop()

    monkeypatch.setattr(ClientImport, "_commit", turn)
    return in_turn
