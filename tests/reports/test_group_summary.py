"""runreports/GroupSummaryCounts: a group's (or a center's groups') active members and their
active and overdue loans, as the web-app's group and center pages show them."""

import datetime
from decimal import Decimal

import pytest
from tests.reports.conftest import rows, run

from mteja.groups import services as group_services
from mteja.groups.services import records
from mteja.portfolio.models import Loan
from mteja.portfolio.selectors import with_positions
from mteja.portfolio.services import loans

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch(make_office):
    return make_office(name="Kisumu")


@pytest.fixture
def member(make_client, branch):
    return lambda: make_client(
        office=branch, active=True, activation_date=datetime.date(2024, 1, 2)
    )


@pytest.fixture
def borrowers(member, disbursed_loan):
    """Three members: one behind on a loan since February, one whose loan falls due only next
    month, one who repaid all that fell due; and a member without a loan."""
    late, fresh, paying, saver = member(), member(), member(), member()
    disbursed_loan(late, principal=Decimal("6000"), day=datetime.date(2024, 1, 20))
    disbursed_loan(fresh, principal=Decimal("3000"), day=datetime.date(2024, 6, 1))
    paid_up = disbursed_loan(paying, principal=Decimal("1200"), day=datetime.date(2024, 4, 20))
    loans.loan_repayment(
        actor=None, loan=paid_up, transaction_date=datetime.date(2024, 6, 10), amount=Decimal("400")
    )
    return late, fresh, paying, saver


def test_a_groups_members_and_their_loans(api, new_group, branch, borrowers):
    group = new_group("Umoja", branch, clients=list(borrowers))
    [summary] = rows(api, "GroupSummaryCounts", R_groupId=group.pk)
    assert summary == {
        "activeClients": 4,
        "activeClientLoans": 3,
        "activeClientBorrowers": 3,
        "overdueClientLoans": 1,
        "activeGroupLoans": 0,
        "activeGroupBorrowers": 0,
        "overdueGroupLoans": 0,
    }
    # The overdue count is the portfolio's own judgement of arrears, loan by loan.
    in_arrears = [loan for loan in with_positions(Loan.objects.all()) if loan.position.in_arrears]
    assert [loan.client_id for loan in in_arrears] == [borrowers[0].pk]


def test_a_center_counts_its_groups_together(api, new_group, branch, borrowers, member):
    center = records.center_create(
        actor=None, office=branch, name="Lakeside", active=True,
        activation_date=datetime.date(2024, 1, 5),
    )  # fmt: skip
    late, fresh, paying, saver = borrowers
    new_group("Umoja", branch, clients=[late, fresh], center=center)
    new_group("Tumaini", branch, clients=[paying], center=center)
    new_group("Elsewhere", branch, clients=[saver, member()])
    [summary] = rows(api, "GroupSummaryCounts", R_groupId=center.pk)
    assert summary["activeClients"] == 3
    assert summary["activeClientLoans"] == 3
    assert summary["overdueClientLoans"] == 1


def test_a_member_who_left_is_not_counted(api, new_group, branch, borrowers):
    late, fresh, paying, saver = borrowers
    group = new_group("Umoja", branch, clients=[late, saver])
    group_services.clients_disassociate(actor=None, group=group, clients=[late])
    [summary] = rows(api, "GroupSummaryCounts", R_groupId=group.pk)
    assert summary["activeClients"] == 1
    assert summary["activeClientLoans"] == summary["overdueClientLoans"] == 0


def test_a_group_of_another_office_does_not_exist(
    api_as, make_user, make_office, new_group, branch
):
    group = new_group("Umoja", branch)
    outsider = make_user(("ALL_FUNCTIONS",), office=make_office(name="Eldoret"))
    response = run(api_as(outsider), "GroupSummaryCounts", R_groupId=group.pk)
    assert response.status_code == 404
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.group.id.invalid"
    )
    insider = make_user(("READ_GroupSummaryCounts",), office=branch)
    assert run(api_as(insider), "GroupSummaryCounts", R_groupId=group.pk).status_code == 200
