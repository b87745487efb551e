"""The address field configuration: Fineract's GET /fieldconfiguration/ADDRESS, Mteja's PUT,
and what each setting does to addresses (disabled, mandatory, regex) — while a client that
sends no address at all keeps working."""

import pytest

from clients.conftest import BASE, codes_of, params_of
from mteja.clients.kyc import addresses
from mteja.clients.models import ClientAddress, FieldConfiguration
from mteja.clients.seed import ADDRESS_FIELDS
from mteja.core.errors import Problems
from mteja.core.models import AuditEvent

pytestmark = pytest.mark.django_db

CONFIG = f"{BASE}/fieldconfiguration/ADDRESS"


def addresses_url(client_id, query=""):
    return f"{BASE}/client/{client_id}/addresses{query}"


@pytest.fixture
def resident(make_client):
    return make_client()


@pytest.fixture
def home(code_value):
    return code_value("ADDRESS_TYPE", 0)


def configure(api, *fields):
    return api.put(CONFIG, {"fields": list(fields)}, "json")


def add(api, client_id, type_id, **body):
    return api.post(addresses_url(client_id, f"?type={type_id}"), body, "json")


def test_get_has_fineracts_shape_and_the_seeded_defaults(api):
    response = api.get(CONFIG)
    assert response.status_code == 200
    rows = response.json()
    assert [row["field"] for row in rows] == ADDRESS_FIELDS
    street = next(row for row in rows if row["field"] == "street")
    assert street == {
        "fieldConfigurationId": street["fieldConfigurationId"],
        "entity": "ADDRESS",
        "subentity": "CLIENT",
        "field": "street",
        "isEnabled": True,
        "isMandatory": False,
        "validationRegex": "",
    }
    mandatory = [row["field"] for row in rows if row["isMandatory"]]
    assert mandatory == ["addressType"]
    assert api.get(f"{BASE}/fieldconfiguration/address").json() == rows
    assert api.get(f"{BASE}/fieldconfiguration/LOAN").json() == []


def test_put_changes_the_rules_and_journals_them(api, admin_user):
    response = configure(
        api,
        {"field": "city", "isMandatory": True},
        {"field": "postalCode", "validationRegex": r"\d{5}"},
        {"field": "addressLine3", "isEnabled": False},
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "entity": "ADDRESS",
        "changes": {
            "addressLine3": {"isEnabled": False},
            "city": {"isMandatory": True},
            "postalCode": {"validationRegex": r"\d{5}"},
        },
    }
    rows = {row["field"]: row for row in api.get(CONFIG).json()}
    assert rows["city"]["isMandatory"] and rows["city"]["isEnabled"]
    assert rows["postalCode"]["validationRegex"] == r"\d{5}"
    assert not rows["addressLine3"]["isEnabled"]

    (event,) = AuditEvent.objects.filter(entity_name="FIELDCONFIGURATION")
    assert event.action_name == "UPDATE"
    assert event.maker_id == admin_user.pk
    assert event.resource_external_id == "ADDRESS"
    assert event.changes == {
        "addressLine3.is_enabled": [True, False],
        "city.is_mandatory": [False, True],
        "postalCode.validation_regex": ["", r"\d{5}"],
    }
    # The same settings again change nothing and journal nothing.
    again = configure(api, {"field": "city", "isMandatory": True})
    assert again.json() == {"entity": "ADDRESS", "changes": {}}
    assert AuditEvent.objects.filter(entity_name="FIELDCONFIGURATION").count() == 1


@pytest.mark.parametrize(
    ("item", "param", "code"),
    [
        (
            {"field": "postalCode", "validationRegex": "([0-9]"},
            "fields[0].validationRegex",
            "validation.msg.fieldconfiguration.fields[0].validationRegex.is.invalid",
        ),
        (
            {"field": "city", "isEnabled": False, "isMandatory": True},
            "fields[0].isMandatory",
            "validation.msg.fieldconfiguration.fields[0].isMandatory.requires.enabled",
        ),
        (
            {"field": "addressType", "isMandatory": False},
            "fields[0].field",
            "validation.msg.fieldconfiguration.fields[0].field.cannot.be.optional",
        ),
        (
            {"field": "addressType", "isEnabled": False},
            "fields[0].field",
            "validation.msg.fieldconfiguration.fields[0].field.cannot.be.optional",
        ),
        (
            {"field": "favouriteColour", "isEnabled": True},
            "fields[0].field",
            "validation.msg.fieldconfiguration.fields[0].field.is.not.within.expected.range",
        ),
    ],
)
def test_put_refuses_settings_that_cannot_work(api, item, param, code):
    response = configure(api, item)
    assert response.status_code == 400, response.json()
    assert params_of(response) == [param]
    assert codes_of(response) == [code]
    assert not AuditEvent.objects.filter(entity_name="FIELDCONFIGURATION").exists()


def test_a_refused_put_changes_nothing_at_all(api):
    response = configure(
        api,
        {"field": "city", "isMandatory": True},
        {"field": "postalCode", "validationRegex": "("},
    )
    assert response.status_code == 400
    assert not FieldConfiguration.objects.get(entity="ADDRESS", field="city").is_mandatory


def test_put_refuses_malformed_bodies(api):
    assert api.put(CONFIG, {}, "json").status_code == 400
    assert api.put(CONFIG, {"fields": []}, "json").status_code == 400
    assert api.put(CONFIG, {"fields": "street"}, "json").status_code == 400
    unknown = configure(api, {"field": "city", "isHidden": True})
    assert unknown.status_code == 400
    assert codes_of(unknown) == ["error.msg.parameter.unsupported"]
    twice = configure(api, {"field": "city", "isMandatory": True}, {"field": "city"})
    assert twice.status_code == 400
    assert params_of(twice) == ["fields[1].field"]
    assert configure(api, {"field": "city", "isEnabled": "sometimes"}).status_code == 400


def test_put_for_an_entity_without_configuration_is_404(api):
    response = api.put(f"{BASE}/fieldconfiguration/LOAN", {"fields": [{"field": "x"}]}, "json")
    assert response.status_code == 404
    assert codes_of(response) == ["error.msg.fieldconfiguration.entity.invalid"]


def test_permissions_are_the_fieldconfiguration_ones(api_as, make_user):
    reader = api_as(make_user(("READ_FIELDCONFIGURATION",)))
    assert reader.get(CONFIG).status_code == 200
    assert configure(reader, {"field": "city", "isMandatory": True}).status_code == 403
    writer = api_as(make_user(("UPDATE_FIELDCONFIGURATION",)))
    assert configure(writer, {"field": "city", "isMandatory": True}).status_code == 200
    assert writer.get(CONFIG).status_code == 403


# --- what the settings do ---------------------------------------------------------------------


def test_a_disabled_field_may_not_be_sent(api, resident, home):
    configure(api, {"field": "addressLine3", "isEnabled": False})
    refused = add(api, resident.pk, home, addressLine3="Flat 4", city="Nairobi")
    assert refused.status_code == 400
    assert codes_of(refused) == ["error.msg.parameter.unsupported"]
    assert params_of(refused) == ["addressLine3"]
    assert add(api, resident.pk, home, city="Nairobi").status_code == 200
    address_id = ClientAddress.objects.get(client=resident).pk
    update = api.put(
        addresses_url(resident.pk), {"addressId": address_id, "addressLine3": "x"}, "json"
    )
    assert update.status_code == 400


def test_a_disabled_flag_keeps_its_default(api, resident, home):
    configure(api, {"field": "isActive", "isEnabled": False})
    assert add(api, resident.pk, home, isActive=False).status_code == 400
    assert add(api, resident.pk, home).status_code == 200
    assert ClientAddress.objects.get(client=resident).is_active


def test_a_mandatory_field_must_be_filled_on_create(api, resident, home):
    configure(
        api, {"field": "city", "isMandatory": True}, {"field": "countryId", "isMandatory": True}
    )
    missing = add(api, resident.pk, home, street="Moi Avenue")
    assert missing.status_code == 400
    assert set(codes_of(missing)) == {
        "validation.msg.address.city.cannot.be.blank",
        "validation.msg.address.countryId.cannot.be.blank",
    }
    blank = add(api, resident.pk, home, city="  ", countryId=None)
    assert set(params_of(blank)) == {"city", "countryId"}
    assert not ClientAddress.objects.exists()


def test_a_mandatory_field_cannot_be_blanked_but_old_addresses_stay_editable(api, resident, home):
    address_id = add(api, resident.pk, home, street="Moi Avenue").json()["resourceId"]
    configure(api, {"field": "city", "isMandatory": True})
    # Made mandatory after the address was recorded: other fields can still be edited.
    edited = api.put(
        addresses_url(resident.pk), {"addressId": address_id, "street": "Kenyatta"}, "json"
    )
    assert edited.status_code == 200, edited.json()
    blanked = api.put(addresses_url(resident.pk), {"addressId": address_id, "city": ""}, "json")
    assert codes_of(blanked) == ["validation.msg.address.city.cannot.be.blank"]
    filled = api.put(
        addresses_url(resident.pk), {"addressId": address_id, "city": "Nairobi"}, "json"
    )
    assert filled.status_code == 200


def test_values_must_match_the_regex_in_full(api, resident, home, code_value):
    configure(
        api,
        {"field": "postalCode", "validationRegex": r"\d{5}"},
        {"field": "latitude", "validationRegex": r"-?\d{1,2}\.\d{2,}"},
    )
    wrong = add(api, resident.pk, home, postalCode="00100x", latitude="1.5")
    assert wrong.status_code == 400
    assert set(codes_of(wrong)) == {
        "validation.msg.address.postalCode.does.not.match.regex",
        "validation.msg.address.latitude.does.not.match.regex",
    }
    assert wrong.json()["errors"][0]["args"] in (
        [{"value": r"\d{5}"}],
        [{"value": r"-?\d{1,2}\.\d{2,}"}],
    )
    ok = add(api, resident.pk, home, postalCode=" 00100 ", latitude="-1.29")
    assert ok.status_code == 200, ok.json()
    # An optional field left empty is not checked against the regex.
    other = add(api, resident.pk, code_value("ADDRESS_TYPE", 1), postalCode="")
    assert other.status_code == 200, other.json()


def test_a_regex_check_applies_on_update_too(api, resident, home):
    address_id = add(api, resident.pk, home, postalCode="ABC").json()["resourceId"]
    configure(api, {"field": "postalCode", "validationRegex": r"\d{5}"})
    response = api.put(
        addresses_url(resident.pk), {"addressId": address_id, "postalCode": "X1"}, "json"
    )
    assert codes_of(response) == ["validation.msg.address.postalCode.does.not.match.regex"]


def test_mandatory_fields_never_make_an_address_itself_required(api, branch_a, home):
    """Fineract's "street cannot be blank" for apps that send no address: not here."""
    configure(api, {"field": "street", "isMandatory": True}, {"field": "city", "isMandatory": True})
    response = api.post(
        f"{BASE}/clients",
        {"officeId": branch_a.pk, "legalFormId": 1, "firstname": "Asha", "lastname": "Njeri"},
        "json",
    )
    assert response.status_code == 200, response.json()
    problems = Problems()
    assert addresses.validate_inline_addresses([], problems) == []
    assert not problems.invalid
    # An address that is sent follows the rules.
    addresses.validate_inline_addresses([{"addressTypeId": home, "street": "Moi Avenue"}], problems)
    assert [e.param for e in problems.invalid] == ["address[0].city"]


def test_the_rules_are_read_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        rules = addresses.address_rules()
    assert rules["addressType"].mandatory
    assert set(rules) == set(ADDRESS_FIELDS)


def test_a_regex_re2_refuses_is_a_400_by_the_field(api):
    response = api.put(
        "/fineract-provider/api/v1/fieldconfiguration/ADDRESS",
        {"fields": [{"field": "postalCode", "validationRegex": r"^(\d)\1{4}$"}]},
        format="json",
    )
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["parameterName"] == "fields[0].validationRegex"
    assert error["userMessageGlobalisationCode"].endswith("validationRegex.is.invalid")
    assert "\\1" in error["defaultUserMessage"]


def test_a_regex_that_would_backtrack_is_checked_in_linear_time(api):
    response = api.put(
        "/fineract-provider/api/v1/fieldconfiguration/ADDRESS",
        {"fields": [{"field": "postalCode", "validationRegex": "^(A+)+$"}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    rule = addresses.address_rules()["postalCode"]
    assert not rule.matches("A" * 40 + "!")
    assert not rule.matches("A" * 100_000 + "!")
    assert rule.matches("A" * 40)
