"""A row with no name at all, and an active row its importer may not activate, are refused by
`POST /clients` under the parameter `id` (as Fineract answers, and as the API still does):
the import names the cell to fix — the name column, the cell that made the row active — in
the error list (the job's page, `GET /imports/{id}`) and in the result file's Status."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.clients.bulk.files import csv_file
from tests.clients.bulk.test_job_api import API, upload

from mteja.clients.bulk.importing import import_clients
from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

NO_NAME = "Give a full name, or a first and a last name."
NO_ACTIVATION = "Creating an active client needs the ACTIVATE_CLIENT permission."


@pytest.fixture
def clerk(make_user, kibera):
    """May create clients, not activate them."""
    return make_user(("CREATE_CLIENT", "READ_CLIENT", "EXPORT_CLIENT"), office=kibera)


def errors_of(user, header: str, *rows: str, **options) -> list:
    report = import_clients(user=user, data=csv_file(header, *rows), dry_run=True, **options)
    return [row.errors for row in report.rows]


def test_a_row_with_no_name_names_its_first_name_or_an_entitys_full_name(clerk, kibera):
    header = "office,firstname,lastname,fullname,legalForm,submittedOnDate"
    assert errors_of(clerk, header, "Kibera,,,,,2024-01-10", "Kibera,,,,Entity,2024-01-10") == [
        [("firstname", NO_NAME)],
        [("fullname", NO_NAME)],
    ]


def test_the_name_column_is_the_files_own(clerk, kibera):
    """Named as the file names it ("First name"); a file of full names alone points there
    for a person too; an entity's file without a full name column names the one it lacks."""
    assert errors_of(clerk, "office,First name,Last name", "Kibera,,") == [
        [("First name", NO_NAME)]
    ]
    assert errors_of(clerk, "office,fullname,externalId", "Kibera,,E-1") == [
        [("fullname", NO_NAME)]
    ]
    assert errors_of(clerk, "office,firstname,lastname", "Kibera,,", legal_form=2) == [
        [("fullname", NO_NAME)]
    ]


@pytest.mark.parametrize(
    ("header", "row", "column"),
    [
        ("office,firstname,lastname,submittedOnDate,activationDate,active",
         "Kibera,Asha,Njeri,2024-01-10,2024-01-11,yes", "active"),
        ("office,firstname,lastname,submittedOnDate,activationDate,status",
         "Kibera,Asha,Njeri,2024-01-10,2024-01-11,Active", "status"),
        ("office,firstname,lastname,submittedOnDate,Activation date",
         "Kibera,Asha,Njeri,2024-01-10,2024-01-11", "Activation date"),
        ("office,firstname,lastname,submittedOnDate,activationDate,active,status",
         "Kibera,Asha,Njeri,2024-01-10,2024-01-11,,Active", "status"),
    ],
)  # fmt: skip
def test_an_active_row_its_importer_may_not_activate_names_what_made_it_active(
    clerk, kibera, header, row, column
):
    assert errors_of(clerk, header, row) == [[(column, NO_ACTIVATION)]]


def test_the_api_still_answers_both_under_id_as_fineract(api_as, clerk, kibera):
    body = {"officeId": kibera.pk, "legalFormId": 1, "locale": "en", "dateFormat": "yyyy-MM-dd",
            "submittedOnDate": "2024-01-10"}  # fmt: skip
    nameless = api_as(clerk).post(f"{API}/clients", body, format="json").json()
    assert [(error["parameterName"], error["userMessageGlobalisationCode"])
            for error in nameless["errors"]] == [
        ("id", "validation.msg.client.id..no.name.details.passed")]  # fmt: skip
    active = {**body, "firstname": "Asha", "lastname": "Njeri", "active": True,
              "activationDate": "2024-01-11"}  # fmt: skip
    refused = api_as(clerk).post(f"{API}/clients", active, format="json")
    assert refused.status_code == 403
    (error,) = refused.json()["errors"]
    assert (error["parameterName"], error["defaultUserMessage"]) == ("id", NO_ACTIVATION)


def test_the_job_page_the_api_and_the_result_file_name_the_cells(api_as, browse_as, clerk, kibera):
    data = csv_file(
        "office,firstname,lastname,submittedOnDate,activationDate,active",
        "Kibera,,,2024-01-10,,",
        "Kibera,Asha,Njeri,2024-01-10,2024-01-11,yes",
        "Kibera,Baraka,Otieno,2024-01-10,,",
    )
    job_id = upload(api_as(clerk), data).json()
    body = api_as(clerk).get(f"{API}/imports/{job_id}").json()
    assert body["errors"] == [
        {"line": 2, "column": "firstname", "message": NO_NAME},
        {"line": 3, "column": "active", "message": NO_ACTIVATION},
    ]
    page = browse_as(clerk).get(f"/imports/{job_id}/").content.decode()
    assert f'<td class="line">2</td><td class="column">firstname</td><td>{NO_NAME}</td>' in page
    assert f'<td class="line">3</td><td class="column">active</td><td>{NO_ACTIVATION}</td>' in page
    result = api_as(clerk).get(f"{API}/imports/downloadOutputTemplate",
                               {"importDocumentId": job_id, "format": "csv"})  # fmt: skip
    text = b"".join(result.streaming_content) if result.streaming else result.content
    statuses = [row[-1] for row in csv.reader(io.StringIO(text.decode("utf-8-sig")))]
    assert statuses[1:] == [
        f"firstname: {NO_NAME}",
        f"active: {NO_ACTIVATION}",
        f"Imported as {Client.objects.get().account_no}",
    ]
    assert ImportJob.objects.get(pk=job_id).outcomes == {"imported": 1, "invalid": 2}


def test_the_web_upload_shows_the_cells_too(browse_as, clerk, kibera):
    web = browse_as(clerk)
    response = web.post("/clients/import/", {"file": SimpleUploadedFile(
        "two.csv", csv_file("office,fullname,legalForm", "Kibera,,Entity"))})  # fmt: skip
    page = web.get(response["Location"]).content.decode()
    assert f'<td class="line">2</td><td class="column">fullname</td><td>{NO_NAME}</td>' in page
