"""The Mifos X web-app's Organization › Bulk Import › Clients screen, in each choice its
settings and its form leave a user (decision 254): every language and date format it sends
with an upload, and an entity file whose name gives the screen no legal form to send."""

import datetime
import io

import pytest
import xlsxwriter
from babel.dates import format_date
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from mteja.clients.bulk.text_dates import TextDates
from mteja.clients.models import Client, LegalForm

API = "/fineract-provider/api/v1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The web-app's languages (environment.ts `supportedLanguages`), of which its language
# selector keeps the first two letters as the `locale` an upload sends.
WEB_APP_LOCALES = ["cs", "de", "en", "es", "fr", "it", "ko", "lt", "lv", "ne", "pt", "sw"]
# The date formats its settings page offers (settings.component.ts), sent as `dateFormat`.
WEB_APP_DATE_FORMATS = [
    "dd MMMM yyyy", "dd/MMMM/yyyy", "dd-MMMM-yyyy", "dd-MM-yy", "MMMM-dd-yyyy",
    "MMMM dd yyyy", "MMMM/dd/yyyy", "MM-dd-yy", "yyyy-MM-dd",
]  # fmt: skip


@pytest.mark.parametrize("date_format", WEB_APP_DATE_FORMATS)
def test_each_language_and_date_format_the_web_app_sends_reads_dates_so_written(date_format):
    day = datetime.date(2024, 3, 17)
    for locale in WEB_APP_LOCALES:
        # The text as CLDR writes it, as Java's formatter (and a user of that language) does.
        written = format_date(day, date_format, locale=locale)
        read = TextDates(date_format, locale).iso(written)
        assert (locale, written, read) == (locale, written, ("2024-03-17", None))


def workbook(header: list[str], row: dict[str, str]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet("Clients")
    sheet.write_row(0, 0, header)
    sheet.write_row(1, 0, [row.get(name, "") for name in header])
    book.close()
    return out.getvalue()


@pytest.mark.django_db
def test_an_entity_file_named_without_entity_imports_entities_as_the_screen_uploads_it(
    api_as, clerk, kibera, make_staff
):
    api = api_as(clerk)
    officer = make_staff(office=kibera, is_loan_officer=True)
    # The template as the screen asks it, with an office, an officer and "Entity" chosen
    # (view-bulk-import.component.ts `downloadTemplate`, organization.service.ts).
    template = api.get(f"{API}/clients/downloadtemplate", {
        "tenantIdentifier": "default", "locale": "sw", "dateFormat": "MMMM dd yyyy",
        "officeId": kibera.pk, "staffId": officer.pk, "legalFormType": "CLIENTS_ENTITY",
    })  # fmt: skip
    assert (template.status_code, template["Content-Type"]) == (200, XLSX)
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(template.streaming_content)))
    header = [str(name) for name in book.get_sheet_by_index(0).to_python()[0]]
    assert "fullname" in header and "lastname" not in header
    row = {"office": "Kibera", "staff": officer.display_name, "fullname": "Duka la Mama Ltd",
           "submittedOnDate": "17 mars 2024"}  # fmt: skip
    # The screen sends legalFormType only when the file's name holds "entity" or "person"
    # (`uploadTemplate`): Mteja's own name for the file, clients-entities.xlsx, holds neither.
    file = SimpleUploadedFile("clients-entities.xlsx", workbook(header, row), XLSX)
    body = {"file": file, "locale": "fr", "dateFormat": "dd MMMM yyyy"}
    uploaded = api.post(f"{API}/clients/uploadtemplate", body, format="multipart")
    assert uploaded.status_code == 200, uploaded.content
    client = Client.objects.get()
    assert (client.legal_form, client.fullname, client.staff_id) == (
        LegalForm.ENTITY, "Duka la Mama Ltd", officer.pk
    )  # fmt: skip
    assert client.submitted_on == datetime.date(2024, 3, 17)
    # The columns its table shows, and the id it downloads the result by.
    (listed,) = api.get(f"{API}/imports", {"entityType": "client"}).json()
    shown = ("name", "completed", "totalRecords", "successCount", "failureCount", "importId")
    assert [listed[key] for key in shown] == [
        "clients-entities.xlsx", True, 1, 1, 0, uploaded.json()
    ]  # fmt: skip
    assert all(len(listed[key]) == 3 for key in ("importTime", "endTime"))  # its date pipe's
    asked = {"importDocumentId": listed["importId"], "tenantIdentifier": "default"}
    result = api.get(f"{API}/imports/downloadOutputTemplate", asked)
    assert (result.status_code, result["Content-Type"]) == (200, XLSX)
    assert b"".join(result.streaming_content).startswith(b"PK")
