"""`GET /imports/downloadOutputTemplate` with an id that is no plain whole number: Fineract's
error body, a 400, never the file of the job whose number Python's int() read into it (it
reads other scripts' digits, spaces, a plus and underscores) nor a 500."""

import pytest
from tests.clients.bulk.test_job_api import API, read, upload
from tests.clients.bulk.test_jobs import client_file

pytestmark = pytest.mark.django_db


ARABIC_INDIC, FULLWIDTH = (
    str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"),
    str.maketrans("0123456789", "０１２３４５６７８９"),
)


@pytest.mark.parametrize(
    "odd",
    [
        lambda pk: str(pk).translate(ARABIC_INDIC),
        lambda pk: str(pk).translate(FULLWIDTH),
        lambda pk: f" {pk}",
        lambda pk: f"{pk} ",
        lambda pk: f"+{pk}",
        lambda pk: f"{pk}\n",
        lambda pk: "_".join(str(pk * 11)),
        lambda pk: f"{pk}e0",
        lambda pk: f"{pk}.0",
        lambda pk: hex(pk),
        lambda pk: f"-{pk}",
        lambda pk: "9" * 40,
        lambda pk: "9" * 5000,
    ],
)
def test_an_odd_import_document_id_is_refused_with_fineracts_error_body(api_as, clerk, odd):
    api = api_as(clerk)
    job_id = upload(api, client_file(1)).json()  # the job the lenient reading found
    upload(api, client_file(1))
    raw = odd(job_id)
    response = read(api.get(f"{API}/imports/downloadOutputTemplate", {"importDocumentId": raw}))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["httpStatusCode"] == "400"
    (error,) = body["errors"]
    assert error["parameterName"] == "importDocumentId"
    assert error["userMessageGlobalisationCode"] in (
        "validation.msg.importDocumentId.not.a.number",
        "validation.msg.importDocumentId.out.of.range",
    )


def test_a_plain_id_of_no_visible_job_is_a_404_with_fineracts_error_body(api_as, clerk):
    response = api_as(clerk).get(f"{API}/imports/downloadOutputTemplate",
                                 {"importDocumentId": "987654"})  # fmt: skip
    assert response.status_code == 404
    body = response.json()
    assert body["userMessageGlobalisationCode"] == "error.msg.resource.not.found"
    assert body["errors"][0]["userMessageGlobalisationCode"] == "error.msg.import.id.invalid"
