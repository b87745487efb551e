"""The reference cache's rows matched to their group's token once while a request (or an
import's batch) holds the same tokens, not at each of a row's dozen reads; a change made
within it still shows at the next read (core/reference_cache.py)."""

import pytest

from mteja.core import context, reference_cache, stamps
from mteja.organisation.models import Office

pytestmark = pytest.mark.django_db


def test_the_token_is_matched_once_a_request(monkeypatch):
    token, looks = stamps.token, []

    def counted(name):
        looks.append(name)
        return token(name)

    monkeypatch.setattr(stamps, "token", counted)
    with context.remembering():
        names = {reference_cache.row_by_pk(Office, 1).name for _ in range(100)}
    assert names == {Office.objects.get(pk=1).name}
    assert looks == [reference_cache.GROUP]


def test_a_change_within_the_request_shows_at_the_next_read():
    with context.remembering():
        assert reference_cache.row_by_pk(Office, 1).name != "Renamed"
        office = Office.objects.get(pk=1)
        office.name = "Renamed"
        office.save()  # a new token: the request's tokens are read again
        assert reference_cache.row_by_pk(Office, 1).name == "Renamed"
    with context.remembering():  # and in the next request
        assert reference_cache.row_by_pk(Office, 1).name == "Renamed"
