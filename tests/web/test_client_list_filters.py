"""The web list of clients: filters that combine, shown as chips that each remove one, in a
URL that can be shared; a search lists its best matches first."""

import datetime

import pytest

pytestmark = pytest.mark.django_db
URL = "/clients/"


@pytest.fixture
def admin(make_user):
    return make_user(("ALL_FUNCTIONS",), username="root")


@pytest.fixture
def amanis(make_client, head_office):
    return [
        make_client(office=head_office, firstname="Amani", lastname="Wekesa",
                    submitted_on=datetime.date(2024, 5, 2)),
        make_client(office=head_office, firstname="Amani", lastname="Juma",
                    submitted_on=datetime.date(2023, 3, 1)),
    ]  # fmt: skip


def test_filters_combine_and_each_chip_removes_its_own(browse_as, admin, amanis):
    web = browse_as(admin)
    html = web.get(URL, {"q": "amani", "submitted_from": "2024-01-01", "legal_form": "1"})
    page = html.content.decode()
    assert "Amani Wekesa" in page and "Amani Juma" not in page
    assert 'class="chip"' in page
    assert "Submitted from:" in page and "Person" in page
    # The chip of the date links to the same list without the date: both Amanis again.
    assert 'href="/clients/?q=amani&amp;legal_form=1"' in page
    page = web.get(URL, {"q": "amani", "legal_form": "1"}).content.decode()
    assert "Amani Wekesa" in page and "Amani Juma" in page


def test_a_search_lists_its_best_match_first(browse_as, admin, amanis, make_client):
    make_client(firstname="Amani", lastname="Jumanne")  # the newest
    page = browse_as(admin).get(URL, {"q": "amani juma"}).content.decode()
    # "Amani Juma" is the whole name; "Amani Jumanne" only begins with it.
    assert "Amani Wekesa" not in page
    assert page.index("Amani Juma<") < page.index("Amani Jumanne")


def test_a_bad_date_leaves_the_other_filters_working(browse_as, admin, amanis):
    page = browse_as(admin).get(URL, {"q": "wekesa", "submitted_from": "tomorrow"}).content
    assert b"Amani Wekesa" in page and b"Amani Juma" not in page


def test_a_common_name_says_more_than_the_search_keeps(browse_as, admin, amanis, settings):
    settings.MTEJA_SEARCH_MATCH_LIMIT = 1
    page = browse_as(admin).get(URL, {"q": "amani"}).content.decode()
    assert "more than 1 client<" in page


def test_the_list_filters_by_group_and_by_no_group(browse_as, admin, amanis, make_client):
    from mteja.groups import services as groups

    group = groups.group_create(actor=None, name="Umoja Women", office=amanis[0].office)
    in_group = make_client(office=amanis[0].office, firstname="Neema", lastname="Wanjiru",
                           active=True)  # fmt: skip
    groups.clients_associate(actor=None, group=group, clients=[in_group])
    web = browse_as(admin)
    page = web.get(URL, {"group": group.pk, "in_no_group": ""}).content.decode()
    assert "Neema Wanjiru" in page and "Amani Wekesa" not in page
    assert "In no group:" not in page  # an unticked box filters nothing: no chip
    assert "Group:" in page and f"{group.office.name} / Umoja Women" in page  # its chip
    page = web.get(URL, {"in_no_group": "on"}).content.decode()
    assert "Neema Wanjiru" not in page and "Amani Wekesa" in page and "Amani Juma" in page
    assert "In no group:" in page and "Yes" in page


def test_refused_filters_are_named_by_their_labels_in_the_forms_order(browse_as, admin, amanis):
    page = browse_as(admin).get(URL, {"status": "7", "submitted_from": "tomorrow"}).content
    alert = page.decode().split('<div class="form-errors" role="alert">')[1].split("</div>")[0]
    assert alert == (
        "<p>Status: Select a valid choice. 7 is not one of the available choices.</p>"
        "<p>Submitted from: Enter a valid date.</p>"
    )


def test_a_list_filtered_by_its_filterset_names_a_refused_filter_alike(browse_as, admin):
    page = browse_as(admin).get("/staff/", {"status": "retired"}).content.decode()
    assert "<p>Status: Select a valid choice. retired is not one of the available choices.</p>" in (
        page
    )
