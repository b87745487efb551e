"""The Mifos X web-app's forms of a client's parts, with the bodies they send: the address
dialogs (which add `addressType` and spell the county field `countryDistrict`) and the family
member edit (which sends back the date of birth it was given, in ISO, beside its dateFormat)."""

import pytest

from clients.conftest import BASE, codes_of, params_of
from mteja.clients.models import ClientAddress, ClientFamilyMember
from mteja.organisation.models import CodeValue

pytestmark = pytest.mark.django_db
WEBAPP_FORMAT = {"dateFormat": "dd MMMM yyyy", "locale": "en"}


def addresses_url(client_id, query=""):
    return f"{BASE}/client/{client_id}/addresses{query}"


def address_form(**fields) -> dict:
    """The address dialog's controls, every one sent (blank when left empty)."""
    body = {
        "street": "",
        "addressLine1": "",
        "addressLine2": "",
        "addressLine3": "",
        "townVillage": "",
        "city": "",
        "stateProvinceId": "",
        "countryId": "",
        "countryDistrict": "",
        "postalCode": "",
    }
    body.update(fields)
    return body


@pytest.fixture
def home(code_value):
    return code_value("ADDRESS_TYPE", 0)


def test_address_tab_add_and_edit(api, make_client, home):
    client = make_client()
    added = api.post(
        addresses_url(client.pk, f"?type={home}"),
        address_form(
            addressType=home, street="Moi Avenue", city="Nairobi", countryDistrict="Kibera"
        ),
        "json",
    )
    assert added.status_code == 200, added.json()
    address = ClientAddress.objects.get(pk=added.json()["resourceId"])
    assert (address.address_type_id, address.street, address.county_district) == (
        home,
        "Moi Avenue",
        "Kibera",
    )
    # The add dialog sends no isActive: the address is inactive, as Fineract makes it and as
    # the tab then shows it (its toggle off).
    (listed,) = api.get(addresses_url(client.pk)).json()
    assert listed["isActive"] is False

    # The edit dialog sends the type's name under `addressType`, with the address id and the
    # isActive the tab shows.
    edited = api.put(
        addresses_url(client.pk, f"?type={home}"),
        address_form(
            addressType="Residential",
            addressId=address.pk,
            isActive=False,
            street="Moi Avenue 12",
            city="Nairobi",
            countryDistrict="Kibera West",
        ),
        "json",
    )
    assert edited.status_code == 200, edited.json()
    assert edited.json()["changes"] == {"street": "Moi Avenue 12", "countyDistrict": "Kibera West"}
    address.refresh_from_db()
    assert (address.address_type_id, address.county_district) == (home, "Kibera West")

    # The tab's toggle sends only the id and the new state.
    toggled = api.put(
        addresses_url(client.pk, f"?type={home}"),
        {"addressId": address.pk, "isActive": True},
        "json",
    )
    assert toggled.status_code == 200, toggled.json()
    assert toggled.json()["changes"] == {"isActive": True}
    (listed,) = api.get(addresses_url(client.pk)).json()
    assert listed["isActive"] is True


def test_the_county_by_either_name_follows_the_configuration(api, make_client, home):
    client = make_client()
    api.put(
        f"{BASE}/fieldconfiguration/ADDRESS",
        {"fields": [{"field": "countyDistrict", "isEnabled": False}]},
        "json",
    )
    response = api.post(
        addresses_url(client.pk, f"?type={home}"),
        {"street": "Moi Avenue", "countryDistrict": "Kibera"},
        "json",
    )
    assert response.status_code == 400
    assert codes_of(response) == ["error.msg.parameter.unsupported"]
    assert params_of(response) == ["countyDistrict"]


def test_an_unknown_field_is_still_refused(api, make_client, home):
    client = make_client()
    response = api.post(
        addresses_url(client.pk, f"?type={home}"), {"street": "Moi", "district": "x"}, "json"
    )
    assert response.status_code == 400
    assert params_of(response) == ["district"]


def test_create_wizard_address_with_country_district(api, home):
    body = {
        "officeId": 1,
        "legalFormId": 1,
        "firstname": "Asha",
        "lastname": "Njeri",
        "address": [
            {
                **address_form(street="Moi Avenue", countryDistrict="Kibera"),
                "addressTypeId": home,
                "isActive": False,
            }
        ],
        **WEBAPP_FORMAT,
    }
    response = api.post(f"{BASE}/clients", body, "json")
    assert response.status_code == 200, response.json()
    address = ClientAddress.objects.get(client_id=response.json()["clientId"])
    assert (address.county_district, address.is_active) == ("Kibera", False)


@pytest.fixture
def relative(api, make_client, code_value):
    client = make_client()
    response = api.post(
        f"{BASE}/clients/{client.pk}/familymembers",
        {
            "firstName": "Neema",
            "lastName": "Njeri",
            "age": 30,
            "relationshipId": code_value("RELATIONSHIP"),
            "genderId": code_value("Gender"),
            "dateOfBirth": "01 January 1994",
            **WEBAPP_FORMAT,
        },
        "json",
    )
    assert response.status_code == 200, response.json()
    return ClientFamilyMember.objects.get(pk=response.json()["resourceId"])


def test_family_member_edit_sends_back_an_iso_date(api, relative):
    body = {
        "firstName": "Neema",
        "middleName": "",
        "lastName": "Njeri",
        "qualification": "Teacher",
        "age": 30,
        "isDependent": False,
        "relationshipId": relative.relationship_id,
        "genderId": relative.gender_id,
        "professionId": None,
        "maritalStatusId": None,
        "dateOfBirth": "1994-01-01",
        **WEBAPP_FORMAT,
    }
    url = f"{BASE}/clients/{relative.client_id}/familymembers/{relative.pk}"
    response = api.put(url, body, "json")
    assert response.status_code == 200, response.json()
    assert response.json()["changes"] == {"qualification": "Teacher"}

    # A date picked again comes in the form's format; other text is still refused.
    assert api.put(url, {**body, "dateOfBirth": "02 January 1994"}, "json").status_code == 200
    refused = api.put(url, {**body, "dateOfBirth": "1994/01/03"}, "json")
    assert refused.status_code == 400
    assert params_of(refused) == ["dateOfBirth"]
    relative.refresh_from_db()
    assert relative.date_of_birth.isoformat() == "1994-01-02"


def test_family_template_codes_are_the_ones_the_wizard_reads(api, make_client):
    client = make_client()
    body = api.get(f"{BASE}/clients/template").json()["familyMemberOptions"]
    per_client = api.get(f"{BASE}/clients/{client.pk}/familymembers/template").json()
    assert body == per_client
    assert [o["id"] for o in body["relationshipIdOptions"]] == list(
        CodeValue.objects.filter(code__name="RELATIONSHIP", is_active=True)
        .order_by("position", "id")
        .values_list("pk", flat=True)
    )
