"""The Mifos X web-app's client forms against the API, with the bodies its screens send: the
reasons of close/reject/withdraw, the client's own template (Assign Staff, Edit), the edit
form sending back status, activation date and officer, an entity created with blank details,
and family members given with a new client."""

import pytest

from mteja.clients.models import Client, ClientFamilyMember, ClientStatus, StaffAssignment
from mteja.core.models import AuditEvent
from mteja.organisation.models import CodeValue

from .conftest import ACTIVATED, BASE, SUBMITTED, TODAY, codes_of, params_of

pytestmark = pytest.mark.django_db
URL = f"{BASE}/clients"
WEBAPP_FORMAT = {"dateFormat": "dd MMMM yyyy", "locale": "en"}


def long_date(day) -> str:
    return day.strftime("%d %B %Y")


# --- GET /clients/template?commandParam=… ---------------------------------------------------


@pytest.mark.parametrize(
    ("command", "code"),
    [
        ("close", "ClientClosureReason"),
        ("reject", "ClientRejectReason"),
        ("withdraw", "ClientWithdrawReason"),
        ("acceptTransfer", "ClientClosureReason"),
        ("CLOSE", "ClientClosureReason"),
    ],
)
def test_command_template_answers_the_reasons_as_narrations(api, command, code):
    retired = CodeValue.objects.filter(code__name=code).order_by("position", "id").last()
    retired.is_active = False
    retired.save()

    response = api.get(f"{URL}/template", {"commandParam": command})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"narrations"}
    active = CodeValue.objects.filter(code__name=code, is_active=True).order_by("position", "id")
    assert [item["id"] for item in body["narrations"]] == [value.pk for value in active]
    assert retired.pk not in [item["id"] for item in body["narrations"]]
    assert set(body["narrations"][0]) == {"id", "name", "active", "mandatory"}


def test_other_command_params_answer_the_client_template(api):
    body = api.get(f"{URL}/template", {"commandParam": "activate"}).json()
    assert "narrations" not in body
    assert body["genderOptions"] and body["officeOptions"]


# --- GET /clients/{id}?template=true --------------------------------------------------------


def test_client_with_template_carries_the_edit_forms_options(
    api, make_client, officer_a, officer_a2, officer_b, make_officer, head_office, code_value
):
    head_officer = make_officer(head_office, lastname="Kamau")
    make_officer(officer_a.office, lastname="Retired", is_active=False)
    client = make_client(staff_id=officer_a.pk, gender_id=code_value("Gender"))

    response = api.get(
        f"{URL}/{client.pk}", {"template": "true", "staffInSelectedOfficeOnly": "true"}
    )

    assert response.status_code == 200
    body = response.json()
    # The client itself, as without the template.
    assert (body["id"], body["officeId"], body["staffId"]) == (
        client.pk,
        client.office_id,
        officer_a.pk,
    )
    assert body["gender"]["id"] == code_value("Gender")
    # Assign Staff: the active loan officers of the client's office only.
    assert {o["id"] for o in body["staffOptions"]} == {officer_a.pk, officer_a2.pk}
    assert all(o["officeId"] == client.office_id for o in body["staffOptions"])
    # The selects of the edit form.
    for key, code in (
        ("genderOptions", "Gender"),
        ("clientTypeOptions", "ClientType"),
        ("clientClassificationOptions", "ClientClassification"),
        ("clientNonPersonConstitutionOptions", "Constitution"),
        ("clientNonPersonMainBusinessLineOptions", "Main Business Line"),
    ):
        assert [o["id"] for o in body[key]] == list(
            CodeValue.objects.filter(code__name=code, is_active=True)
            .order_by("position", "id")
            .values_list("pk", flat=True)
        ), key
    assert [o["id"] for o in body["clientLegalFormOptions"]] == [1, 2]
    assert client.office_id in [o["id"] for o in body["officeOptions"]]

    wider = api.get(f"{URL}/{client.pk}", {"template": "true"}).json()
    assert {o["id"] for o in wider["staffOptions"]} == {
        officer_a.pk,
        officer_a2.pk,
        head_officer.pk,
    }
    assert officer_b.pk not in {o["id"] for o in wider["staffOptions"]}


def test_client_without_template_has_no_options(api, make_client):
    client = make_client()
    body = api.get(f"{URL}/{client.pk}").json()
    assert "staffOptions" not in body and "genderOptions" not in body


def test_template_flag_must_be_a_boolean(api, make_client):
    client = make_client()
    response = api.get(f"{URL}/{client.pk}", {"template": "maybe"})
    assert response.status_code == 400
    assert params_of(response) == ["template"]


def test_assign_staff_with_an_officer_from_the_template(api, make_client, officer_a):
    client = make_client()
    options = api.get(
        f"{URL}/{client.pk}", {"template": "true", "staffInSelectedOfficeOnly": "true"}
    ).json()["staffOptions"]
    response = api.post(
        f"{URL}/{client.pk}?command=assignStaff", {"staffId": options[0]["id"]}, "json"
    )
    assert response.status_code == 200, response.json()
    assert Client.objects.get(pk=client.pk).staff_id == officer_a.pk


# --- PUT /clients/{id} as the edit form sends it --------------------------------------------


def edit_body(client: Client, **changes) -> dict:
    """What the web-app's edit form sends: every value it shows, status and officer too."""
    body = {
        "staffId": client.staff_id if client.staff_id else "",
        "legalFormId": client.legal_form,
        "isStaff": client.is_staff,
        "active": client.status == ClientStatus.ACTIVE,
        "accountNo": client.account_no,
        "externalId": client.external_id,
        "genderId": None,
        "mobileNo": client.mobile_no,
        "emailAddress": client.email_address,
        "dateOfBirth": None,
        "clientTypeId": None,
        "clientClassificationId": None,
        "submittedOnDate": long_date(client.submitted_on),
        "activationDate": long_date(client.activation_date) if client.activation_date else None,
        "firstname": client.firstname,
        "middlename": client.middlename,
        "lastname": client.lastname,
        "clientNonPersonDetails": {},
        **WEBAPP_FORMAT,
    }
    body.update(changes)
    return body


def test_edit_of_an_active_client_with_an_officer_saves(api, client_in):
    client = client_in(ClientStatus.ACTIVE)
    response = api.put(f"{URL}/{client.pk}", edit_body(client, mobileNo="0712345678"), "json")
    assert response.status_code == 200, response.json()
    assert response.json()["changes"] == {"mobileNo": "0712345678"}
    client.refresh_from_db()
    assert (client.mobile_no, client.status, client.activation_date) == (
        "0712345678",
        ClientStatus.ACTIVE,
        ACTIVATED,
    )


def test_edit_of_a_pending_client_without_officer_saves(api, make_client):
    client = make_client()
    body = edit_body(client, lastname="Wambui", activationDate=None, staffId="")
    response = api.put(f"{URL}/{client.pk}", body, "json")
    assert response.status_code == 200, response.json()
    client.refresh_from_db()
    assert (client.lastname, client.status, client.staff_id) == (
        "Wambui",
        ClientStatus.PENDING,
        None,
    )


@pytest.mark.parametrize(
    ("status", "change", "param", "code"),
    [
        (ClientStatus.ACTIVE, {"active": False}, "active", "error.msg.parameter.unsupported"),
        (ClientStatus.PENDING, {"active": True}, "active", "error.msg.parameter.unsupported"),
        (
            ClientStatus.ACTIVE,
            {"activationDate": long_date(SUBMITTED)},
            "activationDate",
            "error.msg.parameter.unsupported",
        ),
    ],
)
def test_edit_cannot_change_status_or_activation(api, client_in, status, change, param, code):
    client = client_in(status)
    version = client.version
    response = api.put(
        f"{URL}/{client.pk}", edit_body(client, lastname="Changed", **change), "json"
    )
    assert response.status_code == 400
    assert (params_of(response), codes_of(response)) == ([param], [code])
    client.refresh_from_db()
    assert (client.status, client.version) == (status, version)
    assert client.lastname != "Changed"


def test_edit_to_another_officer_assigns_them_as_assign_staff_does(api, client_in, officer_a2):
    client = client_in(ClientStatus.ACTIVE)
    first = StaffAssignment.objects.get(client=client)
    body = edit_body(client, lastname="Njeri", staffId=officer_a2.pk) | WEBAPP_FORMAT

    response = api.put(f"{URL}/{client.pk}", body, "json")

    assert response.status_code == 200, response.json()
    assert response.json()["changes"]["staffId"] == officer_a2.pk
    client.refresh_from_db()
    assert (client.lastname, client.staff_id) == ("Njeri", officer_a2.pk)
    # The history stays whole: the first officer's period ends, the new one's begins.
    periods = StaffAssignment.objects.filter(client=client).order_by("pk")
    assert [(p.staff_id, p.end_date) for p in periods] == [
        (first.staff_id, TODAY),
        (officer_a2.pk, None),
    ]
    actions = AuditEvent.objects.filter(client_id=client.pk).values_list("action_name", flat=True)
    assert list(actions.order_by("-pk")[:2]) == ["ASSIGNSTAFF", "UPDATE"]


def test_a_blank_officer_on_edit_keeps_the_current_one(api, client_in, officer_a):
    client = client_in(ClientStatus.ACTIVE)
    body = edit_body(client, lastname="Njeri") | {"staffId": ""}

    response = api.put(f"{URL}/{client.pk}", body, "json")

    assert response.status_code == 200, response.json()
    client.refresh_from_db()
    assert (client.lastname, client.staff_id) == ("Njeri", officer_a.pk)


def test_edit_to_an_officer_of_another_office_changes_nothing(api, client_in, officer_b):
    client = client_in(ClientStatus.ACTIVE)
    version = client.version
    body = edit_body(client, lastname="Changed", staffId=officer_b.pk)

    response = api.put(f"{URL}/{client.pk}", body, "json")

    # As assignStaff answers it: no such officer among the client's office's.
    assert response.status_code == 404
    assert codes_of(response) == ["error.msg.staff.id.invalid"]
    client.refresh_from_db()
    assert (client.lastname, client.version)[1] == version


def test_changing_the_officer_on_edit_needs_the_assign_permission(
    client_in, officer_a, officer_a2, make_user, api_as
):
    client = client_in(ClientStatus.ACTIVE)
    clerk = make_user(("READ_CLIENT", "UPDATE_CLIENT"))
    api = api_as(clerk)

    moved = api.put(f"{URL}/{client.pk}", edit_body(client, staffId=officer_a2.pk), "json")
    kept = api.put(f"{URL}/{client.pk}", edit_body(client, lastname="Kept"), "json")

    assert moved.status_code == 403
    assert kept.status_code == 200, kept.json()
    client.refresh_from_db()
    assert (client.lastname, client.staff_id) == ("Kept", officer_a.pk)


# --- POST /clients from the create wizard ---------------------------------------------------


def test_entity_with_blank_details_is_created(api, code_value):
    body = {
        "officeId": 1,
        "legalFormId": 2,
        "isStaff": False,
        "active": False,
        "submittedOnDate": "14 June 2024",
        "fullname": "Upendo Traders",
        "clientNonPersonDetails": {
            "constitutionId": code_value("Constitution"),
            "incorpValidityTillDate": "",
            "incorpNumber": "INC-1",
            "mainBusinessLineId": "",
            "remarks": "",
        },
        "familyMembers": [],
        **WEBAPP_FORMAT,
    }
    response = api.post(URL, body, "json")
    assert response.status_code == 200, response.json()
    client = Client.objects.get(pk=response.json()["clientId"])
    assert client.non_person.incorp_validity_till is None
    assert client.non_person.main_business_line is None


def member(code_value, **fields) -> dict:
    body = {
        "firstName": "Baraka",
        "lastName": "Njeri",
        "age": 8,
        "relationshipId": code_value("RELATIONSHIP", 3),
        "genderId": code_value("Gender", 1),
        "dateOfBirth": "01 January 2016",
        **WEBAPP_FORMAT,
    }
    body.update(fields)
    return body


def create_with_family(api, members):
    body = {
        "officeId": 1,
        "legalFormId": 1,
        "firstname": "Asha",
        "lastname": "Njeri",
        "submittedOnDate": "14 June 2024",
        "familyMembers": members,
        **WEBAPP_FORMAT,
    }
    return api.post(URL, body, "json")


def test_family_members_are_created_with_the_client(api, code_value):
    spouse = member(
        code_value,
        firstName="Neema",
        age=32,
        dateOfBirth="2 March 1992",
        relationshipId=code_value("RELATIONSHIP"),
        isDependent=True,
    )
    response = create_with_family(api, [member(code_value), spouse])

    assert response.status_code == 200, response.json()
    client_id = response.json()["clientId"]
    listed = api.get(f"{URL}/{client_id}/familymembers").json()
    assert [(m["firstName"], m["dateOfBirth"], m["isDependent"]) for m in listed] == [
        ("Baraka", [2016, 1, 1], False),
        ("Neema", [1992, 3, 2], True),
    ]
    assert api.get(f"{URL}/{client_id}/dependents").json()["numberOfDependents"] == 1
    created = AuditEvent.objects.filter(entity_name="FAMILYMEMBERS", client_id=client_id)
    assert created.count() == 2


def test_an_invalid_family_member_refuses_the_client_with_every_problem(api, code_value):
    before = Client.objects.count()
    response = create_with_family(
        api,
        [
            member(code_value),
            member(code_value, firstName="", age=200, relationshipId=999999),
        ],
    )
    assert response.status_code == 400
    assert set(params_of(response)) == {
        "familyMembers[1].firstName",
        "familyMembers[1].age",
        "familyMembers[1].relationshipId",
    }
    assert "validation.msg.familymember.firstName.cannot.be.blank" in codes_of(response)
    assert Client.objects.count() == before
    assert not ClientFamilyMember.objects.exists()


def test_a_family_member_of_the_wrong_shape_is_named_by_its_place(api, code_value):
    response = create_with_family(
        api, [member(code_value, dateOfBirth="2016-13-01", nickname="B"), "Baraka"]
    )
    assert response.status_code == 400
    assert set(params_of(response)) == {"familyMembers[0].nickname", "familyMembers[1]"}


def test_an_unknown_code_of_a_family_member_is_a_404_and_nothing_is_saved(api, code_value):
    before = Client.objects.count()
    response = create_with_family(api, [member(code_value, genderId=999999)])
    assert response.status_code == 404
    assert params_of(response) == ["familyMembers[0].genderId"]
    assert Client.objects.count() == before
