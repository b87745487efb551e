"""An import at once (`POST /clients/import`, up to MTEJA_IMPORT_AT_ONCE_MOST_ROWS rows in
the request) holds a sync web worker as an export does: one at a time per user, and within
the host's share of such requests (MTEJA_EXPORTS_AT_ONCE, a worker always left free), so
that one user's few uploads at once cannot take every worker (decision 192)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.models import Client
from mteja.core import slots

pytestmark = pytest.mark.django_db
URL = "/fineract-provider/api/v1/clients/import"


def imported(api):
    return api.post(URL, {"file": SimpleUploadedFile("c.csv", client_file(2))}, format="multipart")


def refusal(response) -> str:
    assert response.status_code == 429, response.content
    (error,) = response.json()["errors"]
    return error["userMessageGlobalisationCode"]


def test_a_users_second_import_at_once_waits_for_the_first(api_as, clerk, make_user, kibera):
    running = slots.take(f"import-at-once-user-{clerk.pk}", 1)  # their first, still running
    assert refusal(imported(api_as(clerk))) == "error.msg.client.import.in.progress"
    assert not Client.objects.exists()
    # Another user's import at once is not theirs to wait for.
    colleague = make_user(("CREATE_CLIENT", "READ_CLIENT"), office=kibera)
    assert imported(api_as(colleague)).json()["imported"] == 2
    running.release()
    assert imported(api_as(clerk)).json()["alreadyImported"] == 2
    # Its slots given back as it ended: the next one is taken.
    assert imported(api_as(clerk)).status_code == 200


def test_an_import_at_once_leaves_a_worker_free_as_exports_do(api_as, clerk, settings):
    settings.MTEJA_EXPORTS_AT_ONCE = 1
    exporting = slots.take("export", 1)  # somebody's export streaming
    assert refusal(imported(api_as(clerk))) == "error.msg.client.import.busy"
    assert not Client.objects.exists()
    given_back = slots.take(f"import-at-once-user-{clerk.pk}", 1)
    assert given_back is not None
    given_back.release()
    exporting.release()
    assert imported(api_as(clerk)).json()["imported"] == 2
