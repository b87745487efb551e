"""The empty file to fill in for an import (`GET /clients/downloadtemplate`): the columns a
new person's or entity's row takes (clients/bulk/columns.py `import_targets`, then one
identifier and one address: clients/bulk/parts.py, then the custom fields:
clients/bulk/custom.py), and in the XLSX
form a drop-down list on each reference and choice column — the user's offices, the loan
officers of those offices, each code list's active values, each choice's labels — drawn
from a second sheet that holds only those lists, never clients."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass

import xlsxwriter
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from xlsxwriter.utility import xl_col_to_name

from mteja.clients.bulk.columns import Target, import_targets
from mteja.clients.bulk.custom import custom_columns
from mteja.clients.bulk.parts import part_columns
from mteja.clients.bulk.sheets import neutralise
from mteja.clients.models import CustomFieldType, LegalForm
from mteja.core.errors import ParameterError, ValidationFailed
from mteja.organisation.models import CodeValue, Office, Staff
from mteja.organisation.selectors import staff_not_found

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
        and (target.part == "client" or (target.part, legal_form) == ("entity", LegalForm.ENTITY))
    ]


def _code_values(code_name: str) -> list[str]:
    values = CodeValue.objects.filter(code__name=code_name, is_active=True)
    return list(values.order_by("position", "name").values_list("name", flat=True))


@dataclass(frozen=True)
class Offered:
    """The offices and loan officers the template's lists offer."""

    offices: QuerySet
    officers: QuerySet


def offered(user, office: Office | None = None, officer_id: int | None = None) -> Offered:
    """The user's offices and their active loan officers; with `office` (one of the user's),
    that office and those below it; with `officer_id`, that one officer of theirs (Fineract's
    `officeId` and `staffId`), or NotFound."""
    offices = Office.objects.restrict(user)
    if office is not None:
        offices = offices.filter(hierarchy__startswith=office.hierarchy)
    officers = Staff.objects.filter(office__in=offices, is_active=True, is_loan_officer=True)
    if officer_id is not None:
        officers = officers.filter(pk=officer_id)
        if not officers.exists():
            raise _not_offered(Staff.objects.filter(office__in=offices, pk=officer_id).first(),
                               officer_id)  # fmt: skip
    return Offered(offices, officers)


def _not_offered(staff: Staff | None, officer_id: int) -> Exception:
    """Why `staffId` names no officer the template offers: none of the user's offices (404),
    or one who is no loan officer or no longer active (400, as a client's `staffId`)."""
    if staff is None:
        return staff_not_found(officer_id, param="staffId")
    if not staff.is_loan_officer:
        rule, message = "not.a.loan.officer", _("%(display_name)s is not a loan officer.")
    else:
        rule, message = "inactive", _("%(display_name)s is no longer active.")
    shown = message % {"display_name": staff.display_name}
    code = f"validation.msg.client.template.staffId.{rule}"
    return ValidationFailed([ParameterError(code, "staffId", shown, officer_id)])


def _choices(lists: Offered, target: Target) -> list[str]:
    field = target.column.field
    if field.choices:
        return [str(label) for _value, label in field.choices]
    if not field.is_relation:
        return []
    if field.related_model is Office:
        return list(lists.offices.order_by("hierarchy").values_list("name", flat=True))
    if field.related_model is Staff:
        return list(lists.officers.order_by("display_name").values_list("display_name", flat=True))
    return _code_values(field.code_name)


@dataclass
class TemplateColumn:
    name: str
    kind: str  # "date", "text", "number", "yes/no" (clients/bulk/columns.py)
    choices: list[str]


def template_columns(lists: Offered, legal_form: int) -> list[TemplateColumn]:
    """The client's columns, then its identifier's and address's (clients/bulk/parts.py),
    then its custom fields' (a drop-down's list: its code list's values)."""
    columns = [
        TemplateColumn(target.column.name, target.column.kind, _choices(lists, target))
        for target in template_targets(legal_form)
    ]
    for part in part_columns():
        columns.append(
            TemplateColumn(part.name, part.kind, _code_values(part.code) if part.code else [])
        )
    for custom in custom_columns():
        dropdown = custom.type == CustomFieldType.DROPDOWN and custom.code
        columns.append(
            TemplateColumn(custom.name, custom.kind, _code_values(custom.code) if dropdown else [])
        )
    return columns


def template_header(legal_form: int) -> list[str]:
    names = [target.column.name for target in template_targets(legal_form)]
    names += [part.name for part in part_columns()]
    return names + [custom.name for custom in custom_columns()]


def template_workbook(lists: Offered, legal_form: int):
    """The XLSX template in a temporary file (rewound)."""
    columns = template_columns(lists, legal_form)
    target = tempfile.TemporaryFile()  # noqa: SIM115 -- the response closes it
    book = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "strings_to_numbers": False})
    sheet = book.add_worksheet("Clients")
    lists = book.add_worksheet("Lists")
    bold = book.add_format({"bold": True})
    # Dates as dates; text as text, so that a spreadsheet keeps what is typed as it is (a
    # mobile number's leading 0 or +, an id's leading zeros).
    formats = {
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "text": book.add_format({"num_format": 49}),  # Excel's built-in Text, "@"
    }
    list_column = 0
    for index, column in enumerate(columns):
        sheet.write(0, index, column.name, bold)
        cell_format = formats.get(column.kind) if not column.choices else None
        sheet.set_column(index, index, max(12, len(column.name) + 2), cell_format)
        choices = column.choices
        if not choices:
            continue
        lists.write(0, list_column, column.name, bold)
        # As an export writes names (a name a spreadsheet would run, or such a name after
        # apostrophes, after one more): what a drop-down puts in a cell imports as the name.
        lists.write_column(1, list_column, [neutralise(choice) for choice in choices])
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
