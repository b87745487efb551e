import datetime
import itertools

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient
from tests.support import PASSWORD, basic_auth

from mteja.clients import services as client_services
from mteja.core import clock, reference_cache, slots, stamps
from mteja.organisation import services as organisation_services
from mteja.organisation.models import Office
from mteja.users.models import AppUser, Permission, Role

_names = itertools.count(1)

# Property tests assert what a function does, never how fast: hypothesis's default deadline
# (200 ms an example) failed one on a machine busy with other work.
hypothesis_settings.register_profile("mteja", deadline=None)
hypothesis_settings.load_profile("mteja")


def pytest_collection_modifyitems(items):
    """Tag the PostgreSQL-only tests in the JUnit report, so CI can check they ran there."""
    for item in items:
        if item.get_closest_marker("postgres"):
            item.user_properties.append(("marker", "postgres"))


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no remembered credentials and no counted login failures, and
    as a new worker keeping no settings, offices, staff or code values in memory."""
    cache.clear()
    stamps.forget()
    reference_cache.forget()


@pytest.fixture(autouse=True)
def one_day():
    """Each test lives in one day, the one it starts on: a test that reads "today" and then
    has a page or a service read it again would fail by chance if midnight (UTC) fell in
    between ("tomorrow" becoming today, a form's default a day later than the test's)."""
    with clock.frozen_today(clock.today()):
        yield


@pytest.fixture(autouse=True)
def slots_of_its_own(tmp_path_factory, monkeypatch):
    """Each test takes the export slots of its own folder: a download a failed test still
    holds (its traceback, kept for the report, keeps the response) cannot answer the tests
    after it with a 429."""
    folder = tmp_path_factory.mktemp("slots")
    monkeypatch.setattr(slots, "_folder", lambda: folder)


@pytest.fixture
def head_office(db):
    return Office.objects.get(pk=1)


@pytest.fixture
def make_office(head_office):
    def make(name=None, parent=None, opening_date=datetime.date(2015, 1, 1), external_id=None):
        return organisation_services.office_create(
            actor=None,
            name=name or f"Branch {next(_names)}",
            parent=parent or head_office,
            opening_date=opening_date,
            external_id=external_id,
        )

    return make


@pytest.fixture
def make_user(head_office):
    """A user of `office` holding exactly the permission `codes` (through one role)."""

    def make(codes=("ALL_FUNCTIONS",), office=None, username=None, **extra):
        username = username or f"user{next(_names)}"
        user = AppUser.objects.create_user(
            username=username,
            password=PASSWORD,
            office=office or head_office,
            email=f"{username}@example.org",
            first_name="Test",
            last_name=username.title(),
            **extra,
        )
        role = Role.objects.create(name=f"role-{username}")
        role.permissions.set(Permission.objects.filter(code__in=codes))
        user.roles.add(role)
        return user

    return make


@pytest.fixture
def api_as():
    """An API client authenticated (HTTP Basic) as the given user."""

    def client_for(user, password=PASSWORD):
        client = APIClient()
        client.credentials(
            HTTP_AUTHORIZATION=basic_auth(user.username, password),
            HTTP_FINERACT_PLATFORM_TENANTID="default",
        )
        return client

    return client_for


@pytest.fixture
def admin_user(make_user):
    return make_user(("ALL_FUNCTIONS",), username="root")


@pytest.fixture
def super_user_role(db):
    return Role.objects.get(name="Super user")


@pytest.fixture
def head_admin(make_user, super_user_role):
    """`admin` of the head office, a super user through the seeded Super user role only."""
    admin = make_user(("READ_CLIENT",), username="admin")
    admin.roles.set([super_user_role])
    return admin


@pytest.fixture
def api(api_as, admin_user):
    return api_as(admin_user)


@pytest.fixture
def make_staff(head_office):
    """A staff member created through the service (as the system), head office by default."""

    def make(office=None, firstname="Amina", lastname=None, **extra):
        return organisation_services.staff_create(
            actor=None,
            office=office or head_office,
            firstname=firstname,
            lastname=lastname or f"Staff{next(_names)}",
            **extra,
        )

    return make


@pytest.fixture
def client_defaults(head_office):
    """What `make_client` fills in when not told: the office, and any fields. A test package
    overrides this fixture to change them for all its tests."""
    return {"office": head_office}


@pytest.fixture
def make_client(client_defaults):
    """A pending person client created through the service (as the system unless `actor`);
    `active=True` activates it on creation (today, unless `activation_date` is given)."""

    def make(office=None, actor=None, *, active=False, **fields):
        fields = {**client_defaults, **fields}
        office = office or fields.pop("office")
        fields.pop("office", None)
        fields.setdefault("firstname", "Wanjiku")
        fields.setdefault("lastname", f"Kamau{next(_names)}")
        if active:
            fields["active"] = True
            fields.setdefault("activation_date", clock.today())
        return client_services.client_create(actor=actor, office=office, fields=fields).client

    return make


@pytest.fixture
def browse_as():
    """A test client logged in as `user` (session auth, as the web UI uses)."""

    def client_for(user, **kwargs):
        client = Client(**kwargs)
        client.force_login(user)
        return client

    return client_for


@pytest.fixture(autouse=True)
def english_afterwards():
    """A page asked for in another language leaves it active in the test's thread: every
    test starts from the default language."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
