import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mteja.clients.kyc import identifiers as kyc_identifiers
from mteja.organisation.models import CodeValue

BASE = "/fineract-provider/api/v1"


@pytest.fixture
def category():
    def get(name: str) -> int:
        return CodeValue.objects.get(code__name="Document Category", name=name).pk

    return get


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def docs_url(client, document_id=None, *, parent="clients"):
    url = f"{BASE}/{parent}/{client.pk}/documents"
    return url if document_id is None else f"{url}/{document_id}"


def national_id_of(client, number: str = "ZX98765"):
    """The client's National ID, recorded (a document's parent on the identity pages)."""
    national_id = CodeValue.objects.get(code__name="Customer Identifier", name="National ID")
    return kyc_identifiers.identifier_create(
        actor=None,
        client=client,
        data=kyc_identifiers.IdentifierInput(document_type_id=national_id.pk, document_key=number),
    )
