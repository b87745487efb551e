"""/identifierformats: administrators read and edit each document type's format rule."""

import pytest

from mteja.clients.kyc import identifiers as kyc_identifiers
from mteja.clients.models import ClientIdentifier, IdentifierFormat
from mteja.core.errors import ValidationFailed
from mteja.core.models import AuditEvent
from mteja.organisation import services as organisation_services
from mteja.organisation.models import Code, CodeValue

from .conftest import BASE, codes_of

pytestmark = pytest.mark.django_db
URL = f"{BASE}/identifierformats"


@pytest.fixture
def doc_type():
    def get(name: str) -> int:
        return CodeValue.objects.get(code__name="Customer Identifier", name=name).pk

    return get


@pytest.fixture
def tax_number():
    code = Code.objects.get(name="Customer Identifier")
    return organisation_services.code_value_create(actor=None, code=code, name="Tax number")


def format_events():
    return list(AuditEvent.objects.filter(entity_name="IDENTIFIERFORMAT").order_by("id"))


def test_the_list_shows_every_type_with_its_rule(api, doc_type, tax_number):
    response = api.get(URL)
    assert response.status_code == 200
    rules = {item["documentTypeName"]: item for item in response.json()}
    assert set(rules) == {"National ID", "Passport", "Driving licence", "Voter card", "Tax number"}
    assert rules["Passport"] == {
        "documentTypeId": doc_type("Passport"),
        "documentTypeName": "Passport",
        "documentTypeActive": True,
        "pattern": "^[A-Z0-9]{6,9}$",
        "message": "A passport number has 6 to 9 letters and digits.",
        "checkDigit": None,
        "expiryRequired": True,
        "requiredForActivation": False,
    }
    assert rules["Tax number"] == {
        "documentTypeId": tax_number.pk,
        "documentTypeName": "Tax number",
        "documentTypeActive": True,
        "pattern": "",
        "message": "",
        "checkDigit": None,
        "expiryRequired": False,
        "requiredForActivation": False,
    }
    assert list(rules["Passport"])[:2] == ["documentTypeId", "documentTypeName"]


def test_the_list_takes_a_fixed_number_of_queries(api, tax_number, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert len(api.get(URL).json()) == 5


def test_one_rule(api, doc_type):
    response = api.get(f"{URL}/{doc_type('National ID')}")
    assert response.status_code == 200
    assert response.json()["pattern"] == "^[A-Z0-9]{5,20}$"


def test_a_value_of_another_list_has_no_rule(api, code_value):
    for response in (
        api.get(f"{URL}/{code_value('Gender')}"),
        api.put(f"{URL}/{code_value('Gender')}", {"pattern": "^[0-9]+$"}, "json"),
        api.get(f"{URL}/999999"),
    ):
        assert response.status_code == 404
        assert codes_of(response) == ["error.msg.identifierformat.id.invalid"]
    assert not IdentifierFormat.objects.filter(document_type_id=code_value("Gender")).exists()


def test_update_answers_the_changes_and_is_audited(api, doc_type):
    national_id = doc_type("National ID")
    body = {
        "pattern": "^[0-9]{8}$",
        "message": "Eight digits.",
        "checkDigit": "verhoeff",
        "requiredForActivation": True,
    }
    response = api.put(f"{URL}/{national_id}", body, "json")
    assert response.status_code == 200, response.json()
    assert response.json() == {"resourceId": national_id, "changes": body}
    rule = IdentifierFormat.objects.get(document_type_id=national_id)
    assert (rule.pattern, rule.message, rule.check_digit, rule.required_for_activation) == (
        "^[0-9]{8}$",
        "Eight digits.",
        "verhoeff",
        True,
    )
    (event,) = format_events()
    assert (event.action_name, event.resource_id, event.office_id, event.client_id) == (
        "UPDATE",
        national_id,
        None,
        None,
    )
    assert event.changes == {
        "pattern": ["^[A-Z0-9]{5,20}$", "^[0-9]{8}$"],
        "message": ["A national ID number has 5 to 20 letters and digits.", "Eight digits."],
        "check_digit": ["", "verhoeff"],
        "required_for_activation": [False, True],
    }


def test_the_new_rule_applies_to_the_next_identifier(api, doc_type, make_client):
    national_id = doc_type("National ID")
    api.put(f"{URL}/{national_id}", {"pattern": "^[0-9]{8}$", "message": "Eight digits."}, "json")
    url = f"{BASE}/clients/{make_client().pk}/identifiers"
    response = api.post(url, {"documentTypeId": national_id, "documentKey": "AB123456"}, "json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["defaultUserMessage"] == "Eight digits."
    response = api.post(url, {"documentTypeId": national_id, "documentKey": "1234-5678"}, "json")
    assert response.status_code == 200


def test_a_rule_without_a_message_explains_itself(api, doc_type, make_client):
    national_id = doc_type("National ID")
    api.put(f"{URL}/{national_id}", {"pattern": "^[0-9]{8}$", "message": ""}, "json")
    url = f"{BASE}/clients/{make_client().pk}/identifiers"
    response = api.post(url, {"documentTypeId": national_id, "documentKey": "AB123456"}, "json")
    assert response.status_code == 400
    assert "National ID" in response.json()["errors"][0]["defaultUserMessage"]


def test_updating_a_type_without_a_rule_creates_it(api, tax_number, make_client):
    assert not IdentifierFormat.objects.filter(document_type=tax_number).exists()
    response = api.put(f"{URL}/{tax_number.pk}", {"expiryRequired": True}, "json")
    assert response.status_code == 200, response.json()
    rule = IdentifierFormat.objects.get(document_type=tax_number)
    assert rule.expiry_required
    (event,) = format_events()
    assert event.changes == {"expiry_required": [False, True]}
    url = f"{BASE}/clients/{make_client().pk}/identifiers"
    response = api.post(url, {"documentTypeId": tax_number.pk, "documentKey": "T1"}, "json")
    assert codes_of(response) == ["validation.msg.clientIdentifier.expiryDate.cannot.be.blank"]


def test_an_update_changing_nothing_writes_nothing(api, doc_type, tax_number):
    response = api.put(f"{URL}/{doc_type('Passport')}", {"expiryRequired": True}, "json")
    assert response.status_code == 200
    assert "changes" not in response.json()
    response = api.put(f"{URL}/{tax_number.pk}", {"pattern": "", "checkDigit": None}, "json")
    assert response.status_code == 200
    assert format_events() == []
    assert not IdentifierFormat.objects.filter(document_type=tax_number).exists()


@pytest.mark.parametrize("pattern", ["[A-Z", "(?P<x>a", "*abc", "a{2,1}"])
def test_an_invalid_regular_expression_is_a_400(api, doc_type, pattern):
    national_id = doc_type("National ID")
    response = api.put(f"{URL}/{national_id}", {"pattern": pattern}, "json")
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.identifierformat.pattern.invalid"]
    assert IdentifierFormat.objects.get(document_type_id=national_id).pattern == (
        "^[A-Z0-9]{5,20}$"
    )
    assert format_events() == []


@pytest.mark.parametrize("pattern", [r"^(A|A)*$", r"^(A+)+$", r"^([A-Z0-9]+[0-9]?)*$"])
def test_a_pattern_that_would_backtrack_is_checked_in_linear_time(
    api, doc_type, make_client, pattern
):
    """RE2 matches in time linear in the key: the shape of the pattern cannot stall a worker,
    so nested repetitions are accepted and a key that almost matches is refused at once."""
    national_id = doc_type("National ID")
    response = api.put(f"{URL}/{national_id}", {"pattern": pattern}, "json")
    assert response.status_code == 200, response.json()
    url = f"{BASE}/clients/{make_client().pk}/identifiers"
    response = api.post(url, {"documentTypeId": national_id, "documentKey": "A" * 40 + "!"}, "json")
    assert codes_of(response) == ["validation.msg.clientIdentifier.documentKey.invalid.format"]


@pytest.mark.parametrize(
    ("pattern", "named"),
    [(r"^([A-Z])\1[0-9]+$", "\\1"), (r"^(?=[A-Z])[A-Z0-9]+$", "(?="), (r"^(?<!X)[0-9]+$", "(?<!")],
)
def test_a_pattern_re2_refuses_is_a_400_that_says_why(api, doc_type, pattern, named):
    response = api.put(f"{URL}/{doc_type('National ID')}", {"pattern": pattern}, "json")
    assert response.status_code == 400
    assert codes_of(response) == ["validation.msg.identifierformat.pattern.invalid"]
    (error,) = response.json()["errors"]
    assert error["parameterName"] == "pattern"
    assert named in error["defaultUserMessage"]
    assert format_events() == []


@pytest.mark.parametrize(
    "pattern", [r"^(?:[0-9]{3}){2,4}$", r"^(?:[0-9]{3})+$", r"^(?:[A-Z]{2}[0-9]?){3}$"]
)
def test_repeating_a_fixed_group_is_fine(api, doc_type, pattern):
    response = api.put(f"{URL}/{doc_type('National ID')}", {"pattern": pattern}, "json")
    assert response.status_code == 200, response.json()


V = "validation.msg.identifierformat."


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"checkDigit": "crc32"}, V + "checkDigit.is.not.within.expected.range"),
        ({"pattern": "x" * 301}, V + "pattern.exceeds.max.length"),
        ({"message": "x" * 301}, V + "message.exceeds.max.length"),
        ({"expiryRequired": "sometimes"}, V + "expiryRequired.is.invalid"),
        ({}, V + "no.parameters.for.update"),
        ({"documentTypeName": "x"}, "error.msg.parameter.unsupported"),
    ],
)
def test_bad_bodies_are_400s(api, doc_type, body, code):
    response = api.put(f"{URL}/{doc_type('National ID')}", body, "json")
    assert response.status_code == 400, response.json()
    assert codes_of(response) == [code]


def test_the_check_digit_can_be_removed(api, doc_type):
    national_id = doc_type("National ID")
    api.put(f"{URL}/{national_id}", {"checkDigit": "luhn"}, "json")
    response = api.put(f"{URL}/{national_id}", {"checkDigit": ""}, "json")
    assert response.status_code == 200
    assert response.json()["changes"] == {"checkDigit": ""}
    assert api.get(f"{URL}/{national_id}").json()["checkDigit"] is None


def test_the_service_refuses_what_the_api_cannot_send(doc_type):
    rule = IdentifierFormat.objects.get(document_type_id=doc_type("National ID"))
    with pytest.raises(ValidationFailed) as refused:
        kyc_identifiers.identifier_format_update(actor=None, format=rule, check_digit="LUHN2")
    assert refused.value.status == 400
    with pytest.raises(TypeError):
        kyc_identifiers.identifier_format_update(actor=None, format=rule, colour="red")
    rule, changes = kyc_identifiers.identifier_format_update(
        actor=None, format=rule, check_digit="LUHN"
    )
    assert rule.check_digit == "luhn"
    assert changes == {"check_digit": ["", "luhn"]}


def test_permissions(api_as, make_user, doc_type):
    national_id = doc_type("National ID")
    reader = api_as(make_user(("READ_IDENTIFIERFORMAT",)))
    assert reader.get(URL).status_code == 200
    assert reader.get(f"{URL}/{national_id}").status_code == 200
    response = reader.put(f"{URL}/{national_id}", {"pattern": "^[0-9]+$"}, "json")
    assert response.status_code == 403
    editor = api_as(make_user(("READ_IDENTIFIERFORMAT", "UPDATE_IDENTIFIERFORMAT")))
    assert editor.put(f"{URL}/{national_id}", {"pattern": "^[0-9]+$"}, "json").status_code == 200


def test_existing_documents_are_not_touched_by_a_new_rule(api, doc_type, make_client):
    national_id = doc_type("National ID")
    client = make_client()
    url = f"{BASE}/clients/{client.pk}/identifiers"
    api.post(url, {"documentTypeId": national_id, "documentKey": "AB123456"}, "json")
    api.put(f"{URL}/{national_id}", {"pattern": "^[0-9]+$"}, "json")
    assert ClientIdentifier.objects.get().document_key == "AB123456"
    assert len(api.get(url).json()) == 1
