"""A model field's cleaning of a value, kept by the process for the values that passed
(core/clean_values.py): a value cleaned again gives what the field gives, a value that fails
fails each time, and what depends on more than the field's declaration — equal decimals of
other digits, a reference whose row went away — is cleaned again."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mteja.clients.models import Client, LegalForm
from mteja.core.clean_values import cleaned_value
from mteja.organisation.models import Code, CodeValue, Office

pytestmark = pytest.mark.django_db


def field(name: str):
    return Client._meta.get_field(name)


def a_client() -> Client:
    return Client(office=Office.objects.get(pk=1))


def test_a_value_cleaned_again_is_what_the_field_makes_of_it():
    for _time in range(2):
        assert type(cleaned_value(field("legal_form"), 2, a_client())) is int
        # An enum member is cleaned by the field each time, to the plain number it stores.
        cleaned = cleaned_value(field("legal_form"), LegalForm.ENTITY, a_client())
        assert cleaned == 2 and type(cleaned) is int
        assert cleaned_value(field("submitted_on"), datetime.date(2024, 2, 29), a_client()) == (
            datetime.date(2024, 2, 29)
        )


def test_a_value_that_failed_fails_each_time_and_one_that_passed_does_not_vouch_for_it():
    assert cleaned_value(field("legal_form"), 1, a_client()) == 1
    for _time in range(2):
        with pytest.raises(ValidationError):
            cleaned_value(field("legal_form"), 99, a_client())
    # True is 1 to a dict, but the field stores the number: not True kept as 1's.
    assert type(cleaned_value(field("legal_form"), True, a_client())) is int
    # A date with a time is no date, though it is one to `isinstance`.
    cleaned_value(field("submitted_on"), datetime.date(2024, 1, 1), a_client())
    moment = datetime.datetime(2024, 1, 1, 9, 30)
    assert cleaned_value(field("submitted_on"), moment, a_client()) == datetime.date(2024, 1, 1)


def test_an_equal_decimal_with_more_digits_is_checked_for_its_own():
    income = field("monthly_income")
    assert cleaned_value(income, Decimal("1.5"), a_client()) == Decimal("1.5")
    too_precise = Decimal("1.5" + "0" * income.decimal_places)  # equal to 1.5
    with pytest.raises(ValidationError):
        cleaned_value(income, too_precise, a_client())


def test_a_reference_whose_row_went_away_between_two_checks_is_refused():
    code = Code.objects.create(name="Gender check")
    value = CodeValue.objects.create(code=code, name="Other")
    gender = field("gender")
    assert cleaned_value(gender, value.pk, a_client()) == value.pk
    gone = value.pk
    value.delete()
    with pytest.raises(ValidationError):
        cleaned_value(gender, gone, a_client())
