"""The OpenAPI schema describes the answers Mteja really gives (issue 9, item 8): each finding
of a schemathesis run, kept as a test of its own."""

import json

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from tests.api.openapi_support import (
    AS_DOCUMENTED,
    PREFIX,
    auth_headers,
    published_schema,
    request_body_errors,
)

from mteja.core.models import AuditEvent
from mteja.organisation.models import Code

pytestmark = pytest.mark.django_db

schema = published_schema()


def call(method: str, path: str, **parts):
    """Calls the documented operation `method path` as root; checks its answer against the
    schema (status, content type, body) and returns it."""
    case = schema[PREFIX + path][method].Case(headers=auth_headers(), **parts)
    response = case.call()
    case.validate_response(response, checks=AS_DOCUMENTED)
    return response


def test_every_operation_documents_fineracts_error_body():
    document = SchemaGenerator().get_schema(request=None, public=True)
    error = {"$ref": "#/components/schemas/FineractError"}
    undocumented = [
        f"{method.upper()} {path} {status}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for status in ("400", "401", "403", "404", "409")
        if operation["responses"].get(status, {}).get("content", {}).get("application/json")
        != {"schema": error}
    ]
    assert not undocumented


def test_a_refusal_answers_the_documented_error_body(admin_user):
    missing = call("GET", "/clients/{id}", path_parameters={"id": 999999})
    assert missing.status_code == 404
    invalid = call("GET", "/clients", query={"legalForm": 7})
    assert invalid.status_code == 400
    assert invalid.json()["errors"][0]["parameterName"] == "legalForm"


def test_delete_is_documented_as_the_200_and_body_it_answers(admin_user, api):
    code_id = api.post(f"{PREFIX}/codes", {"name": "Savings purpose"}, format="json").json()[
        "resourceId"
    ]
    deleted = call("DELETE", "/codes/{id}", path_parameters={"id": code_id})
    assert deleted.status_code == 200
    assert deleted.json()["resourceId"] == code_id


def test_client_list_matches_the_schema_where_values_are_null(admin_user, make_client):
    make_client(active=True)  # no staff, no date of birth, no transfer: nulls in the list
    page = call("GET", "/clients").json()
    item = page["pageItems"][0]
    assert item["staffName"] is None and item["dateOfBirth"] is None


def test_paged_audits_are_documented_as_the_object_they_are(admin_user, make_client):
    make_client()
    paged = call("GET", "/audits", query={"paged": True}).json()
    assert paged["totalFilteredRecords"] >= 1 and paged["pageItems"]
    assert isinstance(call("GET", "/audits").json(), list)


def test_a_list_with_an_empty_part_past_an_offset_is_empty_not_a_server_error(
    admin_user, make_client
):
    make_client(active=True)
    page = call("GET", "/clients", query={"mobileNo": "not a phone", "offset": 1}).json()
    assert page["pageItems"] == []


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/offices", {"sortOrder": "sideways"}),
        ("/audits", {"sortOrder": "sideways"}),
        ("/audits", {"offset": 10_001}),
        ("/audits", {"orderBy": "nothing"}),
    ],
)
def test_a_paging_parameter_outside_its_documented_values_is_refused(admin_user, api, path, query):
    response = api.get(PREFIX + path, query)
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameterName"] == next(iter(query))


@pytest.mark.parametrize(
    ("path", "name", "minimum"),
    [
        ("/staff", "officeId", 1),
        ("/users/template", "officeId", 1),
        ("/clients", "afterId", 1),
        ("/clients", "legalForm", 1),
        ("/client/{client_id}/addresses", "type", 1),
    ],
)
def test_query_parameters_document_the_bounds_the_server_keeps(path, name, minimum):
    operation = SchemaGenerator().get_schema(request=None, public=True)["paths"][PREFIX + path]
    (parameter,) = [p for p in operation["get"]["parameters"] if p["name"] == name]
    assert parameter["schema"]["minimum"] == minimum


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/codes", {"name": 12}),
        ("/staff", {"officeId": 1, "firstname": "Amina", "lastname": 7, "isActive": "yes"}),
        ("/staff", {"officeId": 1, "firstname": "Amina", "lastname": "Otieno", "isActive": 0}),
    ],
)
def test_text_given_as_a_number_and_booleans_spelled_otherwise_are_documented(
    admin_user, path, body
):
    """Fineract reads a number as its text and DRF reads 1, 0, "yes", "no" as booleans."""
    assert not request_body_errors(path, "post", body)
    assert call("POST", path, body=body, media_type="application/json").status_code == 200


def test_a_post_to_an_unknown_api_path_answers_fineracts_json_404_not_a_csrf_page(admin_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin_user)
    response = browser.post(
        f"{PREFIX}/nothing/here", json.dumps({}), content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.resource.not.found"


def test_an_optional_query_parameter_given_empty_is_documented_as_allowed(admin_user):
    document = SchemaGenerator().get_schema(request=None, public=True)
    parameters = document["paths"][f"{PREFIX}/staff"]["get"]["parameters"]
    (status,) = [p for p in parameters if p["name"] == "status"]
    assert status["allowEmptyValue"] is True
    assert call("GET", "/staff", query={"status": ""}).status_code == 200


@pytest.mark.parametrize(
    ("path", "ids"),
    [
        ("/clients/{id}", ("client",)),
        ("/clients/external-id/{id}", ("external",)),
        ("/clients/{id}/identifiers", ("client",)),
        ("/clients/{id}/identifiers/template", ("client",)),
        ("/clients/{client_id}/familymembers", ("client",)),
        ("/clients/{client_id}/familymembers/template", ("client",)),
        ("/client/{client_id}/addresses", ("client",)),
        ("/clients/{id}/staffassignments", ("client",)),
        ("/clients/{id}/transfers", ("client",)),
        ("/clients/template", ()),
        ("/offices/{id}", ("office",)),
        ("/offices/template", ()),
        ("/staff/{id}", ("staff",)),
        ("/users/{id}", ("user",)),
        ("/users/template", ()),
        ("/roles/{id}", ("role",)),
        ("/roles/{id}/permissions", ("role",)),
        ("/codes/{id}", ("code",)),
        ("/audits/{id}", ("audit",)),
        ("/audits/searchtemplate", ()),
        ("/clientpolicy", ()),
        ("/identifierformats", ()),
        ("/permissions", ()),
        ("/datatables", ()),
    ],
)
def test_a_record_with_its_optional_values_unset_reads_as_documented(
    admin_user, make_client, make_staff, path, ids
):
    """The generated requests of the schemathesis run rarely name a stored record: each
    record read here has its optional values unset, so every nullable field is null."""
    client = make_client(external_id="ext-1")
    staff = make_staff()
    records = {
        "client": client.pk,
        "external": "ext-1",
        "office": client.office_id,
        "staff": staff.pk,
        "user": admin_user.pk,
        "role": admin_user.roles.get().pk,
        "code": Code.objects.first().pk,
        "audit": AuditEvent.objects.latest("id").pk,
    }
    names = [name.strip("{}") for name in path.split("/") if name.startswith("{")]
    response = call(
        "GET", path, path_parameters=dict(zip(names, (records[i] for i in ids), strict=True))
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path", [f"{PREFIX}/clients/a%0Ab/identifiers/1", "/fineract-provider/a%0Ab", "/api/a%0Ab"]
)
def test_an_api_path_holding_a_line_break_answers_fineracts_json_404(admin_user, api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.resource.not.found"
