"""Offices, staff and code values kept in each worker (core/reference_cache.py): a request
reads one stamp instead of their rows, and any change shows in the very next request, made
by this worker or by another."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.clients.conftest import BASE

from mteja.clients.models import Client
from mteja.core import context, reference_cache
from mteja.core.models import CacheStamp
from mteja.organisation.models import CodeValue, Office, Staff
from mteja.users.models import AppUser


@pytest.fixture
def person(make_client, make_officer, admin_user, code_value):
    office = Office.objects.get(pk=1)
    return make_client(
        actor=admin_user,
        active=True,
        staff_id=make_officer(office).pk,
        gender_id=code_value(Client._meta.get_field("gender").code_name),
    )


def _read(api, person) -> dict:
    response = api.get(f"{BASE}/clients/{person.pk}")
    assert response.status_code == 200
    return response.json()


def _token() -> str | None:
    stamp = CacheStamp.objects.filter(name=reference_cache.GROUP).first()
    return stamp and stamp.token


def _tables(captured) -> str:
    return " ".join(query["sql"] for query in captured)


def test_a_warm_worker_reads_the_stamp_not_the_rows(api, person):
    _read(api, person)  # verifies the password (the user read with its office)
    _read(api, person)  # the remembered user's office read from this worker's offices
    with CaptureQueriesContext(connection) as captured:
        body = _read(api, person)
    sql = _tables(captured)
    assert CacheStamp._meta.db_table in sql
    for model in (Office, Staff, CodeValue, AppUser):
        assert f'FROM "{model._meta.db_table}"' not in sql, model
    assert body["officeName"] and body["staffName"] and body["gender"]["name"]


def test_a_change_by_this_worker_shows_in_the_next_request(api, person):
    _read(api, person)
    office = Office.objects.get(pk=person.office_id)
    office.name = "Renamed head office"
    office.save()
    staff = Staff.objects.get(pk=person.staff_id)
    staff.display_name = "Renamed officer"
    staff.save()
    gender = CodeValue.objects.get(pk=person.gender_id)
    gender.name = "Renamed value"
    gender.save()
    body = _read(api, person)
    assert body["officeName"] == "Renamed head office"
    assert body["staffName"] == "Renamed officer"
    assert body["gender"]["name"] == "Renamed value"


def test_a_change_by_another_worker_shows_in_the_next_request(api, person):
    """Another worker's write reaches this one only through the database: the rows change
    without this process's signals, and the stamp changes as that worker's write sets it."""
    _read(api, person)
    Office.objects.filter(pk=person.office_id).update(name="Elsewhere renamed")
    Staff.objects.filter(pk=person.staff_id).update(display_name="Officer renamed elsewhere")
    CodeValue.objects.filter(pk=person.gender_id).update(name="Value renamed elsewhere")
    CacheStamp.objects.update_or_create(name=reference_cache.GROUP, defaults={"token": "elsewhere"})
    body = _read(api, person)
    assert body["officeName"] == "Elsewhere renamed"
    assert body["staffName"] == "Officer renamed elsewhere"
    assert body["gender"]["name"] == "Value renamed elsewhere"


def test_a_deleted_value_is_forgotten(api, person, code_value):
    _read(api, person)
    Client.objects.filter(pk=person.pk).update(gender=None)
    CodeValue.objects.filter(pk=person.gender_id).delete()  # a queryset delete: signals too
    assert _read(api, person)["gender"] is None


def test_moving_an_office_changes_the_stamp(api, admin_user):
    from mteja.organisation import services

    head = Office.objects.get(pk=1)
    parent = services.office_create(actor=admin_user, name="Region", parent=head,
                                    opening_date=head.opening_date)  # fmt: skip
    child = services.office_create(actor=admin_user, name="Branch", parent=head,
                                   opening_date=head.opening_date)  # fmt: skip
    before = _token()
    services.office_update(actor=admin_user, office=child, parent=parent)
    assert _token() != before


def test_callers_get_copies(api, person):
    """A row changed by one caller is not changed for the next request."""
    _read(api, person)
    in_request = context.memo.set({})  # as the middleware opens each request
    try:
        (office,) = reference_cache.rows_by_pk(Office, {person.office_id}, "default").values()
        office.name = "Changed in memory only"
        (again,) = reference_cache.rows_by_pk(Office, {person.office_id}, "default").values()
    finally:
        context.memo.reset(in_request)
    assert again.name != "Changed in memory only"
    assert _read(api, person)["officeName"] != "Changed in memory only"


def test_outside_a_request_nothing_is_cached(person):
    assert reference_cache.rows_by_pk(Office, {person.office_id}, "default") is None


def test_related_rows_come_with_the_kept_rows_read_once(person, code_value):
    """A code value's list is kept with the kept value (`related`): read with its first use,
    shared by the copies after, as a copy of a row shares its related rows."""
    gender_id = person.gender_id
    in_request = context.memo.set({})
    try:
        with CaptureQueriesContext(connection) as first:
            (value,) = reference_cache.rows_by_pk(
                CodeValue, {gender_id}, "default", related=("code",)
            ).values()
            assert value.code.name == "Gender"
        with CaptureQueriesContext(connection) as again:
            (copy,) = reference_cache.rows_by_pk(
                CodeValue, {gender_id}, "default", related=("code",)
            ).values()
            assert copy.code.name == "Gender"
            # A value kept before without its list (read by another caller) gets it now.
            staff = reference_cache.row_by_pk(Staff, person.staff_id)
            assert "office" not in staff._state.fields_cache
        with CaptureQueriesContext(connection) as attached:
            staff = reference_cache.row_by_pk(Staff, person.staff_id, related=("office",))
            assert staff.office.pk == Staff.objects.get(pk=person.staff_id).office_id
    finally:
        context.memo.reset(in_request)
    assert 'FROM "organisation_code"' in _tables(first)
    assert len(again) == 1  # the staff member: the value and its list kept
    assert [q for q in attached if 'FROM "organisation_office"' in q["sql"]]
    assert copy is not value and copy.code is value.code


def test_a_renamed_office_shows_in_the_next_refusal_naming_an_officers_office(
    api, make_officer, branch_a, branch_b
):
    """An officer's office is kept with the officer: renaming it shows in the very next
    request's message, though the officer did not change."""
    stranger = make_officer(branch_b)

    def refusal() -> str:
        response = api.post(
            f"{BASE}/clients",
            {"officeId": branch_a.pk, "legalFormId": 1, "firstname": "Asha",
             "lastname": "Njeri", "staffId": stranger.pk},
            "json",
        )  # fmt: skip
        assert response.status_code == 404, response.json()
        return response.json()["errors"][0]["defaultUserMessage"]

    assert "works at Mombasa" in refusal()
    branch_b.name = "Mombasa Island"
    branch_b.save()
    assert "works at Mombasa Island" in refusal()


def test_resolved_code_values_are_the_kept_rows_and_a_rename_shows_next_request(person):
    """A client's code values are resolved to the worker's kept rows themselves, not a copy
    each (`shared`: read only), and a value renamed since shows in the next request."""
    from mteja.clients.validation import resolve_code_values
    from mteja.core.errors import Problems

    wanted = {"gender": ("Gender", "genderId", person.gender_id)}

    def resolved():
        in_request = context.memo.set({})
        try:
            return resolve_code_values(wanted, Problems())["gender"], resolve_code_values(
                wanted, Problems()
            )["gender"]
        finally:
            context.memo.reset(in_request)

    first, second = resolved()
    assert first is second
    value = CodeValue.objects.get(pk=person.gender_id)
    value.name = "Renamed gender"
    value.save()
    renamed, _again = resolved()
    assert renamed.name == "Renamed gender" and renamed is not first
    assert first.name != "Renamed gender"  # a row a client of the first request refers to
