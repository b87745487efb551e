import pytest


@pytest.fixture
def east_and_west(make_office, make_staff, make_user):
    """Two sibling branches, a staff member in each and a branch manager of the east one."""
    east = make_office(name="East Branch")
    west = make_office(name="West Branch")
    return {
        "east": east,
        "west": west,
        "east_staff": make_staff(office=east, firstname="Eve", lastname="Easterly"),
        "west_staff": make_staff(office=west, firstname="Wes", lastname="Westerly"),
        "manager": make_user(("ALL_FUNCTIONS",), office=east, username="eastmanager"),
    }


@pytest.fixture
def kibera(make_office):
    return make_office(name="Kibera")


@pytest.fixture
def mombasa(make_office):
    return make_office(name="Mombasa")
