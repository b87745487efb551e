"""Family members through the API: Fineract's endpoints and shapes, validation errors that are
returned (all at once, unlike Fineract), code values from their own lists, scoping, audit,
and the number of economic dependents in both of its modes."""

import datetime

import pytest

from clients.conftest import BASE, TODAY, codes_of, params_of
from mteja.clients.kyc import family
from mteja.clients.models import Client, ClientFamilyMember
from mteja.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(client_id, rest=""):
    return f"{BASE}/clients/{client_id}/familymembers{rest}"


def events(entity=family.ENTITY):
    return list(AuditEvent.objects.filter(entity_name=entity).order_by("id"))


@pytest.fixture
def household(make_client):
    return make_client()


def add(api, client_id, **body):
    body.setdefault("firstName", "Baraka")
    body = {key: value for key, value in body.items() if value is not ...}
    return api.post(url(client_id), body, "json")


def test_add_a_member_with_every_field_and_read_it_back(api, household, code_value, admin_user):
    born = datetime.date(1990, 3, 2)
    response = add(
        api,
        household.pk,
        firstName=" Baraka ",
        middleName="Otieno",
        lastName="Kamau",
        qualification="Diploma",
        mobileNumber="+254 711 000111",
        age=34,
        isDependent=True,
        dateOfBirth="02 March 1990",
        dateFormat="dd MMMM yyyy",
        locale="en",
        relationshipId=code_value("RELATIONSHIP"),
        maritalStatusId=code_value("MARITAL STATUS", 1),
        genderId=code_value("Gender", 1),
        professionId=code_value("PROFESSION", 2),
    )
    assert response.status_code == 200, response.json()
    member_id = response.json()["resourceId"]
    assert response.json() == {
        "resourceId": member_id,
        "officeId": household.office_id,
        "clientId": household.pk,
    }

    listed = api.get(url(household.pk))
    assert listed.status_code == 200
    assert isinstance(listed.json(), list)  # a bare array, as Fineract
    (item,) = listed.json()
    assert item == api.get(url(household.pk, f"/{member_id}")).json()
    assert item == {
        "id": member_id,
        "clientId": household.pk,
        "firstName": "Baraka",
        "middleName": "Otieno",
        "lastName": "Kamau",
        "qualification": "Diploma",
        "mobileNumber": "+254 711 000111",
        "age": 34,
        "isDependent": True,
        "dateOfBirth": [1990, 3, 2],
        "relationshipId": code_value("RELATIONSHIP"),
        "relationship": "Spouse",
        "maritalStatusId": code_value("MARITAL STATUS", 1),
        "maritalStatus": "Married",
        "genderId": code_value("Gender", 1),
        "gender": "Male",
        "professionId": code_value("PROFESSION", 2),
        "profession": "Artisan",
    }
    assert ClientFamilyMember.objects.get(pk=member_id).date_of_birth == born

    (event,) = events()
    assert event.action_name == "CREATE"
    assert event.resource_id == member_id
    assert event.client_id == household.pk
    assert event.office_id == household.office_id
    assert event.maker_id == admin_user.pk
    assert event.changes["firstname"] == [None, "Baraka"]
    assert event.changes["relationship_id"] == [None, code_value("RELATIONSHIP")]
    assert event.changes["date_of_birth"] == [None, "1990-03-02"]


def test_only_a_first_name_is_needed(api, household):
    response = add(api, household.pk, firstName="Neema")
    assert response.status_code == 200, response.json()
    got = api.get(url(household.pk, f"/{response.json()['resourceId']}")).json()
    assert got["isDependent"] is False
    assert got["age"] is None and got["relationship"] is None


def test_every_validation_error_comes_back_at_once(api, household, code_value):
    response = add(
        api,
        household.pk,
        firstName="   ",
        lastName="x" * 51,
        age=131,
        dateOfBirth=(TODAY + datetime.timedelta(days=1)).isoformat(),
        mobileNumber="call me",
        relationshipId=code_value("Gender"),  # a value of another list
    )
    assert response.status_code == 400
    body = response.json()
    assert body["userMessageGlobalisationCode"] == "validation.msg.validation.errors.exist"
    assert set(codes_of(response)) == {
        "validation.msg.familymember.firstName.cannot.be.blank",
        "validation.msg.familymember.lastName.exceeds.max.length",
        "validation.msg.familymember.age.is.not.within.expected.range",
        "validation.msg.familymember.dateOfBirth.is.greater.than.date",
        "validation.msg.familymember.mobileNumber.invalid.format",
        "error.msg.codevalue.codename.id.combination.invalid",
    }
    assert not ClientFamilyMember.objects.exists()
    assert not events()


def test_first_name_is_required(api, household):
    response = api.post(url(household.pk), {"lastName": "Kamau"}, "json")
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.familymember.firstName.cannot.be.blank"]


@pytest.mark.parametrize("age", [-1, 131, 5000])
def test_age_is_between_0_and_130(api, household, age):
    response = add(api, household.pk, age=age)
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.familymember.age.is.not.within.expected.range"]


@pytest.mark.parametrize("age", [0, 130])
def test_the_age_limits_themselves_are_fine(api, household, age):
    assert add(api, household.pk, age=age).status_code == 200


def test_age_must_agree_with_the_date_of_birth(api, household):
    # TODAY is 2024-06-14: someone born on 2000-06-15 is still 23.
    wrong = add(api, household.pk, age=24, dateOfBirth="2000-06-15")
    assert wrong.status_code == 400
    assert codes_of(wrong) == ["validation.msg.familymember.age.does.not.match.dateOfBirth"]
    assert wrong.json()["errors"][0]["args"] == [{"value": 23}]
    assert add(api, household.pk, age=23, dateOfBirth="2000-06-15").status_code == 200
    assert add(api, household.pk, age=24, dateOfBirth="2000-06-14").status_code == 200


def test_a_date_of_birth_today_is_fine_and_the_age_shown_follows_it(api, household):
    response = add(api, household.pk, dateOfBirth=TODAY.isoformat())
    assert response.status_code == 200
    got = api.get(url(household.pk, f"/{response.json()['resourceId']}")).json()
    assert got["age"] == 0


def test_an_implausible_date_of_birth_is_refused(api, household):
    response = add(api, household.pk, dateOfBirth="1890-01-01")
    assert response.status_code == 400
    assert codes_of(response) == [
        "validation.msg.familymember.dateOfBirth.is.not.within.expected.range"
    ]


def test_a_malformed_date_names_its_rule(api, household):
    response = add(api, household.pk, dateOfBirth="31/02/1990", dateFormat="dd/MM/yyyy")
    assert response.status_code == 400
    assert params_of(response) == ["dateOfBirth"]


@pytest.mark.parametrize(
    ("param", "list_name"),
    [
        ("relationshipId", "MARITAL STATUS"),
        ("maritalStatusId", "RELATIONSHIP"),
        ("genderId", "PROFESSION"),
        ("professionId", "Gender"),
    ],
)
def test_code_values_come_from_their_own_lists(api, household, code_value, param, list_name):
    response = add(api, household.pk, **{param: code_value(list_name)})
    assert response.status_code == 404
    assert codes_of(response) == ["error.msg.codevalue.codename.id.combination.invalid"]
    assert params_of(response) == [param]


def test_an_unknown_code_value_is_404(api, household):
    response = add(api, household.pk, genderId=999999)
    assert response.status_code == 404


def test_unknown_keys_are_refused(api, household):
    response = add(api, household.pk, nickname="Bee", shoeSize=42)
    assert response.status_code == 400
    assert codes_of(response) == ["error.msg.parameter.unsupported"] * 2
    assert set(params_of(response)) == {"nickname", "shoeSize"}


@pytest.mark.parametrize(
    "body", [{"firstName": True}, {"firstName": "A", "age": "old"}, {"firstName": ["A"]}]
)
def test_wrong_types_are_400_not_500(api, household, body):
    assert api.post(url(household.pk), body, "json").status_code == 400


def test_update_returns_and_journals_the_changes(api, household, code_value):
    member_id = add(api, household.pk, firstName="Baraka", age=10).json()["resourceId"]
    response = api.put(
        url(household.pk, f"/{member_id}"),
        {
            "lastName": "Kamau",
            "age": 11,
            "isDependent": True,
            "genderId": code_value("Gender", 1),
            "firstName": "Baraka",  # unchanged: not a change
        },
        "json",
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "resourceId": member_id,
        "officeId": household.office_id,
        "clientId": household.pk,
        "changes": {
            "lastName": "Kamau",
            "age": 11,
            "isDependent": True,
            "genderId": code_value("Gender", 1),
        },
    }
    update = events()[-1]
    assert update.action_name == "UPDATE"
    assert update.client_id == household.pk and update.resource_id == member_id
    assert update.changes == {
        "lastname": ["", "Kamau"],
        "age": [10, 11],
        "is_dependent": [False, True],
        "gender_id": [None, code_value("Gender", 1)],
    }


def test_an_update_that_changes_nothing_journals_nothing(api, household):
    member_id = add(api, household.pk, firstName="Baraka").json()["resourceId"]
    before = len(events())
    response = api.put(url(household.pk, f"/{member_id}"), {"firstName": "Baraka"}, "json")
    assert response.status_code == 200
    assert "changes" not in response.json()
    assert len(events()) == before


def test_update_validates_like_create(api, household):
    member_id = add(api, household.pk, firstName="Baraka", dateOfBirth="2010-01-01").json()[
        "resourceId"
    ]
    blank = api.put(url(household.pk, f"/{member_id}"), {"firstName": ""}, "json")
    assert codes_of(blank) == ["validation.msg.familymember.firstName.cannot.be.blank"]
    # The stored date of birth still counts when only the age is changed.
    age = api.put(url(household.pk, f"/{member_id}"), {"age": 30}, "json")
    assert codes_of(age) == ["validation.msg.familymember.age.does.not.match.dateOfBirth"]
    empty = api.put(url(household.pk, f"/{member_id}"), {}, "json")
    assert empty.status_code == 400
    assert codes_of(empty) == ["validation.msg.familymember.no.parameters.for.update"]


def test_a_code_value_can_be_cleared(api, household, code_value):
    member_id = add(api, household.pk, genderId=code_value("Gender")).json()["resourceId"]
    response = api.put(url(household.pk, f"/{member_id}"), {"genderId": None}, "json")
    assert response.json()["changes"] == {"genderId": None}
    assert api.get(url(household.pk, f"/{member_id}")).json()["gender"] is None


def test_delete_removes_and_journals(api, household):
    member_id = add(api, household.pk, firstName="Baraka", age=9).json()["resourceId"]
    response = api.delete(url(household.pk, f"/{member_id}"))
    assert response.status_code == 200
    assert response.json() == {
        "resourceId": member_id,
        "officeId": household.office_id,
        "clientId": household.pk,
    }
    assert api.get(url(household.pk, f"/{member_id}")).status_code == 404
    deletion = events()[-1]
    assert deletion.action_name == "DELETE"
    assert deletion.resource_id == member_id and deletion.client_id == household.pk
    assert deletion.changes["firstname"] == ["Baraka", None]
    assert deletion.changes["age"] == [9, None]


def test_a_member_is_reached_only_through_its_own_client(api, household, make_client):
    other = make_client()
    member_id = add(api, household.pk).json()["resourceId"]
    for method in ("get", "delete"):
        response = getattr(api, method)(url(other.pk, f"/{member_id}"))
        assert response.status_code == 404
        assert codes_of(response) == ["error.msg.familymember.id.invalid"]
    assert api.put(url(other.pk, f"/{member_id}"), {"age": 3}, "json").status_code == 404
    assert ClientFamilyMember.objects.filter(pk=member_id).exists()


def test_an_unknown_client_is_404(api):
    for response in (api.get(url(999999)), add(api, 999999), api.get(url(999999, "/template"))):
        assert response.status_code == 404
        assert codes_of(response) == ["error.msg.client.id.invalid"]


def test_template_lists_the_four_code_lists(api, household):
    response = api.get(url(household.pk, "/template"))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "relationshipIdOptions",
        "genderIdOptions",
        "maritalStatusIdOptions",
        "professionIdOptions",
    }
    assert [o["name"] for o in body["relationshipIdOptions"]][:2] == ["Spouse", "Father"]
    assert [o["name"] for o in body["genderIdOptions"]] == ["Female", "Male", "Other"]
    assert body["maritalStatusIdOptions"][0] == {
        "id": body["maritalStatusIdOptions"][0]["id"],
        "name": "Single",
        "active": True,
        "mandatory": False,
    }


def test_another_branch_reads_and_writes_404(api, api_as, branch_user, branch_b, household):
    member_id = add(api, household.pk).json()["resourceId"]
    outsider = api_as(branch_user(branch_b))
    assert outsider.get(url(household.pk)).status_code == 404
    assert outsider.get(url(household.pk, f"/{member_id}")).status_code == 404
    assert outsider.get(url(household.pk, "/template")).status_code == 404
    assert outsider.get(f"{BASE}/clients/{household.pk}/dependents").status_code == 404
    for response in (
        add(outsider, household.pk),
        outsider.put(url(household.pk, f"/{member_id}"), {"age": 3}, "json"),
        outsider.delete(url(household.pk, f"/{member_id}")),
    ):
        assert response.status_code == 404
        assert codes_of(response) == ["error.msg.client.id.invalid"]
    assert ClientFamilyMember.objects.filter(client=household).count() == 1


def test_the_clients_own_branch_and_the_head_office_may_write(
    api_as, branch_user, branch_a, household
):
    response = add(api_as(branch_user(branch_a)), household.pk)
    assert response.status_code == 200


def test_permissions_are_the_familymembers_ones(api_as, make_user, household, api):
    member_id = add(api, household.pk).json()["resourceId"]
    reader = api_as(make_user(("READ_FAMILYMEMBERS",)))
    assert reader.get(url(household.pk)).status_code == 200
    assert reader.get(url(household.pk, f"/{member_id}")).status_code == 200
    assert add(reader, household.pk).status_code == 403
    assert reader.put(url(household.pk, f"/{member_id}"), {"age": 3}, "json").status_code == 403
    assert reader.delete(url(household.pk, f"/{member_id}")).status_code == 403
    writer = api_as(make_user(("CREATE_FAMILYMEMBERS",)))
    assert add(writer, household.pk).status_code == 200
    assert writer.get(url(household.pk)).status_code == 403


def test_a_client_awaiting_transfer_is_written_by_its_own_branch_only(
    api_as, branch_user, branch_b, client_in
):
    from mteja.clients.models import ClientStatus

    moving = client_in(ClientStatus.TRANSFER_IN_PROGRESS)
    destination = api_as(branch_user(branch_b))
    assert destination.get(url(moving.pk)).status_code == 200  # seen by both offices
    assert add(destination, moving.pk).status_code == 403


def test_list_reads_in_a_fixed_number_of_queries(
    api, household, code_value, django_assert_max_num_queries
):
    for n in range(5):
        add(
            api,
            household.pk,
            firstName=f"Child{n}",
            relationshipId=code_value("RELATIONSHIP", 3),
            genderId=code_value("Gender"),
            professionId=code_value("PROFESSION", 6),
            maritalStatusId=code_value("MARITAL STATUS"),
        )
    with django_assert_max_num_queries(8):
        response = api.get(url(household.pk))
    assert len(response.json()) == 5


# --- the number of economic dependents --------------------------------------------------------


def dependents_of(api, client_id):
    response = api.get(f"{BASE}/clients/{client_id}/dependents")
    assert response.status_code == 200, response.json()
    return response.json()


def test_without_family_the_entered_number_counts(api, make_client):
    entered = make_client(number_of_dependents=3)
    assert dependents_of(api, entered.pk) == {
        "clientId": entered.pk,
        "numberOfDependents": 3,
        "source": "entered",
    }
    unknown = make_client()
    assert dependents_of(api, unknown.pk) == {
        "clientId": unknown.pk,
        "numberOfDependents": None,
        "source": "entered",
    }


def test_with_family_the_members_marked_dependent_count(api, make_client):
    client = make_client(number_of_dependents=5)
    add(api, client.pk, firstName="Spouse", isDependent=False)
    assert dependents_of(api, client.pk) == {
        "clientId": client.pk,
        "numberOfDependents": 0,
        "source": "familyMembers",
    }
    first = add(api, client.pk, firstName="Child", isDependent=True).json()["resourceId"]
    add(api, client.pk, firstName="Grandmother", isDependent=True)
    assert dependents_of(api, client.pk)["numberOfDependents"] == 2
    api.put(url(client.pk, f"/{first}"), {"isDependent": False}, "json")
    assert dependents_of(api, client.pk)["numberOfDependents"] == 1
    for member in api.get(url(client.pk)).json():
        api.delete(url(client.pk, f"/{member['id']}"))
    # No family recorded any more: back to the number entered on the client.
    assert dependents_of(api, client.pk) == {
        "clientId": client.pk,
        "numberOfDependents": 5,
        "source": "entered",
    }


def test_the_dependents_count_of_many_clients_needs_one_query(
    api, make_client, django_assert_num_queries
):
    with_family = make_client(number_of_dependents=4)
    add(api, with_family.pk, firstName="A", isDependent=True)
    add(api, with_family.pk, firstName="B", isDependent=False)
    entered = make_client(number_of_dependents=2)
    with django_assert_num_queries(1):
        clients = list(
            family.with_dependents(Client.objects.filter(pk__in=[with_family.pk, entered.pk]))
        )
        counted = {c.pk: family.dependents(c) for c in clients}
    assert counted[with_family.pk] == family.Dependents(1, family.FROM_FAMILY)
    assert counted[entered.pk] == family.Dependents(2, family.ENTERED)
    assert family.dependents_count(Client.objects.get(pk=with_family.pk)) == 1


def test_services_refuse_a_write_outside_the_actors_branch(make_user, branch_b, household):
    from mteja.core.errors import NotFound

    outsider = make_user(office=branch_b)
    with pytest.raises(NotFound):
        family.family_member_create(
            actor=outsider, client=household, data=family.FamilyMemberInput(**{"firstname": "A"})
        )


def test_a_blank_select_or_tick_box_reads_as_no_value(api, household):
    # The web-app sends "" for an untouched select and an unticked dependent box.
    response = add(api, household.pk, firstName="Neema", isDependent="", relationshipId="")
    assert response.status_code == 200, response.json()
    got = api.get(url(household.pk, f"/{response.json()['resourceId']}")).json()
    assert got["isDependent"] is False and got["relationshipId"] is None


def test_an_iso_date_of_no_real_day_beside_a_date_format_is_refused_as_no_real_date(api, household):
    """The web-app's family form sends an ISO date back unchanged beside its dateFormat,
    and an ISO date is read so: one of no real day is refused as such, as an import's is,
    not as not matching a format the same call's other ISO dates need not match."""
    body = {"dateFormat": "dd MMMM yyyy", "locale": "en"}
    assert add(api, household.pk, dateOfBirth="1990-02-28", **body).status_code == 200
    response = add(api, household.pk, dateOfBirth="1990-02-29", **body)
    assert response.status_code == 400
    assert params_of(response) == ["dateOfBirth"]
    assert response.json()["errors"][0]["defaultUserMessage"] == "“1990-02-29” is not a real date."
