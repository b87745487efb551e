"""Django's own error pages (an unknown URL) keep the menu, so a user can carry on."""

import pytest

pytestmark = pytest.mark.django_db


def test_unknown_url_shows_404_page_with_the_menu(browse_as, make_user):
    client = browse_as(make_user(("READ_OFFICE", "READ_STAFF")))
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'href="/offices/"' in html
    assert "/users/" not in html  # only what the user may open


def test_anonymous_404_has_no_menu(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert 'href="/offices/"' not in response.content.decode()
