"""`writes.validate`: the model's own validation as Fineract's 400, the same errors, in the same
order, as Django's `full_clean` gives them, whether the fields it cleans were listed before
(core/writes.py keeps them by model and exclusion) or not."""

import pytest
from django.core.exceptions import ValidationError

from mteja.clients.models import Client, ClientStatus
from mteja.core import writes
from mteja.core.errors import ValidationFailed, from_django_validation_error
from mteja.organisation.models import Office

pytestmark = pytest.mark.django_db

EXCLUDED = ["office", "staff", "gender", "submitted_on", "search_name"]


def bad_client() -> Client:
    return Client(
        office=Office.objects.get(pk=1),
        account_no="1" * 21,
        external_id="E" * 101,
        status=99,
        firstname="",
        display_name="D" * 161,
        mobile_no="7" * 51,
    )


def as_django_says(client: Client, exclude: list[str]) -> list[tuple]:
    with pytest.raises(ValidationError) as error:
        client.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    failed = from_django_validation_error(
        error.value, writes.declaration(client).api_name, "client"
    )
    return [(e.param, e.code, e.message, e.args) for e in failed.errors]


def as_validated(client: Client, exclude: list[str]) -> list[tuple]:
    with pytest.raises(ValidationFailed) as failed:
        writes.validate(client, exclude=exclude)
    return [(e.param, e.code, e.message, e.args) for e in failed.value.errors]


@pytest.mark.parametrize("exclude", [[], EXCLUDED, [*EXCLUDED, "external_id", "display_name"]])
def test_a_models_errors_are_full_cleans_each_time(exclude):
    expected = as_django_says(bad_client(), exclude)
    assert as_validated(bad_client(), exclude) == expected  # the fields listed now
    assert as_validated(bad_client(), exclude) == expected  # and as listed before
    params = [param for param, *_rest in expected]
    assert ("externalId" in params) is ("external_id" not in exclude)
    assert "accountNo" in params
    assert "mobileNo" in params


def test_a_valid_row_passes_and_keeps_its_cleaned_values():
    client = Client(
        office=Office.objects.get(pk=1),
        status=ClientStatus.PENDING,
        firstname="Asha",
        lastname="Njeri",
        display_name="Asha Njeri",
    )
    writes.validate(client, exclude=EXCLUDED)
    assert client.display_name == "Asha Njeri"


def test_a_model_with_its_own_clean_is_cleaned_by_django(monkeypatch):
    """A model's own `clean()` still runs (through `full_clean`)."""

    def clean(self):
        raise ValidationError({"name": ValidationError("Not this name.", code="invalid")})

    monkeypatch.setattr(Office, "clean", clean, raising=False)
    office = Office.objects.get(pk=1)
    with pytest.raises(ValidationFailed) as failed:
        writes.validate(office)
    assert [e.message for e in failed.value.errors] == ["Not this name."]
