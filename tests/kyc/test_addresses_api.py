"""Addresses through Fineract's /client/{clientId}/addresses endpoints: typed addresses, one
active per type (also under a race), coordinates, code values, scoping and audit; and the
inline `address` array a new client may carry (validated and saved by the service
functions that client creation calls)."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from tests.concurrent_transactions import in_threads, on_postgres

from clients.conftest import BASE, codes_of, params_of
from mteja.clients.kyc import addresses
from mteja.clients.models import ClientAddress, ClientPolicy, LegalForm
from mteja.core.errors import Problems, UniquenessViolation, ValidationFailed
from mteja.core.models import AuditEvent
from mteja.core.uniqueness import UniqueCheck

pytestmark = pytest.mark.django_db

TEMPLATE = f"{BASE}/client/addresses/template"


def url(client_id, query=""):
    return f"{BASE}/client/{client_id}/addresses{query}"


def events():
    return list(AuditEvent.objects.filter(entity_name="ADDRESS").order_by("id"))


@pytest.fixture
def resident(make_client):
    return make_client()


@pytest.fixture
def types(code_value):
    return {
        "home": code_value("ADDRESS_TYPE", 0),
        "work": code_value("ADDRESS_TYPE", 1),
        "post": code_value("ADDRESS_TYPE", 2),
    }


def add(api, client_id, type_id, **body):
    return api.post(url(client_id, f"?type={type_id}"), body, "json")


def test_template_lists_types_countries_and_states(api):
    response = api.get(TEMPLATE)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"addressTypeIdOptions", "countryIdOptions", "stateProvinceIdOptions"}
    assert [o["name"] for o in body["addressTypeIdOptions"]] == [
        "Residential",
        "Business",
        "Postal",
    ]
    assert "Kenya" in [o["name"] for o in body["countryIdOptions"]]
    assert "Nairobi" in [o["name"] for o in body["stateProvinceIdOptions"]]
    assert set(body["countryIdOptions"][0]) == {"id", "name", "active", "mandatory"}


def test_add_an_address_with_every_field_and_read_it_back(
    api, resident, types, code_value, admin_user
):
    response = add(
        api,
        resident.pk,
        types["home"],
        street=" Moi  Avenue ",
        addressLine1="Plot 12",
        addressLine2="Block B",
        addressLine3="Flat 4",
        townVillage="Kibera",
        city="Nairobi",
        countyDistrict="Nairobi County",
        stateProvinceId=code_value("STATE"),
        countryId=code_value("COUNTRY"),
        postalCode="00100",
        latitude=-1.2920659,
        longitude="36.82194619",
        isActive=True,
        locale="en",
    )
    assert response.status_code == 200, response.json()
    address_id = response.json()["resourceId"]
    assert response.json() == {
        "resourceId": address_id,
        "officeId": resident.office_id,
        "clientId": resident.pk,
    }
    (got,) = api.get(url(resident.pk)).json()
    created = got.pop("createdOn")
    assert created == got.pop("updatedOn") and len(created) == 3
    assert got == {
        "clientID": resident.pk,
        "addressId": address_id,
        "addressTypeId": types["home"],
        "addressType": "Residential",
        "isActive": True,
        "street": "Moi Avenue",
        "addressLine1": "Plot 12",
        "addressLine2": "Block B",
        "addressLine3": "Flat 4",
        "townVillage": "Kibera",
        "city": "Nairobi",
        "countyDistrict": "Nairobi County",
        "stateProvinceId": code_value("STATE"),
        "stateName": "Nairobi",
        "countryId": code_value("COUNTRY"),
        "countryName": "Kenya",
        "postalCode": "00100",
        "latitude": -1.2920659,
        "longitude": 36.8219462,  # kept to 7 decimal places
    }
    (event,) = events()
    assert event.action_name == "CREATE"
    assert (event.resource_id, event.client_id) == (address_id, resident.pk)
    assert event.office_id == resident.office_id
    assert event.maker_id == admin_user.pk
    assert event.changes["street"] == [None, "Moi Avenue"]
    assert event.changes["address_type_id"] == [None, types["home"]]
    assert event.changes["latitude"] == [None, "-1.2920659"]


def test_an_address_needs_only_its_type(api, resident, types):
    response = add(api, resident.pk, types["post"])
    assert response.status_code == 200, response.json()
    (got,) = api.get(url(resident.pk)).json()
    assert got["isActive"] is False  # Fineract's default: inactive unless the body says so
    assert got["street"] == "" and got["latitude"] is None and got["countryName"] is None


def test_the_type_may_come_in_the_body(api, resident, types):
    response = api.post(url(resident.pk), {"addressTypeId": types["work"], "city": "X"}, "json")
    assert response.status_code == 200, response.json()
    conflicting = api.post(
        url(resident.pk, f"?type={types['home']}"), {"addressTypeId": types["work"]}, "json"
    )
    assert conflicting.status_code == 400


def test_the_type_is_required_and_from_its_own_list(api, resident, code_value):
    missing = api.post(url(resident.pk), {"street": "Moi Avenue"}, "json")
    assert missing.status_code == 400
    assert codes_of(missing) == ["validation.msg.address.addressTypeId.cannot.be.blank"]
    wrong = add(api, resident.pk, code_value("COUNTRY"))
    assert wrong.status_code == 404
    assert codes_of(wrong) == ["error.msg.codevalue.codename.id.combination.invalid"]
    assert params_of(wrong) == ["addressTypeId"]
    assert not ClientAddress.objects.exists()


def test_state_and_country_come_from_their_own_lists(api, resident, types, code_value):
    response = add(
        api,
        resident.pk,
        types["home"],
        stateProvinceId=code_value("COUNTRY"),
        countryId=code_value("STATE"),
    )
    assert response.status_code == 404
    assert set(params_of(response)) == {"stateProvinceId", "countryId"}


@pytest.mark.parametrize(
    ("body", "param", "rule"),
    [
        ({"latitude": 90.0000001}, "latitude", "is.not.within.expected.range"),
        ({"latitude": -91}, "latitude", "is.not.within.expected.range"),
        ({"longitude": 180.5}, "longitude", "is.not.within.expected.range"),
        ({"longitude": "-181"}, "longitude", "is.not.within.expected.range"),
        ({"latitude": "north"}, "latitude", "is.invalid"),
        ({"latitude": True}, "latitude", "is.invalid"),
        ({"longitude": "NaN"}, "longitude", "is.invalid"),
        ({"street": "x" * 101}, "street", "exceeds.max.length"),
        ({"postalCode": "1" * 21}, "postalCode", "exceeds.max.length"),
        ({"street": ["Moi"]}, "street", "is.invalid"),
        ({"countryId": "Kenya"}, "countryId", "is.invalid"),
        ({"countryId": 0}, "countryId", "is.invalid"),
        ({"countryId": "²"}, "countryId", "is.invalid"),
        ({"countryId": 2**63}, "countryId", "is.invalid"),
        ({"isActive": "maybe"}, "isActive", "is.invalid"),
    ],
)
def test_malformed_values_are_400(api, resident, types, body, param, rule):
    response = add(api, resident.pk, types["home"], **body)
    assert response.status_code == 400, response.json()
    assert codes_of(response) == [f"validation.msg.address.{param}.{rule}"]


@pytest.mark.parametrize(("latitude", "longitude"), [(90, 180), (-90, -180), (0, 0)])
def test_coordinate_limits_themselves_are_fine(api, resident, types, latitude, longitude):
    response = add(api, resident.pk, types["home"], latitude=latitude, longitude=longitude)
    assert response.status_code == 200, response.json()


def test_every_problem_comes_back_at_once(api, resident, types):
    response = add(
        api, resident.pk, types["home"], latitude=95, longitude=200, street="x" * 101, colour="red"
    )
    assert response.status_code == 400
    assert set(params_of(response)) == {"latitude", "longitude", "street", "colour"}
    assert "error.msg.parameter.unsupported" in codes_of(response)


def test_several_typed_addresses_but_one_active_per_type(api, resident, types):
    assert add(api, resident.pk, types["home"], city="Nairobi", isActive=True).status_code == 200
    assert add(api, resident.pk, types["work"], city="Thika", isActive=True).status_code == 200
    second_home = add(api, resident.pk, types["home"], city="Kisumu", isActive=True)
    assert second_home.status_code == 403
    body = second_home.json()
    assert body["userMessageGlobalisationCode"] == "error.msg.address.type.duplicate"
    assert codes_of(second_home) == ["error.msg.address.type.duplicate"]
    assert params_of(second_home) == ["addressTypeId"]
    # An inactive one of the same type is history, and allowed.
    # Without isActive it is inactive (Fineract's default), so it does not conflict.
    old_home = add(api, resident.pk, types["home"], city="Kisumu")
    assert old_home.status_code == 200
    assert ClientAddress.objects.filter(client=resident).count() == 3
    # Reactivating it while another home is active is the same conflict.
    reactivate = api.put(
        url(resident.pk), {"addressId": old_home.json()["resourceId"], "isActive": True}, "json"
    )
    assert reactivate.status_code == 403
    assert codes_of(reactivate) == ["error.msg.address.type.duplicate"]
    # So is moving the work address to the home type.
    work_id = ClientAddress.objects.get(client=resident, city="Thika").pk
    moved = api.put(
        url(resident.pk), {"addressId": work_id, "addressTypeId": types["home"]}, "json"
    )
    assert moved.status_code == 403


def test_other_clients_do_not_count(api, resident, make_client, types):
    neighbour = make_client()
    assert add(api, resident.pk, types["home"]).status_code == 200
    assert add(api, neighbour.pk, types["home"]).status_code == 200


def test_the_database_holds_one_active_per_type(resident, types):
    ClientAddress.objects.create(client=resident, address_type_id=types["home"])
    ClientAddress.objects.create(client=resident, address_type_id=types["home"], is_active=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClientAddress.objects.create(client=resident, address_type_id=types["home"])


def test_a_lost_race_is_still_the_403(resident, types, monkeypatch):
    addresses.address_create(
        actor=None, client=resident, data=addresses.AddressInput(address_type_id=types["home"])
    )
    # The other request's SELECT ran before this one committed: the first check sees nothing.
    real = UniqueCheck.conflict
    calls = []

    def first_blind(self, instance):
        calls.append(instance)
        return False if len(calls) == 1 else real(self, instance)

    monkeypatch.setattr(UniqueCheck, "conflict", first_blind)
    with pytest.raises(UniquenessViolation) as raised:
        addresses.address_create(
            actor=None, client=resident, data=addresses.AddressInput(address_type_id=types["home"])
        )
    assert raised.value.first.code == "error.msg.address.type.duplicate"
    assert len(calls) == 2
    assert ClientAddress.objects.filter(client=resident).count() == 1


@pytest.mark.postgres
@on_postgres
# serialized_rollback: the flush after a transactional test would take the seeded code lists.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_active_addresses_of_one_type_let_one_through(make_client, types):
    resident = make_client()

    def create(n):
        return addresses.address_create(
            actor=None,
            client=resident,
            data=addresses.AddressInput(address_type_id=types["home"], city=f"C{n}"),
        ).pk

    results = in_threads(3, create)
    created = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, UniquenessViolation)]
    assert len(created) == 1, results
    assert len(refused) == 2, results
    assert {r.first.code for r in refused} == {"error.msg.address.type.duplicate"}
    assert ClientAddress.objects.filter(client=resident, is_active=True).count() == 1
    assert AuditEvent.objects.filter(entity_name="ADDRESS").count() == 1


def test_list_filters_by_status_and_type(api, resident, types):
    add(api, resident.pk, types["home"], city="A", isActive=True)
    add(api, resident.pk, types["home"], city="B")
    add(api, resident.pk, types["work"], city="C", isActive=True)

    def cities(query=""):
        response = api.get(url(resident.pk, query))
        assert response.status_code == 200, response.json()
        return [a["city"] for a in response.json()]

    assert cities() == ["A", "B", "C"]
    assert cities("?status=true") == ["A", "C"]
    assert cities("?status=false") == ["B"]
    assert cities(f"?type={types['home']}") == ["A", "B"]
    assert cities(f"?status=true&type={types['home']}") == ["A"]
    assert cities(f"?type={types['post']}") == []
    assert api.get(url(resident.pk, "?status=perhaps")).status_code == 400
    assert api.get(url(resident.pk, "?type=abc")).status_code == 400


def test_update_returns_and_journals_the_changes(api, resident, types, code_value):
    address_id = add(api, resident.pk, types["home"], city="Nairobi").json()["resourceId"]
    response = api.put(
        url(resident.pk),
        {
            "addressId": address_id,
            "city": "Mombasa",
            "countryId": code_value("COUNTRY"),
            "latitude": "-4.05",
            "street": "",
        },
        "json",
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "resourceId": address_id,
        "officeId": resident.office_id,
        "clientId": resident.pk,
        "changes": {"city": "Mombasa", "countryId": code_value("COUNTRY"), "latitude": -4.05},
    }
    event = events()[-1]
    assert event.action_name == "UPDATE"
    assert (event.resource_id, event.client_id) == (address_id, resident.pk)
    assert event.changes == {
        "city": ["Nairobi", "Mombasa"],
        "country_id": [None, code_value("COUNTRY")],
        "latitude": [None, "-4.0500000"],
    }
    # Nothing changed: nothing journalled.
    count = len(events())
    again = api.put(url(resident.pk), {"addressId": address_id, "city": "Mombasa"}, "json")
    assert again.status_code == 200 and "changes" not in again.json()
    assert len(events()) == count


def test_deactivating_and_changing_type(api, resident, types):
    address_id = add(api, resident.pk, types["home"], isActive=True).json()["resourceId"]
    off = api.put(url(resident.pk), {"addressId": address_id, "isActive": False}, "json")
    assert off.json()["changes"] == {"isActive": False}
    assert add(api, resident.pk, types["home"], isActive=True).status_code == 200
    moved = api.put(
        url(resident.pk), {"addressId": address_id, "addressTypeId": types["post"]}, "json"
    )
    assert moved.json()["changes"] == {"addressTypeId": types["post"]}


def test_update_needs_an_address_of_this_client(api, resident, make_client, types):
    neighbour = make_client()
    theirs = add(api, neighbour.pk, types["home"]).json()["resourceId"]
    missing = api.put(url(resident.pk), {"city": "X"}, "json")
    assert missing.status_code == 400
    assert codes_of(missing) == ["validation.msg.address.addressId.cannot.be.blank"]
    foreign = api.put(url(resident.pk), {"addressId": theirs, "city": "X"}, "json")
    assert foreign.status_code == 404
    assert codes_of(foreign) == ["error.msg.address.id.invalid"]
    nothing = api.put(url(resident.pk), {"addressId": theirs}, "json")
    assert nothing.status_code == 400
    for bad in ("one", "²", 2**63, True, -1):
        bad_id = api.put(url(resident.pk), {"addressId": bad, "city": "X"}, "json")
        assert bad_id.status_code == 400, bad
        assert codes_of(bad_id) == ["validation.msg.address.addressId.is.invalid"]
    assert ClientAddress.objects.get(pk=theirs).city == ""


def test_bodies_must_be_json_objects(api, resident, types):
    response = api.post(url(resident.pk, f"?type={types['home']}"), [1, 2], "json")
    assert response.status_code == 400
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.invalid.request.body"


def test_another_branch_reads_and_writes_404(api, api_as, branch_user, branch_b, resident, types):
    address_id = add(api, resident.pk, types["home"]).json()["resourceId"]
    outsider = api_as(branch_user(branch_b))
    assert outsider.get(url(resident.pk)).status_code == 404
    assert add(outsider, resident.pk, types["work"]).status_code == 404
    response = outsider.put(url(resident.pk), {"addressId": address_id, "city": "X"}, "json")
    assert response.status_code == 404
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.resource.not.found"
    assert ClientAddress.objects.filter(client=resident).count() == 1
    assert outsider.get(TEMPLATE).status_code == 200  # the template holds no client data


def test_permissions_are_the_address_ones(api_as, make_user, resident, types):
    reader = api_as(make_user(("READ_ADDRESS",)))
    assert reader.get(url(resident.pk)).status_code == 200
    assert add(reader, resident.pk, types["home"]).status_code == 403
    creator = api_as(make_user(("CREATE_ADDRESS",)))
    address_id = add(creator, resident.pk, types["home"]).json()["resourceId"]
    assert (
        creator.put(url(resident.pk), {"addressId": address_id, "city": "X"}, "json").status_code
        == 403
    )


def test_unknown_client_is_404(api, types):
    assert api.get(url(999999)).status_code == 404
    assert add(api, 999999, types["home"]).status_code == 404


def test_list_reads_in_a_fixed_number_of_queries(
    api, resident, types, code_value, django_assert_max_num_queries
):
    for n in range(4):
        add(
            api,
            resident.pk,
            types["home"],
            isActive=n == 0,
            stateProvinceId=code_value("STATE"),
            countryId=code_value("COUNTRY"),
        )
    with django_assert_max_num_queries(8):
        assert len(api.get(url(resident.pk)).json()) == 4


# --- addresses given inline with a new client -------------------------------------------------


def test_a_new_client_without_any_address_is_fine_by_default(api, branch_a):
    assert ClientPolicy.current().address_enabled
    for extra in ({}, {"address": []}):
        response = api.post(
            f"{BASE}/clients",
            {
                "officeId": branch_a.pk,
                "legalFormId": 1,
                "firstname": "Asha",
                "lastname": "N",
                **extra,
            },
            "json",
        )
        assert response.status_code == 200, response.json()
    problems = Problems()
    assert addresses.validate_inline_addresses(None, problems) == []
    assert addresses.validate_inline_addresses([], problems) == []
    assert not problems.invalid and not problems.missing
    assert not addresses.addresses_required(LegalForm.PERSON)


def test_inline_addresses_are_checked_and_saved(resident, types, code_value):
    problems = Problems()
    checked = addresses.validate_inline_addresses(
        [
            {
                "addressTypeId": types["home"],
                "street": "Moi Avenue",
                "countryId": code_value("COUNTRY"),
            },
            {"addressTypeId": str(types["work"]), "city": "Thika", "latitude": "-1.03"},
        ],
        problems,
    )
    assert not problems.invalid and not problems.missing
    with transaction.atomic():
        created, changes = addresses.create_inline_addresses(
            actor=None, client=resident, addresses=checked
        )
    assert [a.address_type_id for a in created] == [types["home"], types["work"]]
    stored = list(ClientAddress.objects.filter(client=resident).order_by("id"))
    assert stored[0].street == "Moi Avenue" and stored[0].country_id == code_value("COUNTRY")
    assert stored[1].latitude == Decimal("-1.03")
    (new_list,) = [changes["address"][1]]
    assert changes["address"][0] is None
    assert [item["street"] for item in new_list] == ["Moi Avenue", ""]
    assert not events()  # the client's CREATE event carries them


def test_inline_problems_are_named_by_position(types, code_value):
    problems = Problems()
    addresses.validate_inline_addresses(
        [
            {"street": "no type"},
            {"addressTypeId": types["home"], "latitude": 99, "colour": "red", "isActive": True},
            {"addressTypeId": types["home"], "isActive": True},  # a second active home
            {"addressTypeId": types["home"]},  # inactive (Fineract's default): fine
            "not an object",
            {"addressTypeId": code_value("Gender")},
        ],
        problems,
    )
    invalid = {(e.param, e.code) for e in problems.invalid}
    assert invalid == {
        (
            "address[0].addressTypeId",
            "validation.msg.client.address[0].addressTypeId.cannot.be.blank",
        ),
        (
            "address[1].latitude",
            "validation.msg.client.address[1].latitude.is.not.within.expected.range",
        ),
        ("address[1].colour", "error.msg.parameter.unsupported"),
        ("address[2].addressTypeId", "error.msg.address.type.duplicate"),
        ("address[4]", "validation.msg.client.address[4].is.invalid"),
    }
    assert [(e.param, e.code) for e in problems.missing] == [
        ("address[5].addressTypeId", "error.msg.codevalue.codename.id.combination.invalid")
    ]


def test_raw_items_given_to_create_are_checked_there(resident, types):
    with pytest.raises(ValidationFailed):
        addresses.create_inline_addresses(
            actor=None,
            client=resident,
            addresses=[{"addressTypeId": types["home"], "latitude": 100}],
        )
    created, _ = addresses.create_inline_addresses(
        actor=None, client=resident, addresses=[{"addressTypeId": types["home"], "city": "Embu"}]
    )
    assert created[0].city == "Embu"
    assert addresses.create_inline_addresses(actor=None, client=resident, addresses=[]) == ([], {})


def test_an_address_is_required_only_when_the_administrator_says_so(types):
    policy = ClientPolicy.current()
    policy.required_fields_person = ["address"]
    policy.save()
    problems = Problems()
    addresses.validate_inline_addresses([], problems)
    assert [(e.param, e.code) for e in problems.invalid] == [
        ("address", "validation.msg.client.address.cannot.be.blank")
    ]
    # Entities are governed by their own list.
    assert not addresses.addresses_required(LegalForm.ENTITY)
    # With addresses switched off nothing is required, and nothing is taken either.
    policy.address_enabled = False
    policy.save()
    assert not addresses.addresses_required(LegalForm.PERSON)
    problems = Problems()
    assert addresses.validate_inline_addresses([], problems) == []
    assert not problems.invalid
    addresses.validate_inline_addresses([{"addressTypeId": types["home"]}], problems)
    assert [e.code for e in problems.invalid] == ["validation.msg.client.address.not.enabled"]
