"""The account pages' "Assign Staff" (savings) and "Assign/Change Loan Officer" (loans) as the
Mifos X web-app requests them: the template it reads the officers from, then the command with
its body exactly as the screen sends it."""

import datetime

import pytest

from mteja.core.models import AuditEvent
from mteja.portfolio.models import SavingsAccount

from .conftest import BASE, codes_of

pytestmark = pytest.mark.django_db
WEBAPP = {"dateFormat": "dd MMMM yyyy", "locale": "en"}


@pytest.fixture
def branch(make_office):
    return make_office(name="Kisumu")


@pytest.fixture
def client_of_branch(make_client, branch):
    return make_client(office=branch, active=True, activation_date=datetime.date(2024, 1, 2))


@pytest.fixture
def officers(make_staff, branch, head_office, make_office):
    return {
        "branch": make_staff(office=branch, firstname="Otieno", is_loan_officer=True),
        "head": make_staff(office=head_office, firstname="Amina", is_loan_officer=True),
        "clerk": make_staff(office=branch, firstname="Clerk"),  # not a loan officer
        "elsewhere": make_staff(
            office=make_office(name="Nakuru"), firstname="Njeri", is_loan_officer=True
        ),
    }


def _ids(options):
    return [o["id"] for o in options]


def test_savings_assign_staff_screen(api, client_of_branch, open_savings, officers):
    account = open_savings(client_of_branch)
    url = f"{BASE}/savingsaccounts/{account.pk}"
    # The action's resolver: ?template=true&associations=charges; the screen reads
    # fieldOfficerOptions (officers of the client's office and those above it).
    template = api.get(f"{url}?template=true&associations=charges").json()
    assert sorted(_ids(template["fieldOfficerOptions"])) == sorted(
        [officers["branch"].pk, officers["head"].pk]
    )
    assert template["fieldOfficerOptions"][0].keys() >= {"id", "displayName"}
    assert "fieldOfficerOptions" not in api.get(url).json()
    own = api.get(f"{url}?template=true&staffInSelectedOfficeOnly=true").json()
    assert _ids(own["fieldOfficerOptions"]) == [officers["branch"].pk]

    body = {"toSavingsOfficerId": officers["branch"].pk, "assignmentDate": "01 March 2024",
            "fromSavingsOfficerId": "", **WEBAPP}  # fmt: skip
    assigned = api.post(f"{url}?command=assignSavingsOfficer", body, "json")
    assert assigned.status_code == 200, assigned.json()
    assert assigned.json()["savingsId"] == account.pk
    assert assigned.json()["changes"]["fieldOfficerId"] == officers["branch"].pk
    shown = api.get(f"{url}?associations=all").json()
    assert shown["fieldOfficerId"] == officers["branch"].pk
    event = AuditEvent.objects.filter(action_name="UPDATESAVINGSOFFICER").get()
    assert event.changes["assignmentDate"] == [None, "2024-03-01"]

    # Unassign Staff: only the date.
    removed = api.post(f"{url}?command=unassignSavingsOfficer",
                       {"unassignedDate": "02 March 2024", **WEBAPP}, "json")  # fmt: skip
    assert removed.status_code == 200, removed.json()
    account.refresh_from_db()
    assert account.field_officer_id is None
    again = api.post(f"{url}?command=unassignSavingsOfficer",
                     {"unassignedDate": "02 March 2024", **WEBAPP}, "json")  # fmt: skip
    assert again.status_code == 403
    assert codes_of(again) == ["error.msg.savings.account.not.assigned.to.savings.officer"]


def test_an_officer_outside_the_clients_offices_or_a_wrong_date_is_refused(
    api, client_of_branch, open_savings, officers
):
    account = open_savings(client_of_branch)
    url = f"{BASE}/savingsaccounts/{account.pk}?command=assignSavingsOfficer"
    body = {"toSavingsOfficerId": officers["elsewhere"].pk, "assignmentDate": "01 March 2024",
            **WEBAPP}  # fmt: skip
    elsewhere = api.post(url, body, "json")
    assert elsewhere.status_code == 404
    assert codes_of(elsewhere) == ["error.msg.staff.id.invalid"]
    blank = api.post(url, {**body, "toSavingsOfficerId": ""}, "json")
    assert blank.status_code == 400
    assert codes_of(blank) == ["validation.msg.savingsaccount.toSavingsOfficerId.cannot.be.blank"]
    ok = {**body, "toSavingsOfficerId": officers["head"].pk}
    early = api.post(url, {**ok, "assignmentDate": "01 January 2024"}, "json")
    assert early.status_code == 403
    assert codes_of(early) == [
        "error.msg.savingsaccount.assignmentDate.cannot.be.before.submitted.date"
    ]
    future = api.post(url, {**ok, "assignmentDate": "01 January 2030"}, "json")
    assert future.status_code == 400
    # The officer the screen believes it replaces must be the account's.
    wrong = api.post(url, {**ok, "fromSavingsOfficerId": officers["branch"].pk}, "json")
    assert wrong.status_code == 403
    assert codes_of(wrong) == ["error.msg.savings.account.not.assigned.to.savings.officer"]
    assert SavingsAccount.objects.get(pk=account.pk).field_officer_id is None
    assert not AuditEvent.objects.filter(action_name="UPDATESAVINGSOFFICER").exists()


def test_loan_officer_screens(api, client_of_branch, disbursed_loan, officers):
    loan = disbursed_loan(client_of_branch)
    url = f"{BASE}/loans/{loan.pk}"
    # The resolver of "Assign Loan Officer" and "Change Loan Officer".
    template = api.get(
        f"{url}?fields=id,loanOfficerId,loanOfficerOptions&staffInSelectedOfficeOnly=true"
        "&template=true"
    ).json()
    assert set(template) == {"id", "loanOfficerId", "loanOfficerOptions"}
    assert _ids(template["loanOfficerOptions"]) == [officers["branch"].pk]
    assert template["loanOfficerId"] is None

    body = {"toLoanOfficerId": officers["branch"].pk, "assignmentDate": "01 March 2024",
            "fromLoanOfficerId": "", **WEBAPP}  # fmt: skip
    assigned = api.post(f"{url}?command=assignLoanOfficer", body, "json")
    assert assigned.status_code == 200, assigned.json()
    assert assigned.json()["changes"]["loanOfficerId"] == officers["branch"].pk
    # Change Loan Officer: the screen sends the current officer as fromLoanOfficerId.
    changed = api.post(
        f"{url}?command=assignLoanOfficer",
        {**body, "toLoanOfficerId": officers["head"].pk,
         "fromLoanOfficerId": officers["branch"].pk},
        "json",
    )  # fmt: skip
    assert changed.status_code == 200, changed.json()
    assert api.get(url).json()["loanOfficerId"] == officers["head"].pk
    stale = api.post(
        f"{url}?command=assignLoanOfficer",
        {**body, "fromLoanOfficerId": officers["branch"].pk},
        "json",
    )
    assert stale.status_code == 403
    assert codes_of(stale) == ["error.msg.loan.not.assigned.to.loan.officer"]
    removed = api.post(f"{url}?command=removeLoanOfficer",
                       {"unassignedDate": "05 March 2024", **WEBAPP}, "json")  # fmt: skip
    assert removed.status_code == 200, removed.json()
    assert api.get(url).json()["loanOfficerId"] is None
    actions = list(
        AuditEvent.objects.filter(entity_name="LOAN", resource_id=loan.pk)
        .order_by("id")
        .values_list("action_name", flat=True)
    )
    assert actions[-3:] == ["UPDATELOANOFFICER", "UPDATELOANOFFICER", "REMOVELOANOFFICER"]


def test_officer_commands_need_their_permissions_and_the_office(
    api_as, make_user, client_of_branch, open_savings, disbursed_loan, officers, make_office
):
    account = open_savings(client_of_branch)
    loan = disbursed_loan(client_of_branch)
    savings_body = {"toSavingsOfficerId": officers["head"].pk, "assignmentDate": "2024-03-01"}
    loan_body = {"toLoanOfficerId": officers["head"].pk, "assignmentDate": "2024-03-01"}
    savings_url = f"{BASE}/savingsaccounts/{account.pk}?command=assignSavingsOfficer"
    loan_url = f"{BASE}/loans/{loan.pk}?command=assignLoanOfficer"
    reader = api_as(make_user(codes=("READ_SAVINGSACCOUNT", "READ_LOAN")))
    assert reader.post(savings_url, savings_body, "json").status_code == 403
    assert reader.post(loan_url, loan_body, "json").status_code == 403
    allowed = api_as(
        make_user(codes=("UPDATESAVINGSOFFICER_SAVINGSACCOUNT", "UPDATELOANOFFICER_LOAN"))
    )
    assert allowed.post(savings_url, savings_body, "json").status_code == 200
    assert allowed.post(loan_url, loan_body, "json").status_code == 200
    # Another branch's user: the accounts do not exist for them.
    other = make_office(name="Mombasa")
    outsider = api_as(make_user(codes=("ALL_FUNCTIONS",), office=other))
    assert outsider.post(savings_url, savings_body, "json").status_code == 404
    assert outsider.get(f"{BASE}/loans/{loan.pk}?template=true").status_code == 404


def test_a_closed_account_keeps_its_officer(api, client_of_branch, open_savings, officers):
    account = open_savings(client_of_branch, deposit=0)
    url = f"{BASE}/savingsaccounts/{account.pk}"
    closed = api.post(f"{url}?command=close", {"closedOnDate": "2024-03-01"}, "json")
    assert closed.status_code == 200, closed.json()
    body = {"toSavingsOfficerId": officers["head"].pk, "assignmentDate": "2024-03-02"}
    refused = api.post(f"{url}?command=assignSavingsOfficer", body, "json")
    assert refused.status_code == 403
    assert codes_of(refused) == ["error.msg.savingsaccount.assignsavingsofficer.account.is.closed"]
