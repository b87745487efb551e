"""Domain errors are values: a code, the parameter it concerns, a message and an HTTP status.

Services raise them; the API renders Fineract's error body, the web UI shows the message beside
the field named by `param`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


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
                    "The %(entity)s was changed by someone else (now at version %(version)s); "
                    "reload it and try again."
                )
            )
            % {"entity": entity, "version": current_version},
            param="version",
            value=current_version,
        )


class ValidationCollector:
    """Collects parameter errors so a request gets all of them at once."""

    def __init__(self, resource: str):
        self.resource = resource
        self.errors: list[ParameterError] = []

    def add(self, param: str, rule: str, message: str, value: Any = None, args: tuple = ()):
        code = f"validation.msg.{self.resource}.{param}.{rule}"
        self.errors.append(ParameterError(code, param, message, value, args))

    def extend(self, errors: list[ParameterError]):
        self.errors.extend(errors)

    def has(self, param: str) -> bool:
        return any(e.param == param for e in self.errors)

    def raise_if_any(self):
        if self.errors:
            raise ValidationFailed(self.errors)
