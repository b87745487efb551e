"""/clients/{id}/identifiers: Fineract's identity documents, with Mteja's rules — types from
"Customer Identifier" only, numbers compared after normalisation and unique across all
clients, one active document per type, format rules, dates, scoping and the audit journal."""

import pytest

from mteja.clients.kyc import identifiers as kyc_identifiers
from mteja.clients.models import ClientIdentifier, ClientStatus, IdentifierStatus
from mteja.core.errors import NotFound
from mteja.core.models import AuditEvent
from mteja.organisation import services as organisation_services
from mteja.organisation.models import Code, CodeValue

from .conftest import BASE, codes_of

pytestmark = pytest.mark.django_db


def ids_url(client, identifier_id=None):
    url = f"{BASE}/clients/{client.pk}/identifiers"
    return url if identifier_id is None else f"{url}/{identifier_id}"


@pytest.fixture
def doc_type():
    def get(name: str) -> int:
        return CodeValue.objects.get(code__name="Customer Identifier", name=name).pk

    return get


@pytest.fixture
def country():
    def get(name: str) -> int:
        return CodeValue.objects.get(code__name="COUNTRY", name=name).pk

    return get


@pytest.fixture
def add(api, doc_type):
    """POSTs one identifier; National ID unless `type_name`; as the admin unless `via`."""

    def post(client, key, type_name="National ID", via=None, **extra):
        body = {"documentTypeId": doc_type(type_name), "documentKey": key, **extra}
        return (via or api).post(ids_url(client), body, "json")

    return post


def top(response) -> str:
    return response.json()["userMessageGlobalisationCode"]


def events(entity="CLIENTIDENTIFIER", **filters):
    return list(AuditEvent.objects.filter(entity_name=entity, **filters).order_by("id"))


# --- create and read ------------------------------------------------------------------------


def test_create_answers_the_write_result_and_the_list_shows_it(api, add, make_client, doc_type):
    client = make_client()
    response = add(client, "12345678", description="Seen in branch")
    assert response.status_code == 200, response.json()
    body = response.json()
    identifier = ClientIdentifier.objects.get()
    assert body == {
        "resourceId": identifier.pk,
        "officeId": client.office_id,
        "clientId": client.pk,
    }

    listed = api.get(ids_url(client))
    assert listed.status_code == 200
    (item,) = listed.json()
    assert item["id"] == identifier.pk
    assert item["clientId"] == client.pk
    assert item["documentType"]["id"] == doc_type("National ID")
    assert item["documentType"]["name"] == "National ID"
    assert item["documentKey"] == "12345678"
    assert item["description"] == "Seen in branch"
    assert item["status"] == "clientIdentifierStatusType.active"
    assert (item["issueDate"], item["expiryDate"], item["issuingCountry"]) == (None, None, None)

    one = api.get(ids_url(client, identifier.pk))
    assert one.status_code == 200
    assert one.json() == item


def test_the_number_is_kept_as_typed_and_compared_normalised(add, make_client):
    client = make_client()
    assert add(client, "  ab-123 456 ").status_code == 200
    identifier = ClientIdentifier.objects.get()
    assert identifier.document_key == "ab-123 456"
    assert identifier.document_key_normalized == "AB123456"


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("ab-123 456", "AB123456"),
        ("AB123456", "AB123456"),
        ("ab.123/456", "AB123456"),
        ("ab\\123\t456", "AB123456"),
        ("ab\u2013123\u00a0456", "AB123456"),  # en dash and no-break space
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_key(raw, normalised):
    assert kyc_identifiers.normalise_key(raw) == normalised


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        (None, "clientIdentifierStatusType.active"),
        ("", "clientIdentifierStatusType.active"),
        ("Active", "clientIdentifierStatusType.active"),
        ("ACTIVE", "clientIdentifierStatusType.active"),
        ("inactive", "clientIdentifierStatusType.inactive"),
        ("Inactive", "clientIdentifierStatusType.inactive"),
        ("clientIdentifierStatusType.inactive", "clientIdentifierStatusType.inactive"),
    ],
)
def test_status_is_case_insensitive_and_defaults_to_active(api, add, make_client, sent, shown):
    client = make_client()
    extra = {} if sent is None else {"status": sent}
    response = add(client, "12345678", **extra)
    assert response.status_code == 200, response.json()
    assert api.get(ids_url(client)).json()[0]["status"] == shown


def test_status_omitted_is_active(add, make_client):
    client = make_client()
    assert add(client, "12345678").status_code == 200
    assert ClientIdentifier.objects.get().status == IdentifierStatus.ACTIVE


@pytest.mark.parametrize("status", ["Lost", "actif", True, 300, {"value": "Active"}, ["Active"]])
def test_an_unknown_status_is_a_400_never_a_500(add, make_client, status):
    response = add(make_client(), "12345678", status=status)
    assert response.status_code == 400, response.json()
    assert codes_of(response) == [
        "validation.msg.clientIdentifier.status.is.not.within.expected.range"
    ]
    assert not ClientIdentifier.objects.exists()


# --- required fields and the type -----------------------------------------------------------


@pytest.mark.parametrize("key", [None, "", "   ", " - / . "])
def test_the_document_number_is_required(api, make_client, doc_type, key):
    body = {"documentTypeId": doc_type("National ID")}
    if key is not None:
        body["documentKey"] = key
    response = api.post(ids_url(make_client()), body, "json")
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.clientIdentifier.documentKey.cannot.be.blank"]


def test_the_document_number_is_at_most_1000_characters(add, make_client):
    response = add(make_client(), "1" * 1001)
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.clientIdentifier.documentKey.exceeds.max.length"]


def test_the_document_type_is_required(api, make_client):
    response = api.post(ids_url(make_client()), {"documentKey": "12345678"}, "json")
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.clientIdentifier.documentTypeId.cannot.be.blank"]


def test_a_type_from_another_list_is_a_404(api, make_client, code_value):
    gender = code_value("Gender")
    response = api.post(
        ids_url(make_client()), {"documentTypeId": gender, "documentKey": "12345678"}, "json"
    )
    assert response.status_code == 404
    assert codes_of(response) == ["error.msg.codevalue.codename.id.combination.invalid"]
    assert response.json()["errors"][0]["parameterName"] == "documentTypeId"


def test_an_unknown_type_is_a_404(api, make_client):
    response = api.post(
        ids_url(make_client()), {"documentTypeId": 999999, "documentKey": "12345678"}, "json"
    )
    assert response.status_code == 404
    assert codes_of(response) == ["error.msg.codevalue.codename.id.combination.invalid"]


def test_a_wrong_type_comes_back_with_the_other_errors_as_one_400(api, make_client, code_value):
    body = {"documentTypeId": code_value("Gender"), "documentKey": "---"}
    response = api.post(ids_url(make_client()), body, "json")
    assert response.status_code == 400
    assert sorted(codes_of(response)) == [
        "error.msg.codevalue.codename.id.combination.invalid",
        "validation.msg.clientIdentifier.documentKey.cannot.be.blank",
    ]


def test_an_inactive_type_cannot_be_chosen(add, make_client, doc_type):
    CodeValue.objects.filter(pk=doc_type("Voter card")).update(is_active=False)
    response = add(make_client(), "VOTER12345", type_name="Voter card")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"documentTypeId": "abc", "documentKey": "12345678"},
        {"documentTypeId": 0, "documentKey": "12345678"},
        {"documentTypeId": 2**70, "documentKey": "12345678"},
        {"documentTypeId": 1, "documentKey": {"number": "12345678"}},
        {"documentTypeId": 1, "documentKey": ["12345678"]},
        {"documentTypeId": 1, "documentKey": True},
        {"documentTypeId": 1, "documentKey": "12345678", "issueDate": "yesterday"},
        {"documentTypeId": 1, "documentKey": "12345678", "issueDate": 20240101},
        {"documentTypeId": 1, "documentKey": "12345678", "issuingCountryId": "Kenya"},
    ],
)
def test_malformed_bodies_are_400s(api, make_client, body):
    response = api.post(ids_url(make_client()), body, "json")
    assert response.status_code == 400, response.content
    assert not ClientIdentifier.objects.exists()


def test_a_body_that_is_not_an_object_is_a_400(api, make_client):
    response = api.post(ids_url(make_client()), ["12345678"], "json")
    assert response.status_code == 400
    assert top(response) == "error.msg.invalid.request.body"


def test_unknown_keys_are_refused(add, make_client):
    response = add(make_client(), "12345678", documentNumber="x")
    assert response.status_code == 400
    assert codes_of(response) == ["error.msg.parameter.unsupported"]


# --- uniqueness ------------------------------------------------------------------------------


@pytest.mark.parametrize("second", ["AB123456", "ab-123 456", "a.b/123-456", " Ab 123456 "])
def test_one_number_written_differently_is_the_same_document(add, make_client, second):
    owner, other = make_client(), make_client()
    assert add(owner, "ab-123 456").status_code == 200
    response = add(other, second)
    assert response.status_code == 403
    assert top(response) == "error.msg.clientIdentifier.identityKey.duplicate"
    error = response.json()["errors"][0]
    assert (
        error["userMessageGlobalisationCode"] == "error.msg.clientIdentifier.identityKey.duplicate"
    )
    assert error["parameterName"] == "documentKey"
    assert owner.account_no in error["defaultUserMessage"]
    assert error["value"] == owner.pk
    assert [arg["value"] for arg in error["args"]] == [owner.pk, owner.account_no]
    assert ClientIdentifier.objects.filter(client=other).count() == 0


def test_the_number_stays_taken_while_its_document_is_inactive(add, make_client):
    owner, other = make_client(), make_client()
    assert add(owner, "AB123456", status="Inactive").status_code == 200
    response = add(other, "ab123456")
    assert response.status_code == 403
    assert top(response) == "error.msg.clientIdentifier.identityKey.duplicate"


def test_the_same_number_under_another_type_is_another_document(add, make_client):
    first, second = make_client(), make_client()
    assert add(first, "AB123456").status_code == 200
    response = add(second, "AB123456", type_name="Voter card")
    assert response.status_code == 200, response.json()


def test_a_client_cannot_record_its_own_number_twice(add, make_client):
    client = make_client()
    assert add(client, "AB123456", status="Inactive").status_code == 200
    response = add(client, "ab-123456")
    assert response.status_code == 403
    assert top(response) == "error.msg.clientIdentifier.identityKey.duplicate"
    assert "already has" in response.json()["errors"][0]["defaultUserMessage"]


def test_one_active_document_per_type(add, make_client, doc_type):
    client = make_client()
    assert add(client, "AB123456").status_code == 200
    response = add(client, "CD987654")
    assert response.status_code == 403
    assert top(response) == "error.msg.clientIdentifier.type.duplicate"
    error = response.json()["errors"][0]
    assert (error["parameterName"], error["value"]) == ("documentTypeId", doc_type("National ID"))
    # an inactive one of the same type may sit beside the active one
    assert add(client, "CD987654", status="Inactive").status_code == 200


def test_after_the_old_document_is_made_inactive_a_new_one_can_be_active(api, add, make_client):
    client = make_client()
    assert add(client, "AB123456").status_code == 200
    old = ClientIdentifier.objects.get()
    response = api.put(ids_url(client, old.pk), {"status": "Inactive"}, "json")
    assert response.status_code == 200, response.json()
    assert add(client, "CD987654").status_code == 200
    statuses = dict(ClientIdentifier.objects.values_list("document_key", "status"))
    assert statuses == {"AB123456": IdentifierStatus.INACTIVE, "CD987654": IdentifierStatus.ACTIVE}


def test_reactivating_a_second_document_of_a_type_is_refused(api, add, make_client):
    client = make_client()
    assert add(client, "AB123456").status_code == 200
    assert add(client, "CD987654", status="Inactive").status_code == 200
    inactive = ClientIdentifier.objects.get(document_key="CD987654")
    response = api.put(ids_url(client, inactive.pk), {"status": "active"}, "json")
    assert response.status_code == 403
    assert top(response) == "error.msg.clientIdentifier.type.duplicate"
    inactive.refresh_from_db()
    assert inactive.status == IdentifierStatus.INACTIVE


def test_two_clients_may_each_hold_an_active_document_of_a_type(add, make_client):
    assert add(make_client(), "AB123456").status_code == 200
    assert add(make_client(), "CD987654").status_code == 200


def test_a_deleted_document_frees_its_number(api, add, make_client):
    owner, other = make_client(), make_client()
    assert add(owner, "AB123456").status_code == 200
    identifier = ClientIdentifier.objects.get()
    assert api.delete(ids_url(owner, identifier.pk)).status_code == 200
    assert add(other, "AB123456").status_code == 200


def test_find_owner_and_the_duplicate_error_for_client_creation(add, make_client, doc_type):
    owner = make_client()
    assert add(owner, "AB123456").status_code == 200
    found = kyc_identifiers.find_owner(doc_type("National ID"), "AB123456")
    assert found.client == owner
    assert kyc_identifiers.find_owner(doc_type("Passport"), "AB123456") is None
    assert kyc_identifiers.find_owner(doc_type("National ID"), "AB1234567") is None
    error = kyc_identifiers.identity_key_duplicate(found)
    assert (error.status, error.first.code) == (
        403,
        "error.msg.clientIdentifier.identityKey.duplicate",
    )
    assert owner.account_no in error.first.message
    assert error.first.args == (owner.pk, owner.account_no)


# --- format rules ----------------------------------------------------------------------------


def test_a_number_that_breaks_the_seeded_format_is_a_400_with_its_message(add, make_client):
    response = add(make_client(), "AB1")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["userMessageGlobalisationCode"] == (
        "validation.msg.clientIdentifier.documentKey.invalid.format"
    )
    assert error["defaultUserMessage"] == "A national ID number has 5 to 20 letters and digits."
    assert error["parameterName"] == "documentKey"


@pytest.mark.parametrize(
    ("type_name", "key", "ok"),
    [
        ("National ID", "ab-12 34", True),  # AB1234: the rule reads the normalised number
        ("National ID", "AB#1234", False),
        ("National ID", "1" * 21, False),
        ("Passport", "A1234567", True),
        ("Passport", "A12345678X", False),
        ("Driving licence", "DL-0001", True),
        ("Voter card", "V1234", False),
        ("Voter card", "V12345", True),
    ],
)
def test_the_seeded_formats(add, make_client, type_name, key, ok):
    response = add(make_client(), key, type_name=type_name, expiryDate="2030-01-01")
    assert (response.status_code == 200) is ok, response.json()
    if not ok:
        assert codes_of(response) == ["validation.msg.clientIdentifier.documentKey.invalid.format"]


@pytest.mark.parametrize("type_name", ["Passport", "Driving licence"])
def test_types_that_expire_need_an_expiry_date(add, make_client, type_name):
    response = add(make_client(), "A1234567", type_name=type_name)
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.clientIdentifier.expiryDate.cannot.be.blank"]
    assert type_name in response.json()["errors"][0]["defaultUserMessage"]


def test_a_check_digit_rule_refuses_a_mistyped_number(api, add, make_client, doc_type):
    rule = {"pattern": "^[0-9]{11}$", "message": "Eleven digits.", "checkDigit": "luhn"}
    assert (
        api.put(f"{BASE}/identifierformats/{doc_type('National ID')}", rule, "json").status_code
        == 200
    )
    response = add(make_client(), "7992739871-0")
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.clientIdentifier.documentKey.invalid.check.digit"]
    assert add(make_client(), "7992739871-3").status_code == 200
    assert codes_of(add(make_client(), "7992739871")) == [
        "validation.msg.clientIdentifier.documentKey.invalid.format"
    ]


def test_a_mod11_2_rule_takes_an_x(api, add, make_client, doc_type):
    rule = {"pattern": "^[0-9]{15}[0-9X]$", "checkDigit": "mod11_2"}
    assert (
        api.put(f"{BASE}/identifierformats/{doc_type('National ID')}", rule, "json").status_code
        == 200
    )
    assert add(make_client(), "0000-0002-1694-233x").status_code == 200
    response = add(make_client(), "0000-0002-1694-2330")
    assert codes_of(response) == ["validation.msg.clientIdentifier.documentKey.invalid.check.digit"]


def test_a_type_without_a_rule_takes_any_number(api, add, make_client):
    code = Code.objects.get(name="Customer Identifier")
    value = organisation_services.code_value_create(actor=None, code=code, name="Tax number")
    body = {"documentTypeId": value.pk, "documentKey": "x"}
    assert api.post(ids_url(make_client()), body, "json").status_code == 200


# --- dates and country -----------------------------------------------------------------------


def test_dates_and_country_are_stored_and_shown(api, add, make_client, country):
    client = make_client()
    response = add(
        client,
        "A1234567",
        type_name="Passport",
        issueDate="02 March 2020",
        expiryDate="01 March 2030",
        dateFormat="dd MMMM yyyy",
        locale="en",
        issuingCountryId=country("Kenya"),
    )
    assert response.status_code == 200, response.json()
    item = api.get(ids_url(client)).json()[0]
    assert item["issueDate"] == [2020, 3, 2]
    assert item["expiryDate"] == [2030, 3, 1]
    assert item["issuingCountry"]["id"] == country("Kenya")
    assert item["issuingCountry"]["name"] == "Kenya"


def test_the_issue_date_cannot_be_in_the_future(add, make_client, today):
    response = add(make_client(), "12345678", issueDate="2024-06-15")
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.clientIdentifier.issueDate.is.greater.than.date"]
    assert add(make_client(), "12345679", issueDate=today.isoformat()).status_code == 200


def test_the_expiry_date_cannot_be_before_the_issue_date(add, make_client):
    response = add(make_client(), "12345678", issueDate="2020-01-02", expiryDate="2020-01-01")
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.clientIdentifier.expiryDate.is.before.issue.date"]


def test_all_problems_come_back_at_once(add, make_client):
    response = add(
        make_client(),
        "A1",
        type_name="Passport",
        issueDate="2025-01-01",
        status="lost",
    )
    assert response.status_code == 400
    assert sorted(codes_of(response)) == [
        "validation.msg.clientIdentifier.documentKey.invalid.format",
        "validation.msg.clientIdentifier.expiryDate.cannot.be.blank",
        "validation.msg.clientIdentifier.issueDate.is.greater.than.date",
        "validation.msg.clientIdentifier.status.is.not.within.expected.range",
    ]


def test_the_issuing_country_comes_from_the_country_list(add, make_client, code_value):
    response = add(make_client(), "12345678", issuingCountryId=code_value("Gender"))
    assert response.status_code == 404
    assert codes_of(response) == ["error.msg.codevalue.codename.id.combination.invalid"]


# --- update and delete -----------------------------------------------------------------------


def test_update_answers_the_changes(api, add, make_client):
    client = make_client()
    add(client, "AB123456")
    identifier = ClientIdentifier.objects.get()
    response = api.put(
        ids_url(client, identifier.pk),
        {"documentKey": "cd-987654", "description": "renewed"},
        "json",
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "resourceId": identifier.pk,
        "officeId": client.office_id,
        "clientId": client.pk,
        "changes": {"documentKey": "cd-987654", "description": "renewed"},
    }
    identifier.refresh_from_db()
    assert (identifier.document_key, identifier.document_key_normalized) == (
        "cd-987654",
        "CD987654",
    )


def test_update_to_another_clients_number_is_refused(api, add, make_client):
    owner, other = make_client(), make_client()
    add(owner, "AB123456")
    add(other, "CD987654")
    mine = ClientIdentifier.objects.get(client=other)
    response = api.put(ids_url(other, mine.pk), {"documentKey": "ab 123 456"}, "json")
    assert response.status_code == 403
    assert top(response) == "error.msg.clientIdentifier.identityKey.duplicate"
    assert owner.account_no in response.json()["errors"][0]["defaultUserMessage"]
    mine.refresh_from_db()
    assert mine.document_key == "CD987654"


def test_rewriting_ones_own_number_differently_is_allowed(api, add, make_client):
    client = make_client()
    add(client, "AB123456")
    identifier = ClientIdentifier.objects.get()
    response = api.put(ids_url(client, identifier.pk), {"documentKey": "ab-123-456"}, "json")
    assert response.status_code == 200, response.json()


def test_update_checks_the_format_of_a_new_number(api, add, make_client):
    client = make_client()
    add(client, "AB123456")
    identifier = ClientIdentifier.objects.get()
    response = api.put(ids_url(client, identifier.pk), {"documentKey": "AB"}, "json")
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.clientIdentifier.documentKey.invalid.format"]


def test_changing_the_type_checks_the_number_against_the_new_rule(api, add, make_client, doc_type):
    client = make_client()
    add(client, "AB1234567890")
    identifier = ClientIdentifier.objects.get()
    response = api.put(
        ids_url(client, identifier.pk), {"documentTypeId": doc_type("Passport")}, "json"
    )
    assert response.status_code == 400
    assert sorted(codes_of(response)) == [
        "validation.msg.clientIdentifier.documentKey.invalid.format",
        "validation.msg.clientIdentifier.expiryDate.cannot.be.blank",
    ]


def test_a_tightened_rule_does_not_block_editing_the_description(api, add, make_client, doc_type):
    client = make_client()
    add(client, "AB123456")
    identifier = ClientIdentifier.objects.get()
    api.put(f"{BASE}/identifierformats/{doc_type('National ID')}", {"pattern": "^[0-9]+$"}, "json")
    response = api.put(ids_url(client, identifier.pk), {"description": "checked"}, "json")
    assert response.status_code == 200, response.json()


def test_an_update_changing_nothing_records_nothing(api, add, make_client):
    client = make_client()
    add(client, "AB123456")
    identifier = ClientIdentifier.objects.get()
    before = len(events())
    response = api.put(ids_url(client, identifier.pk), {"documentKey": "AB123456"}, "json")
    assert response.status_code == 200
    assert "changes" not in response.json()
    assert len(events()) == before


def test_an_empty_update_is_a_400(api, add, make_client):
    client = make_client()
    add(client, "AB123456")
    identifier = ClientIdentifier.objects.get()
    response = api.put(ids_url(client, identifier.pk), {}, "json")
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.clientIdentifier.no.parameters.for.update"]


@pytest.mark.parametrize(
    "body",
    [{"documentKey": ""}, {"documentKey": None}, {"documentTypeId": None}, {"status": "gone"}],
)
def test_update_refuses_blanks_and_bad_status(api, add, make_client, body):
    client = make_client()
    add(client, "AB123456")
    identifier = ClientIdentifier.objects.get()
    response = api.put(ids_url(client, identifier.pk), body, "json")
    assert response.status_code == 400, response.json()


def test_delete_answers_the_write_result(api, add, make_client):
    client = make_client()
    add(client, "AB123456")
    identifier = ClientIdentifier.objects.get()
    response = api.delete(ids_url(client, identifier.pk))
    assert response.status_code == 200
    assert response.json() == {
        "resourceId": identifier.pk,
        "officeId": client.office_id,
        "clientId": client.pk,
    }
    assert not ClientIdentifier.objects.exists()
    assert api.get(ids_url(client, identifier.pk)).status_code == 404


def test_an_identifier_is_reached_only_through_its_own_client(api, add, make_client):
    owner, other = make_client(), make_client()
    add(owner, "AB123456")
    identifier = ClientIdentifier.objects.get()
    for response in (
        api.get(ids_url(other, identifier.pk)),
        api.put(ids_url(other, identifier.pk), {"description": "x"}, "json"),
        api.delete(ids_url(other, identifier.pk)),
    ):
        assert response.status_code == 404
        assert codes_of(response) == ["error.msg.clientIdentifier.id.invalid"]
    assert ClientIdentifier.objects.get().description == ""


def test_an_unknown_client_is_a_404(api, doc_type):
    body = {"documentTypeId": doc_type("National ID"), "documentKey": "12345678"}
    for response in (
        api.get(f"{BASE}/clients/999999/identifiers"),
        api.get(f"{BASE}/clients/999999/identifiers/template"),
        api.get(f"{BASE}/clients/999999/identifiers/1"),
        api.post(f"{BASE}/clients/999999/identifiers", body, "json"),
        api.put(f"{BASE}/clients/999999/identifiers/1", {"description": "x"}, "json"),
        api.delete(f"{BASE}/clients/999999/identifiers/1"),
    ):
        assert response.status_code == 404
        assert codes_of(response) == ["error.msg.client.id.invalid"]


# --- scoping and permissions -----------------------------------------------------------------


def test_another_branchs_client_is_404_to_read_and_to_write(
    api_as, branch_user, add, make_client, branch_b, doc_type
):
    client = make_client()  # in branch A
    add(client, "AB123456")
    identifier = ClientIdentifier.objects.get()
    outsider = api_as(branch_user(branch_b))
    for url in (ids_url(client), ids_url(client, identifier.pk), f"{ids_url(client)}/template"):
        response = outsider.get(url)
        assert response.status_code == 404, url
        assert codes_of(response) == ["error.msg.client.id.invalid"]
    body = {"documentTypeId": doc_type("Voter card"), "documentKey": "V123456"}
    for response in (
        outsider.post(ids_url(client), body, "json"),
        outsider.put(ids_url(client, identifier.pk), {"description": "x"}, "json"),
        outsider.delete(ids_url(client, identifier.pk)),
    ):
        assert response.status_code == 404
        assert codes_of(response) == ["error.msg.client.id.invalid"]
    assert ClientIdentifier.objects.count() == 1


def test_the_clients_own_branch_reads_and_writes(api_as, branch_user, add, make_client, branch_a):
    client = make_client()
    insider = api_as(branch_user(branch_a))
    assert add(client, "AB123456", via=insider).status_code == 200
    assert len(insider.get(ids_url(client)).json()) == 1


def test_the_destination_of_a_transfer_reads_but_does_not_write(
    api_as, branch_user, add, client_in, branch_b
):
    client = client_in(ClientStatus.TRANSFER_IN_PROGRESS)  # from branch A to branch B
    add(client, "AB123456")
    destination = api_as(branch_user(branch_b))
    assert destination.get(ids_url(client)).status_code == 200
    response = add(client, "V123456", type_name="Voter card", via=destination)
    assert response.status_code == 403
    assert top(response) == "error.msg.not.authorized"


def test_permissions_are_per_action(api_as, make_user, add, make_client):
    client = make_client()
    add(client, "AB123456")
    reader = api_as(make_user(("READ_CLIENTIDENTIFIER",)))
    assert reader.get(ids_url(client)).status_code == 200
    response = add(client, "V123456", type_name="Voter card", via=reader)
    assert response.status_code == 403
    assert top(response) == "error.msg.not.authorized"
    client_reader = api_as(make_user(("READ_CLIENT",)))
    assert client_reader.get(ids_url(client)).status_code == 403


# --- template --------------------------------------------------------------------------------


def test_the_template_offers_the_active_types_with_their_rules(api, make_client, doc_type):
    CodeValue.objects.filter(pk=doc_type("Voter card")).update(is_active=False)
    response = api.get(f"{ids_url(make_client())}/template")
    assert response.status_code == 200
    body = response.json()
    types = {option["name"]: option for option in body["allowedDocumentTypes"]}
    assert set(types) == {"National ID", "Passport", "Driving licence"}
    passport = types["Passport"]
    assert passport["id"] == doc_type("Passport")
    assert passport["format"] == {
        "pattern": "^[A-Z0-9]{6,9}$",
        "message": "A passport number has 6 to 9 letters and digits.",
        "checkDigit": None,
        "expiryRequired": True,
        "requiredForActivation": False,
    }
    assert body["statusOptions"] == ["Active", "Inactive"]
    assert "Kenya" in {option["name"] for option in body["countryOptions"]}


def test_a_type_without_a_rule_has_no_format_in_the_template(api, make_client):
    code = Code.objects.get(name="Customer Identifier")
    organisation_services.code_value_create(actor=None, code=code, name="Tax number")
    body = api.get(f"{ids_url(make_client())}/template").json()
    (tax,) = [o for o in body["allowedDocumentTypes"] if o["name"] == "Tax number"]
    assert tax["format"] is None


def test_list_and_template_take_a_fixed_number_of_queries(
    api, add, make_client, country, django_assert_max_num_queries
):
    client = make_client()
    for n, type_name in enumerate(["National ID", "Passport", "Driving licence", "Voter card"]):
        add(client, f"KEY{n}2345", type_name=type_name, expiryDate="2030-01-01",
            issuingCountryId=country("Kenya"))  # fmt: skip
    with django_assert_max_num_queries(8):
        assert len(api.get(ids_url(client)).json()) == 4
    with django_assert_max_num_queries(8):
        assert api.get(f"{ids_url(client)}/template").status_code == 200


# --- audit -----------------------------------------------------------------------------------


def test_every_write_records_one_event_with_only_what_changed(api, add, make_client, doc_type):
    client = make_client()
    add(client, "AB123456", description="first")
    identifier = ClientIdentifier.objects.get()
    api.put(ids_url(client, identifier.pk), {"description": "second"}, "json")
    api.delete(ids_url(client, identifier.pk))

    create, update, delete = events()
    for event in (create, update, delete):
        assert event.entity_name == "CLIENTIDENTIFIER"
        assert event.resource_id == identifier.pk
        assert event.client_id == client.pk
        assert event.office_id == client.office_id
        assert event.maker.username == "root"
    assert create.action_name == "CREATE"
    assert create.changes == {
        "document_type_id": [None, doc_type("National ID")],
        "document_key": [None, "AB123456"],
        "status": [None, IdentifierStatus.ACTIVE],
        "description": [None, "first"],
    }
    assert update.action_name == "UPDATE"
    assert update.changes == {"description": ["first", "second"]}
    assert delete.action_name == "DELETE"
    assert delete.changes == {
        "document_type_id": [doc_type("National ID"), None],
        "document_key": ["AB123456", None],
        "status": [IdentifierStatus.ACTIVE, None],
        "description": ["second", None],
    }


def test_a_refused_write_records_nothing(add, make_client):
    owner, other = make_client(), make_client()
    add(owner, "AB123456")
    before = len(events())
    assert add(other, "AB123456").status_code == 403
    assert add(other, "A1").status_code == 400
    assert len(events()) == before


def test_dates_in_the_journal_are_iso(add, make_client):
    client = make_client()
    add(client, "A1234567", type_name="Passport", issueDate="2020-03-02", expiryDate="2030-03-01")
    (event,) = events()
    assert event.changes["issue_date"] == [None, "2020-03-02"]
    assert event.changes["expiry_date"] == [None, "2030-03-01"]


def test_the_audits_api_finds_the_events_of_a_client(api, add, make_client):
    client = make_client()
    add(client, "AB123456")
    response = api.get(f"{BASE}/audits", {"clientId": client.pk, "entityName": "CLIENTIDENTIFIER"})
    assert response.status_code == 200
    body = response.json()
    items = body["pageItems"] if isinstance(body, dict) else body
    assert [item["actionName"] for item in items] == ["CREATE"]


# --- the services, as other callers (client creation, imports, the web UI) use them --------


def test_the_services_check_scope_themselves(make_client, make_user, branch_b, doc_type):
    client = make_client()  # in branch A
    outsider = make_user(("ALL_FUNCTIONS",), office=branch_b)
    with pytest.raises(NotFound):
        kyc_identifiers.identifier_create(
            actor=outsider,
            client=client,
            data=kyc_identifiers.IdentifierInput(
                document_type_id=doc_type("National ID"), document_key="AB123456"
            ),
        )
    identifier = kyc_identifiers.identifier_create(
        actor=None,
        client=client,
        data=kyc_identifiers.IdentifierInput(
            document_type_id=doc_type("National ID"), document_key="AB123456"
        ),
    )
    with pytest.raises(NotFound):
        kyc_identifiers.identifier_update(
            actor=outsider,
            identifier=identifier,
            data=kyc_identifiers.IdentifierInput(description="x"),
        )
    with pytest.raises(NotFound):
        kyc_identifiers.identifier_delete(actor=outsider, identifier=identifier)
    assert ClientIdentifier.objects.get().description == ""


def test_the_services_take_statuses_as_values_or_names(make_client, doc_type):
    client = make_client()
    identifier = kyc_identifiers.identifier_create(
        actor=None,
        client=client,
        data=kyc_identifiers.IdentifierInput(
            document_type_id=doc_type("National ID"),
            document_key="AB123456",
            status=IdentifierStatus.INACTIVE,
        ),
    )
    assert identifier.status == IdentifierStatus.INACTIVE
    identifier, changes = kyc_identifiers.identifier_update(
        actor=None, identifier=identifier, data=kyc_identifiers.IdentifierInput(status="ACTIVE")
    )
    assert changes == {"status": [IdentifierStatus.INACTIVE, IdentifierStatus.ACTIVE]}
    with pytest.raises(TypeError):
        kyc_identifiers.identifier_update(
            actor=None, identifier=identifier, data=kyc_identifiers.IdentifierInput(colour="red")
        )


def test_check_identifier_lists_every_problem_without_writing(doc_type, today):
    passport = CodeValue.objects.get(pk=doc_type("Passport"))
    problems = kyc_identifiers.check_identifier(
        passport, "a1", None, issue_date=today.replace(year=today.year + 1)
    )
    assert sorted(p.code for p in problems) == [
        "validation.msg.clientIdentifier.documentKey.invalid.format",
        "validation.msg.clientIdentifier.expiryDate.cannot.be.blank",
        "validation.msg.clientIdentifier.issueDate.is.greater.than.date",
    ]
    assert kyc_identifiers.check_identifier(passport, "a1-234-567", today) == []
    assert not ClientIdentifier.objects.exists()
