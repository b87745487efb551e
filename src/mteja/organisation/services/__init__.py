"""Every write to offices, staff and code lists, one module per concern."""

from mteja.organisation.services.codes import (
    code_create,
    code_delete,
    code_update,
    code_value_create,
    code_value_delete,
    code_value_update,
)
from mteja.organisation.services.offices import office_create, office_update
from mteja.organisation.services.staff import staff_create, staff_update

__all__ = [
    "code_create",
    "code_delete",
    "code_update",
    "code_value_create",
    "code_value_delete",
    "code_value_update",
    "office_create",
    "office_update",
    "staff_create",
    "staff_update",
]
