"""Rows an .xlsx hides — by hand, or by an autofilter leaving them out — are imported as any
row is (the filter chooses what is shown, not what the file holds), but no longer silently:
the summary counts the hidden rows imported (or valid, in a dry run), the job's page and the
CLI say how many, and the result file's Status marks each."""

import io
import json

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from mteja.clients.bulk import reading
from mteja.clients.bulk.hidden_rows import hidden_lines
from mteja.clients.bulk.importing import import_clients
from mteja.clients.imports import files
from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

API = "/fineract-provider/api/v1"
HEADER = ["office", "firstname", "lastname", "externalId"]


def filtered_book(*, filtered=True) -> bytes:
    """Four clients under an autofilter showing Kibera's last name "Njeri" only (lines 3 and
    5 hidden, as Excel saves a filter's result), and line 4 hidden by hand."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Clients")
    rows = [HEADER, ["Kibera", "Asha", "Njeri", "H-2"], ["Kibera", "Baraka", "Otieno", "H-3"],
            ["Kibera", "Chausiku", "Wanjiru", "H-4"], ["Kibera", "Daudi", "Kamau", "H-5"],
            ["Kibera", "Eshe", "Njeri", "H-6"]]  # fmt: skip
    for number, row in enumerate(rows):
        sheet.write_row(number, 0, row)
    if filtered:
        sheet.autofilter(0, 0, len(rows) - 1, len(HEADER) - 1)
        sheet.filter_column(2, "x == Njeri")
        for hidden in (2, 4):  # (0-based) the rows the filter leaves out
            sheet.set_row(hidden, options={"hidden": True})
    sheet.set_row(3, options={"hidden": True})
    book.close()
    return buffer.getvalue()


@pytest.mark.parametrize("streamed", [False, True])
def test_the_hidden_rows_imported_are_counted_and_marked(admin_user, kibera, monkeypatch, streamed):
    if streamed:
        monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    data = filtered_book()
    assert hidden_lines(io.BytesIO(data)) == {3, 4, 5}
    report = import_clients(user=admin_user, data=data)
    assert report.summary()["imported"] == 5
    assert report.summary()["hiddenRowsImported"] == 3
    _header, rows = report.result_table()
    numbers = [Client.objects.get(external_id=f"H-{line}").account_no for line in range(2, 7)]
    assert [row[-1] for row in rows] == [
        f"Imported as {number}" + (" (a hidden row)" if line in (3, 4, 5) else "")
        for line, number in enumerate(numbers, start=2)
    ]


def test_a_sheet_hiding_no_row_says_nothing_of_them(admin_user, kibera):
    book = io.BytesIO()
    workbook = xlsxwriter.Workbook(book, {"in_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ["Kibera", "Asha", "Njeri", "H-2"])
    workbook.close()
    report = import_clients(user=admin_user, data=book.getvalue())
    assert report.summary()["hiddenRowsImported"] == 0
    assert report.result_table()[1][0][-1] == f"Imported as {Client.objects.get().account_no}"


def test_the_jobs_page_and_result_file_say_how_many_hidden_rows_were_imported(
    browse_as, clerk, kibera
):
    web = browse_as(clerk)
    upload = SimpleUploadedFile("filtered.xlsx", filtered_book())
    page = web.get(web.post("/clients/import/", {"file": upload})["Location"]).content.decode()
    assert "3 of the rows imported were hidden in the sheet" in page
    job = ImportJob.objects.get()
    result = b"".join(files.job_result(job, "csv", clerk).streaming_content).decode("utf-8-sig")
    assert result.count("(a hidden row)") == 3


def test_a_dry_runs_page_says_how_many_valid_rows_are_hidden(browse_as, clerk, kibera):
    web = browse_as(clerk)
    upload = SimpleUploadedFile("filtered.xlsx", filtered_book(filtered=False))
    response = web.post("/clients/import/", {"file": upload, "dry_run": "on"})
    page = web.get(response["Location"]).content.decode()
    assert "1 of the valid rows is hidden in the sheet" in page


def test_the_cli_summary_counts_the_hidden_rows_imported(tmp_path, admin_user, kibera, capsys):
    source = tmp_path / "filtered.xlsx"
    source.write_bytes(filtered_book())
    call_command("import", str(source), "--user", admin_user.username, "--no-progress")
    summary = json.loads(capsys.readouterr().out)
    assert (summary["imported"], summary["hiddenRowsImported"]) == (5, 3)


def test_a_row_tag_left_open_is_no_hidden_row():
    """A row's tag cut short by the next tag (no `>`) is not read with that tag's
    attributes: its `hidden` and the cell's `r` make no hidden line 5. (Searched so, a
    hostile sheet of `<row <row …` is scanned in one pass, not once a row.)"""
    from mteja.clients.bulk import hidden_rows

    sheet = b'<row hidden="1" <c r="5"/></row><row r="6" hidden="true"><c r="A6"/></row>'
    assert hidden_rows._HIDDEN_ROW.findall(sheet) == [b"6"]


def test_the_job_list_and_detail_give_the_hidden_rows_imported(api_as, clerk, kibera):
    """Stored on the job as it finishes: the list reads no job's files."""
    api = api_as(clerk)
    upload = SimpleUploadedFile("filtered.xlsx", filtered_book())
    job_id = api.post(f"{API}/clients/uploadtemplate?legalFormType=CLIENTS_PERSON",
                      {"file": upload}, format="multipart").json()  # fmt: skip
    (row,) = api.get(f"{API}/imports", {"entityType": "clients"}).json()
    assert row["hiddenRowsImported"] == 3
    assert api.get(f"{API}/imports/{job_id}").json()["hiddenRowsImported"] == 3
    files.source_path(ImportJob.objects.get()).unlink()  # counted once, not read again
    (row,) = api.get(f"{API}/imports", {"entityType": "clients"}).json()
    assert row["hiddenRowsImported"] == 3


def test_a_job_not_yet_finished_gives_no_count_of_hidden_rows(api_as, clerk, kibera):
    from mteja.clients.api.jobs import job_row

    job = ImportJob.objects.create(created_by=clerk, office=kibera, file_name="f.xlsx")
    assert job_row(job)["hiddenRowsImported"] is None
