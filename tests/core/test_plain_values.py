"""A bulk import's reader reads a plain value new to its file (a text trimmed and within its
limits, an ISO date) without DRF's layers (core/api/plain_values.py), and any other value
DRF's whole way: each value a client's body may hold answers as the API's reader answers it
(`POST /clients` reads without remembering), its refusal's code and wording the same."""

import datetime

import pytest
from django.utils import translation
from rest_framework import serializers
from tests.support import calls_recorded

from mteja.clients.api.serializers import ClientCreateInput
from mteja.core import wire
from mteja.core.api.fields import RequestDateField, StrictCharField
from mteja.core.api.inputs import BodyReader, InputSerializer
from mteja.core.api.plain_values import plain_reading
from mteja.core.errors import ValidationFailed

# Values that look plain and are not, or are plain at a limit, for a text of 50 characters
# (firstname), of 100 (externalId), of 50 (mobileNo), and a date.
TEXTS = [
    "Asha", "a" * 50, "a" * 51, "é" * 50, "é" * 51, "🙂" * 50, "🙂" * 51, "As\x00ha",
    "As\ud800ha", "\ud83d\ude42", " Asha", "Asha ", "\tAsha", "Asha\u00a0", "\u3000Asha",
    "Asha\u200b", "", " ", "\u2003", "A", "'", "=1+1", "As ha", "中文名字", "a\u0301" * 26,
    "a" * 100, "a" * 101, "0712345678", "+254 712 345 678",
]  # fmt: skip
DATES = [
    "1990-01-05", "1990-02-29", "2024-02-29", "1990-13-01", "1990-00-10", "0000-01-01",
    "9999-12-31", "1990/01/05", "05-01-1990", "1990-1-5", "19900105", "1990-01-05T10:00",
    " 1990-01-05", "1990-01-05 ", "1990 -01-05", "１９９０-01-05", "1990-01-05\u200b",
    "1990-W01-1", "today", "", " ", "\u00a01990-01-05",
]  # fmt: skip


def _answer(reader: BodyReader, body: dict):
    try:
        return reader.read(dict(body))
    except ValidationFailed as refused:
        return [(error.param, error.code, error.message) for error in refused.errors]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("param", ["firstname", "externalId", "mobileNo", "dateOfBirth"])
def test_each_value_answers_as_the_apis_reader(param, language):
    remembering = BodyReader(ClientCreateInput, remember_values=True)
    api = BodyReader(ClientCreateInput)
    values = DATES if param == "dateOfBirth" else TEXTS
    with translation.override(language):
        for _round in range(2):  # new to the reader, then known to it
            for value in values:
                body = {"officeId": 1, "legalFormId": 1, param: value}
                assert _answer(remembering, body) == _answer(api, body), value


class Body(InputSerializer):
    resource = "body"
    name = StrictCharField(max_length=5, required=False)
    day = RequestDateField(required=False)


@pytest.fixture
def drf_reads(monkeypatch):
    """The values DRF's whole way read (its `run_validation` of a text or a date)."""
    read = []
    for kind, counted_kind in ((serializers.CharField, StrictCharField),
                               (serializers.Field, RequestDateField)):  # fmt: skip
        original = kind.run_validation

        def counted(self, data=serializers.empty, original=original, counted_kind=counted_kind):
            if isinstance(self, counted_kind):
                read.append(data)
            return original(self, data)

        monkeypatch.setattr(kind, "run_validation", counted)
    return read


def test_a_plain_text_and_an_iso_date_are_read_without_drfs_way(drf_reads):
    reader = BodyReader(Body, remember_values=True)
    assert reader.read({"name": "Asha", "day": "1990-01-05"}) == {
        "name": "Asha",
        "day": datetime.date(1990, 1, 5),
    }
    assert reader.read({"name": "Zoë", "day": "1991-07-31"})["name"] == "Zoë"
    assert drf_reads == []
    # The API's reader reads each DRF's way.
    BodyReader(Body).read({"name": "Asha", "day": "1990-01-05"})
    assert drf_reads == ["Asha", "1990-01-05"]


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Ashaa1"},  # too long by one
        {"name": " Asha"},  # trimmed by DRF
        {"name": "As\x00h"},
        {"name": ""},
        {"name": "   "},
        {"day": "1990-02-30"},
        {"day": "05/01/1990"},
        {"day": "1990-1-5"},
    ],
)
def test_a_value_not_plain_is_read_drfs_way(drf_reads, body):
    reader = BodyReader(Body, remember_values=True)
    assert _answer(reader, body) == _answer(BodyReader(Body), body)
    (value,) = body.values()
    assert drf_reads == [value, value]


def test_a_date_under_a_dateformat_is_never_read_plain(drf_reads):
    reader = BodyReader(Body, remember_values=True)
    formatted = {"day": "2003-02-01", "dateFormat": "yyyy-dd-MM", "locale": "en"}
    assert reader.read(formatted) == {"day": datetime.date(2003, 1, 2)}
    assert drf_reads == ["2003-02-01"]


class Shouting(StrictCharField):
    """A text field that reads otherwise than DRF's own."""

    def to_internal_value(self, data):
        return super().to_internal_value(data).upper()


def test_a_field_read_otherwise_has_no_plain_reading():
    class Dated(RequestDateField):
        def to_internal_value(self, value):
            return wire.parse_date(value, None, None) + datetime.timedelta(days=1)

    assert plain_reading(Shouting(max_length=5)) is None
    assert plain_reading(Dated()) is None
    assert plain_reading(serializers.RegexField(r"^\d+$")) is None
    assert plain_reading(StrictCharField(max_length=5)) is not None
    assert plain_reading(RequestDateField()) is not None


def test_a_shouting_field_keeps_its_reading():
    class Loud(InputSerializer):
        resource = "loud"
        name = Shouting(max_length=5, required=False)

    assert BodyReader(Loud, remember_values=True).read({"name": "asha"}) == {"name": "ASHA"}


def test_each_fields_step_is_worked_out_once_for_any_number_of_sets_of_keys(monkeypatch):
    """A file's rows give a few hundred sets of keys: each set's plan is chosen among steps
    worked out once, and reads its body as a fresh reader does."""
    asked = calls_recorded(monkeypatch, InputSerializer, "_fields_to_read")
    bodies = [
        {"officeId": 1, "legalFormId": 1, "firstname": "Asha"},
        {"officeId": 1, "legalFormId": 1, "lastname": "Njeri", "mobileNo": "07"},
        {"officeId": 1, "legalFormId": 1, "dateOfBirth": "1990-01-05"},
        {"legalFormId": 1, "externalId": "E-1"},
    ]
    expected = [_answer(BodyReader(ClientCreateInput), body) for body in bodies]
    asked.clear()
    reader = BodyReader(ClientCreateInput, remember_values=True)
    assert [_answer(reader, body) for body in bodies] == expected
    assert asked == [None]
