"""Messages of the service layer follow the user's language (DESIGN rule 9): a form error on a
French page is French, an API answer to `Accept-Language: fr` carries French messages under the
same codes, and the audit journal names its actions and entities in the page's language."""

import datetime
import html as html_entities

import pytest

from mteja.core import clock
from mteja.core.errors import DomainError, ParameterError, ValidationFailed
from mteja.core.models import AuditEvent
from mteja.core.web.labels import action_label, entity_label

OFFICES_API = "/fineract-provider/api/v1/offices"


@pytest.fixture
def admin(make_user):
    return make_user(("ALL_FUNCTIONS",), username="root")


def browser_in(browse_as, user, language):
    web = browse_as(user)
    web.cookies["django_language"] = language
    return web


def form_errors(response, field):
    assert response.status_code == 200, response.status_code
    return response.context["form"].errors.get(field, [])


def page_text(response) -> str:
    assert response.status_code == 200, response.status_code
    return html_entities.unescape(response.content.decode())


@pytest.mark.django_db
class TestFormErrors:
    def test_a_duplicate_office_name_is_refused_in_french(self, browse_as, admin, make_office):
        make_office("Kisumu")
        web = browser_in(browse_as, admin, "fr")
        response = web.post(
            "/offices/new/", {"name": "Kisumu", "parent": 1, "opening_date": "2020-01-01"}
        )
        assert form_errors(response, "name") == ["Une agence nommée « Kisumu » existe déjà."]

    def test_a_future_opening_date_is_refused_in_spanish(self, browse_as, admin):
        web = browser_in(browse_as, admin, "es")
        with clock.frozen_today(datetime.date(2024, 1, 1)):
            response = web.post(
                "/offices/new/", {"name": "Too Early", "parent": 1, "opening_date": "2024-06-01"}
            )
        assert form_errors(response, "opening_date") == [
            "Una sucursal no puede abrir en el futuro."
        ]

    def test_english_stays_the_default(self, browse_as, admin, make_office):
        make_office("Kisumu")
        response = browse_as(admin).post(
            "/offices/new/", {"name": "Kisumu", "parent": 1, "opening_date": "2020-01-01"}
        )
        assert form_errors(response, "name") == ["An office named “Kisumu” already exists."]


@pytest.mark.django_db
class TestApiErrors:
    def test_a_uniqueness_violation_in_french_keeps_its_code(self, api, make_office):
        make_office("Kisumu")
        response = api.post(
            OFFICES_API,
            {"name": "Kisumu", "parentId": 1, "openingDate": "2020-01-01"},
            format="json",
            HTTP_ACCEPT_LANGUAGE="fr",
        )
        assert response.status_code == 403
        body = response.json()
        assert body["userMessageGlobalisationCode"] == "error.msg.office.duplicate.name"
        assert body["defaultUserMessage"] == "Une agence nommée « Kisumu » existe déjà."
        error = body["errors"][0]
        assert error["userMessageGlobalisationCode"] == "error.msg.office.duplicate.name"
        assert error["parameterName"] == "name"
        assert error["defaultUserMessage"] == "Une agence nommée « Kisumu » existe déjà."

    def test_a_validation_failure_in_french_translates_the_top_message(self, api):
        with clock.frozen_today(datetime.date(2024, 1, 1)):
            response = api.post(
                OFFICES_API,
                {"name": "Too Early", "parentId": 1, "openingDate": "2024-06-01"},
                format="json",
                HTTP_ACCEPT_LANGUAGE="fr",
            )
        body = response.json()
        assert response.status_code in (400, 403)
        assert body["errors"][0]["userMessageGlobalisationCode"] == (
            "error.msg.office.openingDate.in.the.future"
        )
        assert body["errors"][0]["defaultUserMessage"] == (
            "Une agence ne peut pas ouvrir dans le futur."
        )
        assert body["defaultUserMessage"] in (
            "Des erreurs de validation existent.",
            "Les erreurs indiquent la règle de gestion enfreinte.",
        )

    def test_without_accept_language_the_message_is_english(self, api, make_office):
        make_office("Kisumu")
        response = api.post(
            OFFICES_API,
            {"name": "Kisumu", "parentId": 1, "openingDate": "2020-01-01"},
            format="json",
        )
        assert response.json()["defaultUserMessage"] == "An office named “Kisumu” already exists."


def test_a_lazy_message_is_stored_as_plain_text():
    from django.utils.translation import gettext_lazy, override

    with override("fr"):
        error = DomainError("error.msg.test", gettext_lazy("The client is already active."))
        failed = ValidationFailed([ParameterError("c", "p", gettext_lazy("Too many requests."))])
    assert type(error.first.message) is str and error.first.message == "Le client est déjà actif."
    assert type(failed.first.message) is str and failed.first.message == "Trop de requêtes."


@pytest.mark.django_db
class TestAuditLabels:
    @pytest.fixture
    def an_office_event(self, head_office):
        return AuditEvent.objects.create(
            action_name="ACTIVATE",
            entity_name="OFFICE",
            resource_id=head_office.pk,
            office=head_office,
            maker_username="root",
            made_on=datetime.datetime(2024, 3, 25, 14, 30, tzinfo=datetime.UTC),
        )

    def test_the_audit_log_names_actions_and_entities_in_french(
        self, browse_as, admin, an_office_event
    ):
        page = page_text(browser_in(browse_as, admin, "fr").get("/audit/"))
        assert "Activé" in page and "Agence" in page
        assert ">ACTIVATE<" not in page.replace(" ", "").replace("\n", "")

    def test_the_audit_log_in_english_shows_labels_not_codes(
        self, browse_as, admin, an_office_event
    ):
        web = browse_as(admin)
        page = page_text(web.get("/audit/"))
        assert "Activated" in page
        assert ">ACTIVATE<" not in page.replace(" ", "").replace("\n", "")

    def test_the_dashboard_names_them_in_spanish(self, browse_as, admin, an_office_event):
        page = page_text(browser_in(browse_as, admin, "es").get("/"))
        assert "Activado" in page and "Sucursal" in page
        assert ">ACTIVATE<" not in page.replace(" ", "").replace("\n", "")

    def test_the_raw_codes_stay_in_the_database(self, an_office_event):
        event = AuditEvent.objects.get(pk=an_office_event.pk)
        assert (event.action_name, event.entity_name) == ("ACTIVATE", "OFFICE")

    def test_unknown_codes_show_as_themselves(self):
        assert action_label("SOMETHINGNEW") == "SOMETHINGNEW"
        assert entity_label("SOMETHINGNEW") == "SOMETHINGNEW"
