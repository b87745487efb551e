"""Every field declared editable on the client reaches every surface without a list of its
own: the API's request body, the API's response, the form page and the History labels. The
walk is over the declaration, so a field added to the model is checked here too."""

import pytest

from mteja.clients.api.serializers import ClientCreateInput, ClientOutput, ClientUpdateInput
from mteja.clients.models import CLIENT, NON_PERSON
from mteja.clients.web.forms import RECORD_FIELDS
from mteja.clients.web.tables import field_label

EDITABLE = CLIENT.editable()


@pytest.mark.parametrize("model_field", EDITABLE, ids=lambda f: f.name)
def test_request_bodies_take_every_editable_field(model_field):
    name = CLIENT.api_name(model_field.name)
    assert name in ClientCreateInput().fields
    assert name in ClientUpdateInput().fields


@pytest.mark.parametrize("model_field", NON_PERSON.editable(), ids=lambda f: f.name)
def test_entity_details_take_every_editable_field(model_field):
    details = ClientCreateInput().fields["clientNonPersonDetails"]
    assert NON_PERSON.api_name(model_field.name) in details.fields


def test_limits_are_the_models():
    fields = ClientCreateInput().fields
    assert fields["numberOfDependents"].max_value == 50
    assert fields["monthlyIncome"].max_digits == 19
    assert fields["firstname"].max_length == CLIENT.model_field("firstname").max_length


@pytest.mark.parametrize("name", CLIENT.audited_fields())
def test_the_response_shows_every_audited_field(name):
    output = ClientOutput()
    shown = {field.source.split(".")[0] for field in output.fields.values()}
    shown |= {field.source for field in output.fields["timeline"].fields.values()}
    model_field = CLIENT.model_field(name)
    assert {model_field.name, model_field.attname} & shown


@pytest.mark.parametrize("model_field", EDITABLE, ids=lambda f: f.name)
def test_history_labels_come_from_the_model(model_field):
    assert field_label(model_field.attname).lower() == str(model_field.verbose_name).lower()


def test_the_form_page_shows_every_field(client, make_user):
    client.force_login(make_user())
    page = client.get("/clients/new/").content.decode()
    for model_field in RECORD_FIELDS:
        assert f'name="{model_field.name}"' in page, model_field.name
