"""A file of a header alone (a template, an export that selected no one): the same clear
refusal from the API (Fineract's error body), the page (beside the file) and the CLI, and no
job; a file whose rows below the header hold nothing ends as a failed job saying so."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.clients.bulk.test_job_api import upload
from tests.clients.bulk.test_jobs import HEADER, client_file

from mteja.clients.bulk.reading import FileUnreadable
from mteja.clients.imports.running import run_job
from mteja.clients.imports.services import import_job_create
from mteja.clients.models import ImportJob

pytestmark = pytest.mark.django_db

REFUSAL = "The file has no rows to import, only a header."


def test_the_api_refuses_a_header_alone_with_fineracts_error_body(api_as, clerk):
    response = upload(api_as(clerk), client_file(0))
    assert response.status_code == 400, response.content
    (error,) = response.json()["errors"]
    assert error["parameterName"] == "file"
    assert error["userMessageGlobalisationCode"] == "validation.msg.client.import.file.invalid"
    assert error["defaultUserMessage"] == REFUSAL
    assert not ImportJob.objects.exists()


def test_the_page_refuses_a_header_alone_beside_the_file(browse_as, clerk):
    page = browse_as(clerk).post(
        "/clients/import/", {"file": SimpleUploadedFile("empty.csv", client_file(0))}
    )
    assert page.status_code == 200 and REFUSAL in page.content.decode()
    assert not ImportJob.objects.exists()


def test_the_page_refuses_it_in_the_users_language(browse_as, clerk):
    page = browse_as(clerk).post(
        "/clients/import/",
        {"file": SimpleUploadedFile("empty.csv", client_file(0))},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert "Le fichier n’a aucune ligne à importer" in page.content.decode()


def test_the_cli_refuses_a_header_alone_in_a_line(tmp_path, admin_user, kibera):
    source = tmp_path / "clients.csv"
    source.write_bytes(client_file(0))
    with pytest.raises(CommandError, match=REFUSAL):
        call_command("import", str(source), "--user", admin_user.username)
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("dry_run", [False, True])
def test_rows_holding_nothing_end_as_a_failed_job_saying_so(admin_user, kibera, dry_run):
    """A workbook's rows are not read as its job is made (calamine would load the whole
    sheet): the count up front takes blank rows for rows; the job finds none and says why."""
    from mteja.clients.bulk import workbook

    blank = iter([[""] * 5, [" "] * 5])
    data = b"".join(workbook.workbook_chunks(HEADER.split(","), blank, ["text"] * 5))
    job = import_job_create(actor=admin_user, data=data, file_name="a.xlsx", dry_run=dry_run)
    assert job.total_rows
    job = run_job(job.pk)
    assert (job.status, job.error, job.outcomes) == ("failed", REFUSAL, {})


@pytest.mark.parametrize("below", ["", "\r\n", ",,,,\r\n , , , ,\r\n"])
def test_a_csv_header_alone_makes_no_job_whatever_blank_lines_follow(admin_user, kibera, below):
    data = f"{HEADER}\r\n{below}".encode()
    with pytest.raises(FileUnreadable, match=REFUSAL):
        import_job_create(actor=admin_user, data=data, file_name="a.csv")
    assert not ImportJob.objects.exists()
