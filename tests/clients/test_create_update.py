"""Creating and editing a client through the API: the record, its validation (every error at
once), uniqueness, duplicate warnings and Fineract's write results."""

import datetime

import pytest
from django.db import connection

from mteja.clients import services
from mteja.clients.models import Client, ClientNonPerson, ClientStatus, LegalForm
from mteja.clients.services.duplicates import MOBILE_RULE, NAME_RULE, duplicate_condition
from mteja.core.errors import UniquenessViolation

from .conftest import BASE, TODAY, codes_of, params_of

pytestmark = pytest.mark.django_db
URL = f"{BASE}/clients"


def create(api, **body):
    payload = {"officeId": 1, "legalFormId": 1, "firstname": "Asha", "lastname": "Njeri"}
    payload.update(body)
    for key in [key for key, value in payload.items() if value is ...]:
        del payload[key]
    return api.post(URL, payload, "json")


def test_create_a_person_with_every_field_and_read_it_back(api, code_value, officer_a, branch_a):
    response = create(
        api,
        officeId=branch_a.pk,
        firstname=" Asha ",
        middlename="Wairimu",
        lastname="Njeri",
        externalId="EXT-1",
        mobileNo="+254 700 000001",
        emailAddress="asha@example.org",
        dateOfBirth="1990-05-17",
        genderId=code_value("Gender"),
        clientTypeId=code_value("ClientType", 1),
        clientClassificationId=code_value("ClientClassification", 2),
        isStaff=True,
        maritalStatusId=code_value("MARITAL STATUS", 1),
        numberOfDependents=3,
        professionId=code_value("PROFESSION", 1),
        educationLevelId=code_value("EDUCATION LEVEL", 2),
        monthlyIncome="25000.50",
        staffId=officer_a.pk,
        submittedOnDate="2024-06-01",
        active=True,
        activationDate="2024-06-10",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    client_id = body["clientId"]
    assert body == {
        "resourceId": client_id,
        "officeId": branch_a.pk,
        "clientId": client_id,
        "resourceExternalId": "EXT-1",
    }
    got = api.get(f"{URL}/{client_id}").json()
    assert got["displayName"] == "Asha Wairimu Njeri"
    assert got["firstname"] == "Asha"
    assert got["accountNo"] == f"{client_id:09d}"
    assert got["externalId"] == "EXT-1"
    assert got["status"] == {"id": 300, "code": "clientStatusType.active", "value": "Active"}
    assert got["active"] is True
    assert got["legalForm"] == {"id": 1, "code": "legalFormType.person", "value": "Person"}
    assert got["mobileNo"] == "+254 700 000001"
    assert got["emailAddress"] == "asha@example.org"
    assert got["dateOfBirth"] == [1990, 5, 17]
    assert got["gender"]["id"] == code_value("Gender")
    assert got["clientType"]["id"] == code_value("ClientType", 1)
    assert got["clientClassification"]["id"] == code_value("ClientClassification", 2)
    assert got["isStaff"] is True
    assert got["maritalStatus"]["id"] == code_value("MARITAL STATUS", 1)
    assert got["numberOfDependents"] == 3
    assert got["profession"]["id"] == code_value("PROFESSION", 1)
    assert got["educationLevel"]["id"] == code_value("EDUCATION LEVEL", 2)
    assert got["monthlyIncome"] == 25000.5
    assert (got["staffId"], got["staffName"]) == (officer_a.pk, officer_a.display_name)
    assert (got["officeId"], got["officeName"]) == (branch_a.pk, "Kisumu")
    assert got["timeline"]["submittedOnDate"] == [2024, 6, 1]
    assert got["timeline"]["activatedOnDate"] == [2024, 6, 10]
    assert got["timeline"]["submittedByUsername"] == "root"
    assert got["timeline"]["activatedByUsername"] == "root"
    assert got["createdBy"] == got["lastModifiedBy"] == "root"
    assert got["clientNonPersonDetails"] is None
    assert got["version"] == 1


def test_create_an_entity_with_its_details(api, code_value):
    response = create(
        api,
        legalFormId=2,
        firstname=...,
        lastname=...,
        fullname="Tumaini Traders Ltd",
        clientNonPersonDetails={
            "constitutionId": code_value("Constitution", 2),
            "mainBusinessLineId": code_value("Main Business Line", 1),
            "incorpNumber": "CPR/2019/1234",
            "incorpValidityTillDate": "2030-12-31",
            "remarks": "Wholesale",
        },
    )
    assert response.status_code == 200, response.json()
    got = api.get(f"{URL}/{response.json()['clientId']}").json()
    assert got["displayName"] == "Tumaini Traders Ltd"
    assert got["legalForm"]["code"] == "legalFormType.entity"
    details = got["clientNonPersonDetails"]
    assert details["constitution"]["id"] == code_value("Constitution", 2)
    assert details["mainBusinessLine"]["id"] == code_value("Main Business Line", 1)
    assert details["incorpNumber"] == "CPR/2019/1234"
    assert details["incorpValidityTillDate"] == [2030, 12, 31]
    assert details["remarks"] == "Wholesale"


def test_entity_details_take_only_their_own_lists(api, code_value):
    response = create(
        api,
        legalFormId=2,
        clientNonPersonDetails={
            "constitutionId": code_value("Main Business Line"),
            "mainBusinessLineId": code_value("Constitution"),
        },
    )
    assert response.status_code == 404
    assert codes_of(response) == ["error.msg.codevalue.codename.id.combination.invalid"] * 2
    assert set(params_of(response)) == {"constitutionId", "mainBusinessLineId"}
    assert not Client.objects.exists()


def test_switching_an_entity_to_a_person_drops_its_details(api, code_value):
    response = create(
        api,
        legalFormId=2,
        firstname=...,
        lastname=...,
        fullname="Tumaini Traders",
        clientNonPersonDetails={"constitutionId": code_value("Constitution")},
    )
    client_id = response.json()["clientId"]
    assert ClientNonPerson.objects.filter(client_id=client_id).exists()
    response = api.put(
        f"{URL}/{client_id}",
        {"legalFormId": 1, "fullname": "", "firstname": "Tumaini", "lastname": "Odhiambo"},
        "json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["changes"]["legalFormId"] == LegalForm.PERSON
    assert not ClientNonPerson.objects.filter(client_id=client_id).exists()
    got = api.get(f"{URL}/{client_id}").json()
    assert (got["displayName"], got["clientNonPersonDetails"]) == ("Tumaini Odhiambo", None)


@pytest.mark.parametrize(
    ("names", "param", "code"),
    [
        (
            {"firstname": ..., "lastname": ...},
            "id",
            "validation.msg.client.id..no.name.details.passed",
        ),
        (
            {"fullname": "Asha Njeri"},
            "fullname",
            "validation.msg.client.fullname.cannot.also.be.provided.when.firstname.is.populated",
        ),
        ({"lastname": ...}, "lastname", "validation.msg.client.lastname.cannot.be.blank"),
        ({"firstname": "  "}, "firstname", "validation.msg.client.firstname.cannot.be.blank"),
    ],
)
@pytest.mark.parametrize("legal_form", [1, 2])
def test_name_rules_apply_to_both_legal_forms(api, names, param, code, legal_form):
    response = create(api, legalFormId=legal_form, **names)
    assert response.status_code == 400
    assert codes_of(response) == [code]
    assert params_of(response) == [param]


@pytest.mark.parametrize(
    ("names", "param", "rule"),
    [
        ({"firstname": "\u200b"}, "firstname", "no.letters"),  # a space of no width
        ({"lastname": "\u200f\u200e"}, "lastname", "no.letters"),  # direction marks only
        ({"firstname": "Asha\u202e"}, "firstname", "invalid.characters"),  # text reversed
        ({"lastname": "Nj\x1b[31meri"}, "lastname", "invalid.characters"),  # a terminal escape
        ({"middlename": "K\x07"}, "middlename", "invalid.characters"),
        ({"firstname": ..., "lastname": ..., "fullname": "Duka\U000e0041"}, "fullname",
         "invalid.characters"),  # an invisible tag letter
    ],
)  # fmt: skip
def test_a_name_that_would_show_blank_or_disguised_is_refused(api, names, param, rule):
    response = create(api, **names)
    assert response.status_code == 400
    assert codes_of(response) == [f"validation.msg.client.{param}.{rule}"]


@pytest.mark.parametrize("external_id", ["JOB-1\u200b", "\u202eJOB-1", "JOB\x07-1", "JOB-\u00ad1"])
def test_an_external_id_with_an_invisible_character_is_refused(api, external_id):
    """It would look like another client's and not be it: a re-run of a migration would
    then create the client again."""
    response = create(api, externalId=external_id)
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.client.externalId.invalid.characters"]


def test_an_external_id_with_an_accent_written_apart_is_refused_as_the_composed_one_is_not(api):
    """ "Zoé-1" with its accent apart from the e (decomposed Unicode) looks like "Zoé-1"
    typed on a keyboard: two clients had been created under ids no one could tell apart."""
    refused = create(api, externalId="Zoe\u0301-1")
    assert refused.status_code == 400
    assert codes_of(refused) == ["validation.msg.client.externalId.decomposed.characters"]
    assert create(api, externalId="Zo\u00e9-1").status_code == 200
    assert list(Client.objects.values_list("external_id", flat=True)) == ["Zo\u00e9-1"]


def test_a_client_recorded_before_the_character_rules_can_still_be_corrected(api, make_client):
    """The rules on a name's or an external id's characters apply to what a request sets."""
    client = make_client()
    Client.objects.filter(pk=client.pk).update(external_id="OLD-1\u200b", lastname="Nj\x07eri")
    response = api.put(f"{URL}/{client.pk}", {"mobileNo": "0700000008"}, "json")
    assert response.status_code == 200, response.json()
    response = api.put(f"{URL}/{client.pk}", {"externalId": "OLD-2\u200b"}, "json")
    assert codes_of(response) == ["validation.msg.client.externalId.invalid.characters"]


def test_names_in_scripts_that_join_letters_are_taken(api):
    response = create(
        api, firstname="\u0d28\u0d3f\u0d7b\u200d", lastname="\u0645\u0631\u064a\u0645"
    )
    assert response.status_code == 200, response.json()


def test_display_name_is_derived_and_single_spaced(api):
    response = create(api, firstname="  Asha ", middlename=" ", lastname=" Njeri  Kamau ")
    got = api.get(f"{URL}/{response.json()['clientId']}").json()
    assert got["displayName"] == "Asha Njeri Kamau"
    response = create(api, firstname=..., lastname=..., fullname="  Mama   Mboga ")
    assert api.get(f"{URL}/{response.json()['clientId']}").json()["displayName"] == "Mama Mboga"


def test_every_error_of_a_request_comes_back_at_once(api, code_value, make_officer, branch_b):
    stranger = make_officer(branch_b)
    response = create(
        api,
        fullname="Asha Njeri",
        emailAddress="not-an-email",
        mobileNo="call me",
        dateOfBirth="2030-01-01",
        genderId=code_value("ClientType"),
        staffId=stranger.pk,
    )
    assert response.status_code == 400
    errors = {
        (e["parameterName"], e["userMessageGlobalisationCode"]) for e in response.json()["errors"]
    }
    assert errors == {
        (
            "fullname",
            "validation.msg.client.fullname.cannot.also.be.provided.when.firstname.is.populated",
        ),
        ("emailAddress", "validation.msg.client.emailAddress.invalid.format"),
        ("mobileNo", "validation.msg.client.mobileNo.invalid.format"),
        ("dateOfBirth", "validation.msg.client.dateOfBirth.is.greater.than.date"),
        ("genderId", "error.msg.codevalue.codename.id.combination.invalid"),
        ("staffId", "error.msg.staff.id.invalid"),
    }
    assert not Client.objects.exists()


def test_shape_errors_of_the_body_come_back_at_once(api):
    response = api.post(URL, {"firstname": "x" * 51, "isStaff": "perhaps"}, "json")
    assert response.status_code == 400
    assert set(codes_of(response)) == {
        "validation.msg.client.officeId.cannot.be.blank",
        "validation.msg.client.legalFormId.cannot.be.blank",
        "validation.msg.client.firstname.exceeds.max.length",
        "validation.msg.client.isStaff.is.invalid",
    }


def test_legal_form_out_of_range(api):
    response = create(api, legalFormId=3)
    assert codes_of(response) == ["validation.msg.client.legalFormId.is.not.within.expected.range"]


@pytest.mark.parametrize(
    ("param", "own_list", "other_list"),
    [
        ("genderId", "Gender", "ClientType"),
        ("clientTypeId", "ClientType", "Gender"),
        ("clientClassificationId", "ClientClassification", "Gender"),
        ("maritalStatusId", "MARITAL STATUS", "PROFESSION"),
        ("professionId", "PROFESSION", "EDUCATION LEVEL"),
        ("educationLevelId", "EDUCATION LEVEL", "MARITAL STATUS"),
    ],
)
def test_code_valued_fields_take_only_their_own_list(api, code_value, param, own_list, other_list):
    response = create(api, **{param: code_value(other_list)})
    assert response.status_code == 404
    assert codes_of(response) == ["error.msg.codevalue.codename.id.combination.invalid"]
    assert params_of(response) == [param]
    assert create(api, **{param: code_value(own_list)}).status_code == 200


def test_an_inactive_code_value_cannot_be_chosen(api, code_value):
    from mteja.organisation.models import CodeValue

    CodeValue.objects.filter(pk=code_value("Gender")).update(is_active=False)
    response = create(api, genderId=code_value("Gender"))
    assert response.status_code == 404
    assert create(api, genderId=99999999).status_code == 404


@pytest.mark.parametrize("email", ["a@b", "asha@", "@example.org", "asha example@x.org"])
def test_email_format_is_checked(api, email):
    response = create(api, emailAddress=email)
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.client.emailAddress.invalid.format"]


def test_a_shared_mobile_number_is_accepted_with_a_warning(api):
    first = create(api, mobileNo="0700000001").json()["clientId"]
    response = create(api, firstname="Baraka", mobileNo="0700000001")
    assert response.status_code == 200, response.json()
    second = response.json()["clientId"]
    (warning,) = response.json()["warnings"]
    assert warning["code"] == "warning.msg.client.mobileNo.shared"
    assert warning["parameterName"] == "mobileNo"
    assert warning["clientIds"] == [first]
    assert Client.objects.filter(mobile_no="0700000001").count() == 2
    # And on update, when the number becomes shared.
    other = create(api, firstname="Chausiku", mobileNo="0700000002").json()["clientId"]
    assert "warnings" not in api.get(f"{URL}/{other}").json()
    response = api.put(f"{URL}/{other}", {"mobileNo": "0700000001"}, "json")
    assert response.status_code == 200
    assert sorted(response.json()["warnings"][0]["clientIds"]) == [first, second]


def test_same_name_and_birth_date_is_reported(api):
    create(api, dateOfBirth="1990-01-01")
    response = create(api, dateOfBirth="1990-01-01")
    assert response.status_code == 200
    assert [w["code"] for w in response.json()["warnings"]] == [
        "warning.msg.client.name.and.dateOfBirth.match"
    ]


def test_external_id_is_unique(api):
    assert create(api, externalId="EXT-9").status_code == 200
    response = create(api, firstname="Baraka", externalId="EXT-9")
    assert response.status_code == 403
    body = response.json()
    assert body["userMessageGlobalisationCode"] == "error.msg.client.duplicate.externalId"
    assert params_of(response) == ["externalId"]
    assert Client.objects.count() == 1


def test_account_number_is_unique(api):
    assert create(api, accountNo="ACC-1").status_code == 200
    response = create(api, firstname="Baraka", accountNo="ACC-1")
    assert response.status_code == 403
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.client.duplicate.accountNo"


def test_update_to_another_clients_external_id_is_refused(api, make_client):
    make_client(external_id="TAKEN")
    client = make_client()
    response = api.put(f"{URL}/{client.pk}", {"externalId": "TAKEN"}, "json")
    assert response.status_code == 403
    assert codes_of(response) == ["error.msg.client.duplicate.externalId"]
    assert Client.objects.get(pk=client.pk).external_id is None


def test_generated_account_numbers_are_zero_padded_and_unique(make_client):
    first = make_client()
    assert first.account_no == f"{first.pk:09d}" and len(first.account_no) == 9
    # Someone typed the number the next client would be given.
    squatter = make_client(account_no=f"{first.pk + 2:09d}")
    assert squatter.account_no == f"{first.pk + 2:09d}"
    third = make_client()
    assert third.pk == first.pk + 2
    numbers = list(Client.objects.values_list("account_no", flat=True))
    assert len(numbers) == len(set(numbers)) == 3
    assert third.account_no.startswith(f"{third.pk:09d}")


def test_service_refuses_a_duplicate_account_number(make_client):
    make_client(account_no="A-1")
    with pytest.raises(UniquenessViolation):
        make_client(account_no="A-1")


@pytest.mark.parametrize("key", ["nickname", "status", "officeId", "version2"])
def test_unknown_keys_are_refused(api, make_client, key):
    response = create(api, **{key: "x"}) if key != "officeId" else None
    if response is not None:
        assert response.status_code == 400
        assert codes_of(response) == ["error.msg.parameter.unsupported"]
        assert params_of(response) == [key]
    client = make_client()
    response = api.put(f"{URL}/{client.pk}", {key: "x"}, "json")
    assert response.status_code == 400
    assert codes_of(response) == ["error.msg.parameter.unsupported"]


def test_put_returns_changes_and_bumps_the_version(api, make_client, code_value):
    client = make_client(mobile_no="0700000009")
    response = api.put(
        f"{URL}/{client.pk}",
        {
            "mobileNo": "0711111111",
            "dateOfBirth": "1990-01-31",
            "genderId": code_value("Gender", 1),
            "externalId": "abcd-ef-gh",
        },
        "json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["clientId"] == client.pk
    assert body["resourceExternalId"] == "abcd-ef-gh"
    assert body["changes"] == {
        "mobileNo": "0711111111",
        "dateOfBirth": [1990, 1, 31],
        "genderId": code_value("Gender", 1),
        "externalId": "abcd-ef-gh",
    }
    client.refresh_from_db()
    assert client.version == 2
    assert client.mobile_no == "0711111111"


def test_put_of_names_echoes_them_and_rederives_the_display_name(api, make_client):
    client = make_client()
    response = api.put(f"{URL}/{client.pk}", {"firstname": "Zawadi"}, "json")
    assert response.json()["changes"] == {"firstname": "Zawadi"}
    client.refresh_from_db()
    assert client.display_name.startswith("Zawadi ")


def test_put_of_nothing_is_a_400(api, make_client):
    client = make_client()
    for body in ({}, {"locale": "en", "dateFormat": "dd MMMM yyyy"}):
        response = api.put(f"{URL}/{client.pk}", body, "json")
        assert response.status_code == 400
        assert codes_of(response) == ["validation.msg.client.no.parameters.for.update"]


def test_put_of_the_same_values_changes_nothing(api, make_client):
    client = make_client(mobile_no="0700000009")
    response = api.put(f"{URL}/{client.pk}", {"mobileNo": "0700000009"}, "json")
    assert response.status_code == 200
    assert "changes" not in response.json()
    client.refresh_from_db()
    assert client.version == 1


def test_update_validates_like_create(api, make_client):
    client = make_client()
    response = api.put(
        f"{URL}/{client.pk}", {"fullname": "Both Names", "emailAddress": "nope"}, "json"
    )
    assert response.status_code == 400
    assert set(codes_of(response)) == {
        "validation.msg.client.fullname.cannot.also.be.provided.when.firstname.is.populated",
        "validation.msg.client.emailAddress.invalid.format",
    }
    assert Client.objects.get(pk=client.pk).version == 1


def test_create_in_an_unknown_office_is_a_404(api):
    response = create(api, officeId=987654)
    assert response.status_code == 404
    assert codes_of(response) == ["error.msg.office.id.invalid"]


def test_template_lists_the_options(api, branch_a, officer_a):
    response = api.get(f"{URL}/template?officeId={branch_a.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["officeId"] == branch_a.pk
    assert body["activationDate"] == [TODAY.year, TODAY.month, TODAY.day]
    assert [s["id"] for s in body["staffOptions"]] == [officer_a.pk]
    assert {o["name"] for o in body["genderOptions"]} == {"Female", "Male", "Other"}
    assert [f["id"] for f in body["clientLegalFormOptions"]] == [1, 2]
    assert body["clientNonPersonConstitutionOptions"]


def test_list_and_detail_serve_the_status_enum(api, client_in):
    client = client_in(ClientStatus.TRANSFER_ON_HOLD)
    got = api.get(f"{URL}/{client.pk}").json()
    assert got["status"] == {
        "id": 304,
        "code": "clientStatusType.transfer.on.hold",
        "value": "Transfer on hold",
    }


def test_service_create_is_usable_without_the_api(branch_a):
    outcome = services.client_create(
        actor=None, office=branch_a, fields={"fullname": "Direct Client"}
    )
    assert outcome.client.display_name == "Direct Client"
    assert outcome.client.status == ClientStatus.PENDING
    assert outcome.warnings == []


def test_the_account_number_cannot_be_blanked(api, make_client):
    client = make_client()
    for value in ("", "  ", None):
        response = api.put(f"{URL}/{client.pk}", {"accountNo": value}, "json")
        assert response.status_code == 400, value
        assert codes_of(response) == ["validation.msg.client.accountNo.cannot.be.blank"]
    response = api.put(f"{URL}/{client.pk}", {"accountNo": "NEW-1"}, "json")
    assert response.json()["changes"] == {"accountNo": "NEW-1"}


def test_a_tightened_age_policy_does_not_block_unrelated_edits(api, make_client):
    import datetime

    from mteja.clients.models import ClientPolicy

    client = make_client(date_of_birth=datetime.date(2000, 1, 1))
    policy = ClientPolicy.current()
    policy.minimum_age = 30
    policy.save()
    assert api.put(f"{URL}/{client.pk}", {"mobileNo": "0700000001"}, "json").status_code == 200
    response = api.put(f"{URL}/{client.pk}", {"dateOfBirth": "2000-01-02"}, "json")
    assert codes_of(response) == ["validation.msg.client.dateOfBirth.age.below.minimum"]


def test_the_duplicate_checks_read_by_index(make_client):
    """The checks run inside every create and update: they must not scan the clients."""
    client = make_client(mobile_no="+254700000001", date_of_birth=datetime.date(1990, 1, 1))
    others = Client.objects.exclude(pk=client.pk)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # tiny tables: make the planner show its index
            cursor.execute("SET LOCAL enable_seqscan = off")
        mobile = others.filter(duplicate_condition(client, MOBILE_RULE)).explain()
        name = others.filter(duplicate_condition(client, NAME_RULE)).explain()
        # The first look-up of a create asks both rules at once: each side by its index.
        both = others.filter(
            duplicate_condition(client, MOBILE_RULE) | duplicate_condition(client, NAME_RULE)
        ).explain()
    assert "clients_mobile_key" in mobile, mobile
    assert "clients_date_of_birth" in name, name
    assert "clients_mobile_key" in both and "clients_date_of_birth" in both, both


def test_a_blank_submission_date_on_update_keeps_the_recorded_one(api, make_client):
    """Found by the fuzz test: `submittedOnDate: null` on PUT answered a 500."""
    client = make_client(submitted_on=datetime.date(2024, 1, 10))
    response = api.put(
        f"{URL}/{client.pk}", {"submittedOnDate": None, "mobileNo": "0700000003"}, "json"
    )
    assert response.status_code == 200, response.json()
    client.refresh_from_db()
    assert client.submitted_on == datetime.date(2024, 1, 10)


def test_blank_strings_for_unset_values_read_as_absent_as_fineract_reads_them(api):
    # The web-app's create form sends "" for selects and dates the user left empty.
    response = create(
        api, staffId="", genderId="", dateOfBirth="", active="", externalId="", savingsProductId=...
    )
    assert response.status_code == 200, response.json()
    client = Client.objects.get(pk=response.json()["resourceId"])
    assert client.staff_id is None and client.gender_id is None and client.date_of_birth is None
    assert client.status == ClientStatus.PENDING and not client.external_id


def test_a_blank_required_value_is_still_required(api):
    response = create(api, officeId="")
    assert response.status_code == 400
    assert params_of(response) == ["officeId"]


@pytest.mark.parametrize(
    "mobile", ["(202) 555-0143", "+(254) 712 345 678", "(+254) 712 345 678", "0712.345.678"]
)
def test_a_mobile_number_may_open_with_a_bracket(api, mobile):
    """“(202) 555-0143” is how many write a number: it was refused as holding something other
    than digits, spaces, dashes and a leading + (brackets and dots were allowed, but not
    first). “(+254) …”, the country's code in brackets, is as common in East and West Africa."""
    response = create(api, mobileNo=mobile)
    assert response.status_code == 200, response.json()
    assert Client.objects.get().mobile_no == mobile


def test_a_malformed_mobile_number_is_told_every_character_it_may_hold(api):
    response = create(api, mobileNo="tel:+254712345678")
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["defaultUserMessage"] == (
        "A mobile number holds digits, spaces, dashes, dots and brackets, after an optional "
        "leading +."
    )
