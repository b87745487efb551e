"""The import page's list of jobs: every job the user sees, newest first, twenty a page;
an older one is a page further, not out of reach."""

import re

import pytest
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.imports.services import import_job_create

pytestmark = pytest.mark.django_db


def _names(page: str) -> list[str]:
    return re.findall(r'<a href="/imports/\d+/">(job-\d+\.csv)</a>', page)


def test_older_imports_are_a_page_further(browse_as, clerk, kibera, make_user):
    for number in range(1, 26):
        import_job_create(actor=clerk, data=client_file(1), file_name=f"job-{number}.csv")
    other = make_user(("CREATE_CLIENT", "READ_CLIENT"), office=kibera)
    import_job_create(actor=other, data=client_file(1), file_name="job-99.csv")
    web = browse_as(clerk)

    first = web.get("/clients/import/").content.decode()
    assert _names(first) == [f"job-{number}.csv" for number in range(25, 5, -1)]
    assert '<a href="?page=2">Older</a>' in first
    assert "Page 1 of 2" in first

    second = web.get("/clients/import/?page=2").content.decode()
    assert _names(second) == [f"job-{number}.csv" for number in range(5, 0, -1)]
    assert '<a href="?page=1">Newer</a>' in second
    assert "Older" not in second


def test_a_page_past_the_end_shows_the_last(browse_as, clerk, kibera):
    import_job_create(actor=clerk, data=client_file(1), file_name="job-1.csv")
    page = browse_as(clerk).get("/clients/import/?page=9").content.decode()
    assert _names(page) == ["job-1.csv"]
    assert "Page 1 of" not in page  # a single page: no pager
