"""What an ended import's page tells the clerk to do next: rows with errors to correct and
import again, a check's errors, a cancelled import's rest — each in the clerk's language."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.imports.services import import_job_cancel, import_job_create
from mteja.clients.models import ImportJob

pytestmark = pytest.mark.django_db


def _ended(web, data: bytes, **options) -> str:
    upload = SimpleUploadedFile("branch-march.csv", data)
    response = web.post("/clients/import/", {"file": upload, **options})
    return web.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "The rows with errors were not imported: correct them in the file"),
        ("fr", "Les lignes en erreur n’ont pas été importées : corrigez-les dans le fichier"),
        ("es", "Las filas con errores no se importaron: corríjalas en el archivo"),
    ],
)
def test_an_import_with_rows_in_error_says_to_correct_them_and_import_again(
    browse_as, clerk, kibera, language, said
):
    web = browse_as(clerk, HTTP_ACCEPT_LANGUAGE=language)
    page = _ended(web, client_file(3, bad_lines={3}))
    assert said in page


def test_a_check_with_rows_in_error_says_nothing_was_written(browse_as, clerk, kibera):
    page = _ended(browse_as(clerk), client_file(3, bad_lines={3}), dry_run="on")
    assert "Nothing was written (check only): correct the rows with errors" in page
    assert "The rows with errors were not imported" not in page


def test_a_check_with_no_valid_row_offers_no_import_of_its_valid_rows(browse_as, clerk, kibera):
    page = _ended(browse_as(clerk), client_file(2, bad_lines={2, 3}), dry_run="on")
    assert "Nothing was written (check only), and no row is valid: correct them" in page
    assert "to write its valid rows" not in page


def test_all_or_nothing_held_back_says_only_that_nothing_was_imported(browse_as, clerk, kibera):
    page = _ended(browse_as(clerk), client_file(3, bad_lines={3}), all_or_nothing="on")
    assert "Nothing was imported, as some rows have errors" in page
    assert "The rows with errors were not imported" not in page


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Cancelled: the rows imported before it stopped are kept. Importing the file "
               "again adds the rest, none of them twice."),
        ("es", "Cancelada: las filas importadas antes de detenerse se conservan."),
    ],
)  # fmt: skip
def test_a_cancelled_import_says_its_rows_are_kept_and_how_to_add_the_rest(
    browse_as, clerk, kibera, language, said
):
    job = import_job_create(actor=clerk, data=client_file(4), file_name="four.csv")
    import_job_cancel(actor=clerk, job=job)
    assert ImportJob.objects.get(pk=job.pk).status == "cancelled"
    page = browse_as(clerk, HTTP_ACCEPT_LANGUAGE=language).get(f"/imports/{job.pk}/")
    assert said in page.content.decode()


@pytest.mark.parametrize(
    ("language", "whole_row"), [("en", "(the whole row)"), ("fr", "(toute la ligne)")]
)
def test_an_error_of_no_one_column_says_it_is_the_rows(
    browse_as, clerk, kibera, language, whole_row
):
    """A row written with another separator (joined from a file saved with semicolons): its
    error is of no one column, said so rather than left blank."""
    from tests.clients.bulk.test_jobs import HEADER

    data = f"{HEADER}\r\nKibera;Asha;Njeri;JOINED-1;2024-01-10\r\n".encode()
    page = _ended(browse_as(clerk, HTTP_ACCEPT_LANGUAGE=language), data)
    assert f'<td class="line">2</td><td class="column">{whole_row}</td>' in page
