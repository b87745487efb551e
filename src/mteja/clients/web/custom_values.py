"""Custom fields of clients as the pages show them: labels, and each value as the user's
locale writes it.

A client's custom values are part of the client's record, as in the API: whoever may read the
client (READ_CLIENT) reads them, whoever may change it (UPDATE_CLIENT) fills them in. The
definitions need the DATATABLE codes.
"""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from mteja.clients.kyc import custom_fields
from mteja.clients.models import CustomField, CustomFieldType, CustomTable


def label_of(custom_field: CustomField) -> str:
    return custom_field.label or custom_field.name


def table_label(table: CustomTable) -> str:
    return table.label or table.name


def may_write(user) -> bool:
    return user.has_fineract_permission("UPDATE_CLIENT")


def shows_tab(user) -> bool:
    """The client page's custom-fields tab appears once an administrator defined a table."""
    return custom_fields.client_tables().exists()


def shown_value(column: CustomField, value: Any, options: dict[int, str]) -> str:
    """A stored value as the page shows it; "—" for none."""
    if value is None or value == "":
        return "—"
    match column.type:
        case CustomFieldType.BOOLEAN:
            return _("Yes") if value else _("No")
        case CustomFieldType.DATE:
            return date_format(value, "DATE_FORMAT")
        case CustomFieldType.NUMBER:
            return number_format(value, force_grouping=True)
        case CustomFieldType.DECIMAL:
            return number_format(value, force_grouping=True)
        case CustomFieldType.DROPDOWN:
            return options.get(value, f"#{value}")
    return str(value)
