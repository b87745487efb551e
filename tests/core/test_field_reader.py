"""core/field_reader.py reads what the instances' attributes give, deferred fields included."""

from operator import attrgetter

import pytest

from mteja.clients.models import Client
from mteja.core import audit
from mteja.core.field_reader import FieldReader, reader

NAMES = ("office_id", "staff_id", "firstname", "status", "submitted_on", "gender_id")


@pytest.mark.django_db
def test_a_new_and_a_loaded_client_read_as_their_attributes(head_office, make_client):
    made = make_client(firstname="Amani")
    new = Client(office=head_office, firstname="Baraka")
    read = reader(Client, NAMES)
    assert read.stored is not None  # plain fields and references' keys: from __dict__
    for client in (new, made, Client.objects.get(pk=made.pk)):
        assert read.one(client) == attrgetter(*NAMES)(client)
    assert read.many([new, made]) == [attrgetter(*NAMES)(new), attrgetter(*NAMES)(made)]
    assert reader(Client, ("firstname",)).many([new]) == [("Baraka",)]


@pytest.mark.django_db
def test_a_deferred_field_is_loaded_as_its_attribute_loads_it(make_client):
    made = make_client(firstname="Amani")
    deferred = Client.objects.only("id", "office_id").get(pk=made.pk)
    read = reader(Client, NAMES)
    assert read.one(deferred)[2] == "Amani"
    again = Client.objects.only("id").get(pk=made.pk)
    assert read.many([Client(firstname="Baraka"), again])[1][2] == "Amani"
    assert audit.snapshot(Client.objects.only("id").get(pk=made.pk), ["firstname"]) == {
        "firstname": "Amani"
    }


def test_a_name_with_a_descriptor_of_its_own_is_read_through_it():
    read = FieldReader(Client, ("firstname", "is_active", "pk"))  # a property, Django's pk
    client = Client(pk=5, firstname="Amani", status=300)
    assert read.stored is None
    assert read.one(client) == ("Amani", True, 5)
