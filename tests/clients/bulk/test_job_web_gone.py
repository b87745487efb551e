"""An import job's page whose job the user no longer sees while its progress is polled
(deleted, moved out of their offices, their permission removed): the poll stops, saying why,
rather than asking every 2 s for as long as the tab stays open."""

import pytest
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.imports.services import import_job_create
from mteja.clients.models import ImportJob

pytestmark = pytest.mark.django_db

POLL = {"HTTP_HX_REQUEST": "true"}


def test_the_poll_of_a_deleted_job_stops_and_says_so(browse_as, clerk, kibera):
    job = import_job_create(actor=clerk, data=client_file(1), file_name="one.csv")
    web = browse_as(clerk)
    ImportJob.objects.filter(pk=job.pk).delete()
    response = web.get(f"/imports/{job.pk}/progress/", **POLL)
    assert response.status_code == 286  # htmx's "stop polling", its content swapped in
    fragment = response.content.decode()
    assert 'id="import-progress"' in fragment and "hx-trigger" not in fragment
    assert "This import is no longer available to you" in fragment
    # Not asked by htmx (a link, the address bar): the 404 page, as before.
    assert web.get(f"/imports/{job.pk}/progress/").status_code == 404


def test_the_poll_of_a_job_the_user_may_no_longer_read_stops_and_says_so(
    browse_as, make_user, kibera
):
    clerk = make_user(("CREATE_CLIENT",), office=kibera)
    job = import_job_create(actor=clerk, data=client_file(1), file_name="one.csv")
    web = browse_as(clerk)
    for role in clerk.roles.all():
        role.permissions.clear()
    response = web.get(f"/imports/{job.pk}/progress/", **POLL)
    assert response.status_code == 286
    assert "You may no longer follow this import" in response.content.decode()
    assert web.get(f"/imports/{job.pk}/progress/").status_code == 403
