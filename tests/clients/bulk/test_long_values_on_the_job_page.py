"""The import job's page and its API list a row's errors: an error quoting a long cell quoted
it whole, 40,000 characters in a table cell (decision 297). They quote its start and its
length, its hidden characters shown as codes."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.clients.bulk.files import csv_file
from tests.clients.bulk.test_job_api import API

from mteja.clients.models import ImportJob
from mteja.core.echoed_values import MOST_ECHOED_CHARACTERS

pytestmark = pytest.mark.django_db

FILE = csv_file(
    "externalId,office,firstname,lastname,dateOfBirth",
    "E-1,Kibera,Asha,Njeri," + "\u202e" + "9" * 40_000,
)
QUOTED = "<U+202E>" + "9" * (MOST_ECHOED_CHARACTERS - 1) + "… (40,001 characters)"


def test_the_job_page_and_api_quote_a_long_cell_by_its_start_and_length(
    browse_as, api_as, clerk, kibera
):
    web = browse_as(clerk)
    response = web.post("/clients/import/", {"file": SimpleUploadedFile("long.csv", FILE)})
    page = html.unescape(web.get(response["Location"]).content.decode())
    assert f"“{QUOTED}” is not an ISO date" in page
    assert "9" * (MOST_ECHOED_CHARACTERS + 1) not in page
    job = ImportJob.objects.get()
    (error,) = api_as(clerk).get(f"{API}/imports/{job.pk}").json()["errors"]
    assert error["column"] == "dateOfBirth"
    assert error["message"].startswith(f"“{QUOTED}” is not an ISO date")
