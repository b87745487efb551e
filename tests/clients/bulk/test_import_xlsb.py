"""An Excel binary workbook (.xlsb: Excel's "Binary Workbook", which banks' large exports are
often saved as) imports as an .xlsx does — its header found as a sheet's, its dates,
booleans and error cells read so, its result file, a job killed and resumed, a second run —
from the UI, the API and the CLI; one whose sheet spans more cells than calamine may hold,
or whose records are malformed, is refused before calamine reads it. The workbooks are
written record by record (tests/clients/bulk/xlsb_files.py)."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook
from tests.clients.bulk.test_job_api import API, upload
from tests.clients.bulk.test_job_cli import killed_then_resumed
from tests.clients.bulk.xlsb_files import Error, record, xlsb_book

from mteja.clients.bulk.counting import count_rows
from mteja.clients.bulk.importing import import_clients
from mteja.clients.bulk.reading import FileUnreadable
from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

HEADER = ["office", "firstname", "lastname", "externalId", "dateOfBirth", "active",
          "activationDate"]  # fmt: skip


def clients(kibera, count: int, *, bad: int | None = None, active=True) -> list[list]:
    """`count` rows (file lines 3…: a title above the header); row `bad` has no last
    name; active ones activated on 10 January 2024 (else pending: a clerk's)."""
    activated = [True, datetime.date(2024, 1, 10)] if active else [None, None]
    return [
        [kibera.name, "Asha", None if number == bad else f"Njeri{number}", f"XB-{number}",
         datetime.date(1990, 5, number), *activated]
        for number in range(1, count + 1)
    ]  # fmt: skip


def book(kibera, count: int = 2, **options) -> bytes:
    return xlsb_book(
        {"Clients": [["Clients of Kibera"], HEADER, *clients(kibera, count, **options)]}
    )


def test_an_xlsb_imports_its_dates_booleans_and_title(admin_user, kibera):
    report = import_clients(user=admin_user, data=book(kibera, 2, bad=2))
    assert [(row.line, row.outcome) for row in report.rows] == [(3, "imported"), (4, "invalid")]
    assert report.rows[1].errors[0][0] == "lastname"
    client = Client.objects.get(external_id="XB-1")
    assert (client.date_of_birth, client.activation_date, client.status) == (
        datetime.date(1990, 5, 1), datetime.date(2024, 1, 10), 300
    )  # fmt: skip
    again = import_clients(user=admin_user, data=book(kibera, 2, bad=2))
    assert [row.outcome for row in again.rows] == ["already imported", "invalid"]
    assert Client.objects.count() == 1


@pytest.mark.parametrize("formula", [False, True])
def test_an_xlsb_error_cell_refuses_its_row_naming_the_error(admin_user, kibera, formula):
    """calamine reads an error cell, typed or a formula's, as blank: the client would be
    written without it."""
    rows = clients(kibera, 2)
    rows[1][4] = Error(formula=formula)
    data = xlsb_book({"Clients": [HEADER, *rows]})
    report = import_clients(user=admin_user, data=data)
    assert [row.outcome for row in report.rows] == ["imported", "invalid"]
    assert any("#N/A" in message for _column, message in report.rows[1].errors)


def test_an_xlsb_uploaded_to_the_api_runs_as_a_job_with_its_result(api_as, clerk, kibera):
    response = upload(api_as(clerk), book(kibera, 2, bad=2, active=False), name="clients.xlsb")
    assert response.status_code == 200, response.content
    job = ImportJob.objects.get(pk=response.json())
    assert (job.status, job.total_rows, job.rows_done) == ("completed", 2, 2)
    assert list(Client.objects.values_list("external_id", flat=True)) == ["XB-1"]
    result = api_as(clerk).get(f"{API}/imports/downloadOutputTemplate",
                               {"importDocumentId": job.pk})  # fmt: skip
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(result.streaming_content)))
    rows = sheet.get_sheet_by_index(0).to_python()
    assert rows[0][:2] == ["office", "firstname"] and rows[0][-1] == "Status"
    assert rows[1][-1].startswith("Imported") and "lastname" in rows[2][-1]


def test_an_xlsb_uploaded_in_the_browser_shows_its_errors(browse_as, clerk, kibera):
    web = browse_as(clerk)
    response = web.post(
        "/clients/import/",
        {"file": SimpleUploadedFile("clients.xlsb", book(kibera, 2, bad=2, active=False))},
    )
    page = web.get(response["Location"]).content.decode()
    assert (
        "2 of 2 rows done (100 %)." in page
        and '<td class="line">4</td><td class="column">lastname</td>' in page
    )
    assert list(Client.objects.values_list("external_id", flat=True)) == ["XB-1"]


def test_the_cli_resumes_a_killed_xlsb_import_without_duplicates(
    tmp_path, admin_user, kibera, monkeypatch, capsys
):
    source = tmp_path / "clients.xlsb"
    source.write_bytes(book(kibera, 5))
    killed_then_resumed(source, admin_user, monkeypatch, capsys)


def test_an_xlsbs_rows_are_counted_for_the_progress_bar(kibera):
    assert count_rows(io.BytesIO(book(kibera, 7))) == 8  # (its title's row counts too)


def test_an_xlsb_holding_clients_on_two_sheets_is_refused_naming_them(admin_user, kibera):
    rows = clients(kibera, 1)
    data = xlsb_book({"Kibera": [HEADER, *rows], "Langata": [HEADER, *rows]})
    with pytest.raises(FileUnreadable, match="on the sheets “Kibera”, “Langata”"):
        import_clients(user=admin_user, data=data)


def test_an_xlsb_cell_far_out_is_refused_before_calamine_reads_it(admin_user, no_calamine):
    """A cell at column 4,000,000,000: calamine would ask for its range's memory."""
    data = xlsb_book({"Clients": [["firstname"], ["Asha"]]})
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    far = record(0x00, bytes(17)) + record(0x05, (3_999_999_999).to_bytes(4, "little") + bytes(12))
    sheet = parts["xl/worksheets/sheet1.bin"]
    end = sheet.index(record(0x92))
    parts["xl/worksheets/sheet1.bin"] = sheet[:end] + far + sheet[end:]
    with pytest.raises(
        FileUnreadable, match=r"\(\.xlsb\) spans 8,000,000,000 cells, more than the 5,000,000 read"
    ):
        import_clients(user=admin_user, data=_zipped(parts))


def _zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "sheet",
    [b"\x81\x01\x00\x92\x01\x07\xff\xff\xff\x0f",  # a record longer than its part
     b"\x81\x01\x00\x91\x01\x00\x00\x04\x00\x00\x00\x00\x07\x02\x00\x00"],  # a short cell
)  # fmt: skip
def test_an_xlsb_of_malformed_records_cannot_be_read(api_as, clerk, sheet, no_calamine):
    data = xlsb_book({"Clients": [["firstname"], ["Asha"]]})
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {name: source.read(name) for name in source.namelist()} | {
            "xl/worksheets/sheet1.bin": sheet
        }
    response = upload(api_as(clerk), _zipped(parts), name="clients.xlsb")
    assert response.status_code == 400
    assert "The Excel workbook cannot be read." in response.content.decode()


@pytest.mark.parametrize(
    "parts",
    [{"xl/workbook.bin": b"junk" * 100, "[Content_Types].xml": b"<Types/>"},
     {"xl/workbook.bin": b"", "xl/worksheets/sheet1.bin": b"\x00" * 50}],
)  # fmt: skip
def test_a_forged_xlsb_is_refused_saying_the_workbook_cannot_be_read(api_as, clerk, parts):
    response = upload(api_as(clerk), _zipped(parts), name="clients.xlsb")
    assert response.status_code == 400
    assert "The Excel workbook cannot be read." in response.content.decode()


def test_a_csv_named_xlsb_is_read_as_the_csv_it_is(api_as, clerk, kibera):
    data = f"office,firstname,lastname\r\n{kibera.name},Asha,Njeri\r\n".encode()
    response = upload(api_as(clerk), data, name="clients.xlsb")
    assert response.status_code == 200, response.content
    assert ImportJob.objects.get().outcomes == {"imported": 1}
