"""Two rows whose external ids look the same — one typed on a keyboard, one with its accent
written apart from its letter (decomposed Unicode, as a file saved on a Mac may hold) — had
made two clients no one could tell apart, and a re-run of the file recognised each only by
its own spelling. The decomposed one is refused on its row, saying why."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.clients.bulk.files import csv_file

from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

API = "/fineract-provider/api/v1"
COMPOSED, DECOMPOSED = "Zo\u00e9-1", "Zoe\u0301-1"
REFUSED = (
    "externalId: The external id holds an accent written apart from its letter: the same id "
    "typed on a keyboard would be another. Type the accented letters again."
)


def statuses(api, data: bytes) -> list[str]:
    """The Status of each row of the import's result file."""
    body = {"file": SimpleUploadedFile("clients.csv", data, "text/csv")}
    response = api.post(f"{API}/clients/uploadtemplate?legalFormType=CLIENTS_PERSON", body,
                        format="multipart")  # fmt: skip
    assert response.status_code == 200, response.json()
    job = ImportJob.objects.get(pk=response.json())
    result = api.get(f"{API}/imports/downloadOutputTemplate",
                     {"importDocumentId": job.pk, "format": "csv"})  # fmt: skip
    text = b"".join(result.streaming_content).decode("utf-8-sig")
    return [row[-1] for row in list(csv.reader(io.StringIO(text)))[1:]]


@pytest.mark.parametrize(
    "first", [COMPOSED, DECOMPOSED], ids=["composed first", "decomposed first"]
)
def test_an_external_id_with_its_accent_apart_makes_no_second_client(api, kibera, first):
    second = DECOMPOSED if first == COMPOSED else COMPOSED
    header = "office,firstname,lastname,externalId"
    data = csv_file(header, f"Kibera,Zoé,Njeri,{first}", f"Kibera,Zoé,Wanjiru,{second}")
    imported = statuses(api, data)
    typed = "Njeri" if first == COMPOSED else "Wanjiru"  # the row whose id was typed
    assert list(Client.objects.values_list("external_id", "lastname")) == [(COMPOSED, typed)]
    number = Client.objects.get().account_no
    once = {COMPOSED: f"Imported as {number}", DECOMPOSED: REFUSED}
    assert imported == [once[first], once[second]]
    again = {COMPOSED: f"Already imported as {number}", DECOMPOSED: REFUSED}
    assert statuses(api, data) == [again[first], again[second]]
    assert Client.objects.count() == 1
