"""drf-spectacular extensions so the schema describes Mteja's API as it answers: Fineract's
error body for every failure, DELETE's 200 with a body, Mteja's own authentication."""

from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerFieldExtension,
)
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from mteja.core.api.inputs import InputSerializer, reads_blank_as_absent


class FineractBasicAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "mteja.core.api.authentication.FineractBasicAuthentication"
    name = "basicAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "basic"}


class TextReadFromNumbers(OpenApiSerializerFieldExtension):
    """A text parameter of a request takes a number too, read as its text (as Fineract does:
    `"name": 12` is the name "12")."""

    target_class = "rest_framework.fields.CharField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        text = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction != "request":
            return text
        # The field's own description, nullability… stay on the whole, added by the caller.
        for key in auto_schema._get_serializer_field_meta(self.target, direction):
            text.pop(key, None)
        return {"anyOf": [text, {"type": "number"}]}


class BooleanReadFromWords(OpenApiSerializerFieldExtension):
    """A true/false parameter of a request takes DRF's other spellings too: 1 and 0, "true",
    "yes", "on" and their opposites, as Fineract apps may send them."""

    target_class = "rest_framework.fields.BooleanField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        if direction != "request":
            return {"type": "boolean"}
        spellings = self.target.TRUE_VALUES | self.target.FALSE_VALUES
        words = sorted({value.lower() for value in spellings if isinstance(value, str)})
        # DRF reads the words in any case: "TRUE", "Yes".
        any_case = "|".join(
            "".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in word) for word in words
        )
        return {
            "anyOf": [
                {"type": "boolean"},
                {"type": "integer", "enum": [0, 1]},
                {"type": "string", "pattern": f"^(?:{any_case})$"},
            ]
        }


def only_canonical_paths(endpoints):
    """Keeps /fineract-provider/api/v1/… (and v2) and drops their /api/v1/… (v2) aliases from
    the schema."""
    return [
        endpoint for endpoint in endpoints if not endpoint[0].startswith(("/api/v1/", "/api/v2/"))
    ]


class FineractErrorArgument(serializers.Serializer):
    value = serializers.JSONField(allow_null=True)


class FineractParameterError(serializers.Serializer):
    developerMessage = serializers.CharField()
    defaultUserMessage = serializers.CharField()
    userMessageGlobalisationCode = serializers.CharField()
    parameterName = serializers.CharField(allow_null=True)
    value = serializers.JSONField(allow_null=True)
    args = FineractErrorArgument(many=True)


class FineractError(serializers.Serializer):
    """Fineract's error body (mteja.core.api.errors.error_body)."""

    developerMessage = serializers.CharField()
    httpStatusCode = serializers.CharField(help_text="The HTTP status, as a string.")
    defaultUserMessage = serializers.CharField()
    userMessageGlobalisationCode = serializers.CharField()
    errors = FineractParameterError(many=True)


# Every operation may answer these, each with Fineract's error body.
ERRORS = {
    400: "The request is malformed or a parameter is invalid (every error at once).",
    401: "No credentials, or wrong ones.",
    403: "A business rule forbids the request, or the user lacks the permission.",
    404: "The resource does not exist or is outside the user's offices.",
    405: "The method is not allowed on this path.",
    406: "The Accept header asks for something other than JSON.",
    409: "The record was changed meanwhile, or the request conflicts with stored data.",
    413: "The request body is too large.",
    415: "The request's Content-Type is not JSON.",
    503: "The database is unavailable for a moment; try again.",
}


class FineractAutoSchema(AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            direction == "request"
            and not field.required
            and isinstance(field.parent, InputSerializer)
            and reads_blank_as_absent(field)
        ):
            # A blank string is read as no value (core/api/inputs.py), as Fineract reads it.
            return {"anyOf": [schema, {"type": "string", "pattern": r"^\s*$"}]}
        return schema

    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            # An optional query parameter given empty (`?status=`) is read as not given.
            if parameter["in"] == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        return parameters

    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        # DRF answers a field's default when its source is absent (the `staff.name` of a
        # client without staff): a default of None is a null in the response.
        if direction == "response" and field.default is None:
            meta["nullable"] = True
        return meta

    def _get_response_bodies(self, direction="response"):
        declared = self.get_response_serializers()
        if self.method == "DELETE" and not isinstance(declared, dict | type(None)):
            # Fineract answers a DELETE with 200 and a body, like any other write.
            responses = {"200": self._get_response_for_code(declared, "200", direction=direction)}
        else:
            responses = super()._get_response_bodies(direction)
        for status, description in ERRORS.items():
            responses.setdefault(
                str(status),
                self._get_response_for_code(
                    OpenApiResponse(FineractError, description=description),
                    str(status),
                    direction=direction,
                ),
            )
        return responses
