"""A check (dry run) that found every row valid is imported from its page, with its options:
the clerk does not choose the file again. Only their own check; a file no longer kept is
said so."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.imports import files
from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

IMPORT_NOW = "Import the file now"


def _checked(web, data: bytes, **options) -> tuple[ImportJob, str]:
    fields = {"file": SimpleUploadedFile("branch-march.csv", data), "dry_run": "on", **options}
    response = web.post("/clients/import/", fields)
    job = ImportJob.objects.get()
    assert response["Location"] == f"/imports/{job.pk}/"
    return job, web.get(response["Location"]).content.decode()


def test_a_checked_file_is_imported_from_the_checks_page(browse_as, clerk, kibera):
    web = browse_as(clerk)
    check, page = _checked(web, client_file(3), all_or_nothing="on", date_format="dd/MM/yyyy")
    assert "Every row is valid: import them now" in page
    assert IMPORT_NOW in page
    assert not Client.objects.exists()

    response = web.post(f"/imports/{check.pk}/import/")
    imported = ImportJob.objects.exclude(pk=check.pk).get()
    assert response["Location"] == f"/imports/{imported.pk}/"
    assert (imported.file_name, imported.dry_run, imported.all_or_nothing) == (
        "branch-march.csv", False, True)  # fmt: skip
    assert imported.date_format == "dd/MM/yyyy"
    assert Client.objects.count() == 3
    page = web.get(response["Location"]).content.decode()
    assert "Import of branch-march.csv" in page
    assert "Every row was imported." in page


def test_a_check_with_errors_offers_no_import_from_its_page(browse_as, clerk, kibera):
    _check, page = _checked(browse_as(clerk), client_file(3, bad_lines={3}))
    assert IMPORT_NOW not in page


def test_only_the_checks_starter_imports_it(browse_as, clerk, kibera, make_user):
    check, _page = _checked(browse_as(clerk), client_file(2))
    manager = make_user(("CREATE_CLIENT", "READ_CLIENT", "ALL_FUNCTIONS_READ"), office=kibera)
    web = browse_as(manager)
    page = web.get(f"/imports/{check.pk}/").content.decode()
    assert "branch-march.csv" in page and IMPORT_NOW not in page
    response = web.post(f"/imports/{check.pk}/import/", follow=True)
    assert "Only a check of your own that ended with every row valid" in response.content.decode()
    assert ImportJob.objects.count() == 1
    assert not Client.objects.exists()


def test_a_checks_file_no_longer_kept_is_said_so(browse_as, clerk, kibera):
    web = browse_as(clerk)
    check, _page = _checked(web, client_file(2))
    files.delete_files(check)
    response = web.post(f"/imports/{check.pk}/import/", follow=True)
    assert "The file of this check is no longer kept" in response.content.decode()
    assert ImportJob.objects.count() == 1


def test_an_import_is_not_imported_again_from_its_page(browse_as, clerk, kibera):
    web = browse_as(clerk)
    response = web.post("/clients/import/", {"file": SimpleUploadedFile(
        "branch-march.csv", client_file(2))})  # fmt: skip
    job = ImportJob.objects.get()
    assert IMPORT_NOW not in web.get(response["Location"]).content.decode()
    web.post(f"/imports/{job.pk}/import/")
    assert ImportJob.objects.count() == 1


def test_a_check_with_errors_is_not_imported_by_a_post_either(browse_as, clerk, kibera):
    """The page offers no import of a check that found errors; a POST made anyway (an old
    tab, a script) is refused alike, not taken as "import the valid rows"."""
    web = browse_as(clerk)
    check, _page = _checked(web, client_file(3, bad_lines={3}))
    page = web.post(f"/imports/{check.pk}/import/", follow=True).content.decode()
    assert "Only a check of your own that ended with every row valid" in page
    assert ImportJob.objects.count() == 1
    assert not Client.objects.exists()


def test_a_check_is_imported_once_its_page_then_links_its_import(browse_as, clerk, kibera):
    """A second "Import the file now" (a double click without JavaScript, the page reached
    again by Back, another tab) starts no second import of the same file: it leads to the
    import made, and the check's page names that import instead of offering it again."""
    web = browse_as(clerk)
    check, _page = _checked(web, client_file(2))
    first = web.post(f"/imports/{check.pk}/import/")
    imported = ImportJob.objects.exclude(pk=check.pk).get()
    assert first["Location"] == f"/imports/{imported.pk}/"
    again = web.post(f"/imports/{check.pk}/import/")
    assert again["Location"] == f"/imports/{imported.pk}/"
    assert ImportJob.objects.count() == 2
    told = web.get(again["Location"]).content.decode()
    assert "The file of this check was imported already" in told
    page = web.get(f"/imports/{check.pk}/").content.decode()
    assert IMPORT_NOW not in page
    assert f'href="/imports/{imported.pk}/"' in page and "Its file was imported" in page
    assert Client.objects.count() == 2


def test_a_checks_page_says_it_checks_where_an_imports_says_it_imports(browse_as, clerk, kibera):
    check, page = _checked(browse_as(clerk), client_file(3))
    assert "Check of branch-march.csv" in page and "Import of branch-march.csv" not in page
    assert f"Check started by {clerk.username}" in page
    running = ImportJob.objects.filter(pk=check.pk)
    running.update(status="queued", finished_at=None)
    fragment = browse_as(clerk).get(f"/imports/{check.pk}/progress/").content.decode()
    assert ">Cancel the check</button>" in fragment and "Cancel the import" not in fragment
    running.update(dry_run=False)
    page = browse_as(clerk).get(f"/imports/{check.pk}/").content.decode()
    assert "Import of branch-march.csv" in page and f"Import started by {clerk.username}" in page
    assert ">Cancel the import</button>" in page


def test_the_forms_button_names_both_what_a_check_and_an_import_start(browse_as, clerk, kibera):
    """Which one shows follows the "Only check" box (CSS, tests/browser/test_import_jobs.py)."""
    page = browse_as(clerk).get("/clients/import/").content.decode()
    assert '<span class="when-checking">Start the check</span>' in page
    assert '<span class="when-importing">Start the import</span>' in page
