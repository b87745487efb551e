"""Fineract's error body, built from MtejaError values."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.core.echoed_values import echoed
from mteja.core.errors import MtejaError, ParameterError


class InvalidRequestBody(MtejaError):
    top_code = "error.msg.invalid.request.body"
    top_message = gettext_lazy("The request body is not valid JSON or not a JSON object.")

    def __init__(self, detail: str | None = None):
        super().__init__([ParameterError(self.top_code, "body", detail or self.top_message)])


class UnsupportedParameters(MtejaError):
    def __init__(self, names: list[str]):
        super().__init__(
            [
                ParameterError(
                    "error.msg.parameter.unsupported",
                    name,
                    _("The parameter %(name)s is not supported.") % {"name": name},
                    value=None,
                    args=(name,),
                )
                for name in map(echoed, names)
            ]
        )


def error_body(status: int, top_code: str, top_message: str, errors: list[ParameterError]):
    return {
        "developerMessage": str(top_message),
        "httpStatusCode": str(status),
        "defaultUserMessage": str(top_message),
        "userMessageGlobalisationCode": top_code,
        "errors": [
            {
                "developerMessage": error.message,
                "defaultUserMessage": error.message,
                "userMessageGlobalisationCode": error.code,
                "parameterName": error.param,
                "value": error.value,
                "args": [{"value": arg} for arg in error.args],
            }
            for error in errors
        ],
    }


def body_for(exc: MtejaError) -> dict:
    return error_body(exc.status, exc.top_code, exc.top_message, exc.errors)


def simple_body(status: int, code: str, message: str, param: str | None = None) -> dict:
    errors = [ParameterError(code, param, message)] if param else []
    return error_body(status, code, message, errors)
