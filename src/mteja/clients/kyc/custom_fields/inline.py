"""The custom-field rows given with a new client (Mteja's `datatables` array of POST
/clients): checked before the client is saved, written in its transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from mteja.clients.kyc.custom_fields.entries import insert_row
from mteja.clients.kyc.custom_fields.reads import is_blank, tables_by_name
from mteja.clients.kyc.custom_fields.values import read_values
from mteja.clients.kyc.inputs import first_time, refuse_unknown
from mteja.clients.models import Client, CustomRow, CustomTable
from mteja.clients.scope import ensure_client_in_scope
from mteja.core.echoed_values import echoed
from mteja.core.errors import Problems


@dataclass
class InlineRow:
    """One checked item of a new client's `datatables` array, ready to be saved."""

    index: int
    table: CustomTable
    values: dict[str, Any]


def validate_inline_rows(
    items: Any,
    problems: Problems,
    *,
    date_format: str | None = None,
    locale: str | None = None,
    param: str = "datatables",
) -> list[InlineRow]:
    """Checks Fineract's `datatables: [{registeredTableName, data: {...}}]` of POST /clients,
    adding every problem to `problems` (parameters `datatables[i].data.<column>`, codes
    `validation.msg.<table>.<column>.<rule>`). `data` may carry its own dateFormat/locale."""
    if items is None or items == []:
        return []
    if not isinstance(items, list):
        problems.add(param, "is.invalid", _("The datatables must be a list."))
        return []
    tables = tables_by_name()
    checked: list[InlineRow] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        prefix = f"{param}[{index}]"
        if not isinstance(item, dict):
            problems.add(prefix, "is.invalid", _("A datatable entry must be an object."))
            continue
        refuse_unknown(problems, item, ("registeredTableName", "data"), prefix=f"{prefix}.")
        name = item.get("registeredTableName")
        if is_blank(name) or not isinstance(name, str):
            problems.add(
                f"{prefix}.registeredTableName", "cannot.be.blank", _("The datatable is required.")
            )
            continue
        table = tables.get(name)
        if table is None:
            problems.add_missing(
                f"{prefix}.registeredTableName",
                "error.msg.datatable.not.found",
                _("Datatable “%(name)s” does not exist.") % {"name": echoed(name)},
                name,
            )
            continue
        if not first_time(problems, seen, f"{prefix}.registeredTableName", name, name):
            continue
        data = item.get("data")
        if data is None:
            data = {}
        if not isinstance(data, dict):
            problems.add(f"{prefix}.data", "is.invalid", _("The data must be an object."))
            continue
        values = read_values(
            table,
            data,
            problems,
            creating=True,
            date_format=date_format,
            locale=locale,
            prefix=f"{prefix}.data.",
        )
        checked.append(InlineRow(index, table, values))
    return checked


def create_inline_rows(*, actor, client: Client, rows: list[InlineRow]) -> list[CustomRow]:
    """Saves the rows of a client being created, in its transaction; each records its own
    DATATABLE CREATE event."""
    ensure_client_in_scope(actor, client)
    return [insert_row(actor, row.table, client, row.values) for row in rows]
