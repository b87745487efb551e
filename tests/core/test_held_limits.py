"""core/api/model_fields.held_limits: the model fields whose own checks a request input made
already, which the create service then does not make twice (an import's rows)."""

from django.core.validators import MaxLengthValidator, RegexValidator
from rest_framework import serializers

from mteja.clients.api.serializers import ClientCreateInput
from mteja.clients.models import CLIENT, Client
from mteja.core.api.model_fields import held_limits


def test_the_create_input_holds_the_client_texts_dates_and_numbers_to_their_limits():
    held = held_limits(CLIENT, ClientCreateInput().fields)
    assert {"firstname", "lastname", "external_id", "mobile_no", "date_of_birth"} <= held
    # A choice, a field that cannot be blank, a reference, a decimal's digits: checked again.
    assert not held & {"legal_form", "submitted_on", "gender", "monthly_income"}


def test_a_limit_the_request_field_does_not_check_alike_is_not_held(monkeypatch):
    fields = ClientCreateInput().fields
    firstname = Client._meta.get_field("firstname")
    monkeypatch.setattr(firstname, "validators", [MaxLengthValidator(10)])
    assert "firstname" not in held_limits(CLIENT, fields)  # the input's limit is 50
    monkeypatch.setattr(firstname, "validators", [RegexValidator(r"^\w+$")])
    assert "firstname" not in held_limits(CLIENT, fields)  # not a limit the input checks
    fields["firstname"] = serializers.CharField(required=False)  # no limit at all
    monkeypatch.setattr(firstname, "validators", [MaxLengthValidator(50)])
    assert "firstname" not in held_limits(CLIENT, fields)
