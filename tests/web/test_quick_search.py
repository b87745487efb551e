"""The header's search box: its answer as one types (clients/web/quick_search.py)."""

import pytest

from mteja.clients.models import ClientStatus
from mteja.clients.web.quick_search import RESULTS, highlighted

pytestmark = pytest.mark.django_db

URL = "/clients/quick-search/"


@pytest.fixture
def admin(make_user):
    return make_user(("ALL_FUNCTIONS",), username="root")


def answer(browser, text: str) -> str:
    response = browser.get(URL, {"q": text})
    assert response.status_code == 200
    return response.content.decode()


def test_every_page_of_a_reader_of_clients_has_the_box(browse_as, make_user):
    reader = browse_as(make_user(("READ_CLIENT",)))
    page = reader.get("/").content.decode()
    assert 'role="search"' in page
    assert 'hx-get="/clients/quick-search/"' in page
    assert 'action="/clients/"' in page


def test_no_box_for_a_user_who_may_not_read_clients(browse_as, make_user):
    page = browse_as(make_user(("READ_OFFICE",))).get("/").content.decode()
    assert 'role="search"' not in page


def test_answers_names_with_the_match_marked_number_office_and_status(
    browse_as, admin, make_client, make_office
):
    office = make_office(name="Kisumu")
    amina = make_client(office=office, firstname="Amina", lastname="Otieno", active=True)
    make_client(firstname="Baraka", lastname="Mwangi")
    html = answer(browse_as(admin), "otie")
    assert "Amina <mark>Otie</mark>no" in html
    assert f'href="/clients/{amina.pk}/"' in html
    assert amina.account_no in html
    assert "Kisumu" in html
    assert str(ClientStatus.ACTIVE.label) in html
    assert "Baraka" not in html
    assert 'href="/clients/?q=otie"' in html


def test_the_match_is_found_whatever_the_case_or_accents():
    assert highlighted("Zoë Ündén", "unden") == "Zoë <mark>Ündén</mark>"
    assert highlighted("Amina AMINA", "amina") == "<mark>Amina</mark> <mark>AMINA</mark>"
    assert highlighted("Straße", "SS") == "Stra<mark>ß</mark>e"


def test_hostile_names_are_shown_as_text(browse_as, admin, make_client):
    make_client(firstname="<script>alert(1)</script>", lastname='"><img src=x>')
    html = answer(browse_as(admin), "<script")
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<mark>&lt;script</mark>&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot;&gt;&lt;img src=x&gt;" in html
    # A query that is itself markup is escaped in the link to all results.
    html = answer(browse_as(admin), '"><img')
    assert '"><img' not in html
    assert "&lt;img" in html


def test_the_mark_never_splits_an_escaped_character():
    assert highlighted("A&B", "&b") == "A<mark>&amp;B</mark>"
    assert highlighted("x<y", "lt") == "x&lt;y"


def test_matches_the_account_number_as_the_list_does(browse_as, admin, make_client):
    client = make_client(firstname="Neema", lastname="Achieng")
    start = client.account_no[:6]
    html = answer(browse_as(admin), start)
    assert "Neema Achieng" in html  # found by its number: nothing to mark in the name
    assert f"<mark>{start}</mark>" in html


def test_a_branch_user_finds_only_clients_of_their_subtree(
    browse_as, make_user, make_client, make_office
):
    east = make_office(name="East")
    east_village = make_office(name="East Village", parent=east)
    west = make_office(name="West")
    make_client(office=east_village, firstname="Halima", lastname="Below")
    make_client(office=west, firstname="Halima", lastname="Beside")
    make_client(firstname="Halima", lastname="Above")
    branch_user = browse_as(make_user(("READ_CLIENT",), office=east))
    html = answer(branch_user, "halima")
    assert "<mark>Halima</mark> Below" in html
    assert "Beside" not in html
    assert "Above" not in html


def test_at_most_a_few_results_newest_first(browse_as, admin, make_client):
    clients = [make_client(firstname="Juma", lastname=f"Many{n}") for n in range(RESULTS + 2)]
    html = answer(browse_as(admin), "juma")
    assert html.count('class="quick-result"') == RESULTS
    newest, oldest = clients[-1], clients[0]
    assert html.index(f"/clients/{newest.pk}/") < html.index(f"/clients/{clients[-2].pk}/")
    assert f"/clients/{oldest.pk}/" not in html


def test_short_or_blank_text_answers_nothing(browse_as, admin, make_client):
    make_client(firstname="Ali", lastname="Kassim")
    for text in ("", " ", "a", " a "):
        assert "quick-result" not in answer(browse_as(admin), text)
        assert "All results" not in answer(browse_as(admin), text)


def test_no_match_says_so(browse_as, admin, make_client):
    make_client(firstname="Ali", lastname="Kassim")
    html = answer(browse_as(admin), "zzzz")
    assert "No client matches." in html


def test_reading_clients_is_required(browse_as, make_user, make_client):
    make_client(firstname="Secret", lastname="Person")
    response = browse_as(make_user(("READ_OFFICE",))).get(URL, {"q": "secret"})
    assert response.status_code == 403
    assert "Secret Person" not in response.content.decode()


def test_anonymous_visitors_go_to_the_login_page(client):
    response = client.get(URL, {"q": "am"})
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_only_get_is_answered(browse_as, admin):
    assert browse_as(admin).post(URL, {"q": "am"}).status_code == 405


def test_a_fixed_number_of_queries_whatever_the_results(
    browse_as, admin, make_client, make_office, django_assert_max_num_queries
):
    for n in range(RESULTS):
        make_client(office=make_office(), firstname="Rehema", lastname=f"Many{n}")
    web = browse_as(admin)
    # The page's own six (session, stamps, user, offices, devices, permissions), the known
    # words close to "rehema", an account number or external id equal to it, the clients,
    # their offices.
    with django_assert_max_num_queries(10):
        answer(web, "rehema")


def test_the_answer_speaks_the_users_language(browse_as, admin, make_client):
    make_client(firstname="Amina", lastname="Otieno")
    web = browse_as(admin, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Tous les résultats" in web.get(URL, {"q": "amina"}).content.decode()
    assert "Aucun client ne correspond." in web.get(URL, {"q": "zzzz"}).content.decode()
    assert 'placeholder="Rechercher des clients (/)"' in web.get("/").content.decode()


def test_each_result_shows_the_photo_to_those_who_may_see_photos(
    browse_as, admin, make_client, make_user
):
    client = make_client(firstname="Imani", lastname="Photo")
    assert f"/clients/{client.pk}/photo/?size=thumb" in answer(browse_as(admin), "imani")
    reader = make_user(("READ_CLIENT",), username="reader")
    html = answer(browse_as(reader), "imani")
    assert "Imani" in html and "photo" not in html.replace("Photo", "")


def test_each_word_of_the_query_is_marked_in_any_order():
    assert highlighted("Neema Mohamed", "mohamed neema") == (
        "<mark>Neema</mark> <mark>Mohamed</mark>"
    )
    assert highlighted("María Núñez", "nunez") == "María <mark>Núñez</mark>"
    assert highlighted("Annan", "an") == "<mark>An</mark>n<mark>an</mark>"
