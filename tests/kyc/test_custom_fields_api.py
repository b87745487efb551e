"""Custom fields of clients through Fineract's /datatables (apptable m_client, one row per
client): definitions with every column type and Mteja's min/max/regex, values checked per
column with every problem at once, the audit journal, permissions and scope, and the
mandatory fields that block activation."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mteja.clients import services
from mteja.clients.kyc import custom_fields
from mteja.clients.models import ClientStatus, CustomField, CustomRow, CustomTable
from mteja.core.errors import DomainError
from mteja.core.models import AuditEvent
from mteja.organisation.models import CodeValue

from .conftest import BASE, TODAY, codes_of

pytestmark = pytest.mark.django_db

URL = f"{BASE}/datatables"
TABLE = "extra_details"
COLUMNS = [
    {"name": "Favourite colour", "type": "String", "length": 10, "regex": "[A-Za-z ]+"},
    {"name": "notes", "type": "Text"},
    {"name": "household size", "type": "Number", "min": 1, "max": 30, "mandatory": True},
    {"name": "land acres", "type": "Decimal", "min": 0, "max": "1000.5"},
    {"name": "registered on", "type": "Date"},
    {"name": "owns phone", "type": "boolean"},
    {"name": "region", "type": "Dropdown", "code": "STATE"},
]


def params_of(response):
    return [e["parameterName"] for e in response.json()["errors"]]


@pytest.fixture
def table(api):
    response = api.post(
        URL,
        {"datatableName": TABLE, "apptableName": "m_client", "multiRow": False, "columns": COLUMNS},
        "json",
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {"resourceIdentifier": TABLE}
    return CustomTable.objects.get(name=TABLE)


@pytest.fixture
def state(code_value):
    return lambda index=0: code_value("STATE", index)


def entry_url(client_id, name=TABLE):
    return f"{URL}/{name}/{client_id}"


def good_values(state, **extra):
    return {
        "Favourite colour": "Blue",
        "notes": "Sells maize at the market.",
        "household size": 5,
        "land acres": "2.75",
        "registered on": "14 March 2024",
        "owns phone": True,
        "region": state(),
        "dateFormat": "dd MMMM yyyy",
        "locale": "en",
        **extra,
    }


def events(**filters):
    return list(AuditEvent.objects.filter(entity_name="DATATABLE", **filters).order_by("id"))


# --- definitions ----------------------------------------------------------------------------


def test_a_definition_lists_and_reads_back_in_fineracts_shape(api, table, state):
    listed = api.get(f"{URL}?apptable=m_client")
    assert listed.status_code == 200
    (got,) = listed.json()
    assert got == api.get(f"{URL}/{TABLE}").json()
    assert got["applicationTableName"] == "m_client"
    assert got["registeredTableName"] == TABLE
    assert got["multiRow"] is False
    headers = got["columnHeaderData"]
    assert [h["columnName"] for h in headers] == ["client_id", *(c["name"] for c in COLUMNS)]
    assert headers[0]["isColumnPrimaryKey"] is True
    by_name = {h["columnName"]: h for h in headers}
    assert by_name["Favourite colour"]["columnDisplayType"] == "STRING"
    assert by_name["Favourite colour"]["columnLength"] == 10
    assert by_name["Favourite colour"]["regex"] == "[A-Za-z ]+"
    assert by_name["notes"]["columnDisplayType"] == "TEXT"
    assert by_name["household size"]["columnDisplayType"] == "INTEGER"
    assert by_name["household size"]["isColumnNullable"] is False
    assert (by_name["household size"]["min"], by_name["household size"]["max"]) == (1, 30)
    assert by_name["land acres"]["columnDisplayType"] == "DECIMAL"
    assert by_name["land acres"]["max"] == 1000.5
    assert by_name["registered on"]["columnDisplayType"] == "DATE"
    assert by_name["owns phone"]["columnDisplayType"] == "BOOLEAN"
    assert by_name["owns phone"]["type"] == "Boolean"
    region = by_name["region"]
    assert (region["columnDisplayType"], region["columnCode"]) == ("CODELOOKUP", "STATE")
    assert region["columnValues"][0]["id"] == state()
    active_states = CodeValue.objects.filter(code__name="STATE", is_active=True).count()
    assert len(region["columnValues"]) == active_states
    # Other application tables have no custom fields here.
    assert api.get(f"{URL}?apptable=m_loan").json() == []
    assert api.get(f"{URL}/nothing").status_code == 404
    assert codes_of(api.get(f"{URL}/nothing")) == ["error.msg.datatable.not.found"]


def test_creating_a_definition_is_audited(table, admin_user):
    (event,) = events()
    assert (event.action_name, event.resource_id, event.resource_external_id) == (
        "CREATE",
        table.pk,
        TABLE,
    )
    assert event.office_id is None and event.client_id is None
    assert event.maker == admin_user
    assert event.changes["datatableName"] == [None, TABLE]
    assert event.changes["columns.household size"][1]["mandatory"] is True
    assert event.changes["columns.region"][1]["code_id"] is not None


def test_every_definition_problem_comes_back_at_once(api):
    response = api.post(
        URL,
        {
            "datatableName": "9lives",
            "apptableName": "m_loan",
            "multiRow": True,
            "columns": [
                {"name": "a", "type": "String"},
                {"name": "b", "type": "Colour"},
                {"name": "c", "type": "Dropdown"},
                {"name": "d", "type": "Number", "regex": "[0-9]+", "length": 5},
                {"name": "e", "type": "String", "length": 5, "regex": "(["},
                {"name": "f", "type": "Decimal", "min": 10, "max": 1},
                {"name": "F", "type": "Date"},
                {"name": "client_id", "type": "Number"},
                {"name": "g", "type": "Boolean", "colour": "red"},
                {"name": "h", "type": "Date", "min": 1},
                {"name": "i", "type": "Number", "min": 1.5},
                {"name": "j", "type": "String", "length": 5000},
                {"name": "k", "type": "Text", "code": "STATE"},
            ],
        },
        "json",
    )
    assert response.status_code == 400
    got = set(zip(params_of(response), codes_of(response), strict=True))
    assert got == {
        ("datatableName", "validation.msg.datatable.datatableName.is.invalid"),
        ("apptableName", "validation.msg.datatable.apptableName.is.not.within.expected.range"),
        ("multiRow", "validation.msg.datatable.multiRow.not.supported"),
        ("columns[0].length", "validation.msg.datatable.column.length.cannot.be.blank"),
        ("columns[1].type", "validation.msg.datatable.column.type.is.not.within.expected.range"),
        ("columns[2].code", "validation.msg.datatable.column.code.cannot.be.blank"),
        ("columns[3].regex", "validation.msg.datatable.column.regex.not.allowed.for.type"),
        ("columns[3].length", "validation.msg.datatable.column.length.not.allowed.for.type"),
        ("columns[4].regex", "validation.msg.datatable.column.regex.is.invalid"),
        ("columns[5].min", "validation.msg.datatable.column.min.exceeds.max"),
        ("columns[6].name", "validation.msg.datatable.column.name.is.duplicated"),
        ("columns[7].name", "validation.msg.datatable.column.name.is.reserved"),
        ("columns[8].colour", "error.msg.parameter.unsupported"),
        ("columns[9].min", "validation.msg.datatable.column.min.not.allowed.for.type"),
        ("columns[10].min", "validation.msg.datatable.column.min.not.a.whole.number"),
        (
            "columns[11].length",
            "validation.msg.datatable.column.length.is.not.within.expected.range",
        ),
        ("columns[12].code", "validation.msg.datatable.column.code.not.allowed.for.type"),
    }
    assert not CustomTable.objects.exists()


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"columns": []}, 400, "validation.msg.datatable.columns.cannot.be.blank"),
        ({"datatableName": "m_client_extra"}, 400,
         "validation.msg.datatable.datatableName.not.allowed.to.start.with.m_"),
        ({"columns": [{"name": "x", "type": "Dropdown", "code": "No such list"}]}, 404,
         "error.msg.code.name.invalid"),
        ({"entitySubType": "Person"}, 400, "validation.msg.datatable.entitySubType.not.supported"),
        ({"columns": [{"name": "x", "type": "DateTime"}]}, 400,
         "validation.msg.datatable.column.type.is.not.within.expected.range"),
        ({"columns": [{"name": "x", "type": "Text", "unique": True}]}, 400,
         "validation.msg.datatable.column.unique.not.supported"),
    ],
)  # fmt: skip
def test_definition_rules(api, body, status, code):
    payload = {
        "datatableName": "more",
        "apptableName": "m_client",
        "columns": [{"name": "x", "type": "Text"}],
        **body,
    }
    response = api.post(URL, payload, "json")
    assert response.status_code == status, response.json()
    assert codes_of(response) == [code]


def test_a_name_is_registered_once(api, table):
    response = api.post(
        URL,
        {
            "datatableName": TABLE,
            "apptableName": "m_client",
            "columns": [{"name": "x", "type": "Text"}],
        },
        "json",
    )
    assert response.status_code == 403
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.datatable.registered"


def test_definitions_need_the_datatable_permissions(api_as, make_user, table):
    reader = api_as(make_user(("READ_DATATABLE",)))
    assert reader.get(URL).status_code == 200
    assert reader.get(f"{URL}/{TABLE}").status_code == 200
    body = {"datatableName": "x1", "apptableName": "m_client", "columns": COLUMNS[:1]}
    assert reader.post(URL, body, "json").status_code == 403
    assert reader.delete(f"{URL}/{TABLE}").status_code == 403
    assert api_as(make_user(("READ_CLIENT",))).get(URL).status_code == 403
    creator = api_as(make_user(("CREATE_DATATABLE",)))
    assert creator.post(URL, body, "json").status_code == 200


# --- values ---------------------------------------------------------------------------------


def test_a_clients_values_are_written_read_changed_and_removed(api, table, make_client, state):
    client = make_client()
    url = entry_url(client.pk)
    assert api.get(url).json() == []

    response = api.post(url, good_values(state), "json")
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "resourceId": client.pk,
        "officeId": client.office_id,
        "clientId": client.pk,
    }
    assert api.get(url).json() == [
        {
            "client_id": client.pk,
            "Favourite colour": "Blue",
            "notes": "Sells maize at the market.",
            "household size": 5,
            "land acres": 2.75,
            "registered on": [2024, 3, 14],
            "owns phone": True,
            "region": state(),
        }
    ]
    row = CustomRow.objects.get()
    assert row.values["land acres"] == "2.75"
    assert row.values["registered on"] == "2024-03-14"

    response = api.put(
        url,
        {"household size": 6, "notes": None, "registered on": "2024-04-01", "land acres": 3.5},
        "json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["changes"] == {
        "household size": 6,
        "notes": None,
        "registered on": [2024, 4, 1],
        "land acres": 3.5,
    }
    got = api.get(url).json()[0]
    assert (got["household size"], got["notes"]) == (6, None)
    # Saying the same again changes nothing.
    assert "changes" not in api.put(url, {"household size": 6}, "json").json()

    assert api.delete(url).status_code == 200
    assert api.get(url).json() == []
    assert not CustomRow.objects.exists()


def test_the_generic_result_set(api, table, make_client, state):
    client = make_client()
    api.post(entry_url(client.pk), good_values(state), "json")
    got = api.get(f"{entry_url(client.pk)}?genericResultSet=true").json()
    assert [h["columnName"] for h in got["columnHeaders"]][:2] == ["client_id", "Favourite colour"]
    assert got["data"] == [
        {"row": [client.pk, "Blue", "Sells maize at the market.", 5, 2.75, [2024, 3, 14], True,
                 state()]}
    ]  # fmt: skip
    assert api.get(f"{entry_url(client.pk)}?genericResultSet=false").json()[0]["client_id"]
    empty = api.get(f"{entry_url(make_client().pk)}?genericResultSet=true").json()
    assert empty["data"] == []


def test_one_row_per_client_and_table(api, table, make_client, state):
    client = make_client()
    assert api.post(entry_url(client.pk), good_values(state), "json").status_code == 200
    response = api.post(entry_url(client.pk), good_values(state), "json")
    assert response.status_code == 403
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.datatable.entry.duplicate"
    other = make_client()
    response = api.put(entry_url(other.pk), {"notes": "x"}, "json")
    assert response.status_code == 404
    assert codes_of(response) == ["error.msg.datatable.entry.not.found"]
    assert api.delete(entry_url(other.pk)).status_code == 404
    assert api.post(entry_url(client.pk, "nothing"), {}, "json").status_code == 404
    assert api.get(entry_url(99999999)).status_code == 404


def test_every_value_problem_comes_back_at_once(api, table, make_client, state, code_value):
    inactive = CodeValue.objects.filter(code__name="STATE").order_by("id").last()
    inactive.is_active = False
    inactive.save()
    client = make_client()
    response = api.post(
        entry_url(client.pk),
        {
            "Favourite colour": "Blue-green!",
            "notes": "x" * 65536,
            "household size": 31,
            "land acres": "-1",
            "registered on": "31/02/2024",
            "owns phone": "perhaps",
            "region": code_value("COUNTRY"),
            "shoe size": 42,
            "dateFormat": "dd/MM/yyyy",
        },
        "json",
    )
    assert response.status_code == 400
    assert set(zip(params_of(response), codes_of(response), strict=True)) == {
        ("Favourite colour", f"validation.msg.{TABLE}.Favourite colour.exceeds.max.length"),
        ("notes", f"validation.msg.{TABLE}.notes.exceeds.max.length"),
        ("household size", f"validation.msg.{TABLE}.household size.is.greater.than.max.value"),
        ("land acres", f"validation.msg.{TABLE}.land acres.is.less.than.min.value"),
        ("registered on", f"validation.msg.{TABLE}.registered on.invalid.date.format"),
        ("owns phone", f"validation.msg.{TABLE}.owns phone.is.invalid"),
        ("region", f"validation.msg.{TABLE}.region.invalid.code.value"),
        ("shoe size", "error.msg.parameter.unsupported"),
    }
    response = api.post(entry_url(client.pk), good_values(state, region=inactive.pk), "json")
    assert codes_of(response) == [f"validation.msg.{TABLE}.region.invalid.code.value"]
    assert not CustomRow.objects.exists()


@pytest.mark.parametrize(
    ("column", "value", "rule"),
    [
        ("Favourite colour", "Blue2", "does.not.match.regex"),
        ("Favourite colour", True, "is.invalid"),
        ("notes", "Sells\x00 maize", "contains.nul"),  # (SQLite's export would end it there)
        ("household size", 2.5, "not.a.whole.number"),
        ("household size", "many", "is.not.a.number"),
        ("household size", 0, "is.less.than.min.value"),
        ("land acres", "1.1234567", "exceeds.max.decimal.places"),
        ("land acres", "1000.51", "is.greater.than.max.value"),
        ("land acres", [1], "is.not.a.number"),
        ("region", "abc", "is.invalid"),
    ],
)
def test_value_rules(api, table, make_client, state, column, value, rule):
    response = api.post(entry_url(make_client().pk), good_values(state, **{column: value}), "json")
    assert response.status_code == 400
    assert codes_of(response) == [f"validation.msg.{TABLE}.{column}.{rule}"]


def test_a_text_holding_a_nul_is_refused_by_the_field_and_nothing_is_written(
    api, table, make_client, state
):
    """As every other text field: SQLite's CSV export would end the text at it."""
    client = make_client()
    response = api.post(entry_url(client.pk), good_values(state, notes="a\x00b"), "json")
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["parameterName"] == "notes"
    assert error["defaultUserMessage"] == "“notes” holds a NUL character."
    assert not CustomRow.objects.filter(client=client).exists()


def test_values_are_read_with_the_requests_locale(api, table, make_client, state):
    client = make_client()
    body = good_values(
        state,
        **{"land acres": "2,5", "registered on": "14 mars 2024", "region": str(state(1))},
        locale="fr",
    )
    response = api.post(entry_url(client.pk), body, "json")
    assert response.status_code == 200, response.json()
    got = api.get(entry_url(client.pk)).json()[0]
    assert (got["land acres"], got["registered on"]) == (2.5, [2024, 3, 14])
    assert got["region"] == state(1)
    # Fineract's name of a drop-down column is accepted too; ISO dates without a format.
    response = api.put(
        entry_url(client.pk), {"STATE_cd_region": state(2), "registered on": "2024-01-02"}, "json"
    )
    assert response.status_code == 200, response.json()
    assert api.get(entry_url(client.pk)).json()[0]["region"] == state(2)


def test_mandatory_columns_are_filled_on_creation_and_never_blanked(api, table, make_client, state):
    client = make_client()
    body = good_values(state)
    del body["household size"]
    response = api.post(entry_url(client.pk), body, "json")
    assert codes_of(response) == [f"validation.msg.{TABLE}.household size.cannot.be.blank"]
    assert api.post(entry_url(client.pk), good_values(state), "json").status_code == 200
    response = api.put(entry_url(client.pk), {"household size": ""}, "json")
    assert codes_of(response) == [f"validation.msg.{TABLE}.household size.cannot.be.blank"]
    response = api.put(entry_url(client.pk), {}, "json")
    assert codes_of(response) == [f"validation.msg.{TABLE}.no.parameters.for.update"]
    assert api.put(entry_url(client.pk), [1, 2], "json").status_code == 400


def test_value_writes_are_audited_with_the_client(api, table, make_client, state, admin_user):
    client = make_client()
    api.post(entry_url(client.pk), good_values(state), "json")
    api.put(entry_url(client.pk), {"household size": 7, "owns phone": False}, "json")
    api.delete(entry_url(client.pk))
    created, updated, deleted = events(client_id=client.pk)
    for event in (created, updated, deleted):
        assert (event.resource_id, event.resource_external_id) == (table.pk, TABLE)
        assert event.office_id == client.office_id
        assert event.maker == admin_user
    assert [e.action_name for e in (created, updated, deleted)] == ["CREATE", "UPDATE", "DELETE"]
    assert created.changes["household size"] == [None, 5]
    assert created.changes["registered on"] == [None, "2024-03-14"]
    assert updated.changes == {"household size": [5, 7], "owns phone": [True, False]}
    assert deleted.changes["household size"] == [7, None]
    assert created.subresource_id == updated.subresource_id == deleted.subresource_id
    # The client's history lists them (GET /audits?clientId=).
    listed = api.get(f"{BASE}/audits?clientId={client.pk}&entityName=DATATABLE").json()
    assert len(listed) == 3


def test_values_need_the_client_permissions_and_scope(
    api_as, make_user, table, make_client, state, branch_a, branch_b
):
    client = make_client(branch_a)
    reader = api_as(make_user(("READ_CLIENT",)))
    assert reader.get(entry_url(client.pk)).status_code == 200
    assert reader.post(entry_url(client.pk), good_values(state), "json").status_code == 403
    writer = api_as(make_user(("UPDATE_CLIENT",)))
    assert writer.post(entry_url(client.pk), good_values(state), "json").status_code == 200
    assert writer.put(entry_url(client.pk), {"notes": "y"}, "json").status_code == 200
    assert writer.delete(entry_url(client.pk)).status_code == 200
    # Another branch: the client is unknown, to read and to write alike.
    elsewhere = api_as(make_user(("ALL_FUNCTIONS",), office=branch_b))
    assert elsewhere.get(entry_url(client.pk)).status_code == 404
    response = elsewhere.post(entry_url(client.pk), good_values(state), "json")
    assert response.status_code == 404
    assert elsewhere.put(entry_url(client.pk), {"notes": "y"}, "json").status_code == 404
    assert elsewhere.delete(entry_url(client.pk)).status_code == 404
    assert not CustomRow.objects.exists()


# --- changing and deleting definitions ------------------------------------------------------


def test_columns_are_added_renamed_changed_and_dropped(api, table, make_client, state):
    client = make_client()
    api.post(entry_url(client.pk), good_values(state), "json")
    response = api.put(
        f"{URL}/{TABLE}",
        {
            "addColumns": [{"name": "spouse name", "type": "String", "length": 50}],
            "changeColumns": [
                {"name": "notes", "newName": "remarks", "length": 200},
                {"name": "household size", "mandatory": False, "max": 40},
            ],
            "dropColumns": [{"name": "owns phone"}],
        },
        "json",
    )
    assert response.status_code == 200, response.json()
    changes = response.json()["changes"]
    assert changes["columns.notes.name"] == ["notes", "remarks"]
    assert changes["columns.remarks.length"] == [None, 200]
    assert changes["columns.household size.mandatory"] == [True, False]
    assert changes["columns.household size.maximum"] == ["30.000000", "40"]
    assert changes["columns.owns phone"][1] is None
    assert changes["columns.spouse name"][0] is None
    got = api.get(entry_url(client.pk)).json()[0]
    assert got["remarks"] == "Sells maize at the market."  # the value followed the new name
    assert "notes" not in got and "owns phone" not in got
    assert got["spouse name"] is None
    assert "owns phone" not in CustomRow.objects.get().values
    names = [h["columnName"] for h in api.get(f"{URL}/{TABLE}").json()["columnHeaderData"]]
    assert names[-1] == "spouse name"
    (event,) = events(action_name="UPDATE")
    assert event.changes == changes
    # A dropped column's values do not come back with a new column of that name.
    api.put(f"{URL}/{TABLE}", {"addColumns": [{"name": "owns phone", "type": "Text"}]}, "json")
    assert api.get(entry_url(client.pk)).json()[0]["owns phone"] is None


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"changeColumns": [{"name": "notes", "type": "String"}]},
         "error.msg.parameter.unsupported"),
        ({"changeColumns": [{"name": "nope", "mandatory": True}]},
         "validation.msg.datatable.column.name.does.not.exist"),
        ({"changeColumns": [{"name": "notes", "newName": "region"}]},
         "validation.msg.datatable.column.name.is.duplicated"),
        ({"dropColumns": [{"name": "nope"}]},
         "validation.msg.datatable.column.name.does.not.exist"),
        ({"dropColumns": [{"name": c["name"]} for c in COLUMNS]},
         "validation.msg.datatable.dropColumns.would.leave.no.columns"),
        ({"addColumns": [{"name": "notes", "type": "Text"}]},
         "validation.msg.datatable.column.name.is.duplicated"),
        ({"addColumns": {"name": "x"}}, "validation.msg.datatable.addColumns.is.invalid"),
        ({"apptableName": "m_loan"},
         "validation.msg.datatable.apptableName.is.not.within.expected.range"),
        ({}, "validation.msg.datatable.no.parameters.for.update"),
    ],
)  # fmt: skip
def test_definition_change_rules(api, table, body, code):
    response = api.put(f"{URL}/{TABLE}", body, "json")
    assert response.status_code == 400, response.json()
    assert codes_of(response) == [code]


def test_a_drop_downs_list_changes_only_while_no_client_uses_it(api, table, make_client, state):
    change = {"changeColumns": [{"name": "region", "newCode": "COUNTRY"}]}
    client = make_client()
    api.post(entry_url(client.pk), good_values(state), "json")
    response = api.put(f"{URL}/{TABLE}", change, "json")
    assert codes_of(response) == ["validation.msg.datatable.column.code.in.use"]
    api.put(entry_url(client.pk), {"region": None}, "json")
    assert api.put(f"{URL}/{TABLE}", change, "json").status_code == 200
    assert CustomField.objects.get(name="region").code.name == "COUNTRY"


def test_a_table_with_values_cannot_be_deleted(api, table, make_client, state):
    client = make_client()
    api.post(entry_url(client.pk), good_values(state), "json")
    response = api.delete(f"{URL}/{TABLE}")
    assert response.status_code == 403
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.datatable.not.empty"
    api.delete(entry_url(client.pk))
    response = api.delete(f"{URL}/{TABLE}")
    assert response.status_code == 200
    assert response.json() == {"resourceIdentifier": TABLE}
    assert not CustomTable.objects.exists() and not CustomField.objects.exists()
    deleted = events(action_name="DELETE", client_id=None)[-1]
    assert deleted.changes["datatableName"] == [TABLE, None]
    assert api.delete(f"{URL}/{TABLE}").status_code == 404


# --- mandatory fields block activation ------------------------------------------------------


def activate(api, client_id):
    return api.post(
        f"{BASE}/clients/{client_id}?command=activate",
        {"activationDate": TODAY.isoformat()},
        "json",
    )


def test_a_mandatory_field_without_a_value_blocks_activation(api, table, make_client, state):
    client = make_client()
    response = activate(api, client.pk)
    assert response.status_code == 403
    body = response.json()
    assert body["userMessageGlobalisationCode"] == "validation.msg.domain.rule.violation"
    (error,) = body["errors"]
    assert (
        error["userMessageGlobalisationCode"] == f"error.msg.entry.required.in.datatable.[{TABLE}]"
    )
    assert "household size" in error["defaultUserMessage"]
    client.refresh_from_db()
    assert client.status == ClientStatus.PENDING

    api.post(entry_url(client.pk), good_values(state), "json")
    assert activate(api, client.pk).status_code == 200


def test_a_column_made_mandatory_later_blocks_only_new_activations(
    api, request, make_client, state, client_in
):
    active = client_in(ClientStatus.ACTIVE)  # activated before the table existed
    request.getfixturevalue("table")
    filled = make_client()
    api.post(entry_url(filled.pk), good_values(state), "json")
    api.put(
        f"{URL}/{TABLE}",
        {"changeColumns": [{"name": "notes", "mandatory": True}], "addColumns": [
            {"name": "income band", "type": "String", "length": 5, "mandatory": True}]},
        "json",
    )  # fmt: skip
    # The already active client stays active and editable.
    assert api.put(f"{BASE}/clients/{active.pk}", {"middlename": "X"}, "json").status_code == 200
    response = activate(api, filled.pk)
    assert response.status_code == 403
    assert "income band" in response.json()["errors"][0]["defaultUserMessage"]
    api.put(entry_url(filled.pk), {"income band": "B"}, "json")
    assert activate(api, filled.pk).status_code == 200


def test_the_service_reports_what_activation_lacks(table, make_client):
    client = make_client()
    (missing,) = custom_fields.missing_mandatory(client)
    assert (missing.table.name, missing.columns) == (TABLE, ["household size"])
    with pytest.raises(DomainError) as refused:
        services.client_activate(actor=None, client=client, activation_date=TODAY)
    assert refused.value.first.code == f"error.msg.entry.required.in.datatable.[{TABLE}]"
    assert refused.value.first.args[0] == TABLE


def test_the_client_template_lists_the_tables(api, table):
    template = api.get(f"{BASE}/clients/template").json()
    (got,) = template["datatables"]
    assert got["registeredTableName"] == TABLE


# --- malformed input never gives a 500 ------------------------------------------------------

FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["", " ", "1", "-1", "1e999", "NaN", "2024-06-01", "14 March 2024", "x" * 70])
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
COLUMN_KEYS = ["name", "type", "length", "mandatory", "code", "min", "max", "regex", "label",
               "newName", "newCode"]  # fmt: skip
columns = st.lists(
    st.dictionaries(
        st.sampled_from(COLUMN_KEYS),
        st.sampled_from(["String", "Number", "Decimal", "Dropdown", "STATE", "notes", "region"])
        | json_values,
        max_size=6,
    )
    | json_values,
    max_size=4,
)
value_keys = st.sampled_from([*(c["name"] for c in COLUMNS), "STATE_cd_region", "dateFormat",
                              "locale"]) | st.text(max_size=8)  # fmt: skip
values = st.dictionaries(value_keys, json_values, max_size=6) | json_values


def assert_fineract_answer(response, allowed=(200, 400, 403, 404)):
    assert response.status_code in allowed, (response.status_code, response.content[:500])
    if response.status_code != 200:
        assert response.json()["userMessageGlobalisationCode"]


def send(api, method, url, body):
    return api.generic(method, url, json.dumps(body), content_type="application/json")


@FUZZ
@given(name=st.text(max_size=60) | json_values, cols=columns | json_values, multi=json_values)
def test_definitions_never_fail_with_a_500(api, name, cols, multi):
    body = {"datatableName": name, "apptableName": "m_client", "columns": cols, "multiRow": multi}
    assert_fineract_answer(send(api, "POST", URL, body))


@FUZZ
@given(add=columns | json_values, change=columns | json_values, drop=columns | json_values)
def test_definition_changes_never_fail_with_a_500(api, table, add, change, drop):
    body = {"addColumns": add, "changeColumns": change, "dropColumns": drop}
    assert_fineract_answer(send(api, "PUT", f"{URL}/{TABLE}", body))


@FUZZ
@given(body=values, method=st.sampled_from(["POST", "PUT"]))
def test_values_never_fail_with_a_500(api, table, make_client, body, method):
    client = make_client()
    if method == "PUT":
        custom_fields.custom_row_create(
            actor=None, table=table, client=client, values={"household size": 2}
        )
    assert_fineract_answer(send(api, method, entry_url(client.pk), body))
