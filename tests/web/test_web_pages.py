"""Cross-page properties: locale formatting, fixed query counts, the language switch."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_dates_follow_the_users_language(browse_as, make_user, make_staff):
    staff = make_staff(joining_date=datetime.date(2021, 6, 15))
    client = browse_as(make_user())
    assert "15 Jun 2021" in client.get(f"/staff/{staff.pk}/").content.decode()

    client.cookies["django_language"] = "fr"
    page = client.get(f"/staff/{staff.pk}/").content.decode()
    assert '<html lang="fr">' in page
    assert "15 juin 2021" in page  # day, month, year in every language


def test_the_language_switch(browse_as, make_user):
    client = browse_as(make_user())
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/staff/"})
    assert response.status_code == 302
    assert '<html lang="es">' in client.get("/staff/").content.decode()


@pytest.mark.parametrize(
    "url", ["/", "/offices/", "/staff/", "/users/", "/roles/", "/codes/", "/audit/"]
)
def test_list_pages_run_the_same_queries_however_many_rows(
    url, browse_as, make_user, make_office, make_staff
):
    client = browse_as(make_user())

    def add_rows(count):
        for _ in range(count):
            office = make_office()
            make_staff(office=office)
            make_user(office=office)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    queries()  # a first request reads the institution's rules into the process's memory
    add_rows(1)
    few = queries()
    add_rows(10)
    assert queries() == few


def test_anonymous_pages_render_without_a_menu():
    page = Client().get("/login/").content.decode()
    assert "Main menu" in page
    assert "Log out" not in page
    assert 'href="/static/vendor/pico/pico.min.css"' in page
    assert "http://" not in page and "https://" not in page  # nothing from a CDN
