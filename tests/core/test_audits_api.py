import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mteja.core.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = "/fineract-provider/api/v1/audits"
UTC = datetime.UTC


def event(maker=None, *, at=None, office=None, **fields):
    values = {
        "action_name": "UPDATE",
        "entity_name": "CLIENT",
        "resource_id": 1,
        "maker": maker,
        "maker_username": maker.username if maker else "system",
        "made_on": at or datetime.datetime(2024, 5, 1, 9, 30, tzinfo=UTC),
        "office": office,
        "changes": {"firstname": ["Ann", "Anne"]},
    }
    values.update(fields)
    return AuditEvent.objects.create(**values)


def test_an_office_write_shows_in_the_journal(api, admin_user):
    response = api.post(
        "/fineract-provider/api/v1/offices",
        {"name": "Garissa", "parentId": 1, "openingDate": "2020-01-01"},
        format="json",
    )
    office_id = response.json()["resourceId"]
    items = api.get(URL).json()
    assert len(items) == 1
    item = items[0]
    assert item["actionName"] == "CREATE"
    assert item["entityName"] == "OFFICE"
    assert item["resourceId"] == office_id
    assert item["officeId"] == office_id
    assert item["officeName"] == "Garissa"
    assert item["maker"] == admin_user.username
    assert item["processingResult"] == "PROCESSED"
    assert item["changes"]["name"] == [None, "Garissa"]
    assert json.loads(item["commandAsJson"]) == item["changes"]
    made_on = datetime.datetime.fromisoformat(item["madeOnDate"])
    assert made_on.tzinfo is not None
    assert api.get(f"{URL}/{item['id']}").json() == item


def test_list_is_newest_first_and_capped_at_200(api, head_office):
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action_name="UPDATE",
            entity_name="CLIENT",
            resource_id=n,
            office=head_office,
            made_on=datetime.datetime(2024, 1, 1, tzinfo=UTC),
        )
        for n in range(205)
    )
    items = api.get(URL).json()
    assert len(items) == 200
    ids = [item["id"] for item in items]
    assert ids == sorted(ids, reverse=True)
    assert items[0]["resourceId"] == 204


def test_paged_answer_with_order_and_limits(api, head_office):
    for n, action in enumerate(["CREATE", "ACTIVATE", "UPDATE", "CLOSE"]):
        event(action_name=action, resource_id=n, office=head_office)
    body = api.get(f"{URL}?paged=true&limit=2").json()
    assert body["totalFilteredRecords"] == 4
    assert [i["actionName"] for i in body["pageItems"]] == ["CLOSE", "UPDATE"]
    body = api.get(f"{URL}?paged=true&offset=1&limit=2&orderBy=actionName&sortOrder=ASC").json()
    assert [i["actionName"] for i in body["pageItems"]] == ["CLOSE", "CREATE"]


def test_the_web_apps_columns_sort_by_office_client_and_result(
    api, head_office, make_office, make_client
):
    # The audit screen's sortable columns, as it asks: orderBy=<column>&sortOrder=ASC|DESC.
    zanzibar, arusha = make_office(name="Zanzibar"), make_office(name="Arusha")
    yusuf = make_client(firstname="Yusuf", lastname="Ali")
    baraka = make_client(firstname="Baraka", lastname="Mwita")
    first = event(office=zanzibar, client_id=yusuf.pk, processing_result="PROCESSED")
    second = event(office=arusha, client_id=baraka.pk, processing_result="ERROR")
    third = event(office=None, client_id=None, processing_result="REJECTED")

    def ids(order, direction="ASC", **extra):
        query = {"paged": "true", "orderBy": order, "sortOrder": direction, **extra}
        query["actionName"] = "UPDATE"  # the three events below, not the creations above
        response = api.get(URL, query)
        assert response.status_code == 200, response.json()
        return [item["id"] for item in response.json()["pageItems"]]

    # No office or client sorts first (blank), then by name.
    assert ids("officeName") == [third.pk, second.pk, first.pk]
    assert ids("clientName") == [third.pk, second.pk, first.pk]
    assert ids("clientName", "DESC") == [first.pk, second.pk, third.pk]
    assert ids("processingResult") == [second.pk, first.pk, third.pk]
    # Seek paging carries on after a row in the same order.
    assert ids("clientName", limit=1, afterId=second.pk) == [first.pk]


def test_each_event_names_its_client(api, head_office, make_client):
    # The web-app's audit CSV has a "Client" column: `clientName`.
    amina = make_client(firstname="Amina", lastname="Hassan")
    with_client = event(office=head_office, client_id=amina.pk)
    without = event(office=head_office)
    items = {i["id"]: i for i in api.get(URL).json()}
    assert items[with_client.pk]["clientName"] == "Amina Hassan"
    assert items[without.pk]["clientName"] is None
    assert api.get(f"{URL}/{with_client.pk}").json()["clientName"] == "Amina Hassan"


def test_checker_columns_are_null_and_order_as_the_id(api, head_office):
    # The audit screen's "Checker" and "Checked Date" headers sort too; Mteja has no checker.
    first, second = event(office=head_office), event(office=head_office)
    for order_by in ("checker", "checkedOnDate"):
        query = f"offset=0&limit=10&sortOrder=asc&orderBy={order_by}&paged=true"
        response = api.get(f"{URL}?{query}")
        assert response.status_code == 200, response.content
        items = response.json()["pageItems"]
        assert [i["id"] for i in items] == [first.pk, second.pk]
        assert {(i["checker"], i["checkedOnDate"]) for i in items} == {(None, None)}


def test_the_csv_downloads_no_limit_is_the_largest_page(api, head_office, settings):
    # The audit screen's Download asks limit=-1 (Fineract: no limit) with no sort chosen.
    settings.MTEJA_API_MAX_PAGE_SIZE = 3
    for n in range(5):
        event(office=head_office, resource_id=n)
    response = api.get(f"{URL}?offset=0&limit=-1&sortOrder=&orderBy=&paged=true")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["totalFilteredRecords"] == 5
    assert [i["resourceId"] for i in body["pageItems"]] == [4, 3, 2]


@pytest.mark.parametrize("result", ["²", "١"])
def test_a_processing_result_of_other_digits_than_ascii_is_400(api, result):
    """`str.isdigit()` takes a superscript, which int() refuses (a 500), and ١ (read as 1)."""
    response = api.get(f"{URL}?processingResult={result}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameterName"] == "processingResult"


def test_order_by_outside_the_allow_list_is_400(api):
    response = api.get(f"{URL}?paged=true&orderBy=changes;drop table")
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameterName"] == "orderBy"


def test_filters(api, make_user, make_office, head_office):
    branch = make_office("Kitale")
    other = make_user(username="other-maker")
    event(action_name="CREATE", entity_name="CLIENT", resource_id=7, client_id=7, office=branch)
    event(action_name="ACTIVATE", entity_name="CLIENT", resource_id=7, client_id=7, maker=other)
    # An id no office of the test's own takes (PostgreSQL's sequences go on across tests).
    event(action_name="CREATE", entity_name="OFFICE", resource_id=900_003, office=head_office)
    event(action_name="ASSOCIATECLIENTS", entity_name="GROUP", resource_id=4, group_id=4)

    def ids_for(query):
        response = api.get(f"{URL}?{query}")
        assert response.status_code == 200, response.json()
        return sorted((i["actionName"], i["entityName"]) for i in response.json())

    # make_office journaled the creation of Kitale too.
    assert ids_for("actionName=CREATE") == [
        ("CREATE", "CLIENT"),
        ("CREATE", "OFFICE"),
        ("CREATE", "OFFICE"),
    ]
    assert ids_for("entityName=client") == [("ACTIVATE", "CLIENT"), ("CREATE", "CLIENT")]
    assert ids_for("resourceId=900003") == [("CREATE", "OFFICE")]
    assert ids_for(f"makerId={other.pk}") == [("ACTIVATE", "CLIENT")]
    assert ids_for(f"officeId={branch.pk}") == [("CREATE", "CLIENT"), ("CREATE", "OFFICE")]
    assert ids_for("clientId=7&actionName=ACTIVATE") == [("ACTIVATE", "CLIENT")]
    # Only a group's events hold one (its index keeps no other: decision 243).
    assert ids_for("groupId=4") == [("ASSOCIATECLIENTS", "GROUP")]
    assert ids_for("groupId=7") == []
    assert ids_for("entityName=GROUP&resourceId=4") == [("ASSOCIATECLIENTS", "GROUP")]
    assert ids_for("processingResult=1") == ids_for("")
    assert ids_for("processingResult=ERROR") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("makerDateTimeFrom=2024-05-02 00:00:00", ["second", "third"]),
        ("makerDateTimeTo=2024-05-02 12:00:00", ["first", "second"]),
        ("makerDateTimeFrom=2024-05-02&makerDateTimeTo=2024-05-02", ["second"]),
        ("makerDateTimeFrom=2024-05-02T11:00:00%2B02:00", ["second", "third"]),
        ("makerDateTimeFrom=2024-05-02T09:00:01Z", ["third"]),
    ],
)
def test_date_time_range(api, head_office, query, expected):
    for label, day, hour in (("first", 1, 9), ("second", 2, 9), ("third", 3, 9)):
        event(
            office=head_office,
            resource_external_id=label,
            at=datetime.datetime(2024, 5, day, hour, tzinfo=UTC),
        )
    found = sorted(i["resourceExternalId"] for i in api.get(f"{URL}?{query}").json())
    assert found == expected


@pytest.mark.parametrize(
    "query",
    [
        "makerDateTimeFrom=yesterday",
        "makerDateTimeTo=2024-13-01 00:00:00",
        "resourceId=abc",
        "makerId=-1",
        "paged=perhaps",
        "processingResult=9",
        "paged=true&sortOrder=sideways",
        "paged=true&limit=x",
        "paged=true&limit=-2",  # only -1 means "no limit"
    ],
)
def test_malformed_queries_are_400(api, query):
    response = api.get(f"{URL}?{query}")
    assert response.status_code == 400, response.content
    assert response.json()["httpStatusCode"] == "400"


def test_branch_auditor_sees_only_its_subtree_and_no_office_free_events(
    api_as, make_user, make_office, head_office
):
    east = make_office("East")
    east_sub = make_office("East sub", parent=east)
    west = make_office("West")
    mine = event(office=east_sub, resource_id=1)
    theirs = event(office=west, resource_id=2)
    global_event = event(office=None, entity_name="ROLE", resource_id=3)
    auditor = make_user(("READ_AUDIT",), office=east)
    client = api_as(auditor)
    visible = client.get(URL).json()
    assert {i["officeId"] for i in visible} == {east.pk, east_sub.pk}
    assert [i["id"] for i in visible if i["entityName"] == "CLIENT"] == [mine.pk]
    assert client.get(f"{URL}/{mine.pk}").status_code == 200
    for hidden in (theirs, global_event):
        response = client.get(f"{URL}/{hidden.pk}")
        assert response.status_code == 404
        assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
            "error.msg.audit.id.invalid"
        )
    head = make_user(("READ_AUDIT",), office=head_office)
    seen = {i["id"] for i in api_as(head).get(URL).json()}
    assert {mine.pk, theirs.pk, global_event.pk} <= seen


def test_absent_event_is_404(api):
    response = api.get(f"{URL}/987654")
    assert response.status_code == 404
    assert response.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.audit.id.invalid"
    )


def test_reading_needs_read_audit(api_as, make_user):
    client = api_as(make_user(("READ_CLIENT",)))
    for path in (URL, f"{URL}/1", f"{URL}/searchtemplate"):
        assert client.get(path).status_code == 403


@pytest.mark.parametrize("method", ["put", "patch", "delete", "post"])
def test_the_journal_cannot_be_edited_over_http(api, head_office, method):
    kept = event(office=head_office)
    for path in (URL, f"{URL}/{kept.pk}"):
        response = getattr(api, method)(path, {"changes": {}}, format="json")
        assert response.status_code == 405
        assert response.json()["userMessageGlobalisationCode"] == "error.msg.method.not.allowed"
    kept.refresh_from_db()
    assert kept.changes == {"firstname": ["Ann", "Anne"]}


def test_search_template(api, api_as, make_user, make_office, head_office):
    branch = make_office("Nyeri")
    local = make_user(("READ_AUDIT",), office=branch, username="nyeri-auditor")
    event(office=head_office, action_name="ACTIVATE")
    body = api.get(f"{URL}/searchtemplate").json()
    assert "nyeri-auditor" in [u["username"] for u in body["appUsers"]]
    assert set(body["appUsers"][0]) == {"id", "username"}
    assert "ACTIVATE" in body["actionNames"]
    assert "CLIENT" in body["entityNames"]
    assert {"id": 1, "processingResult": "PROCESSED"} in body["processingResults"]
    # A branch auditor is offered only the users of its own subtree.
    branch_view = api_as(local).get(f"{URL}/searchtemplate").json()
    assert [u["username"] for u in branch_view["appUsers"]] == ["nyeri-auditor"]


def test_list_runs_a_fixed_number_of_queries(api, make_office):
    offices = [make_office() for _ in range(2)]

    def count(query):
        with CaptureQueriesContext(connection) as queries:
            assert api.get(f"{URL}{query}").status_code == 200
        return len(queries)

    count(""), count("?paged=true")  # this worker reads the offices and users it keeps
    few = (count(""), count("?paged=true"))
    for office in offices * 10:
        event(office=office)
    count(""), count("?paged=true")  # and the new ones, once
    assert (count(""), count("?paged=true")) == few
