"""The demo institution has centers whose groups hold its demo clients."""

import pytest
from django.core.management import call_command

from mteja.groups.models import Center, Group, Membership


@pytest.mark.django_db
def test_the_demo_has_centers_with_groups_of_demo_clients():
    call_command("demo", verbosity=0)
    assert Center.objects.count() >= 2
    group = Group.objects.filter(center__isnull=False).first()
    members = Membership.objects.current().filter(group=group).select_related("client")
    assert members.count() == 5
    assert all(m.client.office_id == group.office_id for m in members)
