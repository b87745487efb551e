"""Date rules of creation and of every dated step, and the institution's age limits; "today" is
frozen at TODAY by the autouse fixture."""

import datetime

import pytest

from mteja.clients import services
from mteja.clients.models import Client, ClientPolicy, ClientStatus
from mteja.core.errors import DomainError, ValidationFailed

from .conftest import ACTIVATED, BASE, STEP, SUBMITTED, TODAY, codes_of, iso

pytestmark = pytest.mark.django_db

TOMORROW = TODAY + datetime.timedelta(days=1)


def ok(response):
    assert response.status_code == 200, response.json()
    return response


def post_command(api, client, name, body):
    return api.post(f"{BASE}/clients/{client.pk}?command={name}", body, "json")


# --- dated steps: never in the future, never before the step they follow --------------------

DATED = [
    # command, status it runs from, date param, extra body, code when before its floor
    (
        "close",
        ClientStatus.ACTIVE,
        "closureDate",
        {"closureReasonId": "ClientClosureReason"},
        "error.msg.client.close.date.cannot.before.client.actvation.date",
    ),
    (
        "reject",
        ClientStatus.PENDING,
        "rejectionDate",
        {"rejectionReasonId": "ClientRejectReason"},
        "error.msg.client.rejection.date.cannot.before.client.submitted.date",
    ),
    (
        "withdraw",
        ClientStatus.PENDING,
        "withdrawalDate",
        {"withdrawalReasonId": "ClientWithdrawReason"},
        "error.msg.client.withdrawal.date.cannot.before.client.submitted.date",
    ),
    (
        "reactivate",
        ClientStatus.CLOSED,
        "reactivationDate",
        {},
        "error.msg.client.reactivation.date.cannot.before.client.closed.date",
    ),
    (
        "undoRejection",
        ClientStatus.REJECTED,
        "reopenedDate",
        {},
        "error.msg.client.reopened.date.cannot.before.client.rejected.date",
    ),
    (
        "undoWithdrawal",
        ClientStatus.WITHDRAWN,
        "reopenedDate",
        {},
        "error.msg.client.reopened.date.cannot.before.client.withdrawal.date",
    ),
]
# The date each step follows, for a client built by client_in.
FLOORS = {
    ClientStatus.ACTIVE: ACTIVATED,
    ClientStatus.PENDING: SUBMITTED,
    ClientStatus.CLOSED: STEP,
    ClientStatus.REJECTED: STEP,
    ClientStatus.WITHDRAWN: STEP,
}


def _body(code_value, param, day, extra):
    body = {param: iso(day)}
    body.update({key: code_value(code) for key, code in extra.items()})
    return body


@pytest.mark.parametrize(("name", "status", "param", "extra", "_code"), DATED)
def test_a_dated_step_cannot_be_in_the_future(
    api, client_in, code_value, name, status, param, extra, _code
):
    client = client_in(status)
    response = post_command(api, client, name, _body(code_value, param, TOMORROW, extra))
    assert response.status_code == 400, response.json()
    assert codes_of(response) == [f"validation.msg.client.{param}.is.greater.than.date"]
    assert Client.objects.get(pk=client.pk).status == status


@pytest.mark.parametrize(("name", "status", "param", "extra", "code"), DATED)
def test_a_dated_step_cannot_precede_the_step_it_follows(
    api, client_in, code_value, name, status, param, extra, code
):
    client = client_in(status)
    floor = FLOORS[status]
    response = post_command(
        api, client, name, _body(code_value, param, floor - datetime.timedelta(days=1), extra)
    )
    assert response.status_code == 403, response.json()
    assert codes_of(response) == [code]
    assert response.json()["errors"][0]["parameterName"] == param
    assert Client.objects.get(pk=client.pk).status == status

    # On the very day of the step it follows, it is allowed.
    response = post_command(api, client, name, _body(code_value, param, floor, extra))
    assert response.status_code == 200, response.json()


@pytest.mark.parametrize(("name", "status", "param", "extra", "_code"), DATED)
def test_a_dated_step_needs_its_date_and_reason(api, client_in, name, status, param, extra, _code):
    client = client_in(status)
    response = post_command(api, client, name, {})
    assert response.status_code == 400
    expected = {f"validation.msg.client.{param}.cannot.be.blank"}
    expected |= {f"validation.msg.client.{reason}.cannot.be.blank" for reason in extra}
    assert set(codes_of(response)) == expected


@pytest.mark.parametrize(
    ("name", "status", "_param", "extra", "_code"), [step for step in DATED if step[3]]
)
def test_a_reason_must_come_from_its_own_list(
    api, client_in, code_value, name, status, _param, extra, _code
):
    client = client_in(status)
    (reason_param,) = extra
    body = {_param: iso(TODAY), reason_param: code_value("Gender")}
    response = post_command(api, client, name, body)
    assert response.status_code == 404
    assert codes_of(response) == ["error.msg.codevalue.codename.id.combination.invalid"]
    assert response.json()["errors"][0]["parameterName"] == reason_param


def test_dates_may_use_a_java_date_format(api, client_in, code_value):
    client = client_in(ClientStatus.ACTIVE)
    response = post_command(
        api,
        client,
        "close",
        {
            "closureDate": "14 June 2024",
            "dateFormat": "dd MMMM yyyy",
            "locale": "en",
            "closureReasonId": code_value("ClientClosureReason"),
        },
    )
    assert response.status_code == 200, response.json()
    assert Client.objects.get(pk=client.pk).closed_on == TODAY


def test_a_malformed_date_is_a_400(api, client_in):
    client = client_in(ClientStatus.PENDING)
    response = post_command(api, client, "activate", {"activationDate": "14/06/2024"})
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.client.activationDate.invalid.date.format"]


# --- activation -----------------------------------------------------------------------------


def test_activation_cannot_be_in_the_future_nor_before_submission(api, client_in):
    client = client_in(ClientStatus.PENDING)
    response = post_command(api, client, "activate", {"activationDate": iso(TOMORROW)})
    assert response.status_code == 400
    assert codes_of(response) == ["error.msg.clients.activationDate.in.the.future"]
    before = SUBMITTED - datetime.timedelta(days=1)
    response = post_command(api, client, "activate", {"activationDate": iso(before)})
    assert response.status_code == 400
    assert codes_of(response) == ["error.msg.clients.submittedOnDate.after.activation.date"]
    response = post_command(api, client, "activate", {"activationDate": iso(SUBMITTED)})
    assert response.status_code == 200, response.json()


def test_activation_cannot_precede_the_office_opening(api, make_office, make_client):
    office = make_office("New branch", opening_date=datetime.date(2024, 2, 1))
    client = make_client(office=office, submitted_on=datetime.date(2024, 1, 20))
    response = post_command(api, client, "activate", {"activationDate": "2024-01-25"})
    assert response.status_code == 400
    assert codes_of(response) == [
        "error.msg.clients.activationDate.cannot.be.before.office.activation.date"
    ]
    ok(post_command(api, client, "activate", {"activationDate": "2024-02-01"}))


@pytest.mark.parametrize("status", [ClientStatus.REJECTED, ClientStatus.WITHDRAWN])
def test_activation_cannot_precede_the_reopened_date(api, client_in, status):
    client = client_in(status)
    undo = "undoRejection" if status == ClientStatus.REJECTED else "undoWithdrawal"
    ok(post_command(api, client, undo, {"reopenedDate": "2024-04-01"}))
    response = post_command(api, client, "activate", {"activationDate": "2024-03-20"})
    assert response.status_code == 400
    assert codes_of(response) == ["error.msg.clients.submittedOnDate.after.reopened.date"]
    ok(post_command(api, client, "activate", {"activationDate": "2024-04-01"}))


def test_reactivated_client_is_activated_again_not_before_the_reactivation(api, client_in):
    client = client_in(ClientStatus.CLOSED)
    ok(post_command(api, client, "reactivate", {"reactivationDate": "2024-04-01"}))
    body = api.get(f"{BASE}/clients/{client.pk}").json()
    assert body["status"]["code"] == "clientStatusType.pending"
    assert body["timeline"]["reactivatedOnDate"] == [2024, 4, 1]
    assert body["timeline"]["closedOnDate"] is None
    response = post_command(api, client, "activate", {"activationDate": "2024-03-31"})
    assert codes_of(response) == ["error.msg.clients.submittedOnDate.after.reopened.date"]
    ok(post_command(api, client, "activate", {"activationDate": "2024-04-02"}))


def test_rejection_after_a_reopening_is_not_before_it(api, client_in, code_value):
    client = client_in(ClientStatus.REJECTED)
    ok(post_command(api, client, "undoRejection", {"reopenedDate": "2024-04-01"}))
    response = post_command(
        api,
        client,
        "reject",
        {"rejectionDate": "2024-03-31", "rejectionReasonId": code_value("ClientRejectReason")},
    )
    assert response.status_code == 403
    assert codes_of(response) == [
        "error.msg.client.rejection.date.cannot.before.client.submitted.date"
    ]


# --- creation -------------------------------------------------------------------------------


def create(api, **body):
    payload = {"officeId": 1, "legalFormId": 1, "firstname": "Asha", "lastname": "Njeri"}
    payload.update(body)
    return api.post(f"{BASE}/clients", payload, "json")


def test_create_active_activates_at_once(api):
    response = create(api, active=True, activationDate="2024-05-01")
    assert response.status_code == 200, response.json()
    client = Client.objects.get(pk=response.json()["clientId"])
    assert client.status == ClientStatus.ACTIVE
    assert client.activation_date == client.office_joining_date == datetime.date(2024, 5, 1)
    # Fineract's default: submitted on the activation date when that is earlier than today.
    assert client.submitted_on == datetime.date(2024, 5, 1)


def test_create_pending_is_submitted_today(api):
    response = create(api)
    client = Client.objects.get(pk=response.json()["clientId"])
    assert (client.status, client.submitted_on, client.activation_date) == (100, TODAY, None)


def test_create_active_needs_an_activation_date(api):
    response = create(api, active=True)
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.client.activationDate.cannot.be.blank"]


def test_create_refuses_future_submission_and_birth_after_submission(api):
    response = create(api, submittedOnDate=iso(TOMORROW), dateOfBirth=iso(TOMORROW))
    assert response.status_code == 400
    assert set(codes_of(response)) == {
        "error.msg.clients.submittedOnDate.in.the.future",
        "validation.msg.client.dateOfBirth.is.greater.than.date",
    }


def test_create_reads_a_two_digit_birth_year_in_the_last_80_years(api):
    response = create(api, dateOfBirth="17/05/90", dateFormat="dd/MM/yy", locale="en")
    assert response.status_code == 200, response.json()
    client = Client.objects.get(pk=response.json()["clientId"])
    assert client.date_of_birth == datetime.date(1990, 5, 17)  # not 2090: TODAY is in 2024


def test_create_refuses_a_weekday_the_date_does_not_fall_on(api):
    response = create(api, dateOfBirth="Fri 17 May 1990", dateFormat="EEE d MMM yyyy", locale="en")
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.client.dateOfBirth.invalid.date.format"]
    assert "that date is a Thursday" in response.json()["errors"][0]["defaultUserMessage"]


def test_create_refuses_submission_after_activation(api):
    response = create(api, active=True, activationDate="2024-05-01", submittedOnDate="2024-05-02")
    assert response.status_code == 400
    assert "error.msg.clients.submittedOnDate.after.activation.date" in codes_of(response)
    assert not Client.objects.exists()


def test_create_active_before_office_opening_is_refused(api, make_office):
    office = make_office("Late branch", opening_date=datetime.date(2024, 3, 1))
    response = create(api, officeId=office.pk, active=True, activationDate="2024-02-01")
    assert response.status_code == 400
    assert codes_of(response) == [
        "error.msg.clients.activationDate.cannot.be.before.office.activation.date"
    ]


# --- age ------------------------------------------------------------------------------------


def test_age_limits_default_to_18_and_100_at_creation(api):
    eighteen_today = datetime.date(2006, 6, 14)
    assert create(api, dateOfBirth=iso(eighteen_today)).status_code == 200
    response = create(api, dateOfBirth="2006-06-15")
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.client.dateOfBirth.age.below.minimum"]
    assert response.json()["errors"][0]["args"] == [{"value": 18}]
    assert create(api, dateOfBirth="1924-06-14").status_code == 200  # 100 today
    response = create(api, dateOfBirth="1923-06-13")  # 101 today
    assert codes_of(response) == ["validation.msg.client.dateOfBirth.age.above.maximum"]


def test_age_limits_are_configurable(api):
    policy = ClientPolicy.current()
    policy.minimum_age, policy.maximum_age = 21, 65
    policy.save()
    response = create(api, dateOfBirth="2004-01-01")  # 20
    assert codes_of(response) == ["validation.msg.client.dateOfBirth.age.below.minimum"]
    response = create(api, dateOfBirth="1950-01-01")  # 74
    assert codes_of(response) == ["validation.msg.client.dateOfBirth.age.above.maximum"]
    assert create(api, dateOfBirth="1980-01-01").status_code == 200


def test_age_is_checked_on_update(api, make_client):
    client = make_client()
    response = api.put(f"{BASE}/clients/{client.pk}", {"dateOfBirth": "2010-01-01"}, "json")
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.client.dateOfBirth.age.below.minimum"]
    assert Client.objects.get(pk=client.pk).date_of_birth is None


def test_age_is_checked_at_activation(api, make_client):
    # 100 when submitted, 101 on the day of activation.
    client = make_client(date_of_birth=datetime.date(1923, 3, 1))
    response = post_command(api, client, "activate", {"activationDate": "2024-03-01"})
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.client.dateOfBirth.age.above.maximum"]
    ok(post_command(api, client, "activate", {"activationDate": "2024-02-29"}))


def test_no_age_rule_without_a_date_of_birth_or_for_an_entity(api):
    assert create(api).status_code == 200
    response = create(
        api,
        legalFormId=2,
        firstname=None,
        lastname=None,
        fullname="Tumaini Traders",
        dateOfBirth="2020-01-01",
    )
    assert response.status_code == 200, response.json()


# --- services refuse the same as the API ----------------------------------------------------


def test_services_raise_the_same_errors(client_in, code_value):
    client = client_in(ClientStatus.ACTIVE)
    with pytest.raises(ValidationFailed) as excinfo:
        services.client_close(
            actor=None,
            client=client,
            closure_date=TOMORROW,
            closure_reason_id=code_value("ClientClosureReason"),
        )
    assert excinfo.value.first.param == "closureDate"
    with pytest.raises(DomainError) as excinfo:
        services.client_close(
            actor=None,
            client=client,
            closure_date=ACTIVATED - datetime.timedelta(days=1),
            closure_reason_id=code_value("ClientClosureReason"),
        )
    assert excinfo.value.status == 403


def test_transfer_date_cannot_be_in_the_future_nor_before_activation(api, client_in, branch_b):
    client = client_in(ClientStatus.ACTIVE)
    for day in (TOMORROW, ACTIVATED - datetime.timedelta(days=1)):
        response = post_command(
            api,
            client,
            "proposeTransfer",
            {"destinationOfficeId": branch_b.pk, "transferDate": iso(day)},
        )
        assert response.status_code == 400, day
        assert params_of_first(response) == "transferDate"


def params_of_first(response):
    return response.json()["errors"][0]["parameterName"]


def test_an_iso_date_of_no_real_day_is_refused_as_such_not_as_another_format(api):
    """29 February of a year not leap, written yyyy-MM-dd as the API asks: the refusal said
    it was no ISO date and to send a dateFormat, which would not have helped."""
    response = create(api, dateOfBirth="1990-02-29")
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.client.dateOfBirth.invalid.date.format"]
    message = response.json()["errors"][0]["defaultUserMessage"]
    assert message == "“1990-02-29” is not a real date."


@pytest.mark.parametrize("written", ["19900105", "1990-W01-1", "١٩٩٠-٠١-٠٥"])
def test_a_date_without_a_date_format_is_yyyy_mm_dd_alone(api, written):
    """ISO's other forms (no dashes, a week date) were read as dates, the refusal naming
    yyyy-MM-dd alone: an eight-digit number landed in a date column became a birth date."""
    response = create(api, dateOfBirth=written)
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.client.dateOfBirth.invalid.date.format"]
    assert not Client.objects.exists()
