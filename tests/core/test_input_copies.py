"""Each request body gets its own fields (core/api/inputs.py copies plain fields shallowly):
one body's validation never leaks into another's."""

from rest_framework import serializers

from mteja.core.api.inputs import InputSerializer


class Part(InputSerializer):
    code = serializers.CharField(max_length=3)


class Body(InputSerializer):
    name = serializers.CharField(max_length=5)
    part = Part(required=False)
    tags = serializers.ListField(child=serializers.CharField(max_length=2), required=False)


def test_each_body_has_its_own_fields_bound_to_itself():
    first, second = Body(data={}), Body(data={})
    assert first.fields["name"] is not second.fields["name"]
    assert first.fields["name"].parent is first and second.fields["name"].parent is second
    assert first.fields["part"].fields["code"].root is first
    assert first.fields["tags"].child.root is first
    assert Body._declared_fields["name"].parent is None  # the declaration is never bound


def test_a_change_to_one_bodys_field_stays_in_that_body():
    first = Body(data={"name": "toolong"})
    first.fields["name"].max_length = 10
    first.fields["name"].validators = []
    assert first.is_valid()
    second = Body(data={"name": "toolong", "part": {"code": "abcd"}, "tags": ["abc"]})
    assert not second.is_valid()
    assert set(second.errors) == {"name", "part", "tags"}
