"""No page forgets its gate.

Generated from the URL resolver, as tests/api/test_permission_coverage.py is for the API: a
page added anywhere in the web UI is checked here with no edit to this file. Each page must be
wrapped in `core/web/access.permission_required` (which exposes the code as the view's
`permission_code`), send anonymous visitors to the login page, refuse a user holding every
permission but the page's own (403), and answer 404 for a client, office, staff member or user
of an office outside the user's.
"""

import pytest
from tests.url_walk import web_pages

from mteja.clients.imports.services import import_job_create
from mteja.groups import services as group_services
from mteja.users.models import Permission

# Pages any visitor, or any logged-in user, may open.
# The second step of a login (its code, or enrolment first) comes before any session.
EXEMPT = {
    "login",
    "login_code",
    "login_enrol",
    "logout",
    "home",
    "account_two_factor",
    "preferences",
    "notifications_page",  # each user's own notifications
    "notifications_bell",
    "notifications_mark_read",
    "set_language",
}
# The record a page's `pk` names, by the page's first path segment: these records belong to
# an office. The pages under the other segments handle records that belong to no office.
SCOPED = {
    "clients": "client", "offices": "office", "staff": "staff", "users": "user",
    "groups": "group", "centers": "center", "imports": "import_job",
}  # fmt: skip
UNSCOPED = {"codes", "roles", "settings"}
# Codes that grant other codes: never given to a user who must lack one code.
WILDCARDS = {"ALL_FUNCTIONS", "ALL_FUNCTIONS_READ"}

PAGES = web_pages()
GATED = [page for page in PAGES if page.name not in EXEMPT]


def segment(page) -> str:
    return page.template.strip("/").split("/")[0]


def params(pages):
    return [pytest.param(page, id=page.template) for page in pages]


def test_the_walk_finds_the_pages():
    names = {page.name for page in PAGES}
    assert {"home", "login", "office_list", "user_detail", "client_detail"} <= names
    assert names >= EXEMPT, "an exempt page is gone: drop it from EXEMPT"
    assert not any(page.template.startswith(("/api/", "/fineract-provider/")) for page in PAGES)
    assert len(GATED) > 50


@pytest.mark.parametrize("page", params(GATED))
def test_every_page_has_a_permission_gate(page):
    assert hasattr(page.callback, "permission_code"), (
        f"{page.template} ({page.name}) is not wrapped in permission_required"
    )


@pytest.mark.django_db
def test_every_code_a_page_asks_for_exists():
    known = set(Permission.objects.values_list("code", flat=True))
    asked = {page.callback.permission_code for page in GATED} - {None}
    assert not asked - known, f"codes no role can hold: {sorted(asked - known)}"


def test_every_page_with_a_record_id_is_classified():
    unclassified = [
        page.template
        for page in GATED
        if page.parameters and segment(page) not in {*SCOPED, *UNSCOPED}
    ]
    assert not unclassified, f"add the pages' first segment to SCOPED or UNSCOPED: {unclassified}"


@pytest.mark.django_db
@pytest.mark.parametrize("page", params(GATED))
def test_anonymous_visitors_go_to_the_login_page(client, page):
    response = client.get(page.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.fixture
def all_codes_but(make_user):
    """A user holding every permission code except `code` (none at all if `code` is None)."""

    def make(code):
        if code is None:
            return make_user(codes=())
        codes = Permission.objects.exclude(code__in={code, *WILDCARDS})
        return make_user(codes=tuple(codes.values_list("code", flat=True)))

    return make


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("page", params(GATED))
def test_a_user_without_the_pages_permission_is_refused(browse_as, all_codes_but, page, method):
    code = page.callback.permission_code
    response = getattr(browse_as(all_codes_but(code)), method)(page.url)
    assert response.status_code == 403, f"{method.upper()} {page.url} without {code}"


@pytest.fixture
def records_of(make_office, make_staff, make_user, make_client):
    """A client, the office itself, a staff member, a user, a group, a center and an import
    job of `office`, by kind."""

    def make(office):
        return {
            "client": make_client(office),
            "office": office,
            "staff": make_staff(office=office),
            "user": make_user(codes=(), office=office),
            "group": group_services.group_create(actor=None, office=office, name="Umoja"),
            "center": group_services.center_create(actor=None, office=office, name="Lakeside"),
            "import_job": import_job_create(  # started by a user of the office
                actor=make_user(codes=(), office=office),
                data=b"firstname\r\nAsha\r\n",
                file_name="clients.csv",
            ),
        }

    return make


SCOPED_PAGES = [page for page in GATED if "pk" in page.parameters and segment(page) in SCOPED]


@pytest.fixture
def east_manager_and_west(browse_as, make_office, make_user, records_of):
    """A manager of the east branch (every permission), and records of the west branch."""
    east, west = make_office(name="East Branch"), make_office(name="West Branch")
    manager = browse_as(make_user(("ALL_FUNCTIONS",), office=east))
    return manager, records_of(east), records_of(west)


@pytest.mark.django_db
@pytest.mark.parametrize("page", params(SCOPED_PAGES))
def test_a_record_of_another_office_is_not_found(east_manager_and_west, page):
    """Reading it and writing to it are 404s, as in the API: not theirs to know about."""
    manager, mine, theirs = east_manager_and_west
    kind = SCOPED[segment(page)]
    url = page.url_for(pk=theirs[kind].pk)
    read = manager.get(url)
    assert read.status_code in (404, 405), f"GET {url}: {read.status_code}"  # 405: POST only
    write = manager.post(url)
    assert write.status_code == 404, f"POST {url}: {write.status_code}"
    if page.parameters == ["pk"]:  # the same page for a record of the user's own office
        own = page.url_for(pk=mine[kind].pk)
        assert manager.get(own).status_code != 404, f"GET {own}"
