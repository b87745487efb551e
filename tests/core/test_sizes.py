"""A size limit is told in the units people read (20 MB, not 20971520 bytes), in the user's
language and number format: on the import page, and in the API's refusal that shares it."""

import pytest
from django.utils import translation

from mteja.core.sizes import file_size, file_too_large


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (1, "1 byte"),
        (1000, "1000 bytes"),
        (1024, "1 KB"),
        (100_000, "97.6 KB"),  # rounded down: the limit is never said larger than it is
        (20 * 1024 * 1024, "20 MB"),
        (512 * 1024 * 1024, "512 MB"),
        (3 * 1024**3 // 2, "1.5 GB"),
    ],
)
def test_a_size_in_the_largest_unit_it_fills(size, shown):
    with translation.override("en"):
        assert file_size(size) == shown


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The file is larger than the limit of 20 MB."),
        ("fr", "Le fichier dépasse la limite de 20 Mo."),
        ("es", "El archivo supera el límite de 20 MB."),
    ],
)
def test_the_limit_is_said_in_the_users_language(language, message):
    with translation.override(language):
        assert file_too_large(20 * 1024 * 1024) == message


def test_a_tenth_is_written_as_the_language_writes_it():
    with translation.override("fr"):
        assert file_size(100_000) == "97,6 Ko"


@pytest.mark.django_db
def test_the_import_page_and_the_api_tell_the_limit_in_megabytes(
    browse_as, api_as, make_user, make_office, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from tests.clients.bulk.test_job_api import upload

    clerk = make_user(("CREATE_CLIENT", "READ_CLIENT"), office=make_office(name="Kibera"))
    settings.MTEJA_IMPORT_MAX_BYTES = 1024 * 1024
    big = b"office,firstname\n" + b"Kibera,Asha\n" * 100_000
    page = browse_as(clerk, HTTP_ACCEPT_LANGUAGE="fr").post(
        "/clients/import/", {"file": SimpleUploadedFile("big.csv", big)}
    )
    assert "Le fichier dépasse la limite de 1 Mo." in page.content.decode()
    refused = upload(api_as(clerk), big)
    assert refused.status_code in (400, 413)
    assert "The file is larger than the limit of 1 MB." in refused.content.decode()
