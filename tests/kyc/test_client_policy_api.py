"""GET/PUT /clientpolicy — the institution's client rules — and what each rule does to
POST/PUT /clients: required fields per legal form, mobile and email formats, age limits, and
the duplicate policy per rule (block / warn / off), with warnings that never name clients
outside the user's offices. Out of the box nothing beyond Fineract's own rules is required."""

import pytest

from mteja.clients.kyc import policy as kyc_policy
from mteja.clients.models import Client, ClientPolicy
from mteja.core.models import AuditEvent

from .conftest import BASE, codes_of

pytestmark = pytest.mark.django_db

URL = f"{BASE}/clientpolicy"
CLIENTS = f"{BASE}/clients"


def set_policy(api, **body):
    response = api.put(URL, body, "json")
    assert response.status_code == 200, response.json()
    return response.json()


def create(api, **body):
    payload = {"officeId": 1, "legalFormId": 1, "firstname": "Asha", "lastname": "Njeri"}
    payload.update(body)
    return api.post(CLIENTS, payload, "json")


def params_of(response):
    return [e["parameterName"] for e in response.json()["errors"]]


# --- reading and changing the policy --------------------------------------------------------


def test_the_defaults_ask_for_nothing_beyond_fineract(api):
    body = api.get(URL).json()
    assert {k: v for k, v in body.items() if not k.endswith("Options")} == {
        "minimumAge": 18,
        "maximumAge": 100,
        "requiredFieldsPerson": [],
        "requiredFieldsEntity": [],
        "mobileNoPattern": "",
        "emailAddressPattern": "",
        "duplicateMobileNo": "warn",
        "duplicateNameAndDateOfBirth": "warn",
        "isAddressEnabled": True,
        "mobileNoCountry": "",  # MTEJA_DEFAULT_PHONE_REGION
    }
    assert "mobileNo" in body["requiredFieldsPersonOptions"]
    assert "constitutionId" in body["requiredFieldsEntityOptions"]
    assert "genderId" not in body["requiredFieldsEntityOptions"]
    assert [o["value"] for o in body["duplicatePolicyOptions"]] == ["block", "warn", "off"]
    # A client as old Fineract apps send it goes through.
    assert create(api).status_code == 200


def test_a_change_is_answered_read_back_and_audited(api, admin_user):
    body = set_policy(
        api,
        minimumAge=21,
        requiredFieldsPerson=["mobileNo", "genderId", "mobileNo"],
        duplicateMobileNo="BLOCK",
        mobileNoPattern=r"\+254 ?7\d{2} ?\d{6}",
    )
    assert body == {
        "resourceId": 1,
        "changes": {
            "minimumAge": 21,
            "requiredFieldsPerson": ["mobileNo", "genderId"],
            "duplicateMobileNo": "block",
            "mobileNoPattern": r"\+254 ?7\d{2} ?\d{6}",
        },
    }
    got = api.get(URL).json()
    assert got["minimumAge"] == 21
    assert got["requiredFieldsPerson"] == ["mobileNo", "genderId"]
    assert got["duplicateMobileNo"] == "block"
    (event,) = AuditEvent.objects.filter(entity_name="CLIENTPOLICY")
    assert (event.action_name, event.resource_id, event.office_id) == ("UPDATE", 1, None)
    assert event.maker == admin_user
    assert event.changes == {
        "minimum_age": [18, 21],
        "required_fields_person": [[], ["mobileNo", "genderId"]],
        "duplicate_mobile": ["warn", "block"],
        "mobile_pattern": ["", r"\+254 ?7\d{2} ?\d{6}"],
    }
    # Saying the same again changes nothing and records nothing.
    assert set_policy(api, minimumAge=21)["changes"] == {}
    assert AuditEvent.objects.filter(entity_name="CLIENTPOLICY").count() == 1


def test_every_problem_comes_back_at_once(api):
    response = api.put(
        URL,
        {
            "minimumAge": 151,
            "maximumAge": -1,
            "requiredFieldsPerson": ["mobileNo", "shoeSize"],
            "requiredFieldsEntity": ["genderId"],
            "mobileNoPattern": "([0-9]",
            "emailAddressPattern": "(?<=a)@",
            "duplicateMobileNo": "sometimes",
            "duplicateNameAndDateOfBirth": 3,
            "isAddressEnabled": "maybe",
        },
        "json",
    )
    assert response.status_code == 400
    assert sorted(codes_of(response)) == sorted(
        [
            "validation.msg.clientpolicy.minimumAge.is.not.within.expected.range",
            "validation.msg.clientpolicy.maximumAge.is.not.within.expected.range",
            "validation.msg.clientpolicy.requiredFieldsPerson.is.not.within.expected.range",
            "validation.msg.clientpolicy.requiredFieldsEntity.is.not.within.expected.range",
            "validation.msg.clientpolicy.mobileNoPattern.invalid",
            "validation.msg.clientpolicy.emailAddressPattern.invalid",
            "validation.msg.clientpolicy.duplicateMobileNo.is.not.within.expected.range",
            "validation.msg.clientpolicy.duplicateNameAndDateOfBirth.is.not.within.expected.range",
            "validation.msg.clientpolicy.isAddressEnabled.is.invalid",
        ]
    )
    assert ClientPolicy.current().minimum_age == 18  # nothing was saved


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"minimumAge": 40, "maximumAge": 30}, "minimumAge.minimum.exceeds.maximum"),
        ({"maximumAge": 10}, "maximumAge.minimum.exceeds.maximum"),
        ({"minimumAge": "18"}, "minimumAge.is.invalid"),
        ({"minimumAge": True}, "minimumAge.is.invalid"),
        ({"requiredFieldsPerson": "mobileNo"}, "requiredFieldsPerson.is.invalid"),
        ({"mobileNoPattern": 5}, "mobileNoPattern.is.invalid"),
        ({"mobileNoPattern": "x" * 201}, "mobileNoPattern.exceeds.max.length"),
    ],
)
def test_each_rule_of_the_policy(api, body, code):
    response = api.put(URL, body, "json")
    assert response.status_code == 400
    assert codes_of(response) == [f"validation.msg.clientpolicy.{code}"]


def test_the_age_limits_may_meet_and_reach_their_bounds(api):
    assert set_policy(api, minimumAge=0, maximumAge=150)["changes"]
    assert set_policy(api, minimumAge=30, maximumAge=30)["changes"]


def test_an_address_cannot_be_required_while_addresses_are_off(api):
    response = api.put(
        URL, {"isAddressEnabled": False, "requiredFieldsPerson": ["address"]}, "json"
    )
    assert codes_of(response) == [
        "validation.msg.clientpolicy.requiredFieldsPerson.address.requires.addresses.enabled"
    ]
    set_policy(api, requiredFieldsEntity=["address"])
    response = api.put(URL, {"isAddressEnabled": False}, "json")
    assert codes_of(response) == [
        "validation.msg.clientpolicy.requiredFieldsEntity.address.requires.addresses.enabled"
    ]


def test_unknown_keys_and_empty_bodies_are_refused(api):
    assert codes_of(api.put(URL, {"minAge": 3}, "json")) == ["error.msg.parameter.unsupported"]
    assert codes_of(api.put(URL, {}, "json")) == [
        "validation.msg.clientpolicy.no.parameters.for.update"
    ]
    assert api.put(URL, [1], "json").status_code == 400


def test_reading_and_changing_need_their_permissions(api_as, make_user):
    reader = api_as(make_user(("READ_CLIENTPOLICY",)))
    assert reader.get(URL).status_code == 200
    assert reader.put(URL, {"minimumAge": 20}, "json").status_code == 403
    writer = api_as(make_user(("UPDATE_CLIENTPOLICY",)))
    assert writer.put(URL, {"minimumAge": 20}, "json").status_code == 200
    assert api_as(make_user(("READ_CLIENT",))).get(URL).status_code == 403


def test_the_service_refuses_unknown_fields():
    with pytest.raises(TypeError):
        kyc_policy.client_policy_update(actor=None, shoe_size=3)


# --- required fields ------------------------------------------------------------------------


def test_required_fields_of_persons(api, code_value):
    set_policy(api, requiredFieldsPerson=["mobileNo", "genderId", "dateOfBirth", "staffId"])
    response = create(api)
    assert response.status_code == 400
    assert sorted(codes_of(response)) == [
        "validation.msg.client.dateOfBirth.cannot.be.blank",
        "validation.msg.client.genderId.cannot.be.blank",
        "validation.msg.client.mobileNo.cannot.be.blank",
        "validation.msg.client.staffId.cannot.be.blank",
    ]
    # Blank text is no value either; an unknown code value is its own 404, not also "blank".
    response = create(api, mobileNo="  ", genderId=99999999)
    assert "validation.msg.client.mobileNo.cannot.be.blank" in codes_of(response)
    assert "validation.msg.client.genderId.cannot.be.blank" not in codes_of(response)
    # Entities follow their own list.
    assert (
        create(api, legalFormId=2, firstname=None, lastname=None, fullname="Co-op").status_code
        == 200
    )


def test_required_fields_of_entities_include_their_details(api, code_value):
    set_policy(api, requiredFieldsEntity=["constitutionId", "incorpNumber", "mobileNo"])
    entity = {"legalFormId": 2, "firstname": None, "lastname": None, "fullname": "Umoja Co-op"}
    response = create(api, **entity)
    assert sorted(codes_of(response)) == [
        "validation.msg.client.constitutionId.cannot.be.blank",
        "validation.msg.client.incorpNumber.cannot.be.blank",
        "validation.msg.client.mobileNo.cannot.be.blank",
    ]
    response = create(
        api,
        **entity,
        mobileNo="0700000009",
        clientNonPersonDetails={
            "constitutionId": code_value("Constitution"),
            "incorpNumber": "C-1",
        },
    )
    assert response.status_code == 200, response.json()
    # Persons are not asked for an entity's details.
    assert create(api).status_code == 200


def test_a_newly_required_field_blocks_blanking_but_not_other_edits(api, make_client):
    client = make_client()
    set_policy(api, requiredFieldsPerson=["mobileNo", "emailAddress"])
    response = api.put(f"{CLIENTS}/{client.pk}", {"middlename": "Wairimu"}, "json")
    assert response.status_code == 200, response.json()
    response = api.put(f"{CLIENTS}/{client.pk}", {"mobileNo": ""}, "json")
    assert codes_of(response) == ["validation.msg.client.mobileNo.cannot.be.blank"]
    response = api.put(f"{CLIENTS}/{client.pk}", {"mobileNo": "0700000001"}, "json")
    assert response.status_code == 200
    assert response.json()["changes"] == {"mobileNo": "0700000001"}


# --- formats and ages -----------------------------------------------------------------------


def test_mobile_and_email_formats(api, make_client):
    set_policy(api, mobileNoPattern=r"\+254\d{9}", emailAddressPattern=r".+@example\.org")
    response = create(api, mobileNo="0700 000 001", emailAddress="asha@example.com")
    assert response.status_code == 400
    assert sorted(codes_of(response)) == [
        "validation.msg.client.emailAddress.invalid.format",
        "validation.msg.client.mobileNo.invalid.format",
    ]
    assert create(api, mobileNo="+254700000001", emailAddress="asha@example.org").status_code == 200


def test_formats_that_would_backtrack_answer_at_once(api):
    set_policy(api, mobileNoPattern=r"^(1|1)*$", emailAddressPattern=r"^(a+)+@x\.org$")
    # Both pass the built-in checks, so the institution's formats decide.
    response = create(api, mobileNo="1" * 40 + "0", emailAddress="a" * 40 + "@y.org")
    assert sorted(codes_of(response)) == [
        "validation.msg.client.emailAddress.invalid.format",
        "validation.msg.client.mobileNo.invalid.format",
    ]


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"mobileNoPattern": r"^(\d)\1+$"}, "\\1"),
        ({"emailAddressPattern": r"^(?!admin@).+@.+$"}, "(?!"),
    ],
)
def test_a_format_re2_refuses_is_a_400_that_says_why(api, body, named):
    response = api.put(URL, body, "json")
    assert response.status_code == 400
    (param,) = body
    (error,) = response.json()["errors"]
    assert error["parameterName"] == param
    assert error["userMessageGlobalisationCode"] == f"validation.msg.clientpolicy.{param}.invalid"
    assert named in error["defaultUserMessage"]


def test_a_tightened_format_does_not_block_unrelated_edits(api, make_client):
    client = make_client(mobile_no="0700 000 001")
    set_policy(api, mobileNoPattern=r"\+254\d{9}")
    assert api.put(f"{CLIENTS}/{client.pk}", {"middlename": "W"}, "json").status_code == 200
    response = api.put(f"{CLIENTS}/{client.pk}", {"mobileNo": "0700 000 002"}, "json")
    assert codes_of(response) == ["validation.msg.client.mobileNo.invalid.format"]


def test_the_age_limits_apply_to_persons_with_a_birth_date(api):
    set_policy(api, minimumAge=21, maximumAge=60)
    assert codes_of(create(api, dateOfBirth="2004-01-01")) == [
        "validation.msg.client.dateOfBirth.age.below.minimum"
    ]
    assert codes_of(create(api, dateOfBirth="1950-01-01")) == [
        "validation.msg.client.dateOfBirth.age.above.maximum"
    ]
    assert create(api, dateOfBirth="1990-01-01").status_code == 200
    assert create(api).status_code == 200  # no date of birth, no age rule


# --- duplicates: block / warn / off ---------------------------------------------------------

RULES = {
    # rule → (policy key, what the twin shares, the 403 code, the warning code)
    "mobile": (
        "duplicateMobileNo",
        {"mobileNo": "0711000111"},
        "error.msg.client.duplicate.mobileNo",
        "warning.msg.client.mobileNo.shared",
    ),
    "name": (
        "duplicateNameAndDateOfBirth",
        {"dateOfBirth": "1990-05-17"},
        "error.msg.client.duplicate.name.and.dateOfBirth",
        "warning.msg.client.name.and.dateOfBirth.match",
    ),
}


@pytest.mark.parametrize("rule", sorted(RULES))
@pytest.mark.parametrize("setting", ["block", "warn", "off"])
def test_the_duplicate_policy_matrix(api, rule, setting):
    key, shared, refusal, warning = RULES[rule]
    first = create(api, **shared).json()["clientId"]
    account_no = Client.objects.get(pk=first).account_no
    set_policy(api, **{key: setting})
    before = Client.objects.count()

    response = create(api, **shared)

    if setting == "block":
        assert response.status_code == 403
        body = response.json()
        assert body["userMessageGlobalisationCode"] == refusal
        (error,) = body["errors"]
        assert error["userMessageGlobalisationCode"] == refusal
        assert account_no in error["defaultUserMessage"]
        assert error["value"] == first
        assert error["args"] == [{"value": first}, {"value": account_no}]
        assert Client.objects.count() == before
    elif setting == "warn":
        assert response.status_code == 200
        (got,) = response.json()["warnings"]
        assert got["code"] == warning
        assert got["clientIds"] == [first]
        assert got["otherOfficesCount"] == 0
        assert account_no in got["message"]
    else:
        assert response.status_code == 200
        assert "warnings" not in response.json()


def test_each_rule_is_set_on_its_own(api):
    set_policy(api, duplicateMobileNo="block", duplicateNameAndDateOfBirth="off")
    create(api, mobileNo="0711000111", dateOfBirth="1990-05-17")
    # Same name and date of birth, other phone: the name rule is off.
    response = create(api, mobileNo="0711000222", dateOfBirth="1990-05-17")
    assert response.status_code == 200
    assert "warnings" not in response.json()
    response = create(api, firstname="Other", mobileNo="0711000111")
    assert response.status_code == 403


def test_on_update_only_a_changed_value_is_checked(api):
    shared = create(api, mobileNo="0711000111").json()["clientId"]
    sibling = create(api, firstname="Baraka", mobileNo="0711000111").json()["clientId"]
    set_policy(api, duplicateMobileNo="block")
    # Admitted while shared phones were warnings: unrelated edits still go through.
    response = api.put(f"{CLIENTS}/{sibling}", {"middlename": "K"}, "json")
    assert response.status_code == 200
    assert "warnings" not in response.json()
    third = create(api, firstname="Chausiku", mobileNo="0711000333").json()["clientId"]
    response = api.put(f"{CLIENTS}/{third}", {"mobileNo": "0711000111"}, "json")
    assert response.status_code == 403
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.client.duplicate.mobileNo"
    assert Client.objects.get(pk=third).mobile_no == "0711000333"
    set_policy(api, duplicateMobileNo="warn")
    response = api.put(f"{CLIENTS}/{third}", {"mobileNo": "0711000111"}, "json")
    assert sorted(response.json()["warnings"][0]["clientIds"]) == [shared, sibling]


# --- duplicates across offices: counted, never named ----------------------------------------


def test_warnings_name_only_the_clients_a_user_may_see(
    api_as, branch_user, branch_a, branch_b, make_client
):
    neighbour = make_client(branch_a, firstname="Neema", lastname="Okoth", mobile_no="0722000111")
    make_client(branch_b, firstname="Secret", lastname="Person", mobile_no="0722000111")
    make_client(branch_b, firstname="Hidden", lastname="Too", mobile_no="0722000111")
    user = branch_user(branch_a)

    response = create(api_as(user), officeId=branch_a.pk, mobileNo="0722000111")

    assert response.status_code == 200, response.json()
    (warning,) = response.json()["warnings"]
    assert warning["clientIds"] == [neighbour.pk]
    assert warning["otherOfficesCount"] == 2
    assert warning["message"] == (
        f"The mobile number 0722000111 is also recorded for Neema Okoth ({neighbour.account_no}) "
        "and 2 clients of other offices."
    )
    assert "Secret" not in response.content.decode()


def test_a_refusal_names_no_client_of_another_office(
    api, api_as, branch_user, branch_a, branch_b, make_client
):
    secret = make_client(branch_b, firstname="Secret", lastname="Person", mobile_no="0722000111")
    set_policy(api, duplicateMobileNo="block")

    response = create(api_as(branch_user(branch_a)), officeId=branch_a.pk, mobileNo="0722000111")

    assert response.status_code == 403
    (error,) = response.json()["errors"]
    assert error["defaultUserMessage"].startswith(
        "The mobile number 0722000111 is already recorded for a client of another office."
    )
    assert secret.account_no not in response.content.decode()
    assert error["value"] is None
    # The head office sees the client, so it is named to its users.
    response = create(api, officeId=branch_a.pk, mobileNo="0722000111")
    assert secret.account_no in response.json()["errors"][0]["defaultUserMessage"]


def test_an_entity_cannot_be_required_to_have_a_date_of_birth(api):
    # An entity's dates are its incorporation details; the person-only field is not requirable.
    response = api.put(URL, {"requiredFieldsEntity": ["dateOfBirth"]}, "json")
    assert response.status_code == 400
    assert "requiredFieldsEntity" in params_of(response)


def test_required_dependents_are_met_by_recorded_family_members(api, make_client, code_value):
    client = make_client(number_of_dependents=2)
    set_policy(api, requiredFieldsPerson=["numberOfDependents"])
    blanked = api.put(f"{CLIENTS}/{client.pk}", {"numberOfDependents": None}, "json")
    assert blanked.status_code == 400
    assert "numberOfDependents" in params_of(blanked)
    member = api.post(
        f"{CLIENTS}/{client.pk}/familymembers",
        {"firstName": "Baraka", "isDependent": True, "relationshipId": code_value("RELATIONSHIP")},
        "json",
    )
    assert member.status_code == 200, member.json()
    # With family recorded the count is derived from it, so no figure needs entering.
    response = api.put(f"{CLIENTS}/{client.pk}", {"numberOfDependents": None}, "json")
    assert response.status_code == 200, response.json()
