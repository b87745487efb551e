"""A line below a typed title whose cell is past the csv module's bound (131,072 characters)
is refused naming its line, as any such line is. Before, the header's search counted that
line's cells with the csv module and failed on it: `POST /clients/uploadtemplate` answered a
500 and `mteja import` a traceback (found by the fuzzed files of decision 277, on SQLite)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

API = "/fineract-provider/api/v1"
LONG = "x" * 140_000


def test_a_cell_too_long_below_a_typed_title_is_refused_naming_its_line(api):
    lines = ["Clients of Kibera, March 2026", f"firstname,lastname,{LONG}"]
    data = ("\r\n".join(lines) + "\r\n").encode()
    body = {"file": SimpleUploadedFile("clients.csv", data, "text/csv"), "locale": "en"}
    response = api.post(f"{API}/clients/uploadtemplate", body, format="multipart")
    assert response.status_code == 400, response.content[:300]
    message = response.json()["errors"][0]["defaultUserMessage"]
    assert "Line 2 " in message and "131,072" in message, message
    assert not Client.objects.exists()
