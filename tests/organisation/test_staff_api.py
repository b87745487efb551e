import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mteja.core import clock, reference_cache, stamps
from mteja.core.models import AuditEvent
from mteja.organisation.models import Staff

pytestmark = pytest.mark.django_db
URL = "/fineract-provider/api/v1/staff"


def codes_of(response) -> set[str]:
    return {e["userMessageGlobalisationCode"] for e in response.json()["errors"]}


def test_create_staff_with_java_date_format_and_read_it_back(api, make_office):
    branch = make_office("Nakuru", opening_date=datetime.date(2016, 1, 1))
    response = api.post(
        URL,
        {
            "officeId": branch.pk,
            "firstname": " Grace ",
            "lastname": "Wanjiru",
            "isLoanOfficer": True,
            "isActive": True,
            "joiningDate": "01 March 2020",
            "dateFormat": "dd MMMM yyyy",
            "locale": "en",
            "mobileNo": "+254700000001",
            "externalId": "EMP-1",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    staff_id = response.json()["resourceId"]
    assert response.json()["officeId"] == branch.pk
    body = api.get(f"{URL}/{staff_id}").json()
    assert body == {
        "id": staff_id,
        "firstname": "Grace",
        "lastname": "Wanjiru",
        "displayName": "Wanjiru, Grace",
        "officeId": branch.pk,
        "officeName": "Nakuru",
        "isLoanOfficer": True,
        "isActive": True,
        "joiningDate": [2020, 3, 1],
        "mobileNo": "+254700000001",
        "externalId": "EMP-1",
    }
    event = AuditEvent.objects.get(entity_name="STAFF", action_name="CREATE")
    assert event.resource_id == staff_id
    assert event.office_id == branch.pk
    assert event.resource_external_id == "EMP-1"
    assert event.changes["firstname"] == [None, "Grace"]
    assert event.changes["joining_date"] == [None, "2020-03-01"]


def test_optional_fields_take_fineract_defaults(api):
    response = api.post(URL, {"officeId": 1, "firstname": "Ali", "lastname": "Hassan"}, "json")
    assert response.status_code == 200, response.json()
    staff = Staff.objects.get(pk=response.json()["resourceId"])
    assert (staff.is_active, staff.is_loan_officer) == (True, False)
    assert staff.joining_date is None
    assert staff.external_id is None
    body = api.get(f"{URL}/{staff.pk}").json()
    assert body["joiningDate"] is None
    assert body["externalId"] is None


def test_served_under_the_short_base_path_too(api, make_staff):
    staff = make_staff(lastname="Short")
    assert api.get(f"/api/v1/staff/{staff.pk}").json()["lastname"] == "Short"


def test_missing_fields_are_all_reported_at_once(api):
    response = api.post(URL, {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["userMessageGlobalisationCode"] == "validation.msg.validation.errors.exist"
    assert {e["parameterName"] for e in body["errors"]} == {"officeId", "firstname", "lastname"}
    assert "validation.msg.staff.firstname.cannot.be.blank" in codes_of(response)


def test_every_kind_of_bad_value_is_reported_in_one_answer(api):
    response = api.post(
        URL,
        {
            "officeId": 0,
            "firstname": "F" * 51,
            "lastname": "",
            "isActive": "maybe",
            "joiningDate": "2020-02-30",
            "mobileNo": "7" * 51,
            "externalId": "E" * 101,
        },
        format="json",
    )
    assert response.status_code == 400
    assert {e["parameterName"] for e in response.json()["errors"]} == {
        "officeId",
        "firstname",
        "lastname",
        "isActive",
        "joiningDate",
        "mobileNo",
        "externalId",
    }
    assert {
        "validation.msg.staff.firstname.exceeds.max.length",
        "validation.msg.staff.lastname.cannot.be.blank",
        "validation.msg.staff.mobileNo.exceeds.max.length",
        "validation.msg.staff.externalId.exceeds.max.length",
    } <= codes_of(response)
    assert not Staff.objects.exists()


def test_unknown_parameter_is_refused(api):
    response = api.post(
        URL, {"officeId": 1, "firstname": "A", "lastname": "B", "salary": 10}, format="json"
    )
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["userMessageGlobalisationCode"] == "error.msg.parameter.unsupported"
    assert error["parameterName"] == "salary"


def test_unknown_office_is_404_and_writes_nothing(api):
    response = api.post(URL, {"officeId": 999, "firstname": "A", "lastname": "B"}, "json")
    assert response.status_code == 404
    body = response.json()
    assert body["userMessageGlobalisationCode"] == "error.msg.resource.not.found"
    assert body["errors"][0]["userMessageGlobalisationCode"] == "error.msg.office.id.invalid"
    assert body["errors"][0]["parameterName"] == "officeId"
    assert not Staff.objects.exists()


def test_duplicate_external_id_is_403_on_create_and_update(api, make_staff):
    make_staff(external_id="EMP-7")
    other = make_staff(external_id="EMP-8")
    response = api.post(
        URL, {"officeId": 1, "firstname": "A", "lastname": "B", "externalId": "EMP-7"}, "json"
    )
    assert response.status_code == 403
    body = response.json()
    assert body["userMessageGlobalisationCode"] == "error.msg.staff.duplicate.externalId"
    assert body["errors"][0]["parameterName"] == "externalId"
    assert Staff.objects.count() == 2
    response = api.put(f"{URL}/{other.pk}", {"externalId": "EMP-7"}, format="json")
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.external_id == "EMP-8"


def test_blank_external_ids_never_collide(api, make_staff):
    make_staff(external_id="")
    response = api.post(
        URL, {"officeId": 1, "firstname": "A", "lastname": "B", "externalId": ""}, "json"
    )
    assert response.status_code == 200, response.json()
    assert list(Staff.objects.values_list("external_id", flat=True)) == [None, None]


def test_joining_date_in_the_future_is_refused(api):
    with clock.frozen_today(datetime.date(2024, 6, 1)):
        response = api.post(
            URL,
            {"officeId": 1, "firstname": "A", "lastname": "B", "joiningDate": "2024-06-02"},
            format="json",
        )
        assert response.status_code == 403
        assert codes_of(response) == {"error.msg.staff.joiningDate.in.the.future"}
        response = api.post(
            URL,
            {"officeId": 1, "firstname": "A", "lastname": "B", "joiningDate": "2024-06-01"},
            format="json",
        )
        assert response.status_code == 200, response.json()
    assert Staff.objects.count() == 1


def test_joining_date_before_the_office_opened_is_refused(api, make_office):
    branch = make_office(opening_date=datetime.date(2018, 5, 1))
    response = api.post(
        URL,
        {"officeId": branch.pk, "firstname": "A", "lastname": "B", "joiningDate": "2018-04-30"},
        format="json",
    )
    assert response.status_code == 403
    body = response.json()
    assert body["userMessageGlobalisationCode"] == "validation.msg.domain.rule.violation"
    assert codes_of(response) == {"error.msg.staff.joiningDate.before.office.openingDate"}
    assert body["errors"][0]["parameterName"] == "joiningDate"
    assert not Staff.objects.exists()


def test_moving_staff_to_an_office_opened_after_they_joined_is_refused(
    api, make_office, make_staff
):
    staff = make_staff(joining_date=datetime.date(2012, 1, 1))
    young = make_office(opening_date=datetime.date(2019, 1, 1))
    response = api.put(f"{URL}/{staff.pk}", {"officeId": young.pk}, format="json")
    assert response.status_code == 403
    assert codes_of(response) == {"error.msg.staff.joiningDate.before.office.openingDate"}
    staff.refresh_from_db()
    assert staff.office_id == 1


def test_list_is_a_bare_array_of_active_staff_by_display_name(api, make_staff):
    make_staff(firstname="Zed", lastname="Baraka")
    make_staff(firstname="Ann", lastname="Achieng")
    make_staff(firstname="Old", lastname="Aaron", is_active=False)
    body = api.get(URL).json()
    assert isinstance(body, list)
    assert [s["displayName"] for s in body] == ["Achieng, Ann", "Baraka, Zed"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [("active", ["Active"]), ("inactive", ["Gone"]), ("ALL", ["Active", "Gone"])],
)
def test_status_filter(api, make_staff, status, expected):
    make_staff(lastname="Active")
    make_staff(lastname="Gone", is_active=False)
    body = api.get(URL, {"status": status}).json()
    assert [s["lastname"] for s in body] == expected


def test_unknown_status_is_400(api):
    response = api.get(URL, {"status": "retired"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameterName"] == "status"


def test_office_and_loan_officer_filters(api, make_office, make_staff):
    branch = make_office()
    make_staff(lastname="HeadOfficer", is_loan_officer=True)
    make_staff(office=branch, lastname="BranchOfficer", is_loan_officer=True)
    make_staff(office=branch, lastname="BranchClerk")
    assert [s["lastname"] for s in api.get(URL, {"officeId": branch.pk}).json()] == [
        "BranchClerk",
        "BranchOfficer",
    ]
    officers = api.get(URL, {"loanOfficersOnly": "true"}).json()
    assert [s["lastname"] for s in officers] == ["BranchOfficer", "HeadOfficer"]
    both = api.get(URL, {"officeId": branch.pk, "loanOfficersOnly": "true"}).json()
    assert [s["lastname"] for s in both] == ["BranchOfficer"]
    assert api.get(URL, {"loanOfficersOnly": "perhaps"}).status_code == 400
    assert api.get(URL, {"officeId": "two"}).status_code == 400


def test_list_runs_a_fixed_number_of_queries(api, make_office, make_staff):
    make_staff()
    with CaptureQueriesContext(connection) as few:
        assert len(api.get(URL).json()) == 1
    for _ in range(3):
        office = make_office()
        make_staff(office=office)
        make_staff(office=office)
    # Measured as the first was, by a new worker: what it keeps of its user (codes,
    # two-factor) is loaded again, so only the rows differ.
    cache.clear()
    stamps.forget()
    reference_cache.forget()
    with CaptureQueriesContext(connection) as many:
        assert len(api.get(URL).json()) == 7
    assert len(many.captured_queries) == len(few.captured_queries)


def test_update_echoes_changes_recomputes_display_name_and_audits(api, make_staff):
    staff = make_staff(firstname="Ann", lastname="Old", mobile_no="1")
    response = api.put(
        f"{URL}/{staff.pk}",
        {
            "lastname": "New",
            "isLoanOfficer": "true",
            "mobileNo": "1",
            "joiningDate": "05/06/2020",
            "dateFormat": "dd/MM/yyyy",
            "locale": "en",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "resourceId": staff.pk,
        "officeId": 1,
        "changes": {
            "lastname": "New",
            "isLoanOfficer": "true",
            "joiningDate": "05/06/2020",
            "dateFormat": "dd/MM/yyyy",
            "locale": "en",
        },
    }
    body = api.get(f"{URL}/{staff.pk}").json()
    assert body["displayName"] == "New, Ann"
    assert body["joiningDate"] == [2020, 6, 5]
    event = AuditEvent.objects.get(entity_name="STAFF", action_name="UPDATE")
    assert event.changes == {
        "lastname": ["Old", "New"],
        "is_loan_officer": [False, True],
        "joining_date": [None, "2020-06-05"],
    }


def test_update_that_changes_nothing_records_nothing(api, make_staff):
    staff = make_staff(firstname="Same")
    response = api.put(f"{URL}/{staff.pk}", {"firstname": "Same"}, format="json")
    assert response.status_code == 200
    assert "changes" not in response.json()
    assert not AuditEvent.objects.filter(action_name="UPDATE").exists()


def test_moving_staff_is_audited_against_the_new_office(api, make_office, make_staff):
    staff = make_staff()
    branch = make_office()
    response = api.put(f"{URL}/{staff.pk}", {"officeId": branch.pk}, format="json")
    assert response.json()["changes"] == {"officeId": branch.pk}
    assert response.json()["officeId"] == branch.pk
    event = AuditEvent.objects.get(entity_name="STAFF", action_name="UPDATE")
    assert event.changes == {"office_id": [1, branch.pk]}
    assert event.office_id == branch.pk


def test_empty_update_and_unknown_staff(api, make_staff):
    staff = make_staff()
    response = api.put(f"{URL}/{staff.pk}", {}, format="json")
    assert response.status_code == 400
    assert codes_of(response) == {"validation.msg.staff.no.parameters.for.update"}
    for response in (api.get(f"{URL}/9999"), api.put(f"{URL}/9999", {"firstname": "X"}, "json")):
        assert response.status_code == 404
        assert codes_of(response) == {"error.msg.staff.id.invalid"}


def test_update_refuses_blank_names_and_null_office(api, make_staff):
    staff = make_staff(firstname="Keep", lastname="Me")
    response = api.put(
        f"{URL}/{staff.pk}", {"firstname": "  ", "lastname": None, "officeId": None}, "json"
    )
    assert response.status_code == 400
    assert {e["parameterName"] for e in response.json()["errors"]} == {
        "firstname",
        "lastname",
        "officeId",
    }
    staff.refresh_from_db()
    assert (staff.firstname, staff.lastname) == ("Keep", "Me")


def test_branch_user_works_only_within_its_subtree(api_as, make_user, make_office, make_staff):
    east = make_office("East")
    east_sub = make_office("East sub", parent=east)
    west = make_office("West")
    mine = make_staff(office=east, lastname="Mine")
    below = make_staff(office=east_sub, lastname="Below")
    theirs = make_staff(office=west, lastname="Theirs")
    user = make_user(("READ_STAFF", "CREATE_STAFF", "UPDATE_STAFF"), office=east)
    client = api_as(user)

    assert [s["id"] for s in client.get(URL).json()] == [below.pk, mine.pk]
    assert client.get(URL, {"officeId": west.pk}).json() == []
    assert client.get(f"{URL}/{theirs.pk}").status_code == 404
    assert client.get(f"{URL}/{below.pk}").status_code == 200

    response = client.put(f"{URL}/{theirs.pk}", {"firstname": "Hijack"}, format="json")
    assert response.status_code == 404

    response = client.post(URL, {"officeId": west.pk, "firstname": "A", "lastname": "B"}, "json")
    assert response.status_code == 404  # as a read of the office answers
    response = client.put(f"{URL}/{mine.pk}", {"officeId": west.pk}, format="json")
    assert response.status_code == 404
    response = client.put(f"{URL}/{mine.pk}", {"officeId": east_sub.pk}, format="json")
    assert response.status_code == 200, response.json()

    theirs.refresh_from_db()
    assert theirs.firstname == "Amina"
    assert not Staff.objects.filter(firstname="A").exists()
    assert Staff.objects.get(pk=mine.pk).office_id == east_sub.pk


def test_permissions_are_checked_per_action(api_as, make_user, make_staff):
    staff = make_staff()
    reader = api_as(make_user(("READ_STAFF",)))
    assert reader.get(URL).status_code == 200
    response = reader.post(URL, {"officeId": 1, "firstname": "A", "lastname": "B"}, "json")
    assert response.status_code == 403
    assert reader.put(f"{URL}/{staff.pk}", {"firstname": "X"}, "json").status_code == 403
    outsider = api_as(make_user(("READ_OFFICE",)))
    assert outsider.get(URL).status_code == 403
    assert outsider.get(f"{URL}/{staff.pk}").status_code == 403
    read_all = api_as(make_user(("ALL_FUNCTIONS_READ",)))
    assert read_all.get(f"{URL}/{staff.pk}").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        [],
        "text",
        {"officeId": "x", "firstname": 5, "lastname": ["B"]},
        {"officeId": 10**20, "firstname": "A", "lastname": "B"},
        {"officeId": 1, "firstname": "A", "lastname": "B", "isLoanOfficer": {"a": 1}},
        {
            "officeId": 1,
            "firstname": "A",
            "lastname": "B",
            "joiningDate": "01 Foo 2020",
            "dateFormat": "dd MMMM yyyy",
            "locale": "xx_YY_ZZ",
        },
    ],
)
def test_malformed_input_is_400_not_500(api, body):
    response = api.post(URL, body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["httpStatusCode"] == "400"
    assert not Staff.objects.exists()
