"""A download the web UI cannot make now (a second click while the first streams, the
server's export slots taken) or at all (a bad parameter): a page of the app in the user's
language saying why, with the way back; not a plain-text body. The API keeps Fineract's JSON
error body."""

import pytest
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.imports.running import run_job
from mteja.clients.imports.services import import_job_create
from mteja.core import slots

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(clerk):
    """The clerk's export slot taken: a download of theirs still streaming."""
    slot = slots.take(f"export-user-{clerk.pk}", 1)
    yield slot
    slot.release()


def test_a_result_file_asked_again_while_the_first_streams_is_a_page(
    browse_as, clerk, kibera, held
):
    job = import_job_create(actor=clerk, data=client_file(2), file_name="two.csv")
    run_job(job.pk)
    refused = browse_as(clerk, HTTP_ACCEPT_LANGUAGE="fr").get(f"/imports/{job.pk}/result.csv")
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("text/html")
    page = refused.content.decode()
    assert '<html lang="fr"' in page and 'class="site-header"' in page  # the app's layout
    assert "Le téléchargement doit attendre" in page
    assert f'href="/imports/{job.pk}/"' in page


def test_an_export_refused_from_the_list_is_a_page_leading_back_to_the_list(
    browse_as, make_user, kibera
):
    exporter = make_user(("ALL_FUNCTIONS",), office=kibera)
    taken = slots.take(f"export-user-{exporter.pk}", 1)
    try:
        refused = browse_as(exporter).get("/clients/export/", {"format": "csv", "status": "300"})
    finally:
        taken.release()
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "The download must wait" in page
    assert "You are already exporting clients; wait until that download ends." in page
    assert 'href="/clients/?status=300"' in page


def test_the_download_links_let_a_refusal_show_as_a_page(browse_as, clerk, kibera):
    """With a `download` attribute, the browser shows a refused download as a failed one,
    saying nothing."""
    job = import_job_create(actor=clerk, data=client_file(2), file_name="two.csv")
    run_job(job.pk)
    page = browse_as(clerk).get(f"/imports/{job.pk}/").content.decode()
    link = page.split(f'href="/imports/{job.pk}/result.csv"')[1].split(">")[0]
    assert "download" not in link


def _problem(page: str) -> str:
    """The page's problem section, its lines stripped."""
    section = page.split('<section class="problem">')[1].split("</section>")[0]
    return "".join(line.strip() for line in section.splitlines())


def test_a_refused_download_and_a_refused_page_say_so_alike_each_with_its_way_back(
    browse_as, make_user, kibera
):
    exporter = make_user(("READ_CLIENT", "EXPORT_CLIENT"), office=kibera)
    web = browse_as(exporter)
    refused = web.get("/clients/export/", {"format": "csv", "submitted_from": "2024-13-45"})
    assert refused.status_code == 400
    assert _problem(refused.content.decode()) == (
        "<h1>The download cannot be made</h1>"
        '<p role="alert">Submitted from: Enter a valid date.</p>'
        '<p><a href="/clients/?submitted_from=2024-13-45">Back to the page of the download</a></p>'
    )
    forbidden = web.get("/users/")
    assert forbidden.status_code == 403
    assert _problem(forbidden.content.decode()) == (
        "<h1>Not allowed</h1>"
        "<p>Your roles do not allow this. If you need it for your work, ask an administrator.</p>"
        '<p><a href="/">Back to the dashboard</a></p>'
    )
