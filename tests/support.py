"""Helpers shared by test modules (fixtures live in conftest.py files)."""

import base64
import datetime
from decimal import Decimal

PASSWORD = "correct-horse-battery"


def basic_auth(username: str, password: str = PASSWORD) -> str:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return f"Basic {token}"


def new_value(model_field, current, *, special=None, related=None):
    """A valid value different from `current` for any kind of model field, for the generated
    audit tests: `special` gives values by field name where the services' rules would refuse a
    blind one (ages, dates, formats); `related()` makes the record a reference points to; a
    code-list reference takes another active value of its own list."""
    from mteja.organisation.models import CodeValue  # once Django is set up

    if special and model_field.name in special:
        return special[model_field.name]
    code_name = getattr(model_field, "code_name", None)
    if code_name:
        return (
            CodeValue.objects.filter(code__name=code_name, is_active=True)
            .exclude(pk=current)
            .values_list("pk", flat=True)
            .first()
        )
    if model_field.is_relation:
        return related()
    if model_field.choices:
        return next(value for value, _label in model_field.choices if value != current)
    kind = model_field.get_internal_type()
    if kind in ("CharField", "TextField"):
        return f"{(current or '')[:5]}x{model_field.name[:8]}"[: model_field.max_length]
    if kind == "BooleanField":
        return not current
    if kind == "DecimalField":
        return Decimal("1234.50")
    if kind == "DateField":
        return datetime.date(2020, 6, 1) if current != datetime.date(2020, 6, 1) else None
    if "IntegerField" in kind:
        return 3 if current != 3 else 4
    raise AssertionError(f"no value generator for {model_field!r}")


def calls_recorded(monkeypatch, owner, name: str) -> list:
    """The argument of each call of the method `owner.<name>` (one argument besides self),
    the method still doing its work."""
    calls, original = [], getattr(owner, name)

    def recorded(self, argument):
        calls.append(argument)
        return original(self, argument)

    monkeypatch.setattr(owner, name, recorded)
    return calls
