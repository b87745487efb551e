"""A code list's value named in the import's language: a French or Spanish clerk fills a
file as their pages name the values ("Femme", "Passeport", "Mujer"), and the import reads the
name the pages show as well as the stored one (the API's, the template's drop-downs'). The
language is the import's own: its starter's page's, or the API call's `locale`. A name that
two values of one list go by — one's stored name, another's translation — names neither: the
row is refused saying how to write each."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from tests.clients.bulk.files import csv_file

from mteja.clients.bulk.importing import import_clients
from mteja.clients.models import Client
from mteja.organisation.models import Code, CodeValue

pytestmark = pytest.mark.django_db

HEADER = "office,firstname,lastname,gender,documentType,documentKey"


def _import(user, language: str, *rows: str, **options):
    with translation.override(language):
        return import_clients(user=user, data=csv_file(HEADER, *rows), **options)


def _value(code: str, name: str) -> CodeValue:
    return CodeValue.objects.get(code__name=code, name=name)


def test_a_french_file_names_values_as_the_french_pages_do(admin_user, kibera):
    report = _import(admin_user, "fr", "Kibera,Asha,Un,Femme,Carte d’électeur,VOTER1",
                     "Kibera,Asha,Deux,homme,Carte nationale d'identité,NAT002",
                     "Kibera,Asha,Trois,Female,National ID,NAT003")  # fmt: skip
    assert [row.errors for row in report.rows] == [[], [], []]
    assert list(Client.objects.order_by("pk").values_list(
        "lastname", "gender__name", "identifiers__document_type__name"
    )) == [("Un", "Female", "Voter card"), ("Deux", "Male", "National ID"),
           ("Trois", "Female", "National ID")]  # fmt: skip


def test_a_spanish_file_too_and_each_language_reads_its_own(admin_user, kibera):
    report = _import(admin_user, "es", "Kibera,Asha,Uno,Mujer,Credencial de elector,VOTER1",
                     "Kibera,Asha,Dos,Femme,,")  # fmt: skip
    assert report.rows[0].errors == []
    assert report.rows[1].errors == [("gender", "«Femme» no es un valor de la lista «Género».")]
    english = _import(admin_user, "en", "Kibera,Asha,Tres,Mujer,,", dry_run=True)
    assert english.rows[0].errors == [("gender", "“Mujer” is not a value of the list “Gender”.")]


def test_a_name_one_value_is_stored_as_and_another_translated_to_names_neither(admin_user, kibera):
    """An administrator's value named "Autre" beside the seeded "Other" (French: Autre)."""
    autre = CodeValue.objects.create(code=Code.objects.get(name="Gender"), name="Autre")
    other = _value("Gender", "Other")
    report = _import(admin_user, "fr", "Kibera,Asha,Un,Autre,,", "Kibera,Asha,Deux,autre,,",
                     f"Kibera,Asha,Trois,Autre-{autre.pk},,", "Kibera,Asha,Quatre,Other,,",
                     f"Kibera,Asha,Cinq,Other-{other.pk},,")  # fmt: skip
    refusal = (
        "« {} » désigne plusieurs valeurs de la liste « Sexe », par leur nom enregistré ou "
        f"traduit : écrivez celle voulue avec son numéro, l’une de Autre-{autre.pk}, "
        f"Other-{other.pk}."
    )
    assert [row.errors for row in report.rows] == [
        [("gender", refusal.format("Autre"))], [("gender", refusal.format("autre"))], [], [], []
    ]  # fmt: skip
    assert dict(Client.objects.values_list("lastname", "gender__name")) == {
        "Trois": "Autre", "Quatre": "Other", "Cinq": "Other"
    }  # fmt: skip
    # In English, "Autre" is only the administrator's value.
    (row,) = _import(admin_user, "en", "Kibera,Asha,Six,Autre,,").rows
    assert row.errors == [] and Client.objects.get(lastname="Six").gender == autre


def test_the_ambiguity_is_said_in_each_language(admin_user, kibera):
    CodeValue.objects.create(code=Code.objects.get(name="Gender"), name="Otro")
    (row,) = _import(admin_user, "es", "Kibera,Asha,Uno,Otro,,", dry_run=True).rows
    ((column, message),) = row.errors
    assert message.startswith("«Otro» designa varios valores de la lista «Género», por su "
                              "nombre guardado o traducido: escriba el que corresponda con su "
                              "número, uno de ")  # fmt: skip


def test_translated_names_cost_no_query_per_row(admin_user, kibera):
    def queries(rows: int) -> int:
        lines = [f"Kibera,Asha,N{n},Femme,Carte d’électeur,VOTER{n:03}" for n in range(rows)]
        with CaptureQueriesContext(connection) as captured:
            report = _import(admin_user, "fr", *lines, dry_run=True)
        assert all(row.errors == [] for row in report.rows)
        return len(captured)

    queries(1)  # (the rules and lists cached for the process)
    assert queries(3) == queries(60)


def test_an_uploads_locale_is_the_language_its_names_are_read_in(api_as, clerk):
    """Fineract's `locale` of an upload: the file's language (its month names, and now its
    values' names); the job writes its errors in it too."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mteja.clients.models import ImportJob

    data = csv_file(HEADER, "Kibera,Asha,Un,Femme,,", "Kibera,Asha,Deux,Mujer,,")
    response = api_as(clerk).post(
        "/fineract-provider/api/v1/clients/uploadtemplate?legalFormType=CLIENTS_PERSON",
        {"file": SimpleUploadedFile("clients.csv", data, "text/csv"), "locale": "fr",
         "dateFormat": "dd MMMM yyyy"}, format="multipart",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert ImportJob.objects.get().locale == "fr"
    assert list(Client.objects.values_list("lastname", "gender__name")) == [("Un", "Female")]


def test_names_alike_but_for_case_are_told_apart_by_their_spelling_across_languages_too(
    admin_user, kibera
):
    """An administrator's "AUTRE" beside Other (French: Autre): each spelling names its own
    value, as two stored names alike but for case do; a third spelling names neither."""
    upper = CodeValue.objects.create(code=Code.objects.get(name="Gender"), name="AUTRE")
    other = _value("Gender", "Other")
    report = _import(admin_user, "fr", "Kibera,Asha,Un,Autre,,", "Kibera,Asha,Deux,AUTRE,,",
                     "Kibera,Asha,Trois,autre,,")  # fmt: skip
    assert dict(Client.objects.values_list("lastname", "gender")) == {
        "Un": other.pk, "Deux": upper.pk
    }  # fmt: skip
    assert report.rows[2].errors == [("gender", (
        "« autre » désigne plusieurs valeurs de la liste « Sexe », par leur nom enregistré ou "
        f"traduit : écrivez celle voulue avec son numéro, l’une de AUTRE-{upper.pk}, "
        f"Other-{other.pk}."
    ))]  # fmt: skip
