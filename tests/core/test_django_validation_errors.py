"""Django's ValidationError (from model.full_clean()) as Fineract's 400, parameters by their API
names and codes in Fineract's form."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import DecimalValidator, MaxValueValidator, MinValueValidator

from mteja.core.api.errors import body_for
from mteja.core.errors import ValidationFailed, from_django_validation_error


def field_errors(**errors: list[ValidationError]) -> ValidationError:
    return ValidationError(errors)


def caught(validator, value) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        validator(value)
    return error.value


def test_a_model_error_is_named_as_the_api_names_it():
    with pytest.raises(ValidationError) as error:
        Group(name="x" * 151).full_clean()
    failed = from_django_validation_error(error.value, {"name": "groupName"}, "group")
    assert isinstance(failed, ValidationFailed)
    (only,) = failed.errors
    assert only.code == "validation.msg.group.groupName.exceeds.max.length"
    assert only.param == "groupName"
    assert only.args == (150,)
    assert only.value == "x" * 151
    assert "150" in only.message


def test_a_missing_name_gets_the_mechanical_camel_case_one():
    exc = field_errors(date_of_birth=[ValidationError("Required.", code="required")])
    (only,) = from_django_validation_error(exc, {}, "client").errors
    assert (only.param, only.code) == (
        "dateOfBirth",
        "validation.msg.client.dateOfBirth.cannot.be.blank",
    )


def test_names_may_come_from_a_function():
    exc = field_errors(gender=[ValidationError("Bad.", code="invalid")])
    (only,) = from_django_validation_error(exc, lambda name: f"{name}Id", "client").errors
    assert only.code == "validation.msg.client.genderId.is.invalid"


@pytest.mark.parametrize(
    ("error", "rule", "args"),
    [
        (caught(MaxValueValidator(50), 75), "is.greater.than.max.value", (50,)),
        (caught(MinValueValidator(0), -1), "is.less.than.min.value", (0,)),
        (caught(DecimalValidator(19, 6), Decimal("1" * 20)), "exceeds.max.length", (19,)),
        (
            caught(DecimalValidator(19, 6), Decimal("1.1234567")),
            "exceeds.max.decimal.places",
            (6,),
        ),
        (ValidationError("Blank.", code="blank"), "cannot.be.blank", ()),
        (ValidationError("Null.", code="null"), "cannot.be.blank", ()),
        (ValidationError("Choice.", code="invalid_choice"), "is.not.within.expected.range", ()),
        (ValidationError("No code."), "is.invalid", ()),
        (ValidationError("Odd.", code="odd_rule"), "odd_rule", ()),
    ],
)
def test_django_codes_become_fineract_rules(error, rule, args):
    exc = field_errors(number_of_dependents=[error])
    (only,) = from_django_validation_error(exc, {}, "client").errors
    assert only.code == f"validation.msg.client.numberOfDependents.{rule}"
    assert only.args == args


def test_a_code_that_is_already_fineracts_is_kept_whole():
    exc = field_errors(external_id=[ValidationError("Taken.", code="error.msg.client.duplicate")])
    (only,) = from_django_validation_error(exc, {}, "client").errors
    assert only.code == "error.msg.client.duplicate"


def test_every_error_of_every_field_comes_back_in_one_400():
    exc = field_errors(
        firstname=[
            ValidationError("Blank.", code="blank"),
            ValidationError("Odd.", code="invalid"),
        ],
        monthly_income=[caught(MaxValueValidator(Decimal(10)), Decimal("10.5"))],
        **{NON_FIELD_ERRORS: [ValidationError("Dates disagree.", code="invalid")]},
    )
    failed = from_django_validation_error(exc, {}, "client")
    body = body_for(failed)
    assert body["httpStatusCode"] == "400"
    assert body["userMessageGlobalisationCode"] == "validation.msg.validation.errors.exist"
    assert [(e["parameterName"], e["userMessageGlobalisationCode"]) for e in body["errors"]] == [
        ("firstname", "validation.msg.client.firstname.cannot.be.blank"),
        ("firstname", "validation.msg.client.firstname.is.invalid"),
        ("monthlyIncome", "validation.msg.client.monthlyIncome.is.greater.than.max.value"),
        ("id", "validation.msg.client.id.is.invalid"),
    ]
    assert body["errors"][2]["value"] == "10.5"
    assert body["errors"][2]["args"] == [{"value": "10"}]


def test_an_error_without_fields_is_about_the_id():
    (only,) = from_django_validation_error(
        ValidationError("Not allowed.", code="invalid"), {}, "client"
    ).errors
    assert (only.param, only.message) == ("id", "Not allowed.")


def test_message_parameters_are_filled_in_and_values_made_plain():
    exc = field_errors(
        activation_date=[
            ValidationError(
                "%(value)s is too late.",
                code="max_value",
                params={
                    "value": datetime.date(2030, 1, 2),
                    "limit_value": datetime.date(2029, 1, 1),
                },
            )
        ]
    )
    (only,) = from_django_validation_error(exc, {}, "client").errors
    assert only.message == "2030-01-02 is too late."
    assert only.value == "2030-01-02"
    assert only.args == ("2029-01-01",)
