"""Group fixtures: a branch with clients, centers and groups built through the services, with
"today" frozen."""

import datetime

import pytest

from mteja.core import clock
from mteja.groups import services
from mteja.groups.models import GroupPolicy
from mteja.organisation.models import CodeValue

TODAY = datetime.date(2024, 6, 14)
BASE = "/fineract-provider/api/v1"


@pytest.fixture(autouse=True)
def today():
    with clock.frozen_today(TODAY):
        yield TODAY


@pytest.fixture
def branch(make_office):
    return make_office(name="Kisumu")


@pytest.fixture
def other_branch(make_office):
    return make_office(name="Nakuru")


@pytest.fixture
def officer(make_staff, branch):
    return make_staff(office=branch, is_loan_officer=True)


@pytest.fixture
def member(make_client, branch):
    """An active client of the branch (a new one each call)."""
    return lambda **fields: make_client(office=branch, active=True, **fields)


@pytest.fixture
def new_center(branch):
    def make(name="Lakeside", office=None, **fields):
        return services.center_create(actor=None, office=office or branch, name=name, **fields)

    return make


@pytest.fixture
def new_group(branch):
    def make(name="Umoja", office=None, **fields):
        if "center" not in fields:
            fields["office"] = office or branch
        return services.group_create(actor=None, name=name, **fields)

    return make


@pytest.fixture
def limits(db):
    def set_limits(low=None, high=None):
        services.group_policy_update(actor=None, min_clients=low, max_clients=high)
        return GroupPolicy.current()

    return set_limits


@pytest.fixture
def closure_reason(db):
    return CodeValue.objects.filter(code__name="GroupClosureReason").first()


def codes_of(response) -> list[str]:
    return [e["userMessageGlobalisationCode"] for e in response.json().get("errors", [])]
