"""A new instance copied from a blank one is the instance the model's constructor makes."""

import pytest
from django.db.models import signals

from mteja.clients.models import Client, ClientStatus, LegalForm
from mteja.core import instances
from mteja.core.instances import new_instance
from mteja.organisation.models import Office
from mteja.users.notifications.models import Notification


def _fields(row) -> dict:
    return {name: value for name, value in row.__dict__.items() if name != "_state"}


@pytest.mark.django_db
def test_a_copied_client_is_the_constructors():
    office = Office.objects.get(pk=1)
    values = {"office": office, "status": ClientStatus.PENDING, "legal_form": LegalForm.ENTITY}
    made, copied = Client(**values), new_instance(Client, **values)
    assert instances._blanks[Client] is not None  # copied, not constructed
    assert _fields(copied) == _fields(made)
    assert copied._state.__dict__ == made._state.__dict__ and copied._state.adding
    assert copied.office is office
    copied.firstname = "Changed"
    assert new_instance(Client).firstname == "" and made.firstname == ""  # nothing shared


def test_a_callable_default_not_given_is_made_by_the_constructor():
    first, second = new_instance(Notification), new_instance(Notification)
    assert first.params == {} and first.params is not second.params  # each its own


def test_a_callable_default_given_lets_the_blank_be_copied():
    given = {"a": 1}
    made, copied = Notification(params=given), new_instance(Notification, params=given)
    assert instances._blanks[Notification] is not None
    assert _fields(copied) == _fields(made) and copied.params is given
    assert new_instance(Notification).params == {}  # the blank's default never handed out


def test_an_unknown_name_is_refused_as_the_constructor_refuses_it():
    with pytest.raises(TypeError, match="unexpected keyword"):
        new_instance(Client, nickname="x")


def test_a_model_someone_listens_to_is_constructed():
    seen = []

    def listener(sender, instance, **kwargs):
        seen.append(instance)

    signals.post_init.connect(listener, sender=Client)
    try:
        made = new_instance(Client)
    finally:
        signals.post_init.disconnect(listener, sender=Client)
    assert seen == [made]
