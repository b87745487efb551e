"""Client fixtures: branches, loan officers, code values and a client in every status, all
built through the services (never by writing rows), with "today" frozen."""

import datetime

import pytest

from mteja.clients import services
from mteja.clients.models import Client, ClientStatus
from mteja.core import clock
from mteja.organisation.models import CodeValue

TODAY = datetime.date(2024, 6, 14)
SUBMITTED = datetime.date(2024, 1, 10)
ACTIVATED = datetime.date(2024, 2, 1)
STEP = datetime.date(2024, 3, 1)  # the date of the step after activation/submission
BASE = "/fineract-provider/api/v1"


@pytest.fixture(autouse=True)
def today():
    with clock.frozen_today(TODAY):
        yield TODAY


def iso(day: datetime.date) -> str:
    return day.isoformat()


def codes_of(response) -> list[str]:
    return [e["userMessageGlobalisationCode"] for e in response.json()["errors"]]


def page_ids(response) -> list[int]:
    """The ids of a GET /clients page, in order (the answer must be a 200)."""
    assert response.status_code == 200, response.json()
    return [item["id"] for item in response.json()["pageItems"]]


def params_of(response) -> list[str]:
    return [e["parameterName"] for e in response.json()["errors"]]


@pytest.fixture
def code_value():
    """The id of the `index`-th value of the code list `code_name`."""

    def get(code_name: str, index: int = 0) -> int:
        return (
            CodeValue.objects.filter(code__name=code_name)
            .order_by("position", "id")
            .values_list("pk", flat=True)[index]
        )

    return get


@pytest.fixture
def branch_a(make_office):
    return make_office("Kisumu")


@pytest.fixture
def branch_b(make_office):
    return make_office("Mombasa")


@pytest.fixture
def branch_c(make_office):
    return make_office("Nakuru")


@pytest.fixture
def make_officer(make_staff):
    def make(office, **extra):
        extra.setdefault("is_loan_officer", True)
        return make_staff(office=office, firstname="Officer", **extra)

    return make


@pytest.fixture
def officer_a(make_officer, branch_a):
    return make_officer(branch_a, lastname="Otieno")


@pytest.fixture
def officer_a2(make_officer, branch_a):
    return make_officer(branch_a, lastname="Achieng")


@pytest.fixture
def officer_b(make_officer, branch_b):
    return make_officer(branch_b, lastname="Mwangi")


@pytest.fixture
def client_defaults(branch_a):
    """`make_client` (tests/conftest.py) puts clients in branch A, submitted on SUBMITTED."""
    return {"office": branch_a, "submitted_on": SUBMITTED}


@pytest.fixture
def client_in(make_client, officer_a, branch_b, code_value):
    """A client in `status` (with officer_a as loan officer unless closed), reached by the
    lifecycle's own paths: every status is reachable, none is set by hand."""

    def make(status: int, **fields) -> Client:
        fields.setdefault("staff_id", officer_a.pk)
        if status in (ClientStatus.PENDING, ClientStatus.REJECTED, ClientStatus.WITHDRAWN):
            client = make_client(**fields)
        else:
            client = make_client(active=True, activation_date=ACTIVATED, **fields)
        if status == ClientStatus.REJECTED:
            services.client_reject(
                actor=None,
                client=client,
                rejection_date=STEP,
                rejection_reason_id=code_value("ClientRejectReason"),
            )
        elif status == ClientStatus.WITHDRAWN:
            services.client_withdraw(
                actor=None,
                client=client,
                withdrawal_date=STEP,
                withdrawal_reason_id=code_value("ClientWithdrawReason"),
            )
        elif status == ClientStatus.CLOSED:
            services.client_close(
                actor=None,
                client=client,
                closure_date=STEP,
                closure_reason_id=code_value("ClientClosureReason"),
            )
        elif status in (ClientStatus.TRANSFER_IN_PROGRESS, ClientStatus.TRANSFER_ON_HOLD):
            services.client_propose_transfer(
                actor=None, client=client, destination=branch_b, transfer_date=STEP
            )
            if status == ClientStatus.TRANSFER_ON_HOLD:
                services.client_reject_transfer(actor=None, client=client)
        client.refresh_from_db()
        assert client.status == status
        return client

    return make


@pytest.fixture
def branch_user(make_user):
    """A user of `office` with every function (scope comes from the office alone)."""

    def make(office, codes=("ALL_FUNCTIONS",)):
        return make_user(codes, office=office)

    return make
