"""Domain errors are values: a code, the parameter it concerns, a message and an HTTP status.

Services raise them; the API renders Fineract's error body, the web UI shows the message beside
the field named by `param`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.core.declarations import camel
from mteja.core.echoed_values import echoed


@dataclass(frozen=True)
class ParameterError:
    code: str
    param: str
    message: str
    value: Any = None
    args: tuple = field(default_factory=tuple)

    def __post_init__(self):
        # A lazy translation is rendered in the language of the request that raised it, so
        # the message stored (and written as JSON) is always a plain str.
        if self.message is not None and not isinstance(self.message, str):
            object.__setattr__(self, "message", str(self.message))
        # What the request sent, echoed back within a readable length (a parameter's name
        # too: an unsupported key of 100,000 characters).
        object.__setattr__(self, "value", echoed(self.value))
        object.__setattr__(self, "param", echoed(self.param))
        object.__setattr__(self, "args", tuple(map(echoed, self.args)))


class MtejaError(Exception):
    """Base class for errors a request can cause; never a 500."""

    status = 400
    top_code = "validation.msg.validation.errors.exist"
    top_message = gettext_lazy("Validation errors exist.")

    def __init__(self, errors: list[ParameterError]):
        super().__init__(errors[0].message if errors else self.top_message)
        self.errors = errors

    @property
    def first(self) -> ParameterError:
        return self.errors[0]

    def for_param(self, param: str) -> list[ParameterError]:
        return [e for e in self.errors if e.param == param]


class ValidationFailed(MtejaError):
    """400: one or more parameters are invalid; every error of the request at once."""


class DomainError(MtejaError):
    """403 by default: a business rule forbids the request (state machine, scope, dates)."""

    status = 403
    top_code = "validation.msg.domain.rule.violation"
    top_message = gettext_lazy("Errors contain reason for domain rule violation.")

    def __init__(
        self,
        code: str,
        message: str,
        *,
        param: str = "id",
        value: Any = None,
        args: tuple = (),
        status: int | None = None,
    ):
        super().__init__([ParameterError(code, param, message, value, args)])
        if status is not None:
            self.status = status
        if self.status == 400:
            self.top_code = "validation.msg.validation.errors.exist"
            self.top_message = _("Validation errors exist.")

    @classmethod
    def from_errors(cls, errors: list[ParameterError]) -> DomainError:
        """One 403 carrying several rule violations at once."""
        first = errors[0]
        error = cls(first.code, first.message, param=first.param, value=first.value)
        error.errors = list(errors)
        return error


class DataIntegrityViolation(DomainError):
    """403 with Fineract's data-integrity body: the top-level code is the specific one
    (a duplicate value, a row still referred to)."""

    def __init__(self, code: str, message: str, *, param: str = "id", value: Any = None):
        super().__init__(code, message, param=param, value=value)
        self.top_code = code
        self.top_message = str(message)


class TooBusy(DomainError):
    """429: the request waits on others of its kind to end (the user's imports queued, the
    downloads streaming). It concerns no parameter: its error names none (`param` None, where
    a rule's error names "id", which the client never sent), and the body's top says why
    rather than calling it a rule's violation."""

    status = 429

    def __init__(self, code: str, message: str):
        super().__init__(code, message, param=None)
        self.top_code = code
        self.top_message = str(message)


class UniquenessViolation(DataIntegrityViolation):
    """403: a value that must be unique already exists."""

    def __init__(self, code: str, message: str, *, param: str, value: Any = None):
        super().__init__(code, message, param=param, value=value)


class NotFound(DomainError):
    status = 404
    top_code = "error.msg.resource.not.found"
    top_message = gettext_lazy("The requested resource is not available.")

    def __init__(self, code: str, message: str, *, param: str = "id", value: Any = None):
        super().__init__(code, message, param=param, value=value)


class NotAuthorized(DomainError):
    status = 403

    def __init__(self, message: str | None = None):
        message = str(message) if message else _("User has no authority to perform this action.")
        super().__init__("error.msg.not.authorized", message)
        self.top_code = "error.msg.not.authorized"
        self.top_message = message


class StaleVersion(DomainError):
    status = 409
    top_code = "error.msg.stale.version"
    top_message = gettext_lazy("The record was changed by someone else; reload it and try again.")

    def __init__(self, entity: str, current_version: int):
        super().__init__(
            "error.msg.stale.version",
            (
                _(
                    "The client was changed by someone else (now at version %(version)s); "
                    "reload it and try again."
                )
                if entity == "client"
                else _(
                    "The record was changed by someone else (now at version %(version)s); "
                    "reload it and try again."
                )
            )
            % {"version": current_version},
            param="version",
            value=current_version,
        )


@dataclass
class Problems:
    """Every problem of one request, collected so that the caller gets all of them at once.

    `invalid` holds the 400s (bad shape or value); `missing` the references that do not exist
    (Fineract's 404s), which become one 404 only when nothing is invalid. A rule is either a
    suffix (`cannot.be.blank` → `validation.msg.<resource>.<param>.cannot.be.blank`) or a
    whole code (`error.msg…`, `validation.msg…`).
    """

    resource: str = "client"
    invalid: list[ParameterError] = field(default_factory=list)
    missing: list[ParameterError] = field(default_factory=list)
    # Set by within(): parameter names are prefixed, only plain values are echoed back.
    prefix: str = ""
    nested: bool = False

    def add(self, param: str, rule: str, message: str, value: Any = None, args: tuple = ()):
        code = (
            rule
            if rule.startswith(("error.", "validation."))
            else f"validation.msg.{self.resource}.{param}.{rule}"
        )
        self.invalid.append(
            ParameterError(code, self.prefix + param, message, self._echo(value), args)
        )

    def add_missing(self, param: str, code: str, message: str, value: Any = None):
        self.missing.append(ParameterError(code, self.prefix + param, message, self._echo(value)))

    def extend(self, errors: Iterable[ParameterError]):
        self.invalid.extend(errors)

    def within(self, resource: str, prefix: str = "") -> Problems:
        """The same collection, for a part of the request with its own resource (a datatable
        row given with a client): codes name that resource and the part's own parameter,
        parameter names carry `prefix` (`datatables[0].`)."""
        return Problems(resource, self.invalid, self.missing, self.prefix + prefix, nested=True)

    @property
    def errors(self) -> list[ParameterError]:
        return [*self.invalid, *self.missing]

    def has(self, param: str) -> bool:
        if not self.invalid and not self.missing:  # (most requests, asked a dozen times)
            return False
        return any(e.param == self.prefix + param for e in self.errors)

    def raise_if_any(self):
        if self.invalid:
            raise ValidationFailed(self.errors)
        if self.missing:
            first = self.missing[0]
            error = NotFound(first.code, first.message, param=first.param, value=first.value)
            error.errors = list(self.missing)
            raise error

    def _echo(self, value: Any) -> Any:
        if isinstance(value, datetime.date):
            return value.isoformat()
        if not self.nested:
            return value
        if isinstance(value, Decimal):
            return str(value)
        # A nested body may hold anything: echo only what is plainly a value.
        return value if isinstance(value, str | int | float | bool | type(None)) else None


# Django's and DRF's error codes → the rule part of Fineract's validation codes.
FINERACT_RULES = {
    "required": "cannot.be.blank",
    "blank": "cannot.be.blank",
    "null": "cannot.be.blank",
    "max_length": "exceeds.max.length",
    "min_length": "is.less.than.min.length",
    "max_value": "is.greater.than.max.value",
    "min_value": "is.less.than.min.value",
    "invalid": "is.invalid",
    "invalid_choice": "is.not.within.expected.range",
    "max_string_length": "exceeds.max.length",
    "not_a_list": "is.invalid",
    "not_a_dict": "is.invalid",
    "max_digits": "exceeds.max.length",
    "max_decimal_places": "exceeds.max.decimal.places",
    "max_whole_digits": "exceeds.max.length",
}


def fineract_code(resource: str, param: str, django_code: str | None) -> str:
    """`validation.msg.<resource>.<param>.<rule>` for a Django or DRF error code; a code that
    is already Fineract's (`error.msg…`, `validation.msg…`) is kept whole."""
    code = django_code or "invalid"
    rule = FINERACT_RULES.get(code, code)
    if rule.startswith(("validation.msg.", "error.msg.")):
        return rule
    return f"validation.msg.{resource}.{param}.{rule}"


def from_django_validation_error(
    exc: DjangoValidationError,
    param_names: Mapping[str, str] | Callable[[str], str],
    resource: str,
) -> ValidationFailed:
    """Django's ValidationError (from `model.full_clean()`, keyed by model field names) as
    Fineract's 400, each parameter named as the API names it: `param_names` maps a model
    field to its API name (a mapping, where a missing field gets the mechanical camelCase
    name, or a function). Errors not about one field (`__all__`) are about `id`.
    Returns the error for the caller to raise."""
    if callable(param_names):
        name_of = param_names
    else:
        names = param_names

        def name_of(field_name: str) -> str:
            return names.get(field_name) or camel(field_name)

    by_field = exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
    errors = []
    for field_name, field_errors in by_field.items():
        param = "id" if field_name == NON_FIELD_ERRORS else name_of(field_name)
        for error in field_errors:
            params = error.params or {}
            errors.append(
                ParameterError(
                    fineract_code(resource, param, error.code),
                    param,
                    " ".join(error.messages),
                    _json_value(params.get("value")),
                    _limit_args(params),
                )
            )
    return ValidationFailed(errors)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value if isinstance(value, str | int | float | bool | type(None)) else None


def _limit_args(params: Mapping[str, Any]) -> tuple:
    """The limit a rule names (max_length's 50, max_value's 100), as Fineract's `args`."""
    for key in ("limit_value", "max"):  # MaxLengthValidator & co., DecimalValidator
        if key in params:
            return (_json_value(params[key]),)
    return ()
