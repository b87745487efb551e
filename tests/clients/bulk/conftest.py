import pytest

from mteja.clients.bulk import reading


@pytest.fixture
def kibera(make_office):
    return make_office(name="Kibera")


@pytest.fixture
def clerk(make_user, kibera):
    """A Kibera clerk who may create and read clients."""
    return make_user(("CREATE_CLIENT", "READ_CLIENT"), office=kibera)


@pytest.fixture
def no_calamine(monkeypatch):
    """calamine is never given the file: the test fails if it is."""

    def refused(*args, **kwargs):
        raise AssertionError("calamine was given the file")

    monkeypatch.setattr(reading.CalamineWorkbook, "from_filelike", refused)
