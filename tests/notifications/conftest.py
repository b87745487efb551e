"""Offices shared by the notification tests: Kibera under Nairobi, Mombasa under Coast, and
Kisumu on its own."""

import pytest


@pytest.fixture
def nairobi(make_office):
    return make_office("Nairobi")


@pytest.fixture
def kibera(make_office, nairobi):
    return make_office("Kibera", parent=nairobi)


@pytest.fixture
def coast(make_office):
    return make_office("Coast")


@pytest.fixture
def mombasa(make_office, coast):
    return make_office("Mombasa", parent=coast)


@pytest.fixture
def kisumu(make_office):
    return make_office("Kisumu")
