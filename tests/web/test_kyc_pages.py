"""The KYC pages through Django's test client: the Identifiers, Family, Addresses and More
details tabs with their forms, the KYC indicator, the duplicate check of the client form, and
the settings pages — with their permission gates and office scoping."""

import datetime
import re

import pytest
from django.urls import reverse

from mteja.clients import services
from mteja.clients.kyc import addresses, custom_fields, family, identifiers, policy
from mteja.clients.models import (
    Client,
    ClientAddress,
    ClientFamilyMember,
    ClientIdentifier,
    ClientPolicy,
    CustomRow,
    FieldConfiguration,
    IdentifierFormat,
    IdentifierStatus,
)
from mteja.core import clock
from mteja.core.models import AuditEvent
from mteja.organisation.models import CodeValue

pytestmark = pytest.mark.django_db


# A valid Luhn number (the check digit of 7992739871 is 3).
LUHN_VALID = "79927398713"


def code_value(code_name: str, name: str | None = None) -> CodeValue:
    values = CodeValue.objects.filter(code__name=code_name, is_active=True).order_by("position")
    return values.get(name=name) if name else values.first()


def html(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def branch(make_office):
    return make_office(name="Kisumu")


@pytest.fixture
def other_branch(make_office):
    return make_office(name="Mombasa")


@pytest.fixture
def admin(make_user):
    return make_user(("ALL_FUNCTIONS",), username="root")


@pytest.fixture
def web(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def national_id():
    return code_value("Customer Identifier", "National ID")


def add_identifier(client, document_type, key, **extra):
    return identifiers.identifier_create(
        actor=None,
        client=client,
        data=identifiers.IdentifierInput(
            document_type_id=document_type.pk, document_key=key, **extra
        ),
    )


def identifier_form(document_type, key, **overrides):
    data = {
        "document_type": document_type.pk,
        "document_key": key,
        "status": str(IdentifierStatus.ACTIVE.value),
        "issue_date": "",
        "expiry_date": "",
        "issuing_country": "",
        "description": "",
    }
    data.update(overrides)
    return data


# --- the tabs ------------------------------------------------------------------------------


def test_client_page_offers_the_kyc_tabs(web, make_client):
    client = make_client()
    page = html(web.get(f"/clients/{client.pk}/"))
    for url in ("identifiers", "family", "addresses"):
        assert f'href="/clients/{client.pk}/{url}/"' in page
    assert f'href="/clients/{client.pk}/more-details/"' not in page  # no custom table yet


@pytest.mark.parametrize(
    ("tab", "code"),
    [
        ("identifiers", "READ_CLIENTIDENTIFIER"),
        ("family", "READ_FAMILYMEMBERS"),
        ("addresses", "READ_ADDRESS"),
    ],
)
def test_each_tab_needs_its_read_permission(browse_as, make_user, make_client, tab, code):
    client = make_client()
    without = browse_as(make_user(("READ_CLIENT",)))
    assert without.get(f"/clients/{client.pk}/{tab}/").status_code == 403
    assert f'href="/clients/{client.pk}/{tab}/"' not in html(without.get(f"/clients/{client.pk}/"))

    reader = browse_as(make_user(("READ_CLIENT", code)))
    response = reader.get(f"/clients/{client.pk}/{tab}/")
    assert response.status_code == 200
    # Read only: no add, edit or delete.
    assert "/new/" not in html(response).split('aria-label="Client sections"')[1]


def test_a_tab_of_a_client_of_another_office_is_not_found(
    browse_as, make_user, make_client, branch, other_branch
):
    theirs = make_client(other_branch)
    user = browse_as(make_user(("ALL_FUNCTIONS",), office=branch))
    for tab in ("identifiers", "family", "addresses", "more-details"):
        assert user.get(f"/clients/{theirs.pk}/{tab}/").status_code == 404


def test_writes_to_a_client_of_another_office_are_refused(
    browse_as, make_user, make_client, branch, other_branch, national_id
):
    theirs = make_client(other_branch)
    document = add_identifier(theirs, national_id, "AB12345")
    user = browse_as(make_user(("ALL_FUNCTIONS",), office=branch))

    posted = user.post(
        f"/clients/{theirs.pk}/identifiers/new/", identifier_form(national_id, "ZZ99999")
    )
    assert posted.status_code == 404
    assert user.get(f"/clients/{theirs.pk}/identifiers/new/").status_code == 404
    deleted = user.post(f"/clients/{theirs.pk}/identifiers/{document.pk}/delete/")
    assert deleted.status_code == 404
    assert user.post(f"/clients/{theirs.pk}/family/new/", {"firstname": "X"}).status_code == 404
    assert ClientIdentifier.objects.filter(client=theirs).count() == 1
    assert not ClientFamilyMember.objects.exists()


def test_a_record_of_another_client_is_not_found(web, make_client, national_id):
    mine, other = make_client(), make_client()
    document = add_identifier(other, national_id, "AB12345")
    response = web.get(f"/clients/{mine.pk}/identifiers/{document.pk}/edit/")
    assert response.status_code == 404


def test_tabs_run_a_fixed_number_of_queries(
    web, make_client, national_id, survey, django_assert_max_num_queries
):
    client = make_client()
    passport = code_value("Customer Identifier", "Passport")
    add_identifier(client, national_id, "AB12345")
    add_identifier(client, passport, "P1234567", expiry_date=datetime.date(2030, 1, 1))
    for index in range(5):
        family.family_member_create(
            actor=None,
            client=client,
            data=family.FamilyMemberInput(
                **{
                    "firstname": f"Child{index}",
                    "relationship_id": code_value("RELATIONSHIP", "Son").pk,
                    "is_dependent": True,
                }
            ),
        )
        addresses.address_create(
            actor=None,
            client=client,
            data=addresses.AddressInput(
                address_type_id=code_value("ADDRESS_TYPE").pk,
                street=f"Street {index}",
                is_active=False,
            ),
        )
    custom_fields.custom_row_create(
        actor=None, table=survey, client=client, values={"rooms": 2, "occupation": None}
    )
    for tab in ("", "identifiers/", "family/", "addresses/", "more-details/", "edit/"):
        with django_assert_max_num_queries(18):
            assert web.get(f"/clients/{client.pk}/{tab}").status_code == 200


# --- identifiers ---------------------------------------------------------------------------


def test_add_an_identifier(web, make_client, national_id):
    client = make_client()
    response = web.post(
        f"/clients/{client.pk}/identifiers/new/",
        identifier_form(national_id, "ab-123 456", description="Seen at the branch"),
    )

    assert response.status_code == 302
    assert response.url == f"/clients/{client.pk}/identifiers/"
    document = ClientIdentifier.objects.get(client=client)
    assert document.document_key == "ab-123 456"
    assert document.document_key_normalized == "AB123456"
    assert document.status == IdentifierStatus.ACTIVE
    page = web.get(response.url)
    assert "National ID ab-123 456 added." in messages_of(page)
    assert "ab-123 456" in html(page) and "Seen at the branch" in html(page)
    event = AuditEvent.objects.get(entity_name="CLIENTIDENTIFIER", action_name="CREATE")
    assert event.client_id == client.pk


def test_the_add_form_can_preselect_a_type(web, make_client, national_id):
    client = make_client()
    form = web.get(f"/clients/{client.pk}/identifiers/new/?type={national_id.pk}").context["form"]
    assert form["document_type"].value() == national_id.pk


def test_a_number_of_another_client_is_refused_with_a_link_to_that_client(
    web, make_client, national_id
):
    holder = make_client(firstname="Achieng", lastname="Holder")
    add_identifier(holder, national_id, "AB123456")
    client = make_client()

    response = web.post(
        f"/clients/{client.pk}/identifiers/new/", identifier_form(national_id, "ab-123 456")
    )

    page = html(response)
    assert response.status_code == 200
    errors = response.context["form"].errors["document_key"]
    assert any(holder.account_no in error for error in errors)
    assert 'id="id_document_key_error"' in page
    owner_note = page[page.index('id="id_document_key_owner"') :]
    assert f'href="/clients/{holder.pk}/"' in owner_note[:600]
    assert "Achieng Holder" in owner_note[:600]
    assert 'value="ab-123 456"' in page  # what the user typed is kept
    assert not ClientIdentifier.objects.filter(client=client).exists()


def test_the_holder_of_another_office_is_not_named(
    browse_as, make_user, make_client, branch, other_branch, national_id
):
    holder = make_client(other_branch, firstname="Secret", lastname="Holder")
    add_identifier(holder, national_id, "AB123456")
    mine = make_client(branch)
    user = browse_as(make_user(("ALL_FUNCTIONS",), office=branch))

    response = user.post(
        f"/clients/{mine.pk}/identifiers/new/", identifier_form(national_id, "AB123456")
    )

    page = html(response)
    assert holder.account_no not in page
    assert "Secret" not in page
    assert f'href="/clients/{holder.pk}/"' not in page
    assert "office outside yours" in page


def test_a_format_rule_failure_shows_the_rules_message_by_the_field(web, make_client):
    client = make_client()
    passport = code_value("Customer Identifier", "Passport")
    response = web.post(
        f"/clients/{client.pk}/identifiers/new/",
        identifier_form(passport, "12", expiry_date="2030-01-01"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["document_key"] == ["A passport number has 6 to 9 letters and digits."]


def test_a_second_active_document_of_a_type_is_refused_by_the_type(web, make_client, national_id):
    client = make_client()
    add_identifier(client, national_id, "AB12345")
    response = web.post(
        f"/clients/{client.pk}/identifiers/new/", identifier_form(national_id, "CD67890")
    )
    assert response.status_code == 200
    assert "document_type" in response.context["form"].errors


def test_edit_and_delete_an_identifier(web, make_client, national_id):
    client = make_client()
    document = add_identifier(client, national_id, "AB12345")
    url = f"/clients/{client.pk}/identifiers/{document.pk}/edit/"
    data = identifier_form(
        national_id, "AB12345", status=str(IdentifierStatus.INACTIVE.value), description="Lost"
    )

    assert web.post(url, data).status_code == 302
    document.refresh_from_db()
    assert document.status == IdentifierStatus.INACTIVE and document.description == "Lost"
    again = web.post(url, data, follow=True)
    assert "Nothing to save: no field was changed." in messages_of(again)

    delete_url = f"/clients/{client.pk}/identifiers/{document.pk}/delete/"
    assert "Delete the National ID AB12345?" in html(web.get(delete_url))
    assert web.post(delete_url).status_code == 302
    assert not ClientIdentifier.objects.exists()
    assert AuditEvent.objects.filter(entity_name="CLIENTIDENTIFIER").count() == 3


def test_identifier_buttons_follow_the_permissions(browse_as, make_user, make_client, national_id):
    client = make_client()
    document = add_identifier(client, national_id, "AB12345")
    url = f"/clients/{client.pk}/identifiers/"
    adder = browse_as(
        make_user(("READ_CLIENT", "READ_CLIENTIDENTIFIER", "CREATE_CLIENTIDENTIFIER"))
    )
    page = html(adder.get(url))
    assert f"{url}new/" in page
    assert f"{url}{document.pk}/edit/" not in page and f"{url}{document.pk}/delete/" not in page
    assert adder.get(f"{url}{document.pk}/edit/").status_code == 403
    assert adder.post(f"{url}{document.pk}/delete/").status_code == 403

    editor = browse_as(
        make_user(("READ_CLIENT", "READ_CLIENTIDENTIFIER", "UPDATE_CLIENTIDENTIFIER"))
    )
    page = html(editor.get(url))
    assert f"{url}{document.pk}/edit/" in page and f"{url}new/" not in page


# --- family --------------------------------------------------------------------------------


def family_form(**overrides):
    data = {
        "firstname": "Baraka",
        "middlename": "",
        "lastname": "Otieno",
        "relationship": code_value("RELATIONSHIP", "Son").pk,
        "gender": code_value("Gender", "Male").pk,
        "date_of_birth": "2015-03-02",
        "age": "",
        "is_dependent": "on",
        "marital_status": "",
        "profession": "",
        "qualification": "",
        "mobile_number": "",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def test_add_edit_and_delete_a_family_member(web, make_client):
    client = make_client()
    url = f"/clients/{client.pk}/family/"

    response = web.post(f"{url}new/", family_form())
    assert response.status_code == 302
    member = ClientFamilyMember.objects.get(client=client)
    assert member.is_dependent and member.relationship.name == "Son"
    page = html(web.get(url))
    assert "Baraka" in page and "Son" in page
    assert "1 economic dependent, counted from the family members marked dependent." in page

    edited = web.post(
        f"{url}{member.pk}/edit/", family_form(is_dependent=None, qualification="Primary")
    )
    assert edited.status_code == 302
    member.refresh_from_db()
    assert not member.is_dependent and member.qualification == "Primary"

    assert web.post(f"{url}{member.pk}/delete/").status_code == 302
    assert not ClientFamilyMember.objects.exists()
    actions = AuditEvent.objects.filter(entity_name="FAMILYMEMBERS").values_list(
        "action_name", flat=True
    )
    assert sorted(actions) == ["CREATE", "DELETE", "UPDATE"]


def test_family_member_errors_are_beside_their_fields(web, make_client):
    client = make_client()
    response = web.post(
        f"/clients/{client.pk}/family/new/",
        family_form(mobile_number="call me", age="30", date_of_birth="2015-03-02"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "mobile_number" in errors  # the service's format rule, as mobileNumber
    assert "age" in errors  # does not match the date of birth
    assert not ClientFamilyMember.objects.exists()


def test_overview_says_where_the_number_of_dependents_comes_from(web, make_client):
    client = make_client(number_of_dependents=4)
    page = html(web.get(f"/clients/{client.pk}/"))
    assert "as entered; no family members recorded" in page

    for name, dependent in (("Amina", True), ("Juma", True), ("Zawadi", False)):
        family.family_member_create(
            actor=None,
            client=client,
            data=family.FamilyMemberInput(**{"firstname": name, "is_dependent": dependent}),
        )
    page = html(web.get(f"/clients/{client.pk}/"))
    section = page[page.index("Economic dependents") :][:300]
    assert ">2 <" in section or ">2<" in section.replace(" ", "")
    assert "family members marked dependent" in section


# --- addresses -----------------------------------------------------------------------------


def address_form(**overrides):
    data = {
        "address_type": code_value("ADDRESS_TYPE", "Residential").pk,
        "street": "Oginga Odinga Road 12",
        "address_line_1": "",
        "address_line_2": "",
        "address_line_3": "",
        "town_village": "Kondele",
        "city": "Kisumu",
        "county_district": "",
        "state_province": "",
        "country": code_value("COUNTRY", "Kenya").pk,
        "postal_code": "40100",
        "latitude": "-0.0917",
        "longitude": "34.768",
        "is_active": "on",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def test_add_edit_and_deactivate_an_address(web, make_client):
    client = make_client()
    url = f"/clients/{client.pk}/addresses/"

    assert web.post(f"{url}new/", address_form()).status_code == 302
    address = ClientAddress.objects.get(client=client)
    assert address.city == "Kisumu" and str(address.latitude) == "-0.0917000"
    page = html(web.get(url))
    assert "Oginga Odinga Road 12" in page and "Kenya" in page

    assert web.post(f"{url}{address.pk}/edit/", address_form(city="Kisumu City")).status_code == 302
    address.refresh_from_db()
    assert address.city == "Kisumu City"

    assert web.post(f"{url}{address.pk}/deactivate/").status_code == 302
    address.refresh_from_db()
    assert not address.is_active
    assert web.get(f"{url}{address.pk}/deactivate/").status_code == 405


def test_a_second_active_address_of_a_type_is_refused_by_the_type(web, make_client):
    client = make_client()
    web.post(f"/clients/{client.pk}/addresses/new/", address_form())
    response = web.post(f"/clients/{client.pk}/addresses/new/", address_form(street="Other 1"))
    assert response.status_code == 200
    assert "address_type" in response.context["form"].errors


def test_the_address_form_follows_the_field_configuration(web, make_client):
    client = make_client()
    FieldConfiguration.objects.filter(entity="ADDRESS", field="addressLine3").update(
        is_enabled=False
    )
    FieldConfiguration.objects.filter(entity="ADDRESS", field="postalCode").update(
        is_mandatory=True, validation_regex=r"\d{5}"
    )

    form = web.get(f"/clients/{client.pk}/addresses/new/").context["form"]
    assert "address_line_3" not in form.fields
    assert form.fields["postal_code"].required

    response = web.post(
        f"/clients/{client.pk}/addresses/new/",
        address_form(address_line_3=None, postal_code="KSM-1"),
    )
    assert response.status_code == 200
    assert "postal_code" in response.context["form"].errors  # the institution's format
    assert not ClientAddress.objects.exists()


# --- KYC completeness ----------------------------------------------------------------------


def test_kyc_is_never_complete_without_an_identity_document(web, make_client, national_id):
    """No rule of the institution asks for a document, yet a client with none is not "KYC
    complete": the indicator says none is recorded and links to the form that adds one."""
    client = make_client()
    page = html(web.get(f"/clients/{client.pk}/"))
    assert "KYC complete" not in page
    assert "KYC: 1 item missing" in page
    panel = page[page.index('id="kyc-missing"') :]
    panel = panel[: panel.index("</section>")]
    assert "No identity document recorded" in panel
    assert f'href="/clients/{client.pk}/identifiers/new/"' in panel
    assert "Identity documents recorded:</span> none" in panel

    add_identifier(client, national_id, "AB12345")
    page = html(web.get(f"/clients/{client.pk}/"))
    assert "KYC complete" in page and 'id="kyc-missing"' not in page
    profile = page[page.index('id="kyc-profile"') :]
    assert "Identity documents recorded:</span> National ID" in profile


def test_kyc_says_what_the_institution_requires_that_is_recorded(web, make_client, national_id):
    client = make_client(mobile_no="0711 222 333")
    IdentifierFormat.objects.filter(document_type=national_id).update(required_for_activation=True)
    policy.client_policy_update(actor=None, required_fields_person=["mobileNo", "genderId"])
    add_identifier(client, national_id, "AB12345")
    page = html(web.get(f"/clients/{client.pk}/"))
    assert "KYC: 1 item missing" in page
    assert "Required by the institution and recorded:</span> National ID, Mobile number" in page
    assert "Gender is required by the institution but empty" in page


def test_kyc_indicator_names_missing_documents_and_fields_with_links(web, make_client, national_id):
    client = make_client(mobile_no="")  # created before the rules were tightened
    IdentifierFormat.objects.filter(document_type=national_id).update(required_for_activation=True)
    policy.client_policy_update(
        actor=None, required_fields_person=["mobileNo", "genderId", "address"]
    )

    page = html(web.get(f"/clients/{client.pk}/"))

    assert "KYC: 4 items missing" in page
    panel = page[page.index('id="kyc-missing"') :]
    panel = panel[: panel.index("</section>")]
    assert "No active National ID recorded" in panel
    assert f'href="/clients/{client.pk}/identifiers/new/?type={national_id.pk}"' in panel
    assert f'href="/clients/{client.pk}/edit/#id_mobile_no"' in panel
    assert f'href="/clients/{client.pk}/edit/#id_gender"' in panel
    assert f'href="/clients/{client.pk}/addresses/new/"' in panel

    add_identifier(client, national_id, "AB12345")
    services.client_update(
        actor=None,
        client=client,
        fields={"mobile_no": "0711 222 333", "gender_id": code_value("Gender").pk},
    )
    addresses.address_create(
        actor=None,
        client=client,
        data=addresses.AddressInput(
            address_type_id=code_value("ADDRESS_TYPE").pk, street="Main Street 1"
        ),
    )
    page = html(web.get(f"/clients/{client.pk}/"))
    assert "KYC complete" in page and 'id="kyc-missing"' not in page


def test_kyc_links_only_what_the_user_may_fix(browse_as, make_user, make_client, national_id):
    IdentifierFormat.objects.filter(document_type=national_id).update(required_for_activation=True)
    client = make_client()
    reader = browse_as(make_user(("READ_CLIENT",)))
    page = html(reader.get(f"/clients/{client.pk}/"))
    assert "No active National ID recorded" in page
    assert "/identifiers/new/" not in page


def test_activation_refused_for_kyc_links_to_the_tab_that_adds_the_item(
    web, make_client, national_id, survey
):
    IdentifierFormat.objects.filter(document_type=national_id).update(required_for_activation=True)
    client = make_client()
    today = clock.today().isoformat()
    response = web.post(f"/clients/{client.pk}/activate/", {"activation_date": today})
    assert response.status_code == 200  # the form again, with the refusals above it
    errors = [str(error) for error in response.context["form"].non_field_errors()]
    identifiers_tab = (
        f'<a href="/clients/{client.pk}/identifiers/">Add it in the Identifiers tab</a>'
    )
    assert any("National ID is required" in e and identifiers_tab in e for e in errors)
    details_tab = f'<a href="/clients/{client.pk}/more-details/">Fill it in under More details</a>'
    assert any(details_tab in error for error in errors)
    page = html(response)
    assert identifiers_tab in page and details_tab in page  # shown as links, not as text
    client.refresh_from_db()
    assert client.status == 100


def test_activation_refusal_links_no_tab_the_user_may_not_open(
    browse_as, make_user, make_client, national_id
):
    IdentifierFormat.objects.filter(document_type=national_id).update(required_for_activation=True)
    client = make_client()
    clerk = browse_as(make_user(("READ_CLIENT", "ACTIVATE_CLIENT")))
    today = clock.today().isoformat()
    response = clerk.post(f"/clients/{client.pk}/activate/", {"activation_date": today})
    errors = [str(error) for error in response.context["form"].non_field_errors()]
    assert any("National ID is required" in error for error in errors)
    assert not any("<a " in error for error in errors)


def test_kyc_counts_dependents_from_family_for_a_required_number(web, make_client, national_id):
    client = make_client()
    add_identifier(client, national_id, "AB12345")
    policy.client_policy_update(actor=None, required_fields_person=["numberOfDependents"])
    assert "KYC: 1 item missing" in html(web.get(f"/clients/{client.pk}/"))
    family.family_member_create(
        actor=None, client=client, data=family.FamilyMemberInput(**{"firstname": "Amina"})
    )
    assert "KYC complete" in html(web.get(f"/clients/{client.pk}/"))


# --- possible duplicates before saving -----------------------------------------------------


def duplicate_check(web, check, **data):
    return web.post(reverse("client_duplicate_check") + f"?check={check}", data)


def test_duplicate_check_names_clients_with_the_same_mobile(web, make_client):
    household = make_client(firstname="Neema", lastname="Household", mobile_no="0711 000 111")
    page = html(duplicate_check(web, "mobile", legal_form="1", mobile_no="0711 000 111"))
    assert "Possible duplicate" in page
    assert "Neema Household" in page and household.account_no in page
    assert f'href="/clients/{household.pk}/"' in page
    assert (
        html(duplicate_check(web, "mobile", legal_form="1", mobile_no="0799 999 999")).strip() == ""
    )


def test_duplicate_check_by_name_and_date_of_birth(web, make_client):
    twin = make_client(
        firstname="Amani", lastname="Njoroge", date_of_birth=datetime.date(1990, 5, 17)
    )
    form = {"legal_form": "1", "firstname": "amani", "lastname": "njoroge"}
    assert twin.account_no in html(duplicate_check(web, "name", date_of_birth="1990-05-17", **form))
    assert html(duplicate_check(web, "name", date_of_birth="1990-05-18", **form)).strip() == ""
    assert html(duplicate_check(web, "name", date_of_birth="", **form)).strip() == ""


def test_duplicate_check_leaves_out_the_client_being_edited(web, make_client):
    client = make_client(mobile_no="0711 000 111")
    url = reverse("client_duplicate_check") + f"?check=mobile&client={client.pk}"
    assert html(web.post(url, {"mobile_no": "0711 000 111"})).strip() == ""


def test_duplicate_check_counts_clients_of_other_offices_without_naming_them(
    browse_as, make_user, make_client, branch, other_branch
):
    make_client(other_branch, firstname="Secret", lastname="Person", mobile_no="0700 111 222")
    user = browse_as(make_user(("READ_CLIENT", "CREATE_CLIENT"), office=branch))
    page = html(duplicate_check(user, "mobile", mobile_no="0700 111 222"))
    assert "1 client of another office" in page and "Secret" not in page


def test_duplicate_check_follows_the_policy(web, make_client):
    make_client(mobile_no="0711 000 111")
    policy.client_policy_update(actor=None, duplicate_mobile="block")
    assert "refuses" in html(duplicate_check(web, "mobile", mobile_no="0711 000 111"))
    policy.client_policy_update(actor=None, duplicate_mobile="off")
    assert html(duplicate_check(web, "mobile", mobile_no="0711 000 111")).strip() == ""


def test_duplicate_check_is_a_post_behind_the_client_permission(browse_as, make_user):
    url = reverse("client_duplicate_check") + "?check=mobile"
    assert browse_as(make_user(("READ_CLIENT",))).get(url).status_code == 405
    assert browse_as(make_user(("READ_OFFICE",))).post(url, {"mobile_no": "1"}).status_code == 403


def test_the_client_form_asks_as_the_user_types(web, make_client):
    page = html(web.get("/clients/new/"))
    assert 'hx-post="/clients/possible-duplicates/?check=mobile"' in page
    assert 'hx-post="/clients/possible-duplicates/?check=name"' in page
    assert 'id="duplicates-mobile"' in page and 'id="duplicates-name"' in page
    client = make_client()
    edit = html(web.get(f"/clients/{client.pk}/edit/"))
    assert f"?check=mobile&amp;client={client.pk}" in edit


# --- settings ------------------------------------------------------------------------------


def test_settings_menu_and_index_follow_the_permissions(browse_as, make_user):
    admin = browse_as(make_user(("ALL_FUNCTIONS",)))
    page = html(admin.get("/settings/"))
    for url in ("client-rules", "identifier-formats", "address-fields", "custom-fields"):
        assert f'href="/settings/{url}/"' in page
    assert 'href="/settings/"' in html(admin.get("/"))

    formats_only = browse_as(make_user(("READ_IDENTIFIERFORMAT",)))
    page = html(formats_only.get("/settings/"))
    assert 'href="/settings/identifier-formats/"' in page
    assert 'href="/settings/client-rules/"' not in page

    nobody = browse_as(make_user(("READ_CLIENT",)))
    assert nobody.get("/settings/").status_code == 403
    assert 'href="/settings/"' not in html(nobody.get("/"))


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("/settings/identifier-formats/", "READ_IDENTIFIERFORMAT"),
        ("/settings/client-rules/", "READ_CLIENTPOLICY"),
        ("/settings/address-fields/", "READ_FIELDCONFIGURATION"),
        ("/settings/custom-fields/", "READ_DATATABLE"),
        ("/settings/custom-fields/new/", "CREATE_DATATABLE"),
    ],
)
def test_each_settings_page_asks_for_its_permission(browse_as, make_user, url, code):
    assert browse_as(make_user(("READ_CLIENT",))).get(url).status_code == 403
    assert browse_as(make_user((code,))).get(url).status_code == 200


def test_identifier_format_edit_changes_what_the_service_enforces(web, make_client, national_id):
    assert "^[A-Z0-9]{5,20}$" in html(web.get("/settings/identifier-formats/"))
    url = f"/settings/identifier-formats/{national_id.pk}/"
    response = web.post(
        url,
        {
            "pattern": r"^\d{11}$",
            "message": "Eleven digits.",
            "check_digit": "luhn",
            "required_for_activation": "on",
        },
    )
    assert response.status_code == 302
    rule = IdentifierFormat.objects.get(document_type=national_id)
    assert (rule.pattern, rule.check_digit, rule.required_for_activation) == (
        r"^\d{11}$",
        "luhn",
        True,
    )
    event = AuditEvent.objects.get(entity_name="IDENTIFIERFORMAT")
    assert set(event.changes) == {"pattern", "message", "check_digit", "required_for_activation"}

    client = make_client()
    refused = web.post(
        f"/clients/{client.pk}/identifiers/new/", identifier_form(national_id, "79927398710")
    )
    assert "check digit" in refused.context["form"].errors["document_key"][0]
    accepted = web.post(
        f"/clients/{client.pk}/identifiers/new/", identifier_form(national_id, LUHN_VALID)
    )
    assert accepted.status_code == 302


def test_identifier_format_errors_are_beside_the_field(web, national_id):
    response = web.post(
        f"/settings/identifier-formats/{national_id.pk}/",
        {"pattern": "^(?=[A-Z])[A-Z0-9]+$", "message": ""},
    )
    assert response.status_code == 200
    assert "look-ahead" in " ".join(response.context["form"].errors["pattern"])


def test_a_format_that_would_backtrack_is_saved_and_checked_at_once(web, national_id, make_client):
    response = web.post(
        f"/settings/identifier-formats/{national_id.pk}/", {"pattern": "^(A|A)*$", "message": ""}
    )
    assert response.status_code == 302
    refused = web.post(
        f"/clients/{make_client().pk}/identifiers/new/",
        identifier_form(national_id, "A" * 40 + "!"),
    )
    assert refused.status_code == 200
    assert "document_key" in refused.context["form"].errors


def test_identifier_formats_are_read_only_without_the_update_code(
    browse_as, make_user, national_id
):
    reader = browse_as(make_user(("READ_IDENTIFIERFORMAT",)))
    assert "/settings/identifier-formats/" + str(national_id.pk) not in html(
        reader.get("/settings/identifier-formats/")
    )
    assert reader.get(f"/settings/identifier-formats/{national_id.pk}/").status_code == 403


def policy_form(**overrides):
    current = ClientPolicy.current()
    data = {
        "minimum_age": current.minimum_age,
        "maximum_age": current.maximum_age,
        "required_fields_person": list(current.required_fields_person),
        "required_fields_entity": list(current.required_fields_entity),
        "mobile_pattern": current.mobile_pattern,
        "email_pattern": current.email_pattern,
        "duplicate_mobile": current.duplicate_mobile,
        "duplicate_name_and_birth_date": current.duplicate_name_and_birth_date,
        "address_enabled": "on" if current.address_enabled else "",
        "phone_region": current.phone_region,
    }
    data.update(overrides)
    return data


def test_client_rules_change_what_the_services_enforce(web, head_office):
    response = web.post(
        "/settings/client-rules/",
        policy_form(minimum_age=21, required_fields_person=["mobileNo", "genderId"]),
    )
    assert response.status_code == 302
    current = ClientPolicy.current()
    assert current.minimum_age == 21
    assert current.required_fields_person == ["mobileNo", "genderId"]
    event = AuditEvent.objects.get(entity_name="CLIENTPOLICY")
    assert set(event.changes) == {"minimum_age", "required_fields_person"}

    page = html(web.get("/settings/client-rules/"))
    assert re.search(r'name="required_fields_person" value="mobileNo"[^>]* checked', page)
    assert not re.search(r'name="required_fields_person" value="emailAddress"[^>]* checked', page)
    too_young = (clock.today() - datetime.timedelta(days=365 * 20)).isoformat()
    refused = web.post(
        "/clients/new/",
        {
            "legal_form": "1",
            "office": head_office.pk,
            "firstname": "Young",
            "lastname": "Person",
            "date_of_birth": too_young,
            "submitted_on": clock.today().isoformat(),
        },
    )
    assert refused.status_code == 200
    assert "date_of_birth" in refused.context["form"].errors


def test_client_rules_errors_are_beside_their_fields(web):
    response = web.post(
        "/settings/client-rules/",
        policy_form(minimum_age=70, maximum_age=60, mobile_pattern="(unclosed"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "mobile_pattern" in errors
    assert "minimum_age" in errors
    assert ClientPolicy.current().minimum_age != 70


def test_a_client_rule_format_re2_refuses_says_why_beside_the_field(web):
    response = web.post("/settings/client-rules/", policy_form(email_pattern=r"^(\w)\1@.+$"))
    assert response.status_code == 200
    assert "back-references" in " ".join(response.context["form"].errors["email_pattern"])


def test_an_unknown_phone_country_is_refused_beside_its_field(web):
    response = web.post("/settings/client-rules/", policy_form(phone_region="XX", minimum_age=19))
    assert response.status_code == 200
    assert "phone_region" in response.context["form"].errors
    current = ClientPolicy.current()
    assert current.phone_region == "" and current.minimum_age != 19  # nothing half-saved


def test_a_phone_country_set_in_the_form_rekeys_the_clients(web, make_client):
    client = make_client(mobile_no="0712 345 678")
    response = web.post("/settings/client-rules/", policy_form(phone_region="ke"))
    assert response.status_code == 302
    assert ClientPolicy.current().phone_region == "KE"
    client.refresh_from_db()
    assert client.mobile_key == "+254712345678"


def test_client_rules_are_read_only_without_the_update_code(browse_as, make_user):
    reader = browse_as(make_user(("READ_CLIENTPOLICY",)))
    response = reader.get("/settings/client-rules/")
    assert response.status_code == 200
    assert "Save rules" not in html(response)
    assert 'name="minimum_age"' in html(response) and "disabled" in html(response)
    assert reader.post("/settings/client-rules/", policy_form(minimum_age=30)).status_code == 403
    assert ClientPolicy.current().minimum_age != 30


def address_fields_form(web, **overrides):
    form = web.get("/settings/address-fields/").context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value not in (False, None):
            data[name] = value
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def test_address_field_settings_change_what_the_service_enforces(web, make_client):
    data = address_fields_form(
        web, postalCode__mandatory="on", postalCode__regex=r"\d{5}", addressLine3__enabled=None
    )
    assert web.post("/settings/address-fields/", data).status_code == 302
    rules = addresses.address_rules()
    assert rules["postalCode"].mandatory and rules["postalCode"].regex == r"\d{5}"
    assert not rules["addressLine3"].enabled
    assert AuditEvent.objects.filter(entity_name="FIELDCONFIGURATION").count() == 1

    client = make_client()
    response = web.post(
        f"/clients/{client.pk}/addresses/new/",
        address_form(address_line_3=None, postal_code=""),
    )
    assert "postal_code" in response.context["form"].errors


def test_address_field_settings_errors_are_beside_their_fields(web):
    data = address_fields_form(
        web, city__regex="(bad", street__enabled=None, street__mandatory="on"
    )
    response = web.post("/settings/address-fields/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "city__regex" in errors and "street__mandatory" in errors
    assert 'id="id_city__regex_error"' in html(response)


def test_an_address_format_re2_refuses_says_why_beside_the_field(web):
    response = web.post(
        "/settings/address-fields/", address_fields_form(web, city__regex=r"^(?<!X)[A-Z]+$")
    )
    assert response.status_code == 200
    assert "look-behind" in " ".join(response.context["form"].errors["city__regex"])


def test_address_field_settings_are_read_only_without_the_update_code(browse_as, make_user):
    reader = browse_as(make_user(("READ_FIELDCONFIGURATION",)))
    page = html(reader.get("/settings/address-fields/"))
    assert ">Save<" not in page and "disabled" in page
    assert reader.post("/settings/address-fields/", {}).status_code == 403


# --- custom fields -------------------------------------------------------------------------


@pytest.fixture
def survey():
    definition = custom_fields.read_table_definition({
        "datatableName": "household_survey",
        "label": "Household survey",
        "columns": [
            {"name": "rooms", "type": "Number", "mandatory": True, "min": 1, "max": 50,
             "label": "Rooms"},
            {"name": "roof", "type": "String", "length": 30, "label": "Roof material"},
            {"name": "visited_on", "type": "Date", "label": "Visited on"},
            {"name": "has_water", "type": "Boolean", "label": "Piped water"},
            {"name": "occupation", "type": "Dropdown", "code": "PROFESSION",
             "label": "Main occupation"},
        ],
    })  # fmt: skip
    return custom_fields.custom_table_create(actor=None, definition=definition)


def test_define_a_table_and_its_fields(web):
    response = web.post(
        "/settings/custom-fields/new/",
        {
            "table_name": "business_profile",
            "table_label": "Business profile",
            "name": "stall_number",
            "label": "Stall number",
            "type": "String",
            "length": "20",
        },
    )
    assert response.status_code == 302
    table = custom_fields.table_named("business_profile")
    assert [c.name for c in custom_fields.columns_of(table)] == ["stall_number"]

    added = web.post(
        f"/settings/custom-fields/{table.pk}/fields/new/",
        {"name": "employees", "label": "Employees", "type": "Number", "minimum": "0"},
    )
    assert added.status_code == 302
    table = custom_fields.table_named("business_profile")
    column = next(c for c in custom_fields.columns_of(table) if c.name == "employees")
    changed = web.post(
        f"/settings/custom-fields/{table.pk}/fields/{column.pk}/edit/",
        {"name": "employees", "label": "Employees", "minimum": "0", "maximum": "500",
         "mandatory": "on"},
    )  # fmt: skip
    assert changed.status_code == 302
    column.refresh_from_db()
    assert column.mandatory and column.maximum == 500
    page = html(web.get("/settings/custom-fields/"))
    assert "Business profile" in page and "employees" in page
    assert AuditEvent.objects.filter(entity_name="DATATABLE").count() == 3


def test_definition_errors_are_beside_their_fields(web):
    response = web.post(
        "/settings/custom-fields/new/",
        {"table_name": "m_bad", "name": "id", "type": "String", "length": ""},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "table_name" in errors and "name" in errors and "length" in errors


def test_custom_fields_tab_and_values(web, make_client, survey, national_id):
    client = make_client()
    add_identifier(client, national_id, "AB12345")
    tab = f"/clients/{client.pk}/more-details/"
    assert f'href="{tab}"' in html(web.get(f"/clients/{client.pk}/"))
    page = html(web.get(tab))
    assert "Household survey" in page and "Roof material" in page
    # The required field is missing: the KYC indicator says so and links to the form.
    assert "KYC: 1 item missing" in page
    edit = f"/clients/{client.pk}/more-details/{survey.pk}/edit/"
    assert f'href="{edit}"' in html(web.get(f"/clients/{client.pk}/"))

    refused = web.post(edit, {"col_0": "99", "col_1": "Iron sheets"})
    assert refused.status_code == 200
    assert "col_0" in refused.context["form"].errors  # above the maximum

    farmer = code_value("PROFESSION", "Farmer")
    data = {"col_0": "3", "col_1": "Iron sheets", "col_2": "2024-05-01", "col_3": "true",
            "col_4": farmer.pk}  # fmt: skip
    assert web.post(edit, data).status_code == 302
    row = CustomRow.objects.get(client=client)
    assert row.values == {
        "rooms": 3,
        "roof": "Iron sheets",
        "visited_on": "2024-05-01",
        "has_water": True,
        "occupation": farmer.pk,
    }
    page = html(web.get(tab))
    assert "Iron sheets" in page and "Farmer" in page and "Yes" in page
    assert "KYC complete" in page

    data["col_1"] = ""
    assert web.post(edit, data).status_code == 302
    row.refresh_from_db()
    assert "roof" not in row.values
    assert AuditEvent.objects.filter(entity_name="DATATABLE", client_id=client.pk).count() == 2


def test_custom_values_need_the_client_permissions(browse_as, make_user, make_client, survey):
    client = make_client()
    reader = browse_as(make_user(("READ_CLIENT",)))
    page = html(reader.get(f"/clients/{client.pk}/more-details/"))
    assert "Household survey" in page
    assert "/edit/" not in page.split('aria-label="Client sections"')[1]
    assert reader.get(f"/clients/{client.pk}/more-details/{survey.pk}/edit/").status_code == 403


def test_delete_a_field_and_a_table(web, survey):
    column = custom_fields.columns_of(survey)[1]
    url = f"/settings/custom-fields/{survey.pk}/fields/{column.pk}/delete/"
    assert "Remove the field" in html(web.get(url))
    assert web.post(url).status_code == 302
    assert "roof" not in [c.name for c in custom_fields.table_named(survey.name).fields.all()]
    assert web.post(f"/settings/custom-fields/{survey.pk}/delete/").status_code == 302
    assert not custom_fields.client_tables().exists()


# --- the client form: identity document and custom fields ----------------------------------


def new_client_form(office, **overrides):
    data = {
        "legal_form": "1",
        "office": office.pk,
        "firstname": "Amani",
        "lastname": "Njoroge",
        "submitted_on": clock.today().isoformat(),
    }
    data.update(overrides)
    return data


def test_create_a_client_with_its_identity_document(web, head_office, national_id):
    response = web.post(
        "/clients/new/",
        new_client_form(head_office, identifier_type=national_id.pk, identifier_key="ab 12345"),
    )
    assert response.status_code == 302
    document = ClientIdentifier.objects.get()
    assert document.document_key == "ab 12345" and document.client.lastname == "Njoroge"


def test_create_refuses_a_document_of_another_client_with_a_link(
    web, head_office, make_client, national_id
):
    holder = make_client(firstname="Achieng", lastname="Holder")
    add_identifier(holder, national_id, "AB12345")

    response = web.post(
        "/clients/new/",
        new_client_form(head_office, identifier_type=national_id.pk, identifier_key="ab-12345"),
    )

    page = html(response)
    assert response.status_code == 200
    assert any(holder.account_no in e for e in response.context["form"].errors["identifier_key"])
    note = page[page.index('id="id_identifier_key_owner"') :][:600]
    assert f'href="/clients/{holder.pk}/"' in note and "Achieng Holder" in note
    assert not ClientIdentifier.objects.exclude(client=holder).exists()
    assert not Client.objects.filter(lastname="Njoroge").exists()


def test_create_and_edit_a_client_with_custom_fields(web, head_office, survey):
    form = web.get("/clients/new/").context["form"]
    names = [section.title for section in form.custom_sections]
    assert names == ["Household survey"]
    fields = {c.name: n for n, c in form.custom_sections[0].columns.items()}

    refused = web.post("/clients/new/", new_client_form(head_office, **{fields["rooms"]: "0"}))
    assert refused.status_code == 200
    assert fields["rooms"] in refused.context["form"].errors  # below the minimum

    created = web.post(
        "/clients/new/",
        new_client_form(head_office, **{fields["rooms"]: "4", fields["roof"]: "Tiles"}),
    )
    assert created.status_code == 302
    row = CustomRow.objects.get()
    assert row.values == {"rooms": 4, "roof": "Tiles"}
    client = row.client

    # An empty table is not created: nothing required blocks a client's creation.
    assert (
        web.post("/clients/new/", new_client_form(head_office, lastname="Other")).status_code == 302
    )
    assert CustomRow.objects.count() == 1

    edit = web.get(f"/clients/{client.pk}/edit/").context["form"]
    data = {name: edit[name].value() for name in edit.fields}
    data = {k: ("" if v is None else v) for k, v in data.items() if v is not False}
    data[fields["roof"]] = "Iron sheets"
    data[fields["rooms"]] = 4
    response = web.post(f"/clients/{client.pk}/edit/", data, follow=True)
    assert f"Client “{client.display_name}” saved." in messages_of(response)
    row.refresh_from_db()
    assert row.values == {"rooms": 4, "roof": "Iron sheets"}
    event = AuditEvent.objects.filter(entity_name="DATATABLE", action_name="UPDATE").get()
    assert event.changes == {"roof": ["Tiles", "Iron sheets"]}

    data[fields["rooms"]] = "99"
    data["lastname"] = "Renamed"
    refused = web.post(f"/clients/{client.pk}/edit/", data)
    assert fields["rooms"] in refused.context["form"].errors
    client.refresh_from_db()
    assert client.lastname == "Njoroge"  # the client and its custom values, or neither


def test_history_tab_tells_the_kyc_changes(web, make_client, national_id):
    client = make_client()
    web.post(f"/clients/{client.pk}/identifiers/new/", identifier_form(national_id, "AB12345"))
    document = ClientIdentifier.objects.get(client=client)
    web.post(
        f"/clients/{client.pk}/identifiers/{document.pk}/edit/",
        identifier_form(national_id, "AB12345", status=str(IdentifierStatus.INACTIVE.value)),
    )
    web.post(f"/clients/{client.pk}/family/new/", family_form())

    page = html(web.get(f"/clients/{client.pk}/history/"))

    for text in ("Identity document added", "Identity document edited", "Family member added"):
        assert text in page
    assert "Document number" in page and "AB12345" in page and "National ID" in page
    assert "<del>Active</del> → <ins>Inactive</ins>" in page
    assert "Economic dependent" in page
