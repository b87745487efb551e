"""A bulk import's reader keeps each plain field's reading of the values its rows repeat
(core/api/inputs.remembering_reads): the same answers as reading each body afresh, refusals
read again (in the language of the moment), a date under a body's own format read again,
nothing kept beyond the reader."""

import datetime

import pytest
from django.utils import translation
from rest_framework import serializers

from mteja.core import wire
from mteja.core.api.fields import RequestDateField, StrictCharField
from mteja.core.api.inputs import BodyReader, InputSerializer
from mteja.core.errors import ValidationFailed


class Body(InputSerializer):
    resource = "body"
    name = StrictCharField(max_length=5, required=False)
    count = serializers.IntegerField(required=False, max_value=9)
    day = RequestDateField(required=False)


@pytest.fixture
def readings(monkeypatch):
    """How many times each kind of field read a value itself: a text or a number by DRF's
    way, a date by `wire.parse_date` (DRF's way or the field's plain reading)."""
    counted = {"name": 0, "count": 0, "day": 0}
    for name, kind in (("name", StrictCharField), ("count", serializers.IntegerField)):
        original = kind.to_internal_value

        def counting(self, data, original=original, name=name):
            counted[name] += 1
            return original(self, data)

        monkeypatch.setattr(kind, "to_internal_value", counting)
    parse_date = wire.parse_date

    def counting_dates(*args):
        counted["day"] += 1
        return parse_date(*args)

    monkeypatch.setattr(wire, "parse_date", counting_dates)
    return counted


def test_a_value_read_before_is_given_again_without_reading_it(readings):
    reader = BodyReader(Body, remember_values=True)
    body = {"name": " Amina ", "count": 3, "day": "1990-02-01"}
    first, second = reader.read(dict(body)), reader.read(dict(body))
    assert first == second == {"name": "Amina", "count": 3, "day": datetime.date(1990, 2, 1)}
    assert readings == {"name": 1, "count": 1, "day": 1}
    # The same as a reader that keeps nothing (the API's), which reads every time.
    plain = BodyReader(Body)
    assert plain.read(dict(body)) == first and plain.read(dict(body)) == first
    assert readings == {"name": 3, "count": 3, "day": 3}


def test_a_number_and_its_text_are_different_values(readings):
    reader = BodyReader(Body, remember_values=True)
    assert reader.read({"name": 12}) == {"name": "12"}
    assert reader.read({"name": "12"}) == {"name": "12"}
    assert reader.read({"count": "3"}) == {"count": 3}
    assert reader.read({"count": 3}) == {"count": 3}
    assert readings["name"] == 2 and readings["count"] == 2


def test_a_refused_value_is_refused_each_time_in_the_language_of_the_moment():
    reader = BodyReader(Body, remember_values=True)
    with translation.override("en"), pytest.raises(ValidationFailed) as english:
        reader.read({"day": "1990-02-30"})
    with translation.override("fr"), pytest.raises(ValidationFailed) as french:
        reader.read({"day": "1990-02-30"})
    assert english.value.errors[0].param == french.value.errors[0].param == "day"
    assert english.value.errors[0].message != french.value.errors[0].message
    with pytest.raises(ValidationFailed):
        reader.read({"name": "toolong"})
    with pytest.raises(ValidationFailed):
        reader.read({"name": "toolong"})


def test_a_date_under_the_bodys_own_format_is_read_with_it(readings):
    reader = BodyReader(Body, remember_values=True)
    assert reader.read({"day": "2003-02-01"}) == {"day": datetime.date(2003, 2, 1)}
    formatted = {"day": "2003-02-01", "dateFormat": "yyyy-dd-MM", "locale": "en"}
    assert reader.read(dict(formatted)) == {"day": datetime.date(2003, 1, 2)}
    assert reader.read(dict(formatted)) == {"day": datetime.date(2003, 1, 2)}
    assert readings["day"] == 3  # each body with a format read afresh
    assert reader.read({"day": "2003-02-01"}) == {"day": datetime.date(2003, 2, 1)}
    assert readings["day"] == 3


def test_nothing_is_kept_beyond_the_reader(readings):
    BodyReader(Body, remember_values=True).read({"name": "Amina"})
    BodyReader(Body, remember_values=True).read({"name": "Amina"})
    assert readings["name"] == 2


def test_a_field_checked_by_another_kind_of_validator_reads_each_value(readings):
    looked_up = []

    class Reserved(Body):
        name = StrictCharField(max_length=5, required=False, validators=[looked_up.append])

    reader = BodyReader(Reserved, remember_values=True)
    reader.read({"name": "Amina"})
    reader.read({"name": "Amina"})
    assert looked_up == ["Amina", "Amina"] and readings["name"] == 2
