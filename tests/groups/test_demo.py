"""The demo institution has centers whose groups hold its demo clients."""

import pytest
from django.core.management import call_command

from mteja.clients.models import CustomRow
from mteja.groups.models import Center, Group, Membership


@pytest.mark.django_db
def test_the_demo_has_centers_with_groups_of_demo_clients():
    call_command("demo", verbosity=0)
    assert Center.objects.count() >= 2
    group = Group.objects.filter(center__isnull=False).first()
    members = Membership.objects.current().filter(group=group).select_related("client")
    assert members.count() == 5
    assert all(m.client.office_id == group.office_id for m in members)


@pytest.mark.django_db
def test_the_demo_has_a_household_table_filled_in_for_some_people(api):
    call_command("demo", verbosity=0)
    tables = api.get("/fineract-provider/api/v1/datatables", {"apptable": "m_client"}).json()
    assert [t["registeredTableName"] for t in tables] == ["household"]
    rows = CustomRow.objects.filter(table__name="household")
    assert rows.count() > 100
    row = rows.first()
    answer = api.get(f"/fineract-provider/api/v1/datatables/household/{row.client_id}").json()
    assert answer[0]["household_size"] == row.values["household_size"]
