"""The import page's template downloads: persons and entities, each in Excel and CSV, each
link giving the file it names."""

import html
import re

import pytest

pytestmark = pytest.mark.django_db


def _links(page: str) -> dict[str, str]:
    return {
        label: html.unescape(url)
        for url, label in re.findall(r'<a href="([^"]+)" download>([^<]+)</a>', page)
    }


def test_each_legal_form_has_its_template_in_each_format(browse_as, clerk, kibera):
    web = browse_as(clerk)
    links = _links(web.get("/clients/import/").content.decode())
    assert list(links) == [
        "persons (Excel)", "entities (Excel)", "persons (CSV)", "entities (CSV)"
    ]  # fmt: skip
    entities_csv = web.get(links["entities (CSV)"])
    assert entities_csv["Content-Disposition"] == 'attachment; filename="clients-entities.csv"'
    header = entities_csv.content.decode("utf-8-sig").splitlines()[0].split(",")
    assert "fullname" in header and "incorpNumber" in header and "firstname" not in header
    for label, name in [
        ("persons (Excel)", "clients-persons.xlsx"),
        ("entities (Excel)", "clients-entities.xlsx"),
        ("persons (CSV)", "clients-persons.csv"),
    ]:
        response = web.get(links[label])
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_the_template_links_are_named_in_the_clerks_language(browse_as, clerk, kibera):
    page = browse_as(clerk, HTTP_ACCEPT_LANGUAGE="fr").get("/clients/import/").content.decode()
    assert list(_links(page)) == [
        "personnes (Excel)", "entités (Excel)", "personnes (CSV)", "entités (CSV)"
    ]  # fmt: skip
