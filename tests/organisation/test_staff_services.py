import datetime
from unittest.mock import patch

import pytest

from mteja.core import clock, uniqueness
from mteja.core.errors import (
    DomainError,
    NotAuthorized,
    UniquenessViolation,
    ValidationFailed,
)
from mteja.core.models import AuditEvent
from mteja.organisation import selectors, services
from mteja.organisation.models import Staff

pytestmark = pytest.mark.django_db


def test_create_derives_display_name_and_cleans_input(head_office):
    staff = services.staff_create(
        actor=None,
        office=head_office,
        firstname="  Wanjiku ",
        lastname=" Kamau",
        mobile_no=" 0711 ",
        external_id="  ",
    )
    staff.refresh_from_db()
    assert staff.display_name == "Kamau, Wanjiku"
    assert (staff.firstname, staff.lastname, staff.mobile_no) == ("Wanjiku", "Kamau", "0711")
    assert staff.external_id is None
    event = AuditEvent.objects.get(entity_name="STAFF")
    assert (event.action_name, event.resource_id, event.office_id) == (
        "CREATE",
        staff.pk,
        head_office.pk,
    )
    assert event.maker_username == "system"


def test_create_records_the_actor(make_user, head_office):
    clerk = make_user(username="clerk")
    services.staff_create(actor=clerk, office=head_office, firstname="A", lastname="B")
    event = AuditEvent.objects.get(entity_name="STAFF")
    assert (event.maker_id, event.maker_username) == (clerk.pk, "clerk")


def test_create_validates_all_fields_at_once(head_office):
    with pytest.raises(ValidationFailed) as caught:
        services.staff_create(
            actor=None,
            office=head_office,
            firstname="",
            lastname="L" * 51,
            mobile_no="9" * 51,
            external_id="X" * 101,
        )
    assert {e.code for e in caught.value.errors} == {
        "validation.msg.staff.firstname.cannot.be.blank",
        "validation.msg.staff.lastname.exceeds.max.length",
        "validation.msg.staff.mobileNo.exceeds.max.length",
        "validation.msg.staff.externalId.exceeds.max.length",
    }
    assert not Staff.objects.exists()


def test_create_reports_both_date_rules_together(make_office):
    branch = make_office(opening_date=datetime.date(2024, 3, 1))
    with clock.frozen_today(datetime.date(2024, 1, 1)), pytest.raises(DomainError) as caught:
        services.staff_create(
            actor=None,
            office=branch,
            firstname="A",
            lastname="B",
            joining_date=datetime.date(2024, 2, 1),
        )
    assert {e.code for e in caught.value.errors} == {
        "error.msg.staff.joiningDate.in.the.future",
        "error.msg.staff.joiningDate.before.office.openingDate",
    }
    assert caught.value.status == 403


def test_create_outside_the_actors_subtree_is_refused(make_office, make_user):
    east, west = make_office("East"), make_office("West")
    user = make_user(office=east)
    with pytest.raises(NotAuthorized):
        services.staff_create(actor=user, office=west, firstname="A", lastname="B")
    assert not Staff.objects.exists()
    assert services.staff_create(actor=user, office=east, firstname="A", lastname="B").pk


def test_external_id_uniqueness_is_held_by_the_database(make_staff, head_office):
    make_staff(external_id="EMP-1")
    real_check = uniqueness.raise_first_conflict
    calls = []

    def blind_first_look(instance, checks):
        # The pre-check misses the conflict, as when a concurrent request commits between
        # the check and the insert; the constraint must still refuse the row.
        calls.append(instance)
        if len(calls) > 1:
            real_check(instance, checks)

    with (
        patch.object(uniqueness, "raise_first_conflict", side_effect=blind_first_look),
        pytest.raises(UniquenessViolation) as caught,
    ):
        services.staff_create(
            actor=None, office=head_office, firstname="A", lastname="B", external_id="EMP-1"
        )
    assert caught.value.first.code == "error.msg.staff.duplicate.externalId"
    assert len(calls) == 2
    assert Staff.objects.filter(external_id="EMP-1").count() == 1
    assert AuditEvent.objects.filter(entity_name="STAFF").count() == 1


def test_update_returns_the_diff_and_records_it_once(make_staff, make_office):
    staff = make_staff(firstname="Ann", lastname="Otieno")
    branch = make_office()
    updated, changes = services.staff_update(
        actor=None, staff=staff, office=branch, firstname="Anne", is_active=False, mobile_no=""
    )
    assert changes == {
        "office_id": [1, branch.pk],
        "firstname": ["Ann", "Anne"],
        "is_active": [True, False],
    }
    assert updated.display_name == "Otieno, Anne"
    stored = Staff.objects.get(pk=staff.pk)
    assert (stored.office_id, stored.display_name, stored.is_active) == (
        branch.pk,
        "Otieno, Anne",
        False,
    )
    event = AuditEvent.objects.get(entity_name="STAFF", action_name="UPDATE")
    assert event.changes == changes
    assert event.office_id == branch.pk


def test_update_without_changes_writes_nothing(make_staff):
    staff = make_staff(firstname="Same", mobile_no="1")
    _, changes = services.staff_update(actor=None, staff=staff, firstname=" Same ", mobile_no="1")
    assert changes == {}
    assert not AuditEvent.objects.filter(action_name="UPDATE").exists()


def test_update_refuses_fields_it_does_not_know(make_staff):
    staff = make_staff()
    with pytest.raises(TypeError, match="display_name"):
        services.staff_update(actor=None, staff=staff, display_name="Boss")


def test_update_checks_dates_only_when_the_date_or_office_changes(head_office, make_office):
    # A record from before the rule (e.g. migrated data) stays editable in other respects.
    legacy = Staff.objects.create(
        office=head_office,
        firstname="Old",
        lastname="Timer",
        display_name="Timer, Old",
        joining_date=datetime.date(2001, 1, 1),
    )
    _, changes = services.staff_update(actor=None, staff=legacy, mobile_no="0700")
    assert changes == {"mobile_no": ["", "0700"]}
    with pytest.raises(DomainError) as caught:
        services.staff_update(actor=None, staff=legacy, joining_date=datetime.date(2002, 1, 1))
    assert caught.value.first.code == "error.msg.staff.joiningDate.before.office.openingDate"
    with pytest.raises(DomainError):
        services.staff_update(actor=None, staff=legacy, office=make_office())
    legacy.refresh_from_db()
    assert (legacy.office_id, legacy.joining_date) == (head_office.pk, datetime.date(2001, 1, 1))


def test_update_needs_both_offices_in_the_actors_subtree(make_office, make_user, make_staff):
    east, west = make_office("East"), make_office("West")
    east_user = make_user(office=east)
    in_west = make_staff(office=west)
    in_east = make_staff(office=east)
    with pytest.raises(NotAuthorized):
        services.staff_update(actor=east_user, staff=in_west, office=east)
    with pytest.raises(NotAuthorized):
        services.staff_update(actor=east_user, staff=in_east, office=west)
    assert Staff.objects.get(pk=in_west.pk).office_id == west.pk
    assert Staff.objects.get(pk=in_east.pk).office_id == east.pk


def test_update_refuses_an_empty_office(make_staff):
    with pytest.raises(ValidationFailed) as caught:
        services.staff_update(actor=None, staff=make_staff(), office=None)
    assert caught.value.first.code == "validation.msg.staff.officeId.cannot.be.blank"


def test_staff_list_scopes_and_filters(make_office, make_user, make_staff):
    east, west = make_office("East"), make_office("West")
    officer = make_staff(office=east, lastname="Officer", is_loan_officer=True)
    retired = make_staff(office=east, lastname="Retired", is_active=False)
    make_staff(office=west, lastname="Elsewhere")
    user = make_user(office=east)
    assert list(selectors.staff_list(user=user)) == [officer]
    assert list(selectors.staff_list(user=user, status="all")) == [officer, retired]
    assert list(selectors.staff_list(user=user, status="inactive")) == [retired]
    assert list(selectors.staff_list(user=user, office_id=west.pk, status="all")) == []
    assert list(selectors.staff_list(user=user, status="all", loan_officers_only=True)) == [officer]
    with pytest.raises(ValueError, match="status"):
        selectors.staff_list(user=user, status="retired")
