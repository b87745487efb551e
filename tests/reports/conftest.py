"""Report fixtures: the portfolio's products and accounts (made through the services, "today"
frozen) and the groups' centers and groups."""

import datetime

import pytest
from tests.portfolio.conftest import (  # noqa: F401 (fixtures)
    active_client,
    disbursed_loan,
    loan_product,
    open_savings,
    savings_product,
    today,
)

from mteja.groups import services as group_services

BASE = "/fineract-provider/api/v1"


def run(api, name, **params):
    return api.get(f"{BASE}/runreports/{name}", params)


def rows(api, name, **params):
    response = run(api, name, genericResultSet="false", **params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def new_group():
    def make(name, office, clients=(), center=None):
        return group_services.group_create(
            actor=None,
            name=name,
            office=office,
            center=center,
            active=True,
            activation_date=datetime.date(2024, 1, 5),
            clients=clients,
        )

    return make
