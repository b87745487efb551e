import pytest


@pytest.fixture
def kibera(make_office):
    return make_office(name="Kibera")


@pytest.fixture
def clerk(make_user, kibera):
    """A Kibera clerk who may create and read clients."""
    return make_user(("CREATE_CLIENT", "READ_CLIENT"), office=kibera)
