from unittest.mock import patch

import pytest
from django.db.models import ProtectedError

from mteja.core.models import AuditEvent
from mteja.organisation import services
from mteja.organisation.models import Code, CodeValue
from mteja.organisation.seed import SYSTEM_CODES

pytestmark = pytest.mark.django_db
URL = "/fineract-provider/api/v1/codes"


def codes_of(response) -> set[str]:
    return {e["userMessageGlobalisationCode"] for e in response.json()["errors"]}


@pytest.fixture
def gender():
    return Code.objects.get(name="Gender")


@pytest.fixture
def colours():
    code = services.code_create(actor=None, name="Colours")
    for position, name in enumerate(["Red", "Green"], start=1):
        services.code_value_create(actor=None, code=code, name=name, position=position)
    return code


def values_url(code, value=None) -> str:
    url = f"{URL}/{code.pk}/codevalues"
    return f"{url}/{value.pk}" if value is not None else url


# --- Codes ---------------------------------------------------------------------------------


def test_list_holds_the_seeded_system_codes_by_name(api):
    body = api.get(URL).json()
    assert isinstance(body, list)
    names = [c["name"] for c in body]
    assert names == sorted(names)
    assert set(SYSTEM_CODES) <= set(names)
    gender = next(c for c in body if c["name"] == "Gender")
    assert gender == {"id": gender["id"], "name": "Gender", "systemDefined": True}


def test_create_code_and_read_it_back(api):
    response = api.post(URL, {"name": " Loan purpose "}, format="json")
    assert response.status_code == 200, response.json()
    code_id = response.json()["resourceId"]
    assert response.json() == {"resourceId": code_id}
    assert api.get(f"{URL}/{code_id}").json() == {
        "id": code_id,
        "name": "Loan purpose",
        "systemDefined": False,
    }
    event = AuditEvent.objects.get(entity_name="CODE", action_name="CREATE")
    assert event.resource_id == code_id
    assert event.office_id is None
    assert event.changes == {"name": [None, "Loan purpose"], "is_system_defined": [None, False]}


def test_duplicate_code_name_is_403(api, colours):
    for name in ("Colours", "Gender"):
        response = api.post(URL, {"name": name}, format="json")
        assert response.status_code == 403
        body = response.json()
        assert body["userMessageGlobalisationCode"] == "error.msg.code.duplicate.name"
        assert body["errors"][0]["parameterName"] == "name"
    assert Code.objects.filter(name="Colours").count() == 1


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "validation.msg.code.name.cannot.be.blank"),
        ({"name": "   "}, "validation.msg.code.name.cannot.be.blank"),
        ({"name": "N" * 101}, "validation.msg.code.name.exceeds.max.length"),
        ({"name": ["Loan purpose"]}, "validation.msg.code.name.is.invalid"),
    ],
)
def test_invalid_code_name_is_400(api, body, code):
    before = Code.objects.count()
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert codes_of(response) == {code}
    assert Code.objects.count() == before


def test_unknown_code_parameter_is_refused(api):
    response = api.post(URL, {"name": "X", "systemDefined": True}, format="json")
    assert response.status_code == 400
    assert codes_of(response) == {"error.msg.parameter.unsupported"}


def test_rename_code_echoes_changes_and_audits(api, colours):
    response = api.put(f"{URL}/{colours.pk}", {"name": "Colors"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == {"resourceId": colours.pk, "changes": {"name": "Colors"}}
    event = AuditEvent.objects.get(entity_name="CODE", action_name="UPDATE")
    assert event.changes == {"name": ["Colours", "Colors"]}
    response = api.put(f"{URL}/{colours.pk}", {"name": "Colors"}, format="json")
    assert response.json() == {"resourceId": colours.pk}
    assert AuditEvent.objects.filter(entity_name="CODE", action_name="UPDATE").count() == 1


def test_rename_to_an_existing_name_or_empty_update_is_refused(api, colours):
    response = api.put(f"{URL}/{colours.pk}", {"name": "Gender"}, format="json")
    assert response.status_code == 403
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.code.duplicate.name"
    response = api.put(f"{URL}/{colours.pk}", {}, format="json")
    assert response.status_code == 400
    assert codes_of(response) == {"validation.msg.code.no.parameters.for.update"}
    colours.refresh_from_db()
    assert colours.name == "Colours"


def test_system_code_can_be_neither_renamed_nor_deleted(api, gender):
    for response in (
        api.put(f"{URL}/{gender.pk}", {"name": "Sex"}, format="json"),
        api.delete(f"{URL}/{gender.pk}"),
    ):
        assert response.status_code == 403
        body = response.json()
        assert body["userMessageGlobalisationCode"] == "validation.msg.domain.rule.violation"
        assert codes_of(response) == {"error.msg.code.systemdefined"}
    gender.refresh_from_db()
    assert gender.name == "Gender"
    assert gender.values.count() == len(SYSTEM_CODES["Gender"])
    assert not AuditEvent.objects.filter(entity_name="CODE").exists()


def test_delete_code_removes_its_values_and_records_one_event(api, colours):
    response = api.delete(f"{URL}/{colours.pk}")
    assert response.status_code == 200, response.json()
    assert response.json() == {"resourceId": colours.pk}
    assert not Code.objects.filter(pk=colours.pk).exists()
    assert not CodeValue.objects.filter(code_id=colours.pk).exists()
    event = AuditEvent.objects.get(entity_name="CODE", action_name="DELETE")
    assert event.resource_id == colours.pk
    assert event.changes["name"] == ["Colours", None]
    assert event.changes["values"] == [["Red", "Green"], None]
    assert api.get(f"{URL}/{colours.pk}").status_code == 404


def test_code_whose_values_are_in_use_cannot_be_deleted(api, colours):
    # No model refers to code values yet; clients will, with PROTECT. Django raises
    # ProtectedError from its delete collector before deleting anything, simulated here.
    with patch.object(Code, "delete", side_effect=ProtectedError("in use", set())):
        response = api.delete(f"{URL}/{colours.pk}")
    assert response.status_code == 403
    body = response.json()
    assert body["userMessageGlobalisationCode"] == "error.msg.code.in.use"
    assert "deactivate" in body["defaultUserMessage"]
    assert Code.objects.filter(pk=colours.pk).exists()
    assert not AuditEvent.objects.filter(action_name="DELETE").exists()


def test_unknown_code_is_404_everywhere(api):
    for response in (
        api.get(f"{URL}/9999"),
        api.put(f"{URL}/9999", {"name": "X"}, format="json"),
        api.delete(f"{URL}/9999"),
        api.get(f"{URL}/9999/codevalues"),
        api.post(f"{URL}/9999/codevalues", {"name": "X"}, format="json"),
    ):
        assert response.status_code == 404
        assert codes_of(response) == {"error.msg.code.identifier.not.found"}


# --- Code values ---------------------------------------------------------------------------


def test_values_are_listed_in_position_order_with_inactive_ones(api, gender):
    CodeValue.objects.filter(code=gender, name="Male").update(is_active=False)
    body = api.get(values_url(gender)).json()
    assert [v["name"] for v in body] == SYSTEM_CODES["Gender"]
    male = next(v for v in body if v["name"] == "Male")
    assert male == {
        "id": male["id"],
        "name": "Male",
        "description": "",
        "position": 2,
        "isActive": False,
        "isMandatory": False,
        "active": False,
        "mandatory": False,
    }


def test_create_value_answers_code_and_value_ids_and_audits(api, colours):
    response = api.post(
        values_url(colours),
        {"name": "Blue", "description": "Sky", "position": "3", "isActive": False},
        format="json",
    )
    assert response.status_code == 200, response.json()
    value = CodeValue.objects.get(code=colours, name="Blue")
    assert response.json() == {"resourceId": colours.pk, "subResourceId": value.pk}
    body = api.get(values_url(colours, value)).json()
    assert (body["description"], body["position"], body["isActive"]) == ("Sky", 3, False)
    event = AuditEvent.objects.get(entity_name="CODEVALUE", resource_id=value.pk)
    assert event.action_name == "CREATE"
    assert event.office_id is None
    assert event.changes["code_id"] == [None, colours.pk]
    assert event.changes["name"] == [None, "Blue"]


def test_value_defaults(api, colours):
    response = api.post(values_url(colours), {"name": "Blue"}, format="json")
    value = CodeValue.objects.get(pk=response.json()["subResourceId"])
    assert (value.description, value.position, value.is_active) == ("", 0, True)


def test_value_validation_reports_every_error_at_once(api, colours):
    response = api.post(
        values_url(colours),
        {"name": "", "description": "D" * 501, "position": "first", "isActive": "maybe"},
        format="json",
    )
    assert response.status_code == 400
    assert {e["parameterName"] for e in response.json()["errors"]} == {
        "name",
        "description",
        "position",
        "isActive",
    }
    assert {
        "validation.msg.code.value.name.cannot.be.blank",
        "validation.msg.code.value.description.exceeds.max.length",
    } <= codes_of(response)
    assert colours.values.count() == 2


def test_value_name_is_unique_within_its_code_only(api, colours, gender):
    response = api.post(values_url(colours), {"name": "Red"}, format="json")
    assert response.status_code == 403
    body = response.json()
    assert body["userMessageGlobalisationCode"] == "error.msg.codevalue.duplicate.label"
    assert body["errors"][0]["parameterName"] == "name"
    assert colours.values.filter(name="Red").count() == 1
    assert api.post(values_url(gender), {"name": "Red"}, format="json").status_code == 200


def test_update_value_echoes_changes_and_audits(api, colours):
    red = colours.values.get(name="Red")
    response = api.put(
        values_url(colours, red),
        {"name": "Crimson", "isActive": "false", "position": 1},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "resourceId": red.pk,
        "changes": {"name": "Crimson", "isActive": "false"},
    }
    red.refresh_from_db()
    assert (red.name, red.is_active) == ("Crimson", False)
    event = AuditEvent.objects.get(entity_name="CODEVALUE", action_name="UPDATE")
    assert event.changes == {"name": ["Red", "Crimson"], "is_active": [True, False]}


def test_update_value_to_a_sibling_name_is_403(api, colours):
    red = colours.values.get(name="Red")
    response = api.put(values_url(colours, red), {"name": "Green"}, format="json")
    assert response.status_code == 403
    assert response.json()["userMessageGlobalisationCode"] == (
        "error.msg.codevalue.duplicate.label"
    )
    red.refresh_from_db()
    assert red.name == "Red"


def test_delete_value_and_audit(api, colours):
    green = colours.values.get(name="Green")
    response = api.delete(values_url(colours, green))
    assert response.status_code == 200, response.json()
    assert response.json() == {"resourceId": colours.pk, "subResourceId": green.pk}
    assert not CodeValue.objects.filter(pk=green.pk).exists()
    event = AuditEvent.objects.get(entity_name="CODEVALUE", action_name="DELETE")
    assert event.resource_id == green.pk
    assert event.changes["name"] == ["Green", None]


def test_value_in_use_cannot_be_deleted_and_the_user_is_told_to_deactivate_it(api, gender):
    # See test_code_whose_values_are_in_use_cannot_be_deleted: ProtectedError is what Django
    # raises for any PROTECT reference, before it deletes anything.
    female = gender.values.get(name="Female")
    with patch.object(CodeValue, "delete", side_effect=ProtectedError("in use", set())):
        response = api.delete(values_url(gender, female))
    assert response.status_code == 403
    body = response.json()
    assert body["userMessageGlobalisationCode"] == "error.msg.codevalue.in.use"
    assert codes_of(response) == {"error.msg.codevalue.in.use"}
    assert "deactivate it instead" in body["errors"][0]["defaultUserMessage"]
    assert CodeValue.objects.filter(pk=female.pk).exists()
    assert not AuditEvent.objects.filter(entity_name="CODEVALUE").exists()


def test_value_of_another_code_in_the_url_is_404(api, colours, gender):
    female = gender.values.get(name="Female")
    for response in (
        api.get(values_url(colours, female)),
        api.put(values_url(colours, female), {"name": "X"}, format="json"),
        api.delete(values_url(colours, female)),
        api.get(f"{values_url(colours)}/99999"),
    ):
        assert response.status_code == 404
        assert codes_of(response) == {"error.msg.codevalue.id.invalid"}
    female.refresh_from_db()
    assert female.name == "Female"


def test_codes_are_global_but_writes_need_their_permissions(
    api_as, make_user, make_office, colours
):
    branch = make_office()
    reader = api_as(make_user(("READ_CODE", "READ_CODEVALUE"), office=branch))
    assert {c["name"] for c in reader.get(URL).json()} >= {"Colours", "Gender"}
    assert reader.get(f"{URL}/{colours.pk}").status_code == 200
    assert len(reader.get(values_url(colours)).json()) == 2
    assert reader.post(URL, {"name": "Mine"}, format="json").status_code == 403
    assert reader.delete(f"{URL}/{colours.pk}").status_code == 403
    red = colours.values.get(name="Red")
    assert reader.put(values_url(colours, red), {"name": "X"}, format="json").status_code == 403

    codes_only = api_as(make_user(("READ_CODE",), office=branch))
    assert codes_only.get(URL).status_code == 200
    assert codes_only.get(values_url(colours)).status_code == 403

    editor = api_as(make_user(("CREATE_CODEVALUE", "UPDATE_CODEVALUE"), office=branch))
    assert editor.post(values_url(colours), {"name": "Blue"}, format="json").status_code == 200
    assert editor.put(values_url(colours, red), {"position": 9}, format="json").status_code == 200
    assert editor.post(URL, {"name": "Nope"}, format="json").status_code == 403
