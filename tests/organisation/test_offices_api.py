import datetime

import pytest

from mteja.core.models import AuditEvent
from mteja.organisation.models import Office

pytestmark = pytest.mark.django_db
URL = "/fineract-provider/api/v1/offices"


def test_head_office_exists_with_id_1(api):
    body = api.get(f"{URL}/1").json()
    assert body["id"] == 1
    assert body["name"] == "Head Office"
    assert body["hierarchy"] == "."
    assert body["parentId"] is None
    assert body["openingDate"] == [2009, 1, 1]


def test_create_office_with_java_date_format_and_read_it_back(api):
    response = api.post(
        URL,
        {
            "name": "Nakuru Branch",
            "parentId": 1,
            "openingDate": "15 March 2016",
            "dateFormat": "dd MMMM yyyy",
            "locale": "en",
            "externalId": "BR-NAK",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    office_id = response.json()["officeId"]
    assert response.json()["resourceId"] == office_id
    body = api.get(f"{URL}/{office_id}").json()
    assert body["openingDate"] == [2016, 3, 15]
    assert body["hierarchy"] == f".{office_id}."
    assert body["nameDecorated"] == "....Nakuru Branch"
    assert body["parentName"] == "Head Office"
    assert body["externalId"] == "BR-NAK"
    event = AuditEvent.objects.get(entity_name="OFFICE", action_name="CREATE")
    assert event.resource_id == office_id
    assert event.changes["name"] == [None, "Nakuru Branch"]


def test_list_is_a_bare_array_in_hierarchy_order(api, make_office):
    branch = make_office("A branch")
    make_office("Sub", parent=branch)
    names = [o["name"] for o in api.get(URL).json()]
    assert names == ["Head Office", "A branch", "Sub"]


def test_missing_fields_are_all_reported_at_once(api):
    response = api.post(URL, {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["userMessageGlobalisationCode"] == "validation.msg.validation.errors.exist"
    params = {e["parameterName"] for e in body["errors"]}
    assert params == {"name", "openingDate"}
    codes = {e["userMessageGlobalisationCode"] for e in body["errors"]}
    assert "validation.msg.office.name.cannot.be.blank" in codes


def test_unknown_parameter_is_refused(api):
    response = api.post(
        URL,
        {"name": "X", "parentId": 1, "openingDate": "2020-01-01", "colour": "red"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.parameter.unsupported"
    )
    assert response.json()["errors"][0]["parameterName"] == "colour"


def test_duplicate_name_is_403_and_writes_nothing(api, make_office):
    make_office("Kisumu")
    before = Office.objects.count()
    response = api.post(
        URL, {"name": "Kisumu", "parentId": 1, "openingDate": "2020-01-01"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.office.duplicate.name"
    assert Office.objects.count() == before


def test_office_cannot_open_before_its_parent(api, make_office):
    parent = make_office("Late parent", opening_date=datetime.date(2020, 6, 1))
    response = api.post(
        URL,
        {"name": "Early child", "parentId": parent.pk, "openingDate": "2019-01-01"},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.office.openingDate.before.parent.openingDate"
    )


def test_parent_cannot_become_a_descendant(api, make_office):
    top = make_office("Top")
    child = make_office("Child", parent=top)
    response = api.put(f"{URL}/{top.pk}", {"parentId": child.pk}, format="json")
    assert response.status_code == 403
    assert "descendant" in response.json()["errors"][0]["userMessageGlobalisationCode"]
    response = api.put(f"{URL}/{top.pk}", {"parentId": top.pk}, format="json")
    assert response.status_code == 403


def test_moving_an_office_moves_its_subtree(api, make_office):
    east = make_office("East")
    west = make_office("West")
    town = make_office("Town", parent=east)
    village = make_office("Village", parent=town)
    response = api.put(f"{URL}/{town.pk}", {"parentId": west.pk}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["changes"] == {"parentId": west.pk}
    village.refresh_from_db()
    assert village.hierarchy == f".{west.pk}.{town.pk}.{village.pk}."


def test_update_returns_changes_and_audits_old_and_new(api, make_office):
    office = make_office("Old name")
    response = api.put(f"{URL}/{office.pk}", {"name": "New name"}, format="json")
    assert response.json()["changes"] == {"name": "New name"}
    event = AuditEvent.objects.filter(entity_name="OFFICE", action_name="UPDATE").get()
    assert event.changes == {"name": ["Old name", "New name"]}


def test_empty_update_is_refused(api):
    response = api.put(f"{URL}/1", {}, format="json")
    assert response.status_code == 400


def test_branch_user_sees_only_its_subtree(api_as, make_user, make_office):
    east = make_office("East")
    east_sub = make_office("East sub", parent=east)
    west = make_office("West")
    user = make_user(("READ_OFFICE", "UPDATE_OFFICE", "CREATE_OFFICE"), office=east)
    client = api_as(user)
    assert [o["id"] for o in client.get(URL).json()] == [east.pk, east_sub.pk]
    assert client.get(f"{URL}/{west.pk}").status_code == 404
    assert client.put(f"{URL}/{west.pk}", {"name": "Mine"}, format="json").status_code == 404
    response = client.post(
        URL, {"name": "Sneaky", "parentId": west.pk, "openingDate": "2020-01-01"}, format="json"
    )
    assert response.status_code == 404  # as a read of the office answers
    assert not Office.objects.filter(name="Sneaky").exists()


@pytest.mark.parametrize(
    "body",
    [
        [],
        "text",
        {"name": 5, "parentId": "x", "openingDate": "31/31/2020", "dateFormat": "dd/MM/yyyy"},
        {"name": "X" * 101, "parentId": 1, "openingDate": "2020-02-30"},
        {"name": "X", "parentId": 10**20, "openingDate": "2020-01-01"},
        {
            "name": "X",
            "parentId": 1,
            "openingDate": "01 Foo 2020",
            "dateFormat": "dd MMMM yyyy",
            "locale": "xx_YY_ZZ",
        },
    ],
)
def test_malformed_input_is_400_not_500(api, body):
    response = api.post(URL, body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["httpStatusCode"] == "400"


def test_malformed_json_body(api):
    response = api.generic("POST", URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.invalid.request.body"
