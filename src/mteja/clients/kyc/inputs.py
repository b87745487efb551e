"""What the typed inputs of the KYC services share: a marker for a field the caller did not
give (an update leaves it as it is), the list of the fields given, and the problems every
reader of Fineract's JSON reports alike (an unknown parameter, a name given twice)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from django.utils.translation import gettext as _

from mteja.core.echoed_values import echoed


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Any = _Unset()


class GivenFields:
    """Mixin of the frozen input dataclasses: `given()` is {field: value} of those set."""

    def given(self) -> dict[str, Any]:
        names = _field_names.get(type(self))
        if names is None:  # the dataclass's fields, listed once per class
            names = _field_names[type(self)] = tuple(f.name for f in fields(self))  # type: ignore[arg-type]
        # (A frozen dataclass keeps its fields in its __dict__: read there, not each by getattr.)
        values = self.__dict__
        return {name: values[name] for name in names if values[name] is not UNSET}


_field_names: dict[type, tuple[str, ...]] = {}


def refuse_unknown(problems, item: dict, known, *, prefix: str = "") -> None:
    """Fineract's 400 error.msg.parameter.unsupported for each key of `item` not in `known`."""
    for key in item:
        if key not in known:
            refuse_parameter(problems, f"{prefix}{key}", key)


def refuse_parameter(problems, param: str, key: str, message: str | None = None) -> None:
    message = message or _("The parameter %(key)s is not supported.") % {"key": echoed(key)}
    problems.add(param, "error.msg.parameter.unsupported", message, None, (key,))


def first_time(problems, seen: set, param: str, name, value=None) -> bool:
    """Remembers `name`; False (with the problem) when this request gave it before."""
    if name in seen:
        given_twice(problems, param, name, value)
        return False
    seen.add(name)
    return True


def given_twice(problems, param: str, name, value=None, *, code: str = "is.duplicated") -> None:
    """The problem of a name (a field, a column, a table) given twice in one request."""
    problems.add(param, code, _("“%(name)s” is given twice.") % {"name": name}, value)
