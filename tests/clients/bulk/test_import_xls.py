"""An Excel 97-2003 workbook (.xls), the format Fineract's templates are downloaded in, is
imported as an .xlsx is; one whose sheets span more cells than calamine may hold is refused
before calamine reads it."""

import datetime
import io

import pytest
import xlwt
from python_calamine import CalamineWorkbook
from tests.clients.bulk.test_import_fineract_template import PERSON
from tests.clients.bulk.test_job_api import API, upload

from mteja.clients.bulk.importing import import_clients
from mteja.clients.bulk.reading import FileUnreadable
from mteja.clients.models import Client, ClientStatus, ImportJob
from mteja.organisation.models import CodeValue

pytestmark = pytest.mark.django_db

DATES = xlwt.easyxf(num_format_str="dd mmmm yyyy")


def xls_workbook(header: list[str], rows: list[list], *, hidden_first: bool = False) -> bytes:
    """An .xls of `rows` under `header` (dates as date cells), in a sheet named as
    Fineract's; `hidden_first` puts a hidden sheet of lookups before it."""
    book = xlwt.Workbook()
    if hidden_first:
        lookups = book.add_sheet("Offices")
        lookups.write(0, 0, "Office*")
        lookups.write(1, 0, "Nowhere")
        lookups.visibility = 1
    sheet = book.add_sheet("ClientPerson")
    for column, name in enumerate(header):
        sheet.write(0, column, name)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write(number, column, value, DATES)
            elif value is not None:
                sheet.write(number, column, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_fineracts_person_template_filled_in_as_xls_imports(admin_user, kibera, make_officer):
    officer = make_officer(kibera, lastname="Wanjiru")
    female = CodeValue.objects.get(code__name="Gender", name="Female")
    filled = [None] * len(PERSON)
    asha = list(filled)
    asha[:11] = ["Asha", "Njeri", "", "Kibera", officer.display_name, "FIN-1",
                 datetime.date(2024, 1, 10), datetime.date(2024, 1, 11), True, "0712000001",
                 datetime.date(1990, 5, 17)]  # fmt: skip
    asha[13] = f"Female-{female.pk}"
    baraka = list(filled)
    baraka[:9] = ["Baraka", "Otieno", "", "Nowhere", None, "FIN-2",
                  datetime.date(2024, 1, 10), None, False]  # fmt: skip
    data = xls_workbook(PERSON, [asha, baraka], hidden_first=True)
    report = import_clients(user=admin_user, data=data)
    assert [(row.line, row.outcome) for row in report.rows] == [(2, "imported"), (3, "invalid")]
    assert report.rows[1].errors[0][0] == "Office Name*"
    client = Client.objects.get(external_id="FIN-1")
    assert (client.office, client.staff, client.gender, client.mobile_no) == (
        kibera, officer, female, "0712000001"
    )  # fmt: skip
    assert (client.date_of_birth, client.activation_date, client.status) == (
        datetime.date(1990, 5, 17), datetime.date(2024, 1, 11), ClientStatus.ACTIVE
    )  # fmt: skip
    # The same file again: recognised, nothing created twice.
    again = import_clients(user=admin_user, data=data)
    assert [row.outcome for row in again.rows] == ["already imported", "invalid"]
    assert Client.objects.count() == 1


def test_an_xls_uploaded_to_fineracts_import_api_runs_as_a_job(api_as, clerk, kibera):
    rows = [[kibera.name, "Asha", "Njeri", "XLS-1"], [kibera.name, "Baraka", "", "XLS-2"]]
    data = xls_workbook(["office", "firstname", "lastname", "externalId"], rows)
    response = upload(api_as(clerk), data, name="clients.xls")
    assert response.status_code == 200, response.content
    job = ImportJob.objects.get(pk=response.json())
    assert (job.status, job.total_rows, job.rows_done) == ("completed", 2, 2)
    assert list(Client.objects.values_list("external_id", flat=True)) == ["XLS-1"]
    result = api_as(clerk).get(f"{API}/imports/downloadOutputTemplate",
                               {"importDocumentId": job.pk})  # fmt: skip
    assert result.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(result.streaming_content)))
    sheet = book.get_sheet_by_index(0).to_python()
    assert sheet[0][-1] == "Status"
    assert sheet[1][-1].startswith("Imported")
    assert "lastname" in sheet[2][-1]


def test_an_xls_spanning_too_many_cells_is_refused_before_it_is_read(admin_user):
    """One cell at IV65536 (a 6 kB file) made calamine hold 1 GB."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("Clients")
    sheet.write(0, 0, "firstname")
    sheet.write(65535, 255, "far")
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(FileUnreadable, match=r"spans 16,777,216 cells, more than the 2,000,000"):
        import_clients(user=admin_user, data=buffer.getvalue())


def test_a_compound_file_that_is_no_workbook_is_refused(admin_user):
    with pytest.raises(FileUnreadable, match="The Excel workbook cannot be read"):
        import_clients(user=admin_user, data=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
