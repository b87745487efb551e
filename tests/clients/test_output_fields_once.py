"""Response serializers build their fields once per class (core/api/outputs.py): every
response is the same as with fields built afresh, whichever client is shown first."""

from mteja.clients.api import serializers as s
from mteja.clients.models import Client


def test_each_client_is_shown_as_with_fields_built_afresh(make_client, admin_user, code_value):
    first = make_client(actor=admin_user, firstname="Amina", active=True)
    second = make_client(
        actor=admin_user,
        legal_form=2,
        firstname=None,
        lastname=None,
        fullname="Tumaini Traders",
        non_person={"constitution_id": code_value("Constitution", 1)},
    )
    for client in Client.objects.filter(pk__in=[first.pk, second.pk, first.pk]):
        once = s.ClientOutput(client).data
        afresh = s.ClientOutput(client, context={"afresh": True}).data
        assert once == afresh
        assert once["id"] == client.pk
    assert s.ClientOutput(first).fields is s.ClientOutput(second).fields


def test_a_serializer_given_a_context_builds_its_own_fields(make_client, admin_user):
    client = make_client(actor=admin_user)
    shared = s.ClientOutput(client).fields
    assert s.ClientOutput(client, context={"request": None}).fields is not shared
