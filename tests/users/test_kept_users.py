"""Each worker keeps the users, their offices and permission codes (users/models.py,
core/reference_cache.py): a request reads no user row, and yet any change to who may do what —
made by this worker or by another — holds from the very next call."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mteja.core import reference_cache
from mteja.core.models import CacheStamp
from mteja.users.models import USERS_GROUP, AppUser, Permission, Role

pytestmark = pytest.mark.django_db
CLIENTS = "/fineract-provider/api/v1/clients"
OFFICES = "/fineract-provider/api/v1/offices"


@pytest.fixture
def reader(make_user, api_as):
    user = make_user(codes=("READ_CLIENT", "READ_OFFICE"))
    api = api_as(user)
    assert api.get(CLIENTS).status_code == 200  # the password verified
    assert api.get(CLIENTS).status_code == 200  # the user kept by this worker
    return user, api


def another_worker_changed_users():
    """What this worker sees after another worker's write: a token it never read."""
    CacheStamp.objects.update_or_create(name=USERS_GROUP, defaults={"token": "elsewhere"})


def test_a_warm_call_reads_no_user_role_or_permission(reader):
    _user, api = reader
    with CaptureQueriesContext(connection) as captured:
        assert api.get(CLIENTS).status_code == 200
    sql = " ".join(query["sql"] for query in captured)
    for model in (AppUser, Role, Permission):
        assert f'FROM "{model._meta.db_table}"' not in sql, model


def test_a_permission_taken_from_the_role_is_refused_at_once(reader):
    user, api = reader
    user.roles.get().permissions.remove(Permission.objects.get(code="READ_CLIENT"))
    assert api.get(CLIENTS).status_code == 403
    assert api.get(OFFICES).status_code == 200


def test_a_role_taken_from_the_user_is_refused_at_once(reader):
    user, api = reader
    user.roles.clear()
    assert api.get(CLIENTS).status_code == 403


def test_a_disabled_role_is_refused_at_once(reader):
    user, api = reader
    role = user.roles.get()
    role.is_disabled = True
    role.save()
    assert api.get(CLIENTS).status_code == 403


def test_a_permission_granted_works_at_once(make_user, api_as):
    user = make_user(codes=("READ_OFFICE",))
    api = api_as(user)
    assert api.get(CLIENTS).status_code == 403
    user.roles.get().permissions.add(Permission.objects.get(code="READ_CLIENT"))
    assert api.get(CLIENTS).status_code == 200


def test_a_user_disabled_by_another_worker_is_refused_at_once(reader):
    user, api = reader
    AppUser.objects.filter(pk=user.pk).update(is_active=False)  # no signal: as if elsewhere
    assert api.get(CLIENTS).status_code == 200  # this worker has not seen a new token yet
    another_worker_changed_users()
    assert api.get(CLIENTS).status_code == 401


def test_a_role_changed_by_another_worker_is_refused_at_once(reader):
    user, api = reader
    Role.objects.filter(users=user).update(is_disabled=True)
    another_worker_changed_users()
    assert api.get(CLIENTS).status_code == 403


def test_a_session_user_moved_to_another_office_is_scoped_by_it_at_once(
    make_user, make_office, make_client
):
    from django.test import Client as BrowserClient

    branch = make_office(name="Kisumu")
    make_client(office=branch, firstname="Akinyi", lastname="Otieno")
    user = make_user(codes=("READ_CLIENT",))
    browser = BrowserClient()
    browser.force_login(user)
    assert browser.get(CLIENTS).json()["totalFilteredRecords"] == 1
    user.office = make_office(name="Eldoret")
    user.save()
    assert browser.get(CLIENTS).json()["totalFilteredRecords"] == 0


def test_outside_a_request_nothing_is_kept(make_user):
    user = make_user()
    assert reference_cache.rows_by_pk(AppUser, {user.pk}, "default") is None


def test_a_lock_out_recorded_by_another_worker_is_refused_at_once(reader, settings):
    from axes.models import AccessAttempt
    from django.utils import timezone

    user, api = reader
    AccessAttempt.objects.bulk_create(  # no signal: as if recorded by another worker
        [
            AccessAttempt(
                username=user.username,
                ip_address="10.0.0.9",
                user_agent="elsewhere",
                attempt_time=timezone.now(),
                failures_since_start=settings.AXES_FAILURE_LIMIT,
            )
        ]
    )
    assert api.get(CLIENTS).status_code == 200  # this worker has not seen a new token yet
    another_worker_changed_users()
    response = api.get(CLIENTS)
    assert response.status_code == 401
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.user.locked.out"
