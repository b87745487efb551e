"""An export shows a client's identity document and address only to a user who may read
them: the columns ask what the client page's Identifiers and Addresses tabs and their API
ask (READ_CLIENTIDENTIFIER, READ_ADDRESS), not EXPORT_CLIENT alone (decision 191)."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.clients.bulk.test_job_api import API, upload
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.models import ClientAddress, ClientIdentifier
from mteja.organisation.models import CodeValue

pytestmark = pytest.mark.django_db
URL = "/fineract-provider/api/v1/clients/export"
EXPORTS = ("READ_CLIENT", "EXPORT_CLIENT")
DOCUMENT = ("documentType", "documentKey", "documentIssueDate", "documentExpiryDate")


@pytest.fixture
def asha(make_client, kibera):
    client = make_client(office=kibera, firstname="Asha", lastname="Njeri")
    ClientIdentifier.objects.create(
        client=client,
        document_type=CodeValue.objects.get(code__name="Customer Identifier", name="National ID"),
        document_key="29384756",
        document_key_normalized="29384756",
    )
    ClientAddress.objects.create(
        client=client,
        address_type=CodeValue.objects.get(code__name="ADDRESS_TYPE", name="Residential"),
        street="12 Moi Avenue",
    )
    return client


def exported(response) -> tuple[str, list[str]]:
    assert response.status_code == 200, response.content
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return text, next(csv.reader(io.StringIO(text)))


def test_an_export_leaves_out_the_document_and_address_its_user_may_not_read(
    api_as, make_user, kibera, asha
):
    text, header = exported(api_as(make_user(EXPORTS, office=kibera)).get(URL))
    assert "displayName" in header and "Asha Njeri" in text
    assert not set(header) & {*DOCUMENT, "addressType", "address.street"}
    assert "29384756" not in text and "Moi Avenue" not in text
    # Who may read documents gets them, and still no address.
    reader = make_user((*EXPORTS, "READ_CLIENTIDENTIFIER"), office=kibera)
    text, header = exported(api_as(reader).get(URL))
    assert set(DOCUMENT) <= set(header) and "29384756" in text
    assert "addressType" not in header and "Moi Avenue" not in text


@pytest.mark.parametrize(
    ("columns", "permission"),
    [("displayName,documentKey", "READ_CLIENTIDENTIFIER"), ("address.street", "READ_ADDRESS")],
)
def test_a_column_named_that_its_user_may_not_read_is_refused_naming_the_permission(
    api_as, make_user, kibera, asha, columns, permission
):
    response = api_as(make_user(EXPORTS, office=kibera)).get(URL, {"columns": columns})
    assert response.status_code == 403
    body = response.json()
    assert body["userMessageGlobalisationCode"] == "error.msg.not.authorized"
    assert permission in body["defaultUserMessage"]
    assert columns.split(",")[-1] in body["defaultUserMessage"]


def test_the_web_column_choice_offers_only_the_columns_its_user_may_read(
    browse_as, make_user, kibera, asha
):
    page = browse_as(make_user(EXPORTS, office=kibera)).get("/clients/export/columns/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="displayName"' in html
    assert 'value="documentKey"' not in html and 'value="address.street"' not in html


def test_the_cli_refuses_a_column_its_user_may_not_read(make_user, kibera, asha, tmp_path):
    user = make_user(EXPORTS, office=kibera)
    with pytest.raises(CommandError, match="READ_CLIENTIDENTIFIER"):
        call_command(
            "export", "--user", user.username, "--columns", "documentKey",
            "--output", str(tmp_path / "out.csv"),
        )  # fmt: skip


def test_anothers_import_result_holding_documents_asks_what_their_export_asks(
    api_as, browse_as, make_user, clerk, kibera
):
    """The result file of another's import is an export of its clients (decision 191)."""
    header = "office,firstname,lastname,submittedOnDate,documentType,documentKey"
    rows = "Kibera,Asha,Njeri,2024-01-10,National ID,29384756"
    job_id = upload(api_as(clerk), f"{header}\r\n{rows}\r\n".encode()).json()
    follows = ("READ_CLIENT", "READ_IMPORT", "EXPORT_CLIENT")
    manager = make_user(follows, office=kibera)
    asked = {"importDocumentId": job_id, "format": "csv"}
    refused = api_as(manager).get(f"{API}/imports/downloadOutputTemplate", asked)
    assert refused.status_code == 403
    assert "READ_CLIENTIDENTIFIER" in refused.json()["defaultUserMessage"]
    page = browse_as(manager).get(f"/imports/{job_id}/result.csv")
    assert page.status_code == 403 and "READ_CLIENTIDENTIFIER" in page.content.decode()
    # Its starter, and who may read documents, take it.
    for user in (clerk, make_user((*follows, "READ_CLIENTIDENTIFIER"), office=kibera)):
        taken = api_as(user).get(f"{API}/imports/downloadOutputTemplate", asked)
        assert "29384756" in b"".join(taken.streaming_content).decode()
    # A file without such columns is the manager's to take.
    plain = upload(api_as(clerk), client_file(1)).json()
    asked["importDocumentId"] = plain
    taken = api_as(manager).get(f"{API}/imports/downloadOutputTemplate", asked)
    assert "Imported as" in b"".join(taken.streaming_content).decode()
