"""An imported row's journal says what `POST /clients` says of the same client: its CREATE
event (its address inside it, its entity details), one CLIENTIDENTIFIER CREATE for its
identity document and one DATATABLE CREATE for its custom fields — same entities, actions,
resources, office, maker and changes — written with the batch (no statement a row), and the
client's history page shows them."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from tests.clients.bulk.files import csv_file, queries_of_import

from mteja.clients.bulk.importing import import_clients
from mteja.clients.kyc import custom_fields
from mteja.clients.models import Client, ClientIdentifier, CustomRow
from mteja.core.models import AuditEvent
from mteja.organisation.models import CodeValue

pytestmark = pytest.mark.django_db

API = "/fineract-provider/api/v1"
# What an event says, beside its id, its time and the request that made it.
SAID = ("action_name", "entity_name", "resource_id", "subresource_id", "resource_external_id",
        "office_id", "client_id", "group_id", "maker_id", "maker_username",
        "processing_result", "changes")  # fmt: skip


@pytest.fixture
def survey():
    definition = custom_fields.read_table_definition({
        "datatableName": "survey",
        "columns": [
            {"name": "rooms", "type": "Number"},
            {"name": "roof", "type": "String", "length": 30},
            {"name": "visited_on", "type": "Date"},
            {"name": "has_water", "type": "Boolean"},
            {"name": "occupation", "type": "Dropdown", "code": "PROFESSION",
             "label": "Main occupation"},
        ],
    })  # fmt: skip
    return custom_fields.custom_table_create(actor=None, definition=definition)


def code(code_name: str, name: str) -> int:
    return CodeValue.objects.get(code__name=code_name, name=name).pk


def person(officer) -> tuple[dict, dict]:
    """A client file's columns and cells, and the same client as POST /clients's body."""
    cells = {
        "externalId": "K-1", "office": "Kibera", "staff": officer.display_name,
        "firstname": "Asha", "middlename": "Wairimu", "lastname": "Njeri",
        "mobileNo": "+254712345678", "emailAddress": "asha@example.org",
        "dateOfBirth": "1990-05-17", "gender": "Female", "clientType": "Farmer",
        "clientClassification": "Rural", "isStaff": "false", "submittedOnDate": "2024-02-20",
        "activationDate": "2024-03-01", "documentType": "National ID",
        "documentKey": "12 345 678", "addressType": "Residential",
        "address.street": "Moi Avenue 4", "address.city": "Nairobi",
        "address.stateProvince": "Nairobi", "address.country": "Kenya",
        "address.postalCode": "00100", "survey.rooms": "4", "survey.roof": "Thatch",
        "survey.visited_on": "2024-03-02", "survey.has_water": "true",
        "survey.occupation": "Farmer",
    }  # fmt: skip
    body = {
        "externalId": "K-1", "staffId": officer.pk, "legalFormId": 1, "firstname": "Asha",
        "middlename": "Wairimu", "lastname": "Njeri", "mobileNo": "+254712345678",
        "emailAddress": "asha@example.org", "dateOfBirth": "1990-05-17",
        "genderId": code("Gender", "Female"), "clientTypeId": code("ClientType", "Farmer"),
        "clientClassificationId": code("ClientClassification", "Rural"), "isStaff": False,
        "submittedOnDate": "2024-02-20", "active": True, "activationDate": "2024-03-01",
        "identifiers": [{"documentTypeId": code("Customer Identifier", "National ID"),
                         "documentKey": "12 345 678"}],
        "address": [{"addressTypeId": code("ADDRESS_TYPE", "Residential"),
                     "isActive": True,  # an imported address is the current one
                     "street": "Moi Avenue 4", "city": "Nairobi",
                     "stateProvinceId": code("STATE", "Nairobi"),
                     "countryId": code("COUNTRY", "Kenya"), "postalCode": "00100"}],
        "datatables": [{"registeredTableName": "survey", "data": {
            "rooms": 4, "roof": "Thatch", "visited_on": "2024-03-02", "has_water": True,
            "occupation": code("PROFESSION", "Farmer")}}],
    }  # fmt: skip
    return cells, body


def entity(officer) -> tuple[dict, dict]:
    """An entity, its details and a passport (its dates), as a file's row and as a body."""
    cells = {
        "office": "Kibera", "fullname": "Umoja Traders Ltd", "mobileNo": "+254733000111",
        "submittedOnDate": "2024-01-10", "constitution": "Cooperative",
        "incorpNumber": "C-1234", "incorpValidityTillDate": "2030-12-31",
        "mainBusinessLine": "Retail trade", "remarks": "Market stalls",
        "documentType": "Passport", "documentKey": "AB1234567",
        "documentIssueDate": "2021-03-02", "documentExpiryDate": "2031-03-01",
        "addressType": "Business", "address.street": "Market Lane 2",
        "address.townVillage": "Gikomba", "address.country": "Kenya", "survey.rooms": "12",
    }  # fmt: skip
    body = {
        "legalFormId": 2, "fullname": "Umoja Traders Ltd", "mobileNo": "+254733000111",
        "submittedOnDate": "2024-01-10",
        "clientNonPersonDetails": {
            "constitutionId": code("Constitution", "Cooperative"), "incorpNumber": "C-1234",
            "incorpValidityTillDate": "2030-12-31",
            "mainBusinessLineId": code("Main Business Line", "Retail trade"),
            "remarks": "Market stalls"},
        "identifiers": [{"documentTypeId": code("Customer Identifier", "Passport"),
                         "documentKey": "AB1234567", "issueDate": "2021-03-02",
                         "expiryDate": "2031-03-01"}],
        "address": [{"addressTypeId": code("ADDRESS_TYPE", "Business"), "isActive": True,
                     "street": "Market Lane 2", "townVillage": "Gikomba",
                     "countryId": code("COUNTRY", "Kenya")}],
        "datatables": [{"registeredTableName": "survey", "data": {"rooms": 12}}],
    }  # fmt: skip
    return cells, body


def journal_of(client: Client) -> list[dict]:
    """The client's events as they read, the keys of its own rows named (the databases
    number them apart) and its generated account number named."""
    own = {("CLIENT", client.pk): "the client"}
    for document in ClientIdentifier.objects.filter(client=client):
        own["CLIENTIDENTIFIER", document.pk] = "its document"
    entries = {row.pk: "its entry" for row in CustomRow.objects.filter(client=client)}
    said = []
    for event in AuditEvent.objects.filter(client_id=client.pk).order_by("id"):
        values = {name: getattr(event, name) for name in SAID}
        values["resource_id"] = own.get((event.entity_name, event.resource_id), event.resource_id)
        if event.entity_name == "DATATABLE":
            values["subresource_id"] = entries[event.subresource_id]
        values["client_id"] = "the client"
        changes = dict(values["changes"])
        if changes.get("account_no") == [None, client.account_no]:
            changes["account_no"] = [None, "its number"]
        values["changes"] = changes
        said.append(values)
    return said


@pytest.mark.parametrize("client_of", [person, entity])
def test_an_imported_rows_journal_is_the_apis_of_the_same_client(
    api, admin_user, kibera, make_staff, survey, client_of
):
    officer = make_staff(office=kibera, firstname="John", lastname="Otieno", is_loan_officer=True)
    cells, body = client_of(officer)
    with transaction.atomic():  # created, its journal read, then undone: the row is free again
        response = api.post(f"{API}/clients", {**body, "officeId": kibera.pk}, format="json")
        assert response.status_code == 200, response.json()
        through_the_api = journal_of(Client.objects.get(pk=response.json()["clientId"]))
        transaction.set_rollback(True)
    assert not Client.objects.exists()

    data = csv_file(",".join(cells), ",".join(f'"{cell}"' for cell in cells.values()))
    (row,) = import_clients(user=admin_user, data=data).rows
    assert row.outcome == "imported", row.errors
    imported = journal_of(Client.objects.get())
    assert [(e["entity_name"], e["action_name"]) for e in imported] == [
        ("CLIENT", "CREATE"), ("CLIENTIDENTIFIER", "CREATE"), ("DATATABLE", "CREATE")
    ]  # fmt: skip
    assert imported == through_the_api


def test_a_batchs_events_are_written_in_statements_that_do_not_grow_with_its_rows(
    admin_user, kibera, survey
):
    header = (
        "office,firstname,lastname,documentType,documentKey,addressType,address.street,survey.rooms"
    )

    def queries(count: int, start: int) -> int:
        rows = [f"Kibera,Asha,Njeri{i},National ID,NID-{i:06d},Residential,Moi Avenue {i},{i}"
                for i in range(start, start + count)]  # fmt: skip
        return queries_of_import(admin_user, header, rows)

    queries(15, 0)  # the first import learns the names' words
    assert queries(5, 100) == queries(15, 200)
    client = Client.objects.get(lastname="Njeri214")
    events = AuditEvent.objects.filter(client_id=client.pk).order_by("id")
    assert [(event.entity_name, event.action_name) for event in events] == [
        ("CLIENT", "CREATE"), ("CLIENTIDENTIFIER", "CREATE"), ("DATATABLE", "CREATE")
    ]  # fmt: skip
    assert events[0].changes["address"][1][0]["street"] == "Moi Avenue 214"
    assert events[1].changes["document_key"] == [None, "NID-000214"]
    assert events[2].changes == {"rooms": [None, 214]}


def test_the_clients_history_and_the_audit_log_tell_what_its_row_added(
    browse_as, admin_user, kibera, make_staff, survey
):
    cells, _body = person(make_staff(office=kibera, is_loan_officer=True))
    data = csv_file(",".join(cells), ",".join(f'"{cell}"' for cell in cells.values()))
    import_clients(user=admin_user, data=data)
    client = Client.objects.get()
    web = browse_as(admin_user)
    address = (
        "Address type: Residential, Active: yes, Street: Moi Avenue 4, City: Nairobi, "
        "State or province: Nairobi, Country: Kenya, Postal code: 00100"
    )  # its fields' labels and its code values' names, in its model's order, blanks left out
    for url in (f"/clients/{client.pk}/history/", "/audit/"):
        page = " ".join(re.sub(r"<[^>]+>", " ", web.get(url).content.decode()).split())
        page = page.replace("— → ", "")  # (the history tab's creation arrows)
        assert f"Address {address}" in page, url
        assert "Document number 12 345 678" in page and "Roof Thatch" in page, url
        # a drop-down by its label and its value's name, as the client's More details tab
        assert "Main occupation Farmer" in page, url
    history = web.get(f"/clients/{client.pk}/history/").content.decode()
    assert "Identity document added" in history and "Custom fields filled in" in history
    french = web.get(f"/clients/{client.pk}/history/", HTTP_ACCEPT_LANGUAGE="fr")
    french = " ".join(re.sub(r"<[^>]+>", " ", french.content.decode()).split())
    assert "Adresse — → Type d’adresse : Domicile, Actif : oui, Rue : Moi Avenue 4" in french
    assert "Main occupation — → Agriculteur" in french


def test_entries_of_more_tables_cost_the_audit_log_no_more_queries(
    browse_as, admin_user, kibera, survey
):
    """Each table's columns (labels, drop-downs) are read once a worker, not once an event."""
    for name in ("farm", "shop", "home"):
        column = {"name": "kind", "type": "Dropdown", "code": "PROFESSION", "label": "Kind"}
        definition = custom_fields.read_table_definition(
            {"datatableName": name, "columns": [column]}
        )
        custom_fields.custom_table_create(actor=None, definition=definition)
    web = browse_as(admin_user)

    def queries(header: str, cells: str) -> int:
        import_clients(user=admin_user, data=csv_file(f"office,firstname,lastname,{header}",
                                                      f"Kibera,Asha,Njeri,{cells}"))  # fmt: skip
        web.get("/audit/")  # this worker's users, references and columns read
        with CaptureQueriesContext(connection) as captured:
            page = web.get("/audit/").content.decode()
        assert "Trader" in page
        return len(captured.captured_queries)

    one = queries("farm.kind", "Trader")
    assert queries("farm.kind,shop.kind,home.kind", "Trader,Farmer,Driver") == one
