"""A new instance copied from a blank one is the instance the model's constructor makes."""

import pytest
from django.db.models import signals

from mteja.clients.models import Client, ClientNonPerson, ClientStatus, LegalForm
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


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "given"),
    [
        (Client, {"office_id": 1, "staff_id": None, "firstname": "Amina", "status": 300}),
        (Client, {"office": "row", "office_id": 1}),  # a key with its row: by the descriptors
        (Client, {"office_id": 1, "office": "row", "staff": None}),
        (Client, {"firstname": "Amina", "pk": 7}),  # not a field's name: by the constructor
        (ClientNonPerson, {"client": "client", "incorp_no": "C-1"}),  # a one-to-one's row
        (ClientNonPerson, {"client_id": 7, "incorp_no": "C-1"}),
    ],
)
def test_keys_plain_values_and_rows_given_together_are_the_constructors(model, given):
    rows = {"row": Office.objects.get(pk=1), "client": Client(pk=7)}
    values = {name: rows.get(value, value) for name, value in given.items()}
    made = model(**values)
    for _call in range(2):  # the second call takes the way kept for these names
        copied = new_instance(model, **values)
        assert _fields(copied) == _fields(made)
        assert _state(copied) == _state(made)


def _state(row) -> tuple:
    """A row's state as it reads (its fields' cache is made when first asked for)."""
    return row._state.db, row._state.adding, row._state.fields_cache


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


@pytest.mark.django_db
def test_references_set_together_are_what_the_descriptors_set():
    office, other = Office.objects.get(pk=1), Office.objects.get(pk=1)
    by_descriptor, together = Client(office=other), Client(office=other)
    by_descriptor.office, by_descriptor.staff, by_descriptor.gender = office, None, None
    instances.set_values(together, {"office": office, "staff": None, "gender": None})
    assert _fields(together) == _fields(by_descriptor)
    assert together._state.__dict__ == by_descriptor._state.__dict__
    assert together.office is office and together.staff is None


def test_a_reference_given_another_models_row_is_refused_as_the_descriptor_refuses_it():
    with pytest.raises(ValueError, match='must be a "Office" instance'):
        instances.set_values(Client(), {"office": Notification()})


def test_with_database_routers_the_descriptor_sets_the_reference(settings):
    settings.DATABASE_ROUTERS = ["tests.core.test_instances.Router"]
    client = Client()
    instances.set_values(client, {"office": Office(pk=7)})
    assert client._state.db == "routed" and client.office_id == 7  # the router was asked


class Router:
    def db_for_write(self, model, **hints):
        return "routed"
