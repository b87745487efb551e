"""POST /clients with its KYC parts: identity documents checked by the identifiers' rules and
refused when they belong to another client (naming its account number, also after
normalisation), addresses and custom fields given inline, all written in one transaction or
not at all; what activation needs (required document types, mandatory custom fields, the
ACTIVATE_CLIENT permission); the number of dependents and the template."""

import json
import threading

import pytest
from django.db import connection, connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mteja.clients import services
from mteja.clients.kyc import custom_fields
from mteja.clients.kyc import identifiers as kyc_identifiers
from mteja.clients.models import (
    Client,
    ClientAddress,
    ClientIdentifier,
    ClientPolicy,
    ClientStatus,
    CustomRow,
    IdentifierFormat,
    IdentifierStatus,
)
from mteja.core.errors import DomainError, NotAuthorized
from mteja.core.models import AuditEvent
from mteja.organisation.models import CodeValue

from .conftest import BASE, TODAY, codes_of

pytestmark = pytest.mark.django_db

URL = f"{BASE}/clients"
TABLE = "household"


def create(api, **body):
    payload = {"officeId": 1, "legalFormId": 1, "firstname": "Asha", "lastname": "Njeri"}
    payload.update(body)
    return api.post(URL, payload, "json")


def params_of(response):
    return [e["parameterName"] for e in response.json()["errors"]]


@pytest.fixture
def doc_type():
    def get(name: str = "National ID") -> int:
        return CodeValue.objects.get(code__name="Customer Identifier", name=name).pk

    return get


@pytest.fixture
def require_for_activation(doc_type):
    def require(name: str = "National ID"):
        rule = IdentifierFormat.objects.get(document_type_id=doc_type(name))
        kyc_identifiers.identifier_format_update(
            actor=None, format=rule, required_for_activation=True
        )

    return require


@pytest.fixture
def household_table():
    definition = custom_fields.read_table_definition(
        {
            "datatableName": TABLE,
            "columns": [
                {"name": "size", "type": "Number", "mandatory": True, "min": 1},
                {"name": "since", "type": "Date"},
                {"name": "remark", "type": "String", "length": 20},
            ],
        }
    )
    return custom_fields.custom_table_create(actor=None, definition=definition)


def snapshot_counts():
    return (
        Client.objects.count(),
        ClientIdentifier.objects.count(),
        ClientAddress.objects.count(),
        CustomRow.objects.count(),
        AuditEvent.objects.count(),
    )


# --- identity documents given with a new client ---------------------------------------------


def test_documents_come_with_the_client_and_are_audited(api, doc_type, code_value):
    response = create(
        api,
        identifiers=[
            {"documentTypeId": doc_type(), "documentKey": "ab-123 456", "description": "Seen"},
            {
                "documentTypeId": doc_type("Passport"),
                "documentKey": "P1234567",
                "status": "inactive",
                "issueDate": "01 January 2020",
                "expiryDate": "01 January 2030",
                "issuingCountryId": code_value("COUNTRY"),
            },
        ],
        dateFormat="dd MMMM yyyy",
        locale="en",
    )
    assert response.status_code == 200, response.json()
    client_id = response.json()["clientId"]
    listed = api.get(f"{URL}/{client_id}/identifiers").json()
    assert [(i["documentKey"], i["status"]) for i in listed] == [
        ("ab-123 456", "clientIdentifierStatusType.active"),
        ("P1234567", "clientIdentifierStatusType.inactive"),
    ]
    assert listed[1]["expiryDate"] == [2030, 1, 1]
    assert ClientIdentifier.objects.get(document_key="ab-123 456").document_key_normalized == (
        "AB123456"
    )
    # The client's CREATE event, then one CLIENTIDENTIFIER CREATE per document.
    journal = AuditEvent.objects.filter(client_id=client_id).order_by("id")
    assert [(e.entity_name, e.action_name) for e in journal] == [
        ("CLIENT", "CREATE"),
        ("CLIENTIDENTIFIER", "CREATE"),
        ("CLIENTIDENTIFIER", "CREATE"),
    ]


@pytest.mark.parametrize("key", ["AB123456", "ab-123 456", "ab.123/456", " AB 12 34 56 "])
def test_a_number_of_another_client_refuses_the_creation(api, make_client, doc_type, key):
    holder = make_client(firstname="Existing", lastname="Holder")
    kyc_identifiers.identifier_create(
        actor=None,
        client=holder,
        data=kyc_identifiers.IdentifierInput(document_type_id=doc_type(), document_key="AB123456"),
    )
    before = snapshot_counts()

    response = create(
        api,
        identifiers=[{"documentTypeId": doc_type(), "documentKey": key}],
        address=[{"addressTypeId": CodeValue.objects.filter(code__name="ADDRESS_TYPE")[0].pk}],
    )

    assert response.status_code == 403
    body = response.json()
    assert body["userMessageGlobalisationCode"] == (
        "error.msg.clientIdentifier.identityKey.duplicate"
    )
    (error,) = body["errors"]
    assert error["parameterName"] == "identifiers[0].documentKey"
    assert holder.account_no in error["defaultUserMessage"]
    assert error["value"] == holder.pk
    assert error["args"] == [{"value": holder.pk}, {"value": holder.account_no}]
    assert snapshot_counts() == before  # nothing written


def test_the_same_number_under_another_type_is_another_document(api, make_client, doc_type):
    holder = make_client()
    kyc_identifiers.identifier_create(
        actor=None,
        client=holder,
        data=kyc_identifiers.IdentifierInput(document_type_id=doc_type(), document_key="AB123456"),
    )
    response = create(
        api, identifiers=[{"documentTypeId": doc_type("Voter card"), "documentKey": "AB123456"}]
    )
    assert response.status_code == 200, response.json()


def test_document_problems_come_back_with_the_clients(api, doc_type):
    response = create(
        api,
        lastname=None,
        identifiers=[
            {"documentTypeId": doc_type(), "documentKey": "12"},
            {"documentTypeId": doc_type("Passport"), "documentKey": "P1234567"},
            {"documentKey": "X12345"},
            {"documentTypeId": doc_type("Voter card"), "documentKey": "V123456", "status": "lost"},
            {"documentTypeId": doc_type("Driving licence"), "documentKey": "D12345",
             "expiryDate": "tomorrow"},
            {"documentTypeId": doc_type(), "documentKey": "NID999", "status": "Inactive",
             "colour": "red"},
            "AB123456",
        ],
    )  # fmt: skip
    assert response.status_code == 400
    got = set(zip(params_of(response), codes_of(response), strict=True))
    assert got == {
        ("lastname", "validation.msg.client.lastname.cannot.be.blank"),
        ("identifiers[0].documentKey",
         "validation.msg.clientIdentifier.documentKey.invalid.format"),
        ("identifiers[1].expiryDate",
         "validation.msg.clientIdentifier.expiryDate.cannot.be.blank"),
        ("identifiers[2].documentTypeId",
         "validation.msg.clientIdentifier.documentTypeId.cannot.be.blank"),
        ("identifiers[3].status",
         "validation.msg.clientIdentifier.status.is.not.within.expected.range"),
        ("identifiers[4].expiryDate",
         "validation.msg.clientIdentifier.expiryDate.invalid.date.format"),
        ("identifiers[5].colour", "error.msg.parameter.unsupported"),
        ("identifiers[6]", "validation.msg.client.identifiers[6].is.invalid"),
    }  # fmt: skip
    assert not Client.objects.exists()


def test_a_type_outside_the_identifier_list_is_a_404(api, code_value):
    response = create(
        api, identifiers=[{"documentTypeId": code_value("Gender"), "documentKey": "X12345"}]
    )
    assert response.status_code == 404
    assert codes_of(response) == ["error.msg.codevalue.codename.id.combination.invalid"]
    assert params_of(response) == ["identifiers[0].documentTypeId"]


def test_twins_within_one_request(api, doc_type):
    response = create(
        api,
        identifiers=[
            {"documentTypeId": doc_type(), "documentKey": "AB123456"},
            {"documentTypeId": doc_type(), "documentKey": "ab 123456", "status": "Inactive"},
            {"documentTypeId": doc_type(), "documentKey": "CD123456"},
        ],
    )
    assert response.status_code == 400
    assert set(zip(params_of(response), codes_of(response), strict=True)) == {
        ("identifiers[1].documentKey", "error.msg.clientIdentifier.identityKey.duplicate"),
        ("identifiers[2].documentTypeId", "error.msg.clientIdentifier.type.duplicate"),
    }
    # An inactive older document of a type beside the active one is fine.
    response = create(
        api,
        identifiers=[
            {"documentTypeId": doc_type(), "documentKey": "AB123456", "status": "Inactive"},
            {"documentTypeId": doc_type(), "documentKey": "CD123456"},
        ],
    )
    assert response.status_code == 200, response.json()


def test_a_lost_race_for_a_number_still_answers_the_403(make_client, doc_type, monkeypatch):
    holder = make_client()
    kyc_identifiers.identifier_create(
        actor=None,
        client=holder,
        data=kyc_identifiers.IdentifierInput(document_type_id=doc_type(), document_key="AB123456"),
    )
    # The pre-check sees the number free (as a concurrent request would), the database not.
    monkeypatch.setattr(services.kyc_identifiers, "find_owner", lambda *a, **k: None)
    before = Client.objects.count()
    with pytest.raises(DomainError) as refused:
        services.client_create(
            actor=None,
            office=holder.office,
            fields={
                "firstname": "Late",
                "lastname": "Comer",
                "identifiers": [{"documentTypeId": doc_type(), "documentKey": "AB-123456"}],
            },
        )
    assert refused.value.first.code == "error.msg.clientIdentifier.identityKey.duplicate"
    assert refused.value.first.param == "identifiers[0].documentKey"
    assert Client.objects.count() == before


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent transactions"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_new_clients_with_one_document_at_once_make_one_client(branch_a, doc_type):
    spellings = ["AB-123 456", "ab123456"]
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def create_one(n):
        try:
            barrier.wait(timeout=10)
            results[n] = services.client_create(
                actor=None,
                office=branch_a,
                fields={
                    "firstname": f"Twin{n}",
                    "lastname": "Racer",
                    "identifiers": [{"documentTypeId": doc_type(), "documentKey": spellings[n]}],
                },
            ).client
        except Exception as exc:  # noqa: BLE001 (inspected below)
            results[n] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create_one, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    created = [r for r in results if isinstance(r, Client)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(created) == 1 and len(refused) == 1, results
    assert refused[0].first.code == "error.msg.clientIdentifier.identityKey.duplicate"
    assert created[0].account_no in refused[0].first.message
    assert list(Client.objects.filter(lastname="Racer")) == created
    assert ClientIdentifier.objects.count() == 1


# --- what activation needs ------------------------------------------------------------------


def test_a_required_document_type_blocks_activation(api, make_client, require_for_activation):
    require_for_activation()
    client = make_client()
    response = api.post(
        f"{URL}/{client.pk}?command=activate", {"activationDate": TODAY.isoformat()}, "json"
    )
    assert response.status_code == 403
    (error,) = response.json()["errors"]
    assert error["userMessageGlobalisationCode"] == (
        "error.msg.client.activation.missing.required.identifier"
    )
    assert "National ID" in error["defaultUserMessage"]
    # An inactive document does not count; an active one does.
    doc = kyc_identifiers.identifier_create(
        actor=None,
        client=client,
        data=kyc_identifiers.IdentifierInput(
            document_type_id=error["value"], document_key="AB123456", status="Inactive"
        ),
    )
    with pytest.raises(DomainError):
        services.client_activate(actor=None, client=client, activation_date=TODAY)
    kyc_identifiers.identifier_update(
        actor=None,
        identifier=doc,
        data=kyc_identifiers.IdentifierInput(status=IdentifierStatus.ACTIVE),
    )
    services.client_activate(actor=None, client=client, activation_date=TODAY)
    client.refresh_from_db()
    assert client.status == ClientStatus.ACTIVE


def test_creating_an_active_client_needs_its_documents(api, doc_type, require_for_activation):
    require_for_activation()
    active = {"active": True, "activationDate": TODAY.isoformat()}
    response = create(api, **active)
    assert response.status_code == 403
    assert codes_of(response) == ["error.msg.client.activation.missing.required.identifier"]
    assert not Client.objects.exists()
    response = create(
        api, **active, identifiers=[{"documentTypeId": doc_type(), "documentKey": "AB123456"}]
    )
    assert response.status_code == 200, response.json()
    assert Client.objects.get().status == ClientStatus.ACTIVE
    # A pending client needs nothing yet.
    assert create(api, firstname="Later").status_code == 200


def test_creating_an_active_client_needs_the_activate_permission(api_as, make_user, branch_a):
    body = {"officeId": branch_a.pk, "active": True, "activationDate": TODAY.isoformat()}
    creator = api_as(make_user(("CREATE_CLIENT",)))
    response = create(creator, **body)
    assert response.status_code == 403
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.not.authorized"
    assert not Client.objects.exists()
    assert create(creator, officeId=branch_a.pk).status_code == 200
    activator = api_as(make_user(("CREATE_CLIENT", "ACTIVATE_CLIENT")))
    assert create(activator, **body).status_code == 200
    with pytest.raises(NotAuthorized):
        services.client_create(
            actor=make_user(("CREATE_CLIENT",)),
            office=branch_a,
            fields={"fullname": "X", "active": True, "activation_date": TODAY},
        )


# --- custom fields given with a new client --------------------------------------------------


def test_custom_fields_come_with_the_client(api, household_table):
    response = create(
        api,
        datatables=[{"registeredTableName": TABLE, "data": {"size": 4, "since": "01/02/2020"}}],
        dateFormat="dd/MM/yyyy",
        locale="en",
    )
    assert response.status_code == 200, response.json()
    client_id = response.json()["clientId"]
    assert api.get(f"{BASE}/datatables/{TABLE}/{client_id}").json() == [
        {"client_id": client_id, "size": 4, "since": [2020, 2, 1], "remark": None}
    ]
    journal = AuditEvent.objects.filter(client_id=client_id).order_by("id")
    assert [(e.entity_name, e.action_name) for e in journal] == [
        ("CLIENT", "CREATE"),
        ("DATATABLE", "CREATE"),
    ]
    assert journal[1].changes == {"size": [None, 4], "since": [None, "2020-02-01"]}
    # Each entry may carry its own format (Fineract puts it in `data`).
    response = create(
        api,
        firstname="Baraka",
        datatables=[
            {
                "registeredTableName": TABLE,
                "data": {"size": 2, "since": "01 February 2020", "dateFormat": "dd MMMM yyyy",
                         "locale": "en"},
            }
        ],
    )  # fmt: skip
    assert response.status_code == 200, response.json()


def test_custom_field_problems_come_back_with_the_clients(api, household_table):
    response = create(
        api,
        lastname=None,
        datatables=[
            {"registeredTableName": TABLE, "data": {"size": 0, "remark": "x" * 21}},
            {"registeredTableName": "nothing", "data": {}},
            {"registeredTableName": TABLE, "data": {"size": 1}},
            {"data": {}},
            {"registeredTableName": TABLE, "data": [], "extra": 1},
        ],
    )
    assert response.status_code == 400
    got = set(zip(params_of(response), codes_of(response), strict=True))
    assert got == {
        ("lastname", "validation.msg.client.lastname.cannot.be.blank"),
        ("datatables[0].data.size", f"validation.msg.{TABLE}.size.is.less.than.min.value"),
        ("datatables[0].data.remark", f"validation.msg.{TABLE}.remark.exceeds.max.length"),
        ("datatables[1].registeredTableName", "error.msg.datatable.not.found"),
        ("datatables[2].registeredTableName",
         "validation.msg.client.datatables[2].registeredTableName.is.duplicated"),
        ("datatables[3].registeredTableName",
         "validation.msg.client.datatables[3].registeredTableName.cannot.be.blank"),
        ("datatables[4].extra", "error.msg.parameter.unsupported"),
        ("datatables[4].registeredTableName",
         "validation.msg.client.datatables[4].registeredTableName.is.duplicated"),
    }  # fmt: skip
    assert not Client.objects.exists()
    response = create(api, datatables=[{"registeredTableName": "nothing", "data": {}}])
    assert response.status_code == 404


def test_creating_an_active_client_needs_its_mandatory_custom_fields(api, household_table):
    active = {"active": True, "activationDate": TODAY.isoformat()}
    response = create(api, **active)
    assert response.status_code == 403
    assert codes_of(response) == [f"error.msg.entry.required.in.datatable.[{TABLE}]"]
    assert not Client.objects.exists()
    response = create(
        api, **active, datatables=[{"registeredTableName": TABLE, "data": {"size": 3}}]
    )
    assert response.status_code == 200, response.json()
    # A pending client may be created without them (Fineract's apps send none).
    assert create(api, firstname="Pending").status_code == 200


def test_both_kinds_of_missing_come_back_together(api, household_table, require_for_activation):
    require_for_activation()
    response = create(api, active=True, activationDate=TODAY.isoformat())
    assert response.status_code == 403
    assert codes_of(response) == [
        "error.msg.client.activation.missing.required.identifier",
        f"error.msg.entry.required.in.datatable.[{TABLE}]",
    ]


# --- addresses given with a new client ------------------------------------------------------


def test_addresses_come_with_the_client_in_its_create_event(api, code_value):
    residential, business = code_value("ADDRESS_TYPE", 0), code_value("ADDRESS_TYPE", 1)
    response = create(
        api,
        address=[
            {"addressTypeId": residential, "street": "Moi Avenue 12", "city": "Kisumu"},
            {"addressTypeId": business, "townVillage": "Ahero", "isActive": True},
        ],
    )
    assert response.status_code == 200, response.json()
    client_id = response.json()["clientId"]
    listed = api.get(f"{BASE}/client/{client_id}/addresses").json()
    assert sorted(a["addressTypeId"] for a in listed) == sorted([residential, business])
    # Without isActive a new address is inactive, as Fineract reads the wizard's body.
    assert {a["addressTypeId"]: a["isActive"] for a in listed} == {
        residential: False,
        business: True,
    }
    (event,) = AuditEvent.objects.filter(client_id=client_id)
    assert event.action_name == "CREATE"
    assert len(event.changes["address"][1]) == 2
    assert event.changes["firstname"] == [None, "Asha"]


def test_address_problems_come_back_with_the_clients(api, code_value):
    response = create(
        api,
        lastname=None,
        address=[{"street": "x" * 101}, {"addressTypeId": code_value("ADDRESS_TYPE"), "shoe": 1}],
    )
    assert response.status_code == 400
    params = params_of(response)
    assert "lastname" in params
    assert "address[0].addressTypeId" in params
    assert "address[0].street" in params
    assert "address[1].shoe" in params
    assert not ClientAddress.objects.exists()


def test_an_address_problems_come_in_the_order_of_its_fields(api, code_value):
    # Whatever order the body gives them in: the order of the address form and of Fineract's
    # fields (street, …, city, …, postal code), each too long.
    too_long = "x" * 501
    response = create(
        api,
        address=[
            {
                "postalCode": too_long,
                "city": too_long,
                "addressTypeId": code_value("ADDRESS_TYPE"),
                "street": too_long,
            }
        ],
    )
    assert response.status_code == 400
    assert params_of(response) == [
        "address[0].street",
        "address[0].city",
        "address[0].postalCode",
    ]


def test_an_address_is_required_only_when_the_institution_says_so(api, code_value):
    assert create(api).status_code == 200  # addresses on, none sent: fine
    response = api.put(f"{BASE}/clientpolicy", {"requiredFieldsPerson": ["address"]}, "json")
    assert response.status_code == 200
    assert codes_of(create(api)) == ["validation.msg.client.address.cannot.be.blank"]
    response = create(api, address=[{"addressTypeId": code_value("ADDRESS_TYPE")}])
    assert response.status_code == 200, response.json()
    # Entities are not asked, unless their own list says so.
    entity = {"legalFormId": 2, "firstname": None, "lastname": None, "fullname": "Umoja Co-op"}
    assert create(api, **entity).status_code == 200


def test_addresses_switched_off_are_refused_not_ignored(api, code_value):
    policy = ClientPolicy.current()
    policy.address_enabled = False
    policy.save()
    response = create(api, address=[{"addressTypeId": code_value("ADDRESS_TYPE")}])
    assert codes_of(response) == ["validation.msg.client.address.not.enabled"]
    assert create(api, address=[]).status_code == 200


def test_a_late_refusal_leaves_nothing_behind(
    api, make_client, doc_type, household_table, code_value
):
    holder = make_client()
    kyc_identifiers.identifier_create(
        actor=None,
        client=holder,
        data=kyc_identifiers.IdentifierInput(document_type_id=doc_type(), document_key="AB123456"),
    )
    policy = ClientPolicy.current()
    policy.duplicate_mobile = "block"
    policy.save()
    make_client(mobile_no="0733000111")
    before = snapshot_counts()
    response = create(
        api,
        mobileNo="0733000111",
        address=[{"addressTypeId": code_value("ADDRESS_TYPE"), "city": "Kisumu"}],
        datatables=[{"registeredTableName": TABLE, "data": {"size": 2}}],
        identifiers=[{"documentTypeId": doc_type("Passport"), "documentKey": "P1234567",
                      "expiryDate": "2030-01-01"}],
    )  # fmt: skip
    assert response.status_code == 403
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.client.duplicate.mobileNo"
    assert snapshot_counts() == before


# --- the record and the template ------------------------------------------------------------


def test_the_number_of_dependents_on_the_client(api, make_client, django_assert_max_num_queries):
    client = make_client(number_of_dependents=3)
    got = api.get(f"{URL}/{client.pk}").json()
    assert (got["numberOfDependents"], got["numberOfDependentsSource"]) == (3, "entered")
    assert got["numberOfDependentsEntered"] == 3
    for name, dependent in (("Child", True), ("Spouse", False)):
        response = api.post(
            f"{URL}/{client.pk}/familymembers",
            {"firstName": name, "isDependent": dependent},
            "json",
        )
        assert response.status_code == 200, response.json()
    with django_assert_max_num_queries(6):
        got = api.get(f"{URL}/{client.pk}").json()
    assert (got["numberOfDependents"], got["numberOfDependentsSource"]) == (1, "familyMembers")
    assert got["numberOfDependentsEntered"] == 3


def test_the_template_offers_the_kyc_options(api):
    template = api.get(f"{URL}/template").json()
    assert template["isAddressEnabled"] is True
    (address,) = template["address"]
    assert address["addressTypeIdOptions"]
    assert address["countryIdOptions"]
    assert {"relationshipIdOptions", "genderIdOptions"} <= set(template["familyMemberOptions"])
    assert template["datatables"] == []


# --- malformed parts never give a 500 -------------------------------------------------------

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
    | st.sampled_from(["", "1", "Active", "inactive", "AB123456", "2024-06-01", "31/02/2024"])
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
IDENTIFIER_KEYS = ["documentTypeId", "documentKey", "status", "description", "issueDate",
                   "expiryDate", "issuingCountryId"]  # fmt: skip
identifiers = st.lists(
    st.dictionaries(st.sampled_from(IDENTIFIER_KEYS) | st.text(max_size=6), json_values, max_size=5)
    | json_values,
    max_size=3,
)
datatables = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "registeredTableName": st.sampled_from([TABLE, "nothing"]) | json_values,
            "data": st.dictionaries(
                st.sampled_from(["size", "since", "remark", "dateFormat", "locale"]),
                json_values,
                max_size=4,
            )
            | json_values,
        },
    )
    | json_values,
    max_size=3,
)


@FUZZ
@given(
    ids=identifiers | json_values,
    tables=datatables | json_values,
    address=json_values,
    active=st.booleans(),
    date_format=st.sampled_from(["dd MMMM yyyy", "yyyy-MM-dd", "Q"]) | json_values,
)
def test_creation_parts_never_fail_with_a_500(
    api, household_table, ids, tables, address, active, date_format
):
    body = {
        "officeId": 1,
        "legalFormId": 1,
        "firstname": "Fuzz",
        "lastname": "Client",
        "identifiers": ids,
        "datatables": tables,
        "address": address,
        "active": active,
        "activationDate": TODAY.isoformat(),
        "dateFormat": date_format,
        "locale": "en",
    }
    response = api.post(URL, data=json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 400, 403, 404), response.content[:500]
