"""Problems: the one collector of a request's errors."""

import datetime
from decimal import Decimal

import pytest

from mteja.core.errors import NotFound, Problems, ValidationFailed


def test_rules_become_fineract_codes_and_whole_codes_are_kept():
    problems = Problems("staff")
    problems.add("firstname", "cannot.be.blank", "Required.")
    problems.add("officeId", "error.msg.office.id.invalid", "No such office.", 9)
    assert [e.code for e in problems.errors] == [
        "validation.msg.staff.firstname.cannot.be.blank",
        "error.msg.office.id.invalid",
    ]
    assert problems.has("firstname") and not problems.has("lastname")


def test_missing_references_alone_are_a_404_with_every_one_of_them():
    problems = Problems()
    problems.add_missing("staffId", "error.msg.staff.id.invalid", "No such officer.", 7)
    problems.add_missing("genderId", "error.msg.codevalue.id.invalid", "No such gender.", 8)
    with pytest.raises(NotFound) as caught:
        problems.raise_if_any()
    assert [e.param for e in caught.value.errors] == ["staffId", "genderId"]


def test_invalid_values_take_the_missing_references_along_in_one_400():
    problems = Problems()
    problems.add_missing("staffId", "error.msg.staff.id.invalid", "No such officer.", 7)
    problems.add("firstname", "cannot.be.blank", "Required.")
    with pytest.raises(ValidationFailed) as caught:
        problems.raise_if_any()
    assert [e.param for e in caught.value.errors] == ["firstname", "staffId"]


def test_dates_are_echoed_in_iso_form():
    problems = Problems()
    problems.add("dateOfBirth", "is.invalid", "Odd.", datetime.date(2000, 1, 2))
    assert problems.errors[0].value == "2000-01-02"


def test_a_part_of_the_request_has_its_own_resource_and_prefixed_names():
    problems = Problems("client")
    row = problems.within("extra_details", "datatables[0].")
    row.add("income", "is.less.than.min.value", "Too low.", Decimal("-1"), ("0",))
    row.add("notes", "is.invalid", "Not text.", {"a": 1})
    assert [(e.param, e.code, e.value) for e in problems.invalid] == [
        (
            "datatables[0].income",
            "validation.msg.extra_details.income.is.less.than.min.value",
            "-1",
        ),
        ("datatables[0].notes", "validation.msg.extra_details.notes.is.invalid", None),
    ]
    assert row.has("income") and problems.has("datatables[0].income")
    with pytest.raises(ValidationFailed):
        problems.raise_if_any()


def test_extend_adds_ready_errors():
    source = Problems("role")
    source.add("name", "cannot.be.blank", "Required.")
    problems = Problems("role")
    problems.extend(source.errors)
    assert problems.has("name")


def test_an_empty_collector_raises_nothing():
    Problems("client").raise_if_any()
