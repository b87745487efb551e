"""The export's column choice names each column in the user's language: the client's fields,
and its identity document's and address's, not their headers alone."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ["Document type", "Document number", "Issue date", "Address type", "Street"]),
        ("fr", ["Type de pièce", "Numéro de pièce", "Date de délivrance", "Rue"]),
    ],
)
def test_the_identity_document_and_address_columns_are_named_in_the_users_language(
    browse_as, admin_user, language, labels
):
    web = browse_as(admin_user, HTTP_ACCEPT_LANGUAGE=language)
    form = web.get("/clients/export/columns/").content.decode()
    assert 'value="documentType"> documentType <span' not in form
    for label in labels:
        assert f"> {label} <span" in form, label
    assert (
        'value="address.street"> ' in form and '<span class="muted">address.street</span>' in form
    )


def test_a_column_without_a_label_of_its_own_is_named_once(browse_as, admin_user):
    """A column whose label is its header (a custom field named by the institution, `id`) is
    not read out twice ("id id")."""
    form = browse_as(admin_user).get("/clients/export/columns/").content.decode()
    assert '<label><input type="checkbox" name="columns" value="id"> id</label>' in form
    assert '<span class="muted">firstname</span>' in form
