"""A job's page seen by a reader who may not import (an auditor): it leads to no page they
would be refused."""

import pytest
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.imports.running import run_job
from mteja.clients.imports.services import import_job_create

pytestmark = pytest.mark.django_db


def test_a_readers_job_page_leads_to_the_clients_not_to_the_import_page(
    browse_as, clerk, kibera, make_user
):
    job = import_job_create(actor=clerk, data=client_file(2), file_name="two.csv")
    run_job(job.pk)
    auditor = browse_as(make_user(("ALL_FUNCTIONS_READ",), office=kibera))
    assert auditor.get("/clients/import/").status_code == 403
    page = auditor.get(f"/imports/{job.pk}/").content.decode()
    assert 'href="/clients/import/"' not in page
    assert '<p class="breadcrumb"><a href="/clients/">Clients</a></p>' in page
    assert "Cancel the import" not in page and "Resume" not in page

    importer = browse_as(clerk).get(f"/imports/{job.pk}/").content.decode()
    assert '<p class="breadcrumb"><a href="/clients/import/">Import clients</a></p>' in importer
