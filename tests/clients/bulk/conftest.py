import pytest


@pytest.fixture
def kibera(make_office):
    return make_office(name="Kibera")
