"""The journal shows an export's filter values as the list's form shows them: an office and
a loan officer by their names (as they were named when the export was made), a status or a
legal form by its label, yes/no and dates in the reader's language; whether the export came
from the web, the API or the shell. Exports journalled before the names were kept read so
too."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.formats import date_format

from mteja.clients.bulk.export import ClientExport, chosen_columns
from mteja.core import audit
from mteja.core.models import AuditEvent
from mteja.groups import services as group_services
from mteja.organisation import services as organisation_services

pytestmark = pytest.mark.django_db
EXPORT = "/fineract-provider/api/v1/clients/export"


@pytest.fixture
def exporter(make_user, kibera):
    return make_user(("ALL_FUNCTIONS",), office=kibera)


@pytest.fixture
def officer(make_staff, kibera):
    return make_staff(office=kibera, firstname="Juma", lastname="Otieno", is_loan_officer=True)


def _journal(browse_as, user, **headers) -> str:
    return browse_as(user, **headers).get("/audit/", {"action": "EXPORT"}).content.decode()


def _day(year, month, day, language="en") -> str:
    """A date as the journal's reader sees it in `language` (the site's short format)."""
    with translation.override(language):
        return date_format(datetime.date(year, month, day), "SHORT_DATE_FORMAT")


def _download(response) -> None:
    assert response.status_code == 200, response.content
    b"".join(response.streaming_content)


def test_the_web_exports_filters_read_as_the_list_shows_them_even_once_renamed(
    browse_as, exporter, kibera, officer
):
    query = {
        "format": "csv", "office": kibera.pk, "staff": officer.pk, "status": "300",
        "legal_form": "1", "in_no_group": "on", "submitted_from": "2024-03-05",
    }  # fmt: skip
    _download(browse_as(exporter).get("/clients/export/", query))
    organisation_services.office_update(actor=None, office=kibera, name="Kibera North")
    journal = _journal(browse_as, exporter)
    assert "Office (and below): Kibera," in journal  # the name the user chose, kept
    assert "Loan officer: Otieno, Juma" in journal
    assert "Status: Active" in journal and "Legal form: Person" in journal
    assert "In no group: yes" in journal and f"Submitted from: {_day(2024, 3, 5)}" in journal
    assert kibera.hierarchy not in journal and f"Loan officer: {officer.pk}" not in journal
    french = _journal(browse_as, exporter, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Statut : Actif" in french and "Dans aucun groupe : oui" in french
    assert f"Soumis à partir du : {_day(2024, 3, 5, 'fr')}" in french


def test_the_apis_export_reads_so_and_keeps_the_names_in_its_event(
    api_as, browse_as, exporter, kibera, officer
):
    group = group_services.group_create(actor=None, name="Umoja", office=kibera)
    query = {
        "format": "csv", "officeId": str(kibera.pk), "staffId": str(officer.pk),
        "groupId": str(group.pk), "status": "ACTIVE", "withoutStaff": "FALSE",
    }  # fmt: skip
    _download(api_as(exporter).get(EXPORT, query))
    journal = _journal(browse_as, exporter)
    assert "Office: Kibera" in journal and "Loan officer: Otieno, Juma" in journal
    assert "Group: Umoja" in journal and "Status: Active" in journal
    assert "Without a loan officer: no" in journal
    # The API returns the journal as kept: the filters as given, the names beside them.
    audits = api_as(exporter).get("/fineract-provider/api/v1/audits", {"actionName": "EXPORT"})
    changes = audits.json()[0]["changes"]
    assert changes["filters"]["officeId"] == str(kibera.pk)
    assert changes["filterNames"] == {
        "officeId": "Kibera", "staffId": "Otieno, Juma", "groupId": "Umoja"
    }  # fmt: skip


def test_the_shells_export_reads_so(tmp_path, browse_as, exporter, kibera, officer):
    call_command(
        "export", user=exporter.username, output=str(tmp_path / "out.csv"),
        filter=[f"underHierarchy={kibera.hierarchy}", "orphansOnly=true",
                "activatedTo=2025-12-31"],
    )  # fmt: skip
    journal = _journal(browse_as, exporter)
    assert "Office (and below): Kibera" in journal and "In no group: yes" in journal
    assert f"Activated until: {_day(2025, 12, 31)}" in journal


def test_an_office_outside_the_exporters_sight_is_not_named(api_as, make_office, exporter):
    hidden = make_office(name="Secret Branch")
    _download(api_as(exporter).get(EXPORT, {"officeId": str(hidden.pk)}))
    event = AuditEvent.objects.get(action_name="EXPORT")
    assert event.changes["filterNames"] == {}
    assert "Secret Branch" not in str(event.changes)


def test_an_export_journalled_before_names_were_kept_reads_so_too(
    browse_as, exporter, kibera, officer
):
    """Its names are read for the reader (as the office is called now)."""
    export = ClientExport(
        user=exporter, filters={}, columns=chosen_columns("accountNo"), file_format="csv"
    )
    audit.record(
        actor=exporter, action="EXPORT", entity="CLIENT", resource_id=None, office=kibera,
        changes={
            "filters": {"underHierarchy": kibera.hierarchy, "staffId": officer.pk,
                        "orphansOnly": "true", "status": "active",
                        "submittedTo": datetime.date(2024, 1, 2).isoformat()},
            "format": export.file_format, "columns": export.header, "rows": 0,
        },
    )  # fmt: skip
    journal = _journal(browse_as, exporter)
    assert "Office (and below): Kibera" in journal and "Loan officer: Otieno, Juma" in journal
    assert "In no group: yes" in journal and "Status: Active" in journal
    assert f"Submitted until: {_day(2024, 1, 2)}" in journal and kibera.hierarchy not in journal
