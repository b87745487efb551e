"""Writes to code lists and their values."""

from __future__ import annotations

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mteja.core import values, writes
from mteja.core.errors import DataIntegrityViolation, DomainError, UniquenessViolation
from mteja.core.uniqueness import UniqueCheck, save_unique, unique_field
from mteja.organisation.models import Code, CodeValue

CODE_UNIQUE = [
    unique_field(
        Code,
        "name",
        "error.msg.code.duplicate.name",
        gettext_lazy("A code with name “%(name)s” already exists."),
    ),
]
CODE_VALUE_UNIQUE = [
    UniqueCheck(
        ("code_id", "name"),
        lambda v: UniquenessViolation(
            "error.msg.codevalue.duplicate.label",
            _("The code “%(name)s” already has a value named “%(v_name)s”.")
            % {"name": v.code.name, "v_name": v.name},
            param="name",
            value=v.name,
        ),
    ),
]
# A value stays in its code list.
CODE_VALUE_UPDATABLE = values.updatable(CodeValue, without={"code"})


def _refuse_system_code(code: Code) -> None:
    # Other modules find system codes by name (Gender, Customer Identifier…): renaming or
    # deleting one would silently empty their drop-downs.
    if code.is_system_defined:
        raise DomainError(
            "error.msg.code.systemdefined",
            _("This code is system defined and cannot be modified or deleted."),
            value=code.pk,
        )


def _delete(instance, before: dict, *, actor, in_use: str, message: str) -> None:
    """Deletes `instance` and journals what it held; the error `in_use` with `message` when
    something refers to it (the collector finds that before deleting anything)."""
    pk = instance.pk
    try:
        instance.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise DataIntegrityViolation(in_use, message, value=pk) from exc
    writes.record_deleted(instance, before, actor=actor, resource_id=pk)


@transaction.atomic
def code_create(*, actor, name: str) -> Code:
    code = Code(name=values.text(name), is_system_defined=False)
    writes.validate(code)
    save_unique(code, CODE_UNIQUE)
    writes.record_created(code, actor=actor)
    return code


@transaction.atomic
def code_update(*, actor, code: Code, name: str) -> tuple[Code, dict]:
    return values.update_fields(
        code, {"name": name}, actor=actor, unique=CODE_UNIQUE, guard=_refuse_system_code
    )


@transaction.atomic
def code_delete(*, actor, code: Code) -> None:
    """Deletes a code with its values; refused for system codes and for codes whose values
    something refers to."""
    code, before = writes.open_write(code, actor=actor)
    _refuse_system_code(code)
    # The values go with the code, so the one event of this write names them.
    before["values"] = list(code.values.order_by("position", "id").values_list("name", flat=True))
    message = _(
        "Values of the code “%(name)s” are in use, so it cannot be deleted; "
        "deactivate the values instead."
    ) % {"name": code.name}
    _delete(code, before, actor=actor, in_use="error.msg.code.in.use", message=message)


@transaction.atomic
def code_value_create(
    *,
    actor,
    code: Code,
    name: str,
    description: str = "",
    position: int = 0,
    is_active: bool = True,
) -> CodeValue:
    value = CodeValue(code=code, position=position or 0)
    values.assign(value, {"name": name, "description": description, "is_active": is_active})
    writes.validate(value)
    save_unique(value, CODE_VALUE_UNIQUE)
    writes.record_created(value, actor=actor)
    return value


@transaction.atomic
def code_value_update(*, actor, code_value: CodeValue, **fields) -> tuple[CodeValue, dict]:
    """Changes any of name, description, position, is_active; returns the value and the
    `{field: [old, new]}` of what changed (nothing is recorded when nothing changed)."""
    values.refuse_unknown("code_value_update", fields, CODE_VALUE_UPDATABLE)
    if "position" in fields:
        fields["position"] = fields["position"] or 0
    return values.update_fields(
        code_value, fields, actor=actor, unique=CODE_VALUE_UNIQUE, related=["code"]
    )


@transaction.atomic
def code_value_delete(*, actor, code_value: CodeValue) -> None:
    """Deletes a value nothing refers to. Clients, identifiers and the like refer to values
    with PROTECT, so a value in use raises ProtectedError before anything is deleted; it must
    be deactivated instead, which keeps old records readable."""
    value, before = writes.open_write(code_value, actor=actor, related=["code"])
    message = _(
        "The value “%(name)s” of the code “%(code_name)s” is in use and cannot "
        "be deleted; deactivate it instead (isActive: false)."
    ) % {"name": value.name, "code_name": value.code.label}
    _delete(value, before, actor=actor, in_use="error.msg.codevalue.in.use", message=message)
