"""The membership rules, through the services."""

import datetime

import pytest

from mteja.clients import services as client_services
from mteja.core.errors import DomainError, MtejaError
from mteja.core.models import AuditEvent
from mteja.groups import selectors, services
from mteja.groups.models import GroupStatus, Membership
from mteja.organisation.models import CodeValue

from .conftest import TODAY


def test_a_client_joins_and_leaves_and_both_stays_are_kept(new_group, member):
    group, client = new_group(), member()
    services.clients_associate(actor=None, group=group, clients=[client])
    services.clients_disassociate(actor=None, group=group, clients=[client])
    services.clients_associate(actor=None, group=group, clients=[client])
    stays = list(Membership.objects.filter(client=client).order_by("id"))
    assert [(s.joined_on, s.left_on) for s in stays] == [(TODAY, TODAY), (TODAY, None)]
    assert selectors.member_client_ids(group).count() == 1


def test_a_client_of_another_office_cannot_join(new_group, make_client, other_branch):
    outsider = make_client(office=other_branch, active=True)
    with pytest.raises(DomainError) as error:
        services.clients_associate(actor=None, group=new_group(), clients=[outsider])
    assert error.value.first.code == "error.msg.client.attach.to.group.invalid.office"


def test_a_closed_client_cannot_join(new_group, member):
    client = member()
    reason = CodeValue.objects.filter(code__name="ClientClosureReason").first()
    client_services.client_close(
        actor=None, client=client, closure_date=TODAY, closure_reason_id=reason.pk
    )
    client.refresh_from_db()
    with pytest.raises(DomainError) as error:
        services.clients_associate(actor=None, group=new_group(), clients=[client])
    assert error.value.first.code == "error.msg.group.client.not.active"


def test_a_member_cannot_join_twice(new_group, member):
    group, client = new_group(), member()
    services.clients_associate(actor=None, group=group, clients=[client])
    with pytest.raises(DomainError) as error:
        services.clients_associate(actor=None, group=group, clients=[client])
    assert error.value.first.code == "error.msg.group.client.exist.in.group"


def test_the_maximum_refuses_one_member_too_many_and_writes_nothing(new_group, member, limits):
    limits(high=2)
    group = new_group()
    services.clients_associate(actor=None, group=group, clients=[member(), member()])
    with pytest.raises(DomainError) as error:
        services.clients_associate(actor=None, group=group, clients=[member()])
    assert error.value.first.code == "error.msg.group.members.count.must.be.in.permissible.range"
    assert selectors.member_client_ids(group).count() == 2


def test_a_group_below_its_minimum_cannot_be_activated(new_group, member, limits):
    limits(low=2)
    group = new_group(clients=[member()])
    with pytest.raises(DomainError):
        services.activate(actor=None, record=group, activation_date=TODAY)
    services.clients_associate(actor=None, group=group, clients=[member()])
    services.activate(actor=None, record=group, activation_date=TODAY)
    group.refresh_from_db()
    assert group.status == GroupStatus.ACTIVE


def test_creating_an_active_group_below_the_minimum_is_refused_whole(new_group, member, limits):
    limits(low=3)
    with pytest.raises(DomainError):
        new_group(active=True, activation_date=TODAY, clients=[member()])
    assert not Membership.objects.exists()


def test_a_group_sits_in_its_centers_office(new_center, new_group, other_branch):
    center = new_center()
    assert new_group(center=center).office_id == center.office_id
    with pytest.raises(DomainError) as error:
        services.group_create(actor=None, name="Far", office=other_branch, center=center)
    assert error.value.first.code == "error.msg.group.office.differs.from.center.office"


def test_closing_a_group_ends_its_members_stays_on_the_closure_date(
    new_group, member, closure_reason
):
    group = new_group(active=True, activation_date=datetime.date(2024, 5, 1))
    client = member()
    services.clients_associate(actor=None, group=group, clients=[client])
    services.close(actor=None, record=group, closure_date=TODAY, closure_reason=closure_reason)
    stay = Membership.objects.get(client=client)
    assert stay.left_on == TODAY
    assert AuditEvent.objects.filter(entity_name="GROUP", action_name="CLOSE").count() == 1


def test_a_center_with_open_groups_cannot_close(new_center, new_group, closure_reason):
    center = new_center(active=True, activation_date=TODAY)
    new_group(center=center)
    with pytest.raises(DomainError) as error:
        services.close(actor=None, record=center, closure_date=TODAY, closure_reason=closure_reason)
    assert error.value.first.code == "error.msg.center.close.active.groups.exist"


def test_clients_move_between_groups_of_one_office(new_group, member):
    source, destination = new_group("A"), new_group("B")
    client = member()
    services.clients_associate(actor=None, group=source, clients=[client])
    services.clients_transfer(actor=None, group=source, destination=destination, clients=[client])
    assert list(selectors.member_client_ids(destination)) == [client.pk]
    assert not selectors.member_client_ids(source).exists()


def test_group_names_are_unique_per_office(new_group, other_branch):
    new_group("Umoja")
    new_group("Umoja", office=other_branch)
    with pytest.raises(MtejaError) as error:
        new_group("Umoja")
    assert error.value.first.code == "error.msg.group.duplicate.name"


def test_every_change_is_one_audit_event(new_group, member):
    group = new_group()
    services.clients_associate(actor=None, group=group, clients=[member(), member()])
    services.group_update(actor=None, group=group, name="Umoja Women")
    events = AuditEvent.objects.filter(entity_name="GROUP", resource_id=group.pk)
    assert sorted(events.values_list("action_name", flat=True)) == [
        "ASSOCIATECLIENTS", "CREATE", "UPDATE",
    ]  # fmt: skip
