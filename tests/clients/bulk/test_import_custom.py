"""A client file's custom-field columns (`<table>.<field>`): offered by the templates (the
XLSX one with a drop-down list of a drop-down field's code values), read into `POST
/clients`'s `datatables` and refused as the API refuses them, by the file's column, and
written by the export so that a file exported imports back with the same values."""

import csv
import io
import re
import zipfile

import pytest
from python_calamine import CalamineWorkbook
from tests.clients.bulk.files import csv_file

from mteja.clients import services
from mteja.clients.bulk.importing import import_clients
from mteja.clients.kyc import custom_fields
from mteja.clients.models import Client, CustomRow
from mteja.core.models import AuditEvent
from mteja.organisation.models import CodeValue

pytestmark = pytest.mark.django_db

API = "/fineract-provider/api/v1"
TEMPLATE = f"{API}/clients/downloadtemplate"
EXPORT = f"{API}/clients/export"
SURVEY = ("survey.rooms", "survey.roof", "survey.visited_on", "survey.has_water",
          "survey.occupation")  # fmt: skip
HEADER = "office,firstname,lastname," + ",".join(SURVEY)


@pytest.fixture
def survey():
    definition = custom_fields.read_table_definition({
        "datatableName": "survey",
        "columns": [
            {"name": "rooms", "type": "Number", "mandatory": True, "min": 1, "max": 50},
            {"name": "roof", "type": "String", "length": 30},
            {"name": "visited_on", "type": "Date"},
            {"name": "has_water", "type": "Boolean"},
            {"name": "occupation", "type": "Dropdown", "code": "PROFESSION"},
        ],
    })  # fmt: skip
    return custom_fields.custom_table_create(actor=None, definition=definition)


def profession(name: str) -> int:
    return CodeValue.objects.get(code__name="PROFESSION", name=name).pk


def entry_of(api, client: Client) -> dict:
    response = api.get(f"{API}/datatables/survey/{client.pk}")
    assert response.status_code == 200
    (entry,) = response.json()
    return {key: entry[key] for key in ("rooms", "roof", "visited_on", "has_water", "occupation")}


def header_of(response) -> list[str]:
    assert response.status_code == 200
    return response.content.decode("utf-8-sig").strip().split(",")


def test_the_csv_template_has_a_column_per_custom_field(api, survey):
    for legal_form in ("CLIENTS_PERSON", "CLIENTS_ENTITY"):
        header = header_of(api.get(TEMPLATE, {"legalFormType": legal_form, "format": "csv"}))
        assert header[-len(SURVEY) :] == list(SURVEY)


def test_a_custom_column_never_takes_the_name_of_one_of_mtejas_own(api, survey):
    definition = custom_fields.read_table_definition(
        {"datatableName": "address", "columns": [{"name": "city", "type": "String", "length": 40}]}
    )
    custom_fields.custom_table_create(actor=None, definition=definition)
    header = header_of(api.get(TEMPLATE, {"format": "csv"}))
    assert header.count("address.city") == 1  # the client's address
    assert "datatables.address.city" in header  # the custom table's field


def test_the_xlsx_template_offers_a_drop_down_fields_code_values(api, survey):
    response = api.get(TEMPLATE, {"legalFormType": "CLIENTS_PERSON"})
    data = b"".join(response.streaming_content)
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    header = book.get_sheet_by_name("Clients").to_python()[0]
    lists = book.get_sheet_by_name("Lists").to_python()
    listed = [row[lists[0].index("survey.occupation")] for row in lists[1:]]
    assert [value for value in listed if value] == list(
        CodeValue.objects.filter(code__name="PROFESSION", is_active=True)
        .order_by("position", "name")
        .values_list("name", flat=True)
    )
    # The occupation column's cells are checked against that list.
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[lists[0].index("survey.occupation")]
    column = header.index("survey.occupation")
    cell_letter = _letters(column)
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    validation = re.search(rf'<dataValidation [^>]*sqref="{cell_letter}2:{cell_letter}\d+".*?'
                           rf"</dataValidation>", sheet)  # fmt: skip
    assert validation and f"Lists!${letter}$2" in validation.group()
    assert not re.search(rf'sqref="{_letters(header.index("survey.roof"))}2:', sheet)


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def test_a_yes_no_field_takes_a_spreadsheets_1_or_0(api, admin_user, kibera, survey):
    """LibreOffice keeps a yes/no typed as TRUE as the number 1 in some cells."""
    from mteja.clients.bulk import workbook

    header = ["office", "firstname", "lastname", "survey.rooms", "survey.has_water"]
    rows = [["Kibera", "Asha", "Njeri", 2, 1], ["Kibera", "Neema", "Juma", 3, 0]]
    data = b"".join(workbook.workbook_chunks(header, iter(rows), ["text"] * 3 + ["number"] * 2))
    report = import_clients(user=admin_user, data=data)
    assert [row.outcome for row in report.rows] == ["imported"] * 2, report.rows[0].errors
    waters = [
        entry_of(api, Client.objects.get(firstname=n))["has_water"] for n in ("Asha", "Neema")
    ]
    assert waters == [True, False]


def test_a_yes_no_field_takes_a_french_or_spanish_spreadsheets_words(
    api, admin_user, kibera, survey
):
    data = csv_file(
        "office,firstname,lastname,survey.rooms,survey.has_water",
        "Kibera,Asha,Njeri,2,VRAI",
        "Kibera,Neema,Juma,3,falso",
        "Kibera,Chao,Wu,1,peut-être",
    )
    report = import_clients(user=admin_user, data=data)
    assert [row.outcome for row in report.rows] == ["imported", "imported", "invalid"]
    assert report.rows[2].errors[0][0] == "survey.has_water"
    waters = [
        entry_of(api, Client.objects.get(firstname=n))["has_water"] for n in ("Asha", "Neema")
    ]
    assert waters == [True, False]


def test_an_import_writes_the_custom_values(api, admin_user, kibera, survey):
    data = csv_file(
        HEADER,
        "Kibera,Asha,Njeri,4,'=Iron sheets,2024-03-01,true,trader",
        "Kibera,Neema,Juma,,,,,",  # no custom value: no row, as the API without `datatables`
    )
    report = import_clients(user=admin_user, data=data)
    assert [row.outcome for row in report.rows] == ["imported", "imported"], report.rows
    asha, neema = (Client.objects.get(firstname=name) for name in ("Asha", "Neema"))
    assert entry_of(api, asha) == {
        "rooms": 4,
        "roof": "=Iron sheets",  # a neutralised formula read back as the text it was
        "visited_on": [2024, 3, 1],
        "has_water": True,
        "occupation": profession("Trader"),
    }
    assert not CustomRow.objects.filter(client=neema).exists()
    # written with the batch, with the event the API's create records for the entry
    entry = CustomRow.objects.get(client=asha)
    event = AuditEvent.objects.get(entity_name="DATATABLE", client_id=asha.pk)
    assert (event.action_name, event.resource_id, event.subresource_id) == (
        "CREATE", survey.pk, entry.pk
    )  # fmt: skip
    assert event.changes["rooms"] == [None, 4]


def test_a_bad_custom_value_is_named_by_its_column(admin_user, kibera, survey):
    data = csv_file(
        HEADER,
        "Kibera,Asha,Njeri,many,,,,",
        "Kibera,Neema,Juma,3,,,,Astronaut",
        "Kibera,Zawadi,Achieng,3,,01/03/2024,maybe,",
        "Kibera,Baraka,Otieno,,Thatch,,,",  # the mandatory rooms left out
    )
    report = import_clients(user=admin_user, data=data)
    assert [row.outcome for row in report.rows] == ["invalid"] * 4
    assert report.rows[0].errors == [("survey.rooms", "“rooms” must be a whole number.")]
    assert report.rows[1].errors == [
        ("survey.occupation", "“Astronaut” is not a value of the list “Profession”.")
    ]
    assert [column for column, _message in report.rows[2].errors] == [
        "survey.visited_on",
        "survey.has_water",
    ]
    assert report.rows[3].errors == [("survey.rooms", "“rooms” is required.")]
    assert not Client.objects.exists()


def test_a_missing_mandatory_value_is_refused_as_the_api_refuses_it(api, admin_user, kibera,
                                                                    survey):  # fmt: skip
    body = {"officeId": kibera.pk, "firstname": "Asha", "lastname": "Njeri", "active": True,
            "activationDate": "2024-03-01", "legalFormId": 1}  # fmt: skip
    answers = {}
    for name, extra in (("no table", {}), ("table", {"datatables": [
            {"registeredTableName": "survey", "data": {"roof": "Thatch"}}]})):  # fmt: skip
        response = api.post(f"{API}/clients", {**body, **extra}, format="json")
        answers[name] = (response.status_code, response.json()["errors"][0]["defaultUserMessage"])
    assert answers["no table"][0] == 403 and answers["table"][0] == 400

    header = "office,firstname,lastname,activationDate,survey.roof"
    rows = ("Kibera,Asha,Njeri,2024-03-01,", "Kibera,Asha,Njeri,2024-03-01,Thatch")
    report = import_clients(user=admin_user, data=csv_file(header, *rows))
    assert [row.errors for row in report.rows] == [
        [("survey.rooms", answers["no table"][1])],  # the entry activation needs
        [("survey.rooms", answers["table"][1])],  # the table's required field
    ]
    assert not Client.objects.exists()


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_an_export_imports_back_with_the_same_custom_values(api, admin_user, kibera, survey,
                                                            file_format):  # fmt: skip
    data = csv_file(
        "office,firstname,lastname,externalId," + ",".join(SURVEY),
        "Kibera,Asha,Njeri,A-1,12,@SUM(A1),2024-03-01,false,Civil servant",
        "Kibera,Neema,Juma,A-2,1,,,,",
    )
    assert [r.outcome for r in import_clients(user=admin_user, data=data).rows] == ["imported"] * 2
    before = {client.external_id: entry_of(api, client) for client in Client.objects.all()}
    response = api.get(EXPORT, {"format": file_format})
    exported = b"".join(response.streaming_content)
    for client in Client.objects.all():
        services.client_delete(actor=None, client=client)
    assert not CustomRow.objects.exists()

    report = import_clients(user=admin_user, data=exported)
    assert [r.outcome for r in report.rows] == ["imported"] * 2, [r.errors for r in report.rows]
    after = {client.external_id: entry_of(api, client) for client in Client.objects.all()}
    assert after == before
    assert after["A-1"]["roof"] == "@SUM(A1)" and after["A-2"]["roof"] is None


def test_the_export_writes_the_chosen_custom_columns_neutralised(api, admin_user, kibera,
                                                                 survey):  # fmt: skip
    data = csv_file(HEADER, "Kibera,Asha,Njeri,4,=HYPERLINK(1),2024-03-01,true,Farmer")
    import_clients(user=admin_user, data=data)
    columns = "firstname,survey.occupation,survey.roof,survey.visited_on,survey.rooms"
    response = api.get(EXPORT, {"format": "csv", "columns": columns})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    (row,) = csv.DictReader(io.StringIO(text[1:]))
    assert row == {
        "firstname": "Asha",
        "survey.occupation": "Farmer",
        "survey.roof": "'=HYPERLINK(1)",
        "survey.visited_on": "2024-03-01",
        "survey.rooms": "4",
        "accountNo": Client.objects.get().account_no,
    }
    unknown = api.get(EXPORT, {"format": "csv", "columns": "survey.nothing"})
    assert unknown.status_code == 400


def test_an_upload_through_the_api_reports_custom_errors_by_column(api, kibera, survey):
    from tests.clients.bulk.test_job_api import upload

    data = csv_file(HEADER, "Kibera,Asha,Njeri,2,Mud,,,Farmer", "Kibera,Neema,Juma,0,,,,")
    job_id = upload(api, data).json()
    body = api.get(f"{API}/imports/{job_id}").json()
    assert (body["imported"], body["invalid"]) == (1, 1)
    assert body["errors"] == [
        {"line": 3, "column": "survey.rooms", "message": "“rooms” cannot be less than 1."}
    ]
    assert entry_of(api, Client.objects.get())["occupation"] == profession("Farmer")


def test_the_cli_exports_and_imports_the_custom_columns(tmp_path, api, admin_user, kibera,
                                                        survey, capsys):  # fmt: skip
    from django.core.management import call_command

    source, exported = tmp_path / "in.csv", tmp_path / "out.xlsx"
    source.write_bytes(csv_file(HEADER, "Kibera,Asha,Njeri,7,Tiles,2023-12-31,true,Driver"))
    call_command("import", str(source), "--user", admin_user.username)
    before = entry_of(api, Client.objects.get())
    call_command("export", "--user", admin_user.username, "--format", "xlsx",
                 "--columns", "office,firstname,lastname," + ",".join(SURVEY),
                 "--output", str(exported))  # fmt: skip
    services.client_delete(actor=None, client=Client.objects.get())
    capsys.readouterr()
    call_command("import", str(exported), "--user", admin_user.username)
    assert '"imported": 1' in capsys.readouterr().out
    assert (
        entry_of(api, Client.objects.get())
        == before
        == {
            "rooms": 7,
            "roof": "Tiles",
            "visited_on": [2023, 12, 31],
            "has_water": True,
            "occupation": profession("Driver"),
        }
    )


def test_checking_custom_values_costs_the_same_queries_whatever_the_rows(admin_user, kibera,
                                                                        survey):  # fmt: skip
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mteja.clients.bulk.importing import ClientImport

    def queries(count: int) -> int:
        rows = [f"Kibera,Asha,Njeri{i},4,Tin,2024-03-01,true,Trader" for i in range(count)]
        importer = ClientImport(user=admin_user, source=csv_file(HEADER, *rows), dry_run=True)
        with CaptureQueriesContext(connection) as captured:
            report = importer.run(batch_size=100)
        assert report.summary()["valid"] == count
        return len(captured)

    queries(3)  # the first import reads what the worker then keeps (the rules' stamps…)
    assert queries(5) == queries(15)
