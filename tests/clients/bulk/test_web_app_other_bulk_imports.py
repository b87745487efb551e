"""The Mifos X web-app's Organization › Bulk Import page lists eighteen imports; Mteja makes
the clients' alone. Each other one's screen, asked as the web-app asks it (its
organization.service.ts), opens with an empty list and answers its template download and its
upload with Fineract's error body saying so, not the 404 of an unknown address
(decision 254)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

API = "/fineract-provider/api/v1"
# The web-app's bulk-imports.ts: each screen's entityType and its address.
WEB_APP_SCREENS = [
    ("offices", "/offices"),
    ("users", "/users"),
    ("groups", "/groups"),
    ("centers", "/centers"),
    ("staff", "/staff"),
    ("guarantors", "/loans/1/guarantors"),
    ("gljournalentries", "/journalentries"),
    ("loans", "/loans"),
    ("savingsaccount", "/savingsaccounts"),
    ("fixeddepositaccounts", "/fixeddepositaccounts"),
    ("recurringdeposits", "/recurringdepositaccounts"),
    ("chartofaccounts", "/glaccounts"),
    ("shareaccounts", "/accounts/share"),
    ("loantransactions", "/loans/repayments"),
    ("savingstransactions", "/savingsaccounts/transactions"),
    ("fixeddeposittransactions", "/fixeddepositaccounts/transaction"),
    ("recurringdepositstransactions", "/recurringdepositaccounts/transactions"),
]


def refusal(entity_type: str) -> dict:
    message = f"Mteja imports clients only: the bulk import of “{entity_type}” is not available."
    return {
        "httpStatusCode": "404",
        "userMessageGlobalisationCode": "error.msg.resource.not.found",
        "errors": [
            {
                "userMessageGlobalisationCode": "error.msg.import.entity.not.supported",
                "defaultUserMessage": message,
                "parameterName": "entityType",
                "value": entity_type,
            }
        ],
    }


def answered(response) -> dict:
    body = response.json()
    errors = [
        {key: error[key] for key in ("userMessageGlobalisationCode", "defaultUserMessage",
                                     "parameterName", "value")}
        for error in body["errors"]
    ]  # fmt: skip
    return {
        "httpStatusCode": body["httpStatusCode"],
        "userMessageGlobalisationCode": body["userMessageGlobalisationCode"],
        "errors": errors,
    }


@pytest.mark.parametrize(("entity_type", "suffix"), WEB_APP_SCREENS)
def test_each_other_bulk_import_screen_says_mteja_imports_clients_only(
    api_as, clerk, kibera, entity_type, suffix
):
    api = api_as(clerk)
    listed = api.get(f"{API}/imports", {"entityType": entity_type})
    assert (listed.status_code, listed.json()) == (200, [])
    template = api.get(f"{API}{suffix}/downloadtemplate", {
        "tenantIdentifier": "default", "locale": "en", "dateFormat": "dd MMMM yyyy",
        "officeId": kibera.pk, "staffId": 1,
    })  # fmt: skip
    assert template.status_code == 404
    assert template["Content-Type"] == "application/json"
    assert answered(template) == refusal(entity_type)
    file = SimpleUploadedFile("template.xls", client_file(2), "application/vnd.ms-excel")
    body = {"file": file, "locale": "en", "dateFormat": "dd MMMM yyyy"}
    upload = api.post(f"{API}{suffix}/uploadtemplate", body, format="multipart")
    assert upload.status_code == 404
    assert answered(upload) == refusal(entity_type)
    assert not ImportJob.objects.exists() and not Client.objects.exists()


def test_the_refusal_is_for_signed_in_users_only():
    anonymous = APIClient().get(f"{API}/offices/downloadtemplate")
    assert anonymous.status_code == 401


def test_the_refusal_speaks_the_users_language(api_as, clerk):
    response = api_as(clerk).get(f"{API}/staff/downloadtemplate", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.json()["errors"][0]["defaultUserMessage"] == (
        "Mteja n’importe que des clients : l’import en masse de « staff » n’est pas disponible."
    )


def test_each_other_screen_opens_to_a_user_who_may_not_read_clients(api_as, make_user, kibera):
    # The web-app lists each bulk import to whoever holds READ_OFFICE (its bulk-import
    # component's template), and its route resolver asks the screen's past imports before the
    # screen opens (bulk-import.resolver.ts): an error there leaves the page unopened, the
    # refusal unseen. An office administrator who may not read clients opens each.
    api = api_as(make_user(("READ_OFFICE",), office=kibera))
    for entity_type, suffix in WEB_APP_SCREENS:
        listed = api.get(f"{API}/imports", {"entityType": entity_type})
        assert (entity_type, listed.status_code, listed.json()) == (entity_type, 200, [])
        assert answered(api.get(f"{API}{suffix}/downloadtemplate")) == refusal(entity_type)
    # The clients' past imports name the files of clients: still theirs who may read clients.
    assert api.get(f"{API}/imports", {"entityType": "client"}).status_code == 403
    assert api.get(f"{API}/imports").status_code == 403
