"""A user of one branch (or its manager) trying to reach another branch through import,
export and jobs (issue 14; DESIGN rule 2): filters, template parameters and import rows that
name a sibling or a parent office, another branch's loan officer, keys of another branch's
client, columns that are no export's, odd formats and ids. Each gets what a stranger to that
branch gets: nothing of it, or a refusal that names the user's own input only."""

import csv
import io

import pytest
from django.core.management import call_command
from python_calamine import CalamineWorkbook
from tests.clients.bulk.files import csv_file
from tests.clients.bulk.test_job_api import API, read, upload
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.bulk.importing import import_clients
from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

EXPORT = f"{API}/clients/export"
TEMPLATE = f"{API}/clients/downloadtemplate"
KEYED = "office,staff,firstname,lastname,externalId,documentType,documentKey,submittedOnDate"


@pytest.fixture
def region(make_office, make_user, make_officer):
    """Rift region over the Kibera and Nakuru branches, a client and a loan officer in each
    of the three offices, and a Kibera clerk who may do everything in Kibera."""
    rift = make_office(name="Rift")
    kibera = make_office(name="Kibera", parent=rift)
    nakuru = make_office(name="Nakuru", parent=rift)
    root = make_user(("ALL_FUNCTIONS",))
    people = {}
    for office, name, key in (
        (kibera, "Asha", "K"),
        (nakuru, "Zawadi", "N"),
        (rift, "Tumaini", "R"),
    ):
        make_officer(office, lastname=f"{office.name}man")
        line = f"{office.name},,{name},Mwangi,{key}-1,National ID,{key}1234567,2024-01-10"
        (row,) = import_clients(user=root, data=csv_file(KEYED, line)).rows
        assert row.outcome == "imported", row.errors
        people[office.name] = Client.objects.get(external_id=f"{key}-1")
    clerk = make_user(("ALL_FUNCTIONS",), office=kibera, username="kibera-clerk")
    return {"rift": rift, "kibera": kibera, "nakuru": nakuru, "clerk": clerk, **people}


def exported_ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [row["externalId"] for row in csv.DictReader(io.StringIO(text))]


def filters_naming_elsewhere(region) -> list[dict]:
    nakuru, rift = region["Nakuru"], region["Rift"]
    return [
        {"officeId": region["nakuru"].pk},  # a sibling branch
        {"officeId": region["rift"].pk},  # the office above: its own clients are not in scope
        {"staffId": nakuru.staff_id or _officer_of(region["nakuru"]).pk},
        {"externalId": "N-1"},
        {"externalId": "%-1"},
        {"accountNo": nakuru.account_no},
        {"accountNo": rift.account_no},
        {"underHierarchy": region["rift"].hierarchy},
        {"search": "N1234567"},  # another branch's identity document number
        {"search": "Zawadi"},
        {"displayName": "Tumaini Mwangi"},
    ]


def _officer_of(office):
    from mteja.organisation.models import Staff

    return Staff.objects.get(office=office)


def test_an_export_filtered_by_anything_of_another_office_gives_only_the_users_clients(
    api_as, region
):
    api = api_as(region["clerk"])
    for params in filters_naming_elsewhere(region):
        shown = exported_ids(api.get(EXPORT, {**params, "format": "csv"}))
        assert set(shown) <= {"K-1"}, params
    assert exported_ids(api.get(EXPORT, {"underHierarchy": region["rift"].hierarchy})) == ["K-1"]


def test_the_web_lists_download_and_the_cli_keep_to_the_users_offices_alike(
    browse_as, region, tmp_path
):
    web = browse_as(region["clerk"])
    output = tmp_path / "export.csv"
    for params in filters_naming_elsewhere(region):
        page = web.get("/clients/export/", {**params, "format": "csv"})
        assert set(exported_ids(page)) <= {"K-1"}, params
        named = [f"{name}={value}" for name, value in params.items()]
        call_command("export", "--user", "kibera-clerk", "--output", str(output),
                     *[part for item in named for part in ("--filter", item)])  # fmt: skip
        rows = list(csv.DictReader(io.StringIO(output.read_text("utf-8-sig"))))
        assert {row["externalId"] for row in rows} <= {"K-1"}, params


@pytest.mark.parametrize(
    "columns",
    ["password", "office__hierarchy", "hierarchy", "staff.user.password", "id,createdBy",
     "accountNo,office_id", "=cmd|' /C calc'!A0"],
)  # fmt: skip
def test_columns_that_are_no_export_column_are_refused_by_name_and_nothing_is_sent(
    api_as, region, columns
):
    response = api_as(region["clerk"]).get(EXPORT, {"columns": columns})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    (error,) = response.json()["errors"]
    assert error["parameterName"] == "columns"
    assert "Unknown columns" in error["defaultUserMessage"]


@pytest.mark.parametrize(
    "chosen", ["csv\r\nContent-Type: text/html", "../xlsx", "xlsx;", "html", "json", "xls"]
)
def test_a_format_that_is_none_of_the_exports_is_a_400_never_a_file(api_as, region, chosen):
    response = api_as(region["clerk"]).get(EXPORT, {"format": chosen})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "Content-Disposition" not in response
    assert response.json()["errors"][0]["parameterName"] == "format"


def test_the_template_offers_the_users_offices_and_officers_and_no_others(api_as, region):
    api = api_as(region["clerk"])
    for params in ({"officeId": region["nakuru"].pk}, {"officeId": region["rift"].pk},
                   {"officeId": 1}, {"staffId": _officer_of(region["nakuru"]).pk},
                   {"staffId": _officer_of(region["rift"]).pk}):  # fmt: skip
        refused = api.get(TEMPLATE, params)
        assert refused.status_code == 404, params
        assert "man" not in refused.content.decode()  # no officer named
    workbook = b"".join(api.get(TEMPLATE).streaming_content)
    book = CalamineWorkbook.from_filelike(io.BytesIO(workbook))
    cells = {str(cell) for name in book.sheet_names
             for row in book.get_sheet_by_name(name).to_python() for cell in row}  # fmt: skip
    assert {"Kibera", "Kiberaman, Officer"} <= cells
    assert not {"Nakuru", "Rift", "Nakuruman, Officer", "Rift Region"} & cells


def test_rows_naming_another_office_or_its_officer_are_refused_each_by_its_column(region):
    report = import_clients(
        user=region["clerk"],
        dry_run=True,
        data=csv_file(
            KEYED,
            "Nakuru,,Baraka,Otieno,B-1,,,2024-01-10",
            "Rift,,Baraka,Otieno,B-2,,,2024-01-10",
            'Kibera,"Nakuruman, Officer",Baraka,Otieno,B-3,,,2024-01-10',
            "Kibera,,Baraka,Otieno,B-4,,,2024-01-10",
        ),
    )
    assert [(row.outcome, [column for column, _ in row.errors]) for row in report.rows] == [
        ("invalid", ["office"]), ("invalid", ["office"]), ("invalid", ["staff"]), ("valid", []),
    ]  # fmt: skip
    assert report.rows[0].errors == [("office", "No office named “Nakuru” among your offices.")]
    assert report.rows[2].errors == [("staff", "No staff member named “Nakuruman, Officer”.")]


def test_another_branchs_client_reached_by_its_keys_is_refused_as_a_duplicate_not_shown(
    api_as, region
):
    """The external id or identity document of a Nakuru client, in a Kibera clerk's file:
    the row is refused as `POST /clients` refuses it (the key is taken: Fineract's 403), not
    "already imported as" that client; neither the refusal, the job's errors nor its result
    file gives that client's account number, office or name."""
    theirs = region["Nakuru"]
    data = csv_file(
        KEYED,
        "Kibera,,Baraka,Otieno,N-1,,,2024-01-10",
        "Kibera,,Baraka,Otieno,B-9,National ID,N1234567,2024-01-10",
    )
    api = api_as(region["clerk"])
    job_id = upload(api, data).json()
    job = ImportJob.objects.get(pk=job_id)
    assert (job.status, job.total_rows) == ("completed", 2)
    detail = api.get(f"{API}/imports/{job_id}").json()
    assert (detail["imported"], detail["invalid"]) == (0, 2)
    assert [(error["line"], error["column"]) for error in detail["errors"]] == [
        (2, "externalId"), (3, "documentKey")
    ]  # fmt: skip
    result = read(api.get(f"{API}/imports/downloadOutputTemplate",
                          {"importDocumentId": job_id, "format": "csv"}))  # fmt: skip
    text = b"".join(result.streaming_content).decode("utf-8-sig")
    for shown in (str(detail), text):
        assert theirs.account_no not in shown
        assert "Nakuru" not in shown and "Zawadi" not in shown
        assert "already imported" not in shown.lower()
    assert not Client.objects.filter(lastname="Otieno").exists()


def test_another_branchs_job_is_not_found_on_every_page_and_endpoint_and_stays_as_it_was(
    api_as, browse_as, region, make_user
):
    stranger = make_user(("ALL_FUNCTIONS",), office=region["nakuru"])
    job_id = upload(api_as(stranger), client_file(1)).json()
    ImportJob.objects.filter(pk=job_id).update(status="queued")  # cancellable, resumable
    web = browse_as(region["clerk"])
    for path in ("", "progress/", "result.csv", "result.xlsx", "cancel/", "resume/",
                 "files/delete/", "import/"):  # fmt: skip
        assert web.get(f"/imports/{job_id}/{path}").status_code == 404, path
        assert web.post(f"/imports/{job_id}/{path}").status_code == 404, path
    api = api_as(region["clerk"])
    assert api.get(f"{API}/imports", {"entityType": "clients"}).json() == []
    for answer in (
        api.get(f"{API}/imports/{job_id}"),
        api.post(f"{API}/imports/{job_id}?command=cancel"),
        api.post(f"{API}/imports/{job_id}?command=resume"),
        api.delete(f"{API}/imports/{job_id}/files"),
        read(api.get(f"{API}/imports/downloadOutputTemplate", {"importDocumentId": job_id})),
    ):
        assert answer.status_code == 404
        assert answer.json()["userMessageGlobalisationCode"] == "error.msg.resource.not.found"
    job = ImportJob.objects.get(pk=job_id)
    assert (job.status, job.cancel_requested, job.files_removed_at) == ("queued", False, None)


@pytest.mark.parametrize("raw", ["-1", "0", "abc", "9" * 40, "1e3", "%20"])
def test_an_odd_job_id_in_the_path_is_a_json_404_for_every_method(api_as, region, raw):
    api = api_as(region["clerk"])
    for answer in (
        api.get(f"{API}/imports/{raw}"),
        api.post(f"{API}/imports/{raw}?command=cancel"),
        api.delete(f"{API}/imports/{raw}/files"),
    ):
        assert answer.status_code == 404, raw
        assert answer["Content-Type"] == "application/json"
    assert browse_as_status(region, raw) == 404


def browse_as_status(region, raw) -> int:
    from django.test import Client as BrowserClient

    web = BrowserClient()
    web.force_login(region["clerk"])
    return web.get(f"/imports/{raw}/progress/").status_code


def test_mteja_import_as_a_branch_user_refuses_the_same_rows_in_its_result(region, tmp_path):
    source, result = tmp_path / "rows.csv", tmp_path / "result.csv"
    source.write_bytes(csv_file(
        KEYED,
        "Nakuru,,Baraka,Otieno,B-1,,,2024-01-10",
        "Kibera,\"Nakuruman, Officer\",Baraka,Otieno,B-2,,,2024-01-10",
        "Kibera,,Baraka,Otieno,N-1,,,2024-01-10",
        "Kibera,,Baraka,Otieno,B-4,National ID,N1234567,2024-01-10",
    ))  # fmt: skip
    call_command("import", str(source), "--user", "kibera-clerk", "--result", str(result),
                 "--no-progress")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(result.read_text("utf-8-sig"))))
    statuses = [row["Status"] for row in rows]
    assert [status.split(":")[0] for status in statuses] == [
        "office", "staff", "externalId", "documentKey"
    ]  # fmt: skip
    shown = " ".join(statuses)
    assert region["Nakuru"].account_no not in shown and "Zawadi" not in shown
    assert not Client.objects.filter(lastname="Otieno").exists()
