"""The empty file to fill in for an import (`GET /clients/downloadtemplate`): the columns a
new person's or entity's row takes (clients/bulk/rows.py `import_targets`), and in the XLSX
form a drop-down list on each reference and choice column — the user's offices, the loan
officers of those offices, each code list's active values, each choice's labels — drawn
from a second sheet that holds only those lists, never clients."""

from __future__ import annotations

import tempfile

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from mteja.clients.bulk.rows import Target, import_targets
from mteja.clients.models import LegalForm
from mteja.organisation.models import CodeValue, Office, Staff

PERSON_ONLY = ("firstname", "middlename", "lastname")
ENTITY_ONLY = ("fullname",)
TEMPLATE_ROWS = 10_000  # rows the drop-downs cover


def template_targets(legal_form: int) -> list[Target]:
    """The columns of a person's file, or an entity's (with its details)."""
    left_out = ENTITY_ONLY if legal_form == LegalForm.PERSON else PERSON_ONLY
    return [
        target
        for name, target in import_targets().items()
        if name not in left_out
        and name not in ("legalForm", "accountNo")  # the template's own; Mteja numbers
        and (target.part == "client" or legal_form == LegalForm.ENTITY)
    ]


def _choices(user, target: Target) -> list[str]:
    field = target.column.field
    if field.choices:
        return [str(label) for _value, label in field.choices]
    if not field.is_relation:
        return []
    if field.related_model is Office:
        return list(
            Office.objects.restrict(user).order_by("hierarchy").values_list("name", flat=True)
        )
    if field.related_model is Staff:
        offices = Office.objects.restrict(user)
        staff = Staff.objects.filter(office__in=offices, is_active=True, is_loan_officer=True)
        return list(staff.order_by("display_name").values_list("display_name", flat=True))
    values = CodeValue.objects.filter(code__name=field.code_name, is_active=True)
    return list(values.order_by("position", "name").values_list("name", flat=True))


def template_header(legal_form: int) -> list[str]:
    return [target.column.name for target in template_targets(legal_form)]


def template_workbook(user, legal_form: int):
    """The XLSX template in a temporary file (rewound)."""
    targets = template_targets(legal_form)
    target = tempfile.TemporaryFile()  # noqa: SIM115 -- the response closes it
    book = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "strings_to_numbers": False})
    sheet = book.add_worksheet("Clients")
    lists = book.add_worksheet("Lists")
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    list_column = 0
    for index, column_target in enumerate(targets):
        column = column_target.column
        sheet.write(0, index, column.name, bold)
        sheet.set_column(
            index, index, max(12, len(column.name) + 2), day if column.kind == "date" else None
        )
        choices = _choices(user, column_target)
        if not choices:
            continue
        lists.write(0, list_column, column.name, bold)
        lists.write_column(1, list_column, choices)
        letter = xl_col_to_name(list_column)
        source = f"=Lists!${letter}$2:${letter}${len(choices) + 1}"
        sheet.data_validation(
            1, index, TEMPLATE_ROWS, index, {"validate": "list", "source": source}
        )
        list_column += 1
    sheet.freeze_panes(1, 0)
    book.close()
    target.seek(0)
    return target
