"""The page gate: login, permission codes (403), office scope (404 to read and to write)."""

import pytest

from mteja.core.models import AuditEvent
from mteja.core.web.navigation import MENU

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/offices/",
    "/offices/new/",
    "/staff/",
    "/staff/new/",
    "/codes/",
    "/codes/new/",
    "/users/",
    "/users/new/",
    "/roles/",
    "/roles/new/",
    "/audit/",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_needs_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url}"


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("/offices/", "READ_OFFICE"),
        ("/offices/new/", "CREATE_OFFICE"),
        ("/staff/", "READ_STAFF"),
        ("/staff/new/", "CREATE_STAFF"),
        ("/codes/", "READ_CODE"),
        ("/codes/new/", "CREATE_CODE"),
        ("/users/", "READ_USER"),
        ("/users/new/", "CREATE_USER"),
        ("/roles/", "READ_ROLE"),
        ("/roles/new/", "CREATE_ROLE"),
        ("/audit/", "READ_AUDIT"),
    ],
)
def test_each_page_asks_for_its_permission_code(browse_as, make_user, url, code):
    without = browse_as(make_user(("READ_CLIENT",)))
    response = without.get(url)
    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()
    assert "Log out" in response.content.decode()  # the 403 page keeps the menu

    holder = browse_as(make_user((code,)))
    assert holder.get(url).status_code == 200


def test_read_only_users_see_no_write_buttons(browse_as, make_user, make_staff):
    staff = make_staff()
    auditor = browse_as(make_user(("ALL_FUNCTIONS_READ",)))
    for url in ("/offices/", "/staff/", f"/staff/{staff.pk}/", "/codes/", "/users/", "/roles/"):
        page = auditor.get(url).content.decode()
        for label in ("New office", "New staff member", "New user", "New role", ">Edit<"):
            assert label not in page, (url, label)
    assert auditor.get("/offices/new/").status_code == 403
    assert auditor.post("/offices/new/", {"name": "X"}).status_code == 403


def test_the_menu_shows_only_what_the_user_may_open(browse_as, make_user):
    page = browse_as(make_user(("READ_STAFF", "READ_AUDIT"))).get("/").content.decode()
    menu = page[page.index('aria-label="Main menu"') : page.index("</nav>")]
    assert ">Staff<" in menu
    assert ">Audit log<" in menu
    for entry in MENU:
        if entry.permission not in (None, "READ_STAFF", "READ_AUDIT"):
            assert f">{entry.label}<" not in menu, entry.label


def test_the_current_menu_entry_is_marked(browse_as, make_user):
    page = browse_as(make_user()).get("/staff/").content.decode()
    assert 'href="/staff/" aria-current="page"' in page


class TestBranchScope:
    def test_lists_show_only_the_users_subtree(self, browse_as, east_and_west):
        manager = browse_as(east_and_west["manager"])
        staff_page = manager.get("/staff/").content.decode()
        assert "Easterly, Eve" in staff_page
        assert "Westerly" not in staff_page
        offices_page = manager.get("/offices/").content.decode()
        assert "East Branch" in offices_page
        assert "West Branch" not in offices_page
        assert "Head Office" not in offices_page.split("<main", 1)[1]

    def test_another_branchs_records_are_not_found(self, browse_as, east_and_west):
        manager = browse_as(east_and_west["manager"])
        west, west_staff = east_and_west["west"], east_and_west["west_staff"]
        for url in (
            f"/staff/{west_staff.pk}/",
            f"/staff/{west_staff.pk}/edit/",
            f"/offices/{west.pk}/edit/",
            "/offices/1/edit/",
        ):
            response = manager.get(url)
            assert response.status_code == 404, url
            assert "Westerly" not in response.content.decode()

    def test_writing_to_another_branchs_record_is_not_found(self, browse_as, east_and_west):
        manager = browse_as(east_and_west["manager"])
        west_staff = east_and_west["west_staff"]
        response = manager.post(
            f"/staff/{west_staff.pk}/edit/",
            {"office": east_and_west["east"].pk, "firstname": "Stolen", "lastname": "Away"},
        )
        assert response.status_code == 404
        west_staff.refresh_from_db()
        assert west_staff.firstname == "Wes"

    def test_choosing_an_office_outside_the_subtree_is_refused_by_the_field(
        self, browse_as, east_and_west
    ):
        manager = browse_as(east_and_west["manager"])
        response = manager.post(
            "/staff/new/",
            {"office": east_and_west["west"].pk, "firstname": "Sneaky", "lastname": "Hire"},
        )
        assert response.status_code == 200
        assert "Select a valid choice" in response.context["form"].errors["office"][0]
        assert not east_and_west["west"].staff.filter(firstname="Sneaky").exists()

    def test_unknown_records_are_not_found(self, browse_as, make_user):
        admin = browse_as(make_user())
        for url in ("/staff/999999/", "/users/999999/", "/roles/999999/", "/codes/999999/"):
            assert admin.get(url).status_code == 404, url

    def test_the_audit_log_hides_other_branches_events(self, browse_as, east_and_west):
        manager = browse_as(east_and_west["manager"])
        page = manager.get("/audit/?entity=STAFF").content.decode()
        east_id = east_and_west["east_staff"].pk
        west_id = east_and_west["west_staff"].pk
        assert AuditEvent.objects.filter(entity_name="STAFF", resource_id=west_id).exists()
        assert "Easterly" in page
        assert "Westerly" not in page
        assert f'href="/staff/{east_id}/"' in page  # the record, linked
        assert f'href="/staff/{west_id}/"' not in page
