"""French and Spanish: the language switch, translated pages with dates and numbers in the
user's locale (DESIGN rule 9), and catalogs that stay complete as strings are added."""

import datetime
import gettext
import html as html_entities
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.urls import reverse

import mteja
from mteja.clients import services
from mteja.core.models import AuditEvent

SOURCE_DIR = Path(mteja.__file__).resolve().parent
LOCALE_DIR = SOURCE_DIR / "locale"
LANGUAGES = ("fr", "es")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")

# What each page must show once the user has switched language: menu, headings, buttons,
# a date and a number written the local way.
EXPECTED = {
    "fr": {
        "menu": ["Tableau de bord", "Clients", "Agences", "Personnel", "Journal d’audit"],
        "dashboard": ["Bienvenue, Test", "Modifications récentes", "Tout le journal d’audit"],
        "dashboard_date": "25 mars 2024, 14:30",
        "list": [
            "Personnes physiques et entités servies par vos agences.",
            "Nouveau client",
            "Agent de crédit",
            "Soumis le",
            "Tous les statuts",
            "Filtrer",
        ],
        "list_date": "25 mars 2024",
        "form": [
            "Nouveau client",
            "Forme juridique",
            "Prénom",
            "Date de naissance",
            "Identité et coordonnées",
            "Agence et activation",
            "Créer le client",
            "Annuler",
            "(facultatif)",
        ],
        "detail": ["Vue d’ensemble", "Date de naissance", "Revenu mensuel", "Chronologie"],
        "detail_date": "14 juil. 1990",
        "detail_number": "1\xa0234,50",
        "footer": ["Langue", "Changer", "gestion des clients"],
    },
    "es": {
        "menu": ["Tablero", "Clientes", "Sucursales", "Personal", "Bitácora de auditoría"],
        "dashboard": ["Hola, Test", "Cambios recientes", "Bitácora completa"],
        "dashboard_date": "25 mar 2024, 14:30",
        "list": [
            "Personas y entidades atendidas por sus sucursales.",
            "Nuevo cliente",
            "Oficial de crédito",
            "Solicitado",
            "Todos los estados",
            "Filtrar",
        ],
        "list_date": "25 mar 2024",
        "form": [
            "Nuevo cliente",
            "Tipo de persona",
            "Nombre",
            "Fecha de nacimiento",
            "Identidad y contacto",
            "Sucursal y activación",
            "Crear cliente",
            "Cancelar",
            "(opcional)",
        ],
        "detail": ["Resumen", "Fecha de nacimiento", "Ingreso mensual", "Cronología"],
        "detail_date": "14 jul 1990",
        # Django's generic "es" formats; es-MX would write 1,234.50, es-CO 1.234,50
        "detail_number": "1\xa0234,50",
        "footer": ["Idioma", "Cambiar", "gestión de clientes"],
    },
}


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return html_entities.unescape(response.content.decode())  # &#x27; → '  (d’ensemble)


@pytest.fixture
def admin(make_user):
    return make_user(("ALL_FUNCTIONS",), username="root")


@pytest.fixture
def a_client(db, head_office):
    """A client submitted on 25 March 2024, born 14 July 1990, earning 1234.50 a month."""
    return services.client_create(
        actor=None,
        office=head_office,
        fields={
            "firstname": "Aminata",
            "lastname": "Diallo",
            "submitted_on": datetime.date(2024, 3, 25),
            "date_of_birth": datetime.date(1990, 7, 14),
            "monthly_income": "1234.50",
        },
    ).client


@pytest.fixture
def an_audit_event(db, head_office):
    return AuditEvent.objects.create(
        action_name="CREATE",
        entity_name="CLIENT",
        office=head_office,
        maker_username="root",
        made_on=datetime.datetime(2024, 3, 25, 14, 30, tzinfo=datetime.UTC),
    )


def browser_in(browse_as, user, language):
    """A logged-in test client whose language cookie is `language`."""
    web = browse_as(user)
    web.cookies["django_language"] = language
    return web


# --- the switch ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_footer_switch_sets_the_language(browse_as, admin, language):
    web = browse_as(admin)
    page = html(web.get("/"))
    assert 'action="/i18n/setlang/"' in page
    assert f'<option value="{language}"' in page

    response = web.post(reverse("set_language"), {"language": language, "next": "/clients/"})

    assert response.status_code == 302
    assert response["Location"] == "/clients/"
    assert web.cookies["django_language"].value == language
    page = html(web.get("/"))
    assert f'<html lang="{language}">' in page
    for text in EXPECTED[language]["menu"]:
        assert f">{text}</a>" in page, text


@pytest.mark.django_db
def test_english_is_the_default(browse_as, admin):
    page = html(browse_as(admin).get("/"))
    assert '<html lang="en">' in page
    assert ">Dashboard</a>" in page
    assert "Tableau de bord" not in page and "Tablero" not in page


@pytest.mark.django_db
def test_the_browser_language_is_honoured_before_any_choice(browse_as, admin):
    web = browse_as(admin, HTTP_ACCEPT_LANGUAGE="es-CO,es;q=0.9,en;q=0.5")
    assert ">Tablero</a>" in html(web.get("/"))


# --- translated pages ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_dashboard(browse_as, admin, an_audit_event, language):
    page = html(browser_in(browse_as, admin, language).get("/"))
    expected = EXPECTED[language]
    for text in expected["menu"] + expected["dashboard"] + expected["footer"]:
        assert text in page, text
    assert expected["dashboard_date"] in page
    assert "03/25/2024" not in page
    assert "Welcome" not in page and "Recent changes" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_client_list(browse_as, admin, a_client, language):
    page = html(browser_in(browse_as, admin, language).get(reverse("client_list")))
    expected = EXPECTED[language]
    for text in expected["menu"] + expected["list"]:
        assert text in page, text
    assert "Diallo" in page
    assert expected["list_date"] in page
    assert "03/25/2024" not in page
    assert "Persons and entities" not in page and "New client" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_client_form(browse_as, admin, language):
    page = html(browser_in(browse_as, admin, language).get(reverse("client_create")))
    for text in EXPECTED[language]["form"]:
        assert text in page, text
    assert "Create client" not in page and "Identity and contact" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_client_page_writes_dates_and_numbers_the_local_way(browse_as, admin, a_client, language):
    page = html(
        browser_in(browse_as, admin, language).get(reverse("client_detail", args=[a_client.pk]))
    )
    expected = EXPECTED[language]
    for text in expected["detail"]:
        assert text in page, text
    assert expected["detail_date"] in page
    assert expected["detail_number"] in page
    assert "July" not in page and "1,234.50" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_client_status_is_translated(browse_as, admin, a_client, language):
    page = html(browser_in(browse_as, admin, language).get(reverse("client_list")))
    pending = {"fr": "En attente", "es": "Pendiente"}[language]
    assert f">{pending}</span>" in page


# --- the catalogs --------------------------------------------------------------------------


def catalog(language: str):
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "django.po", "rb") as po:
        return read_po(po, locale=language)


def entries(language: str):
    return [message for message in catalog(language) if message.id]


def key(message) -> tuple:
    return (message.context, message.id if isinstance(message.id, str) else tuple(message.id))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated(language):
    problems = []
    for message in entries(language):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        if not all(strings):
            problems.append(f"untranslated: {message.id!r}")
    assert not problems, "\n".join(problems)
    assert len(entries(language)) > 400


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_header_is_usable(language):
    translations = catalog(language)
    assert not translations.fuzzy, "a fuzzy header is ignored by msgfmt (plural forms lost)"
    assert str(translations.locale) == language
    header = dict(translations.mime_headers)
    assert header["Language"] == language
    assert "charset=utf-8" in header["Content-Type"].lower()
    plural_forms = {"fr": "nplurals=2; plural=(n > 1);", "es": "nplurals=3;"}[language]
    assert plural_forms in header["Plural-Forms"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_kept(language):
    problems = []
    for message in entries(language):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if set(PLACEHOLDER.findall(string)) != wanted:
                problems.append(f"{ids[0]!r} → {string!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_matches_the_po_file(language):
    """The .mo is committed (a machine without gettext still shows translations): it must be
    compiled from the current .po. Run `mteja compilemessages` after editing a .po file."""
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    expected = {}
    for message in entries(language):
        prefix = f"{message.context}\x04" if message.context else ""
        if isinstance(message.id, tuple):
            for index, string in enumerate(message.string):
                expected[(prefix + message.id[0], index)] = string
        else:
            expected[prefix + message.id] = message.string
    compiled = {k: v for k, v in compiled.items() if k != ""}  # "" is the header
    stale = sorted(str(k) for k in expected.keys() ^ compiled.keys())
    stale += sorted(str(k) for k in expected.keys() & compiled.keys() if expected[k] != compiled[k])
    assert not stale, "django.mo is out of date; run compilemessages:\n" + "\n".join(stale[:20])


@pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msgmerge")), reason="needs GNU gettext"
)
def test_the_catalogs_hold_every_marked_string(tmp_path, settings, monkeypatch):
    """makemessages on a copy of the sources must find exactly the committed entries: a string
    marked for translation but missing from the catalogs (or an entry no longer used) fails
    here. To fix, from src/mteja: `mteja makemessages -l fr -l es --ignore='static/vendor/*'`,
    translate the new entries in locale/*/LC_MESSAGES/django.po, then `mteja compilemessages`."""
    copy = tmp_path / "mteja"
    shutil.copytree(
        SOURCE_DIR,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo"),
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=list(LANGUAGES), verbosity=0)
    for language in LANGUAGES:
        with open(copy / "locale" / language / "LC_MESSAGES" / "django.po", "rb") as po:
            fresh = {key(m) for m in read_po(po, locale=language) if m.id}
        committed = {key(m) for m in entries(language)}
        missing = sorted(str(k[1]) for k in fresh - committed)
        unused = sorted(str(k[1]) for k in committed - fresh)
        assert not missing, f"{language}: not in the catalog yet:\n" + "\n".join(missing)
        assert not unused, f"{language}: no longer used:\n" + "\n".join(unused)
