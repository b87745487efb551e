"""An input reads a JSON body field by field as DRF does (core/api/inputs.py `_read_json`,
which looks up per body only what changes with it): the same values, the same errors in the
same order, a field's `validate_<name>` method, a field reading the body its own way, a
nested body and a field with a dotted source alike."""

import pytest
from rest_framework import serializers

from mteja.core.api.inputs import BodyReader, InputSerializer, _blank_as_null, _blanks_as_absent
from mteja.core.errors import ValidationFailed


class Part(InputSerializer):
    code = serializers.CharField(max_length=3)
    size = serializers.IntegerField(required=False, min_value=1)


class Body(InputSerializer):
    resource = "thing"
    name = serializers.CharField(max_length=5)
    count = serializers.IntegerField(required=False, max_value=9)
    when = serializers.DateField(required=False, allow_null=True)
    part = Part(required=False, allow_null=True)
    tags = serializers.ListField(child=serializers.CharField(max_length=2), required=False)
    kept = serializers.CharField(required=False, source="inner.kept")
    level = serializers.ChoiceField(choices=["low", "high"], default="low")

    def validate_name(self, value):
        if value == "nope":
            raise serializers.ValidationError("Not that name.")
        return value.upper()


BODIES = [
    {"name": "ab"},
    {"name": "ab", "count": 3, "when": "2024-01-02", "part": {"code": "x", "size": 2}},
    {"name": "toolong", "count": 10, "when": "2024-02-30", "part": {"code": "abcd", "size": 0}},
    {"name": "nope", "tags": ["a", "abc"], "kept": "k", "level": "mid"},
    {"count": "x", "when": "", "part": None, "tags": "notalist", "level": "high"},
    {"name": "ok", "part": "notabody", "kept": ""},
    {"name": None, "count": None, "level": None},
]


def _read(data, read):
    body = Body()
    body.present = frozenset(data)
    try:
        return "read", read(body)
    except serializers.ValidationError as invalid:
        return "refused", invalid.detail


@pytest.mark.parametrize("data", BODIES)
def test_a_body_is_read_as_drf_reads_it(data):
    found = _read(data, lambda body: body.to_internal_value(data))
    # DRF's own loop, on the body with its blanks read as the input reads them.
    expected = _read(
        data,
        lambda body: serializers.Serializer.to_internal_value(
            body, _blanks_as_absent(data, _blank_as_null(body.fields))
        ),
    )
    assert found == expected
    if found[0] == "refused":  # the errors in the same order
        assert list(found[1]) == list(expected[1])


def test_one_reader_reads_bodies_of_other_keys_each_as_alone():
    reader = BodyReader(Body)
    for data in BODIES * 2:
        alone = BodyReader(Body)
        try:
            expected = ("read", alone.read(data))
        except ValidationFailed as failed:
            expected = ("refused", [(e.param, e.code, e.message) for e in failed.errors])
        try:
            found = ("read", reader.read(data))
        except ValidationFailed as failed:
            found = ("refused", [(e.param, e.code, e.message) for e in failed.errors])
        assert found == expected
