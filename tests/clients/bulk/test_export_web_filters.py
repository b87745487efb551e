"""The web export is the list as filtered: a filter the list refuses (shown beside the list,
the other filters applied) is refused by its download too, in the same words, rather than
left out of an export of more clients than the user asked for; and the journal names an
export's filters by the labels the list gives them, not by their parameter codes."""

import pytest

from mteja.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def exporter(make_user, make_office):
    return make_user(("ALL_FUNCTIONS",), office=make_office(name="Kibera"))


def test_a_filter_the_list_refuses_is_refused_by_its_export_in_the_same_words(browse_as, exporter):
    web = browse_as(exporter)
    query = {"submitted_from": "2024-13-45", "status": "300"}
    listing = web.get("/clients/", query).content.decode()
    refusal = "Submitted from: Enter a valid date."
    assert refusal in listing
    export = web.get("/clients/export/", {**query, "format": "csv"})
    assert export.status_code == 400
    page = export.content.decode()
    assert refusal in page and "The download cannot be made" in page
    assert 'href="/clients/?submitted_from=2024-13-45&amp;status=300"' in page
    assert not AuditEvent.objects.filter(action_name="EXPORT").exists()
    # The list's own link to the download: refused alike.
    assert web.get("/clients/export/", {**query, "format": "xlsx"}).status_code == 400


def test_the_journal_names_an_exports_filters_as_the_list_does(browse_as, exporter):
    web = browse_as(exporter)
    response = web.get(
        "/clients/export/", {"format": "csv", "q": "Asha", "in_no_group": "on", "status": "300"}
    )
    assert response.status_code == 200
    b"".join(response.streaming_content)
    journal = web.get("/audit/").content.decode()
    assert "Name, account, external id or mobile: Asha" in journal
    assert "Status: Active, Name, account, external id or mobile: Asha, In no group: yes" in (
        journal
    )
    assert "orphansOnly" not in journal and "search: " not in journal
    french = browse_as(exporter, HTTP_ACCEPT_LANGUAGE="fr").get("/audit/").content.decode()
    assert "Statut : " in french and "status : " not in french


def test_the_apis_filters_are_named_by_the_clients_fields(api_as, browse_as, exporter):
    response = api_as(exporter).get(
        "/fineract-provider/api/v1/clients/export", {"externalId": "X-1", "format": "csv"}
    )
    assert response.status_code == 200, response.content
    b"".join(response.streaming_content)
    journal = browse_as(exporter).get("/audit/").content.decode()
    assert "External id: X-1" in journal and "externalId: " not in journal
