"""Which sheet of a workbook calamine reads a client file's rows from (an .xlsx streamed row
by row chooses alike: sheet_stream.first_sheet)."""

from __future__ import annotations

from python_calamine import SheetMetadata, SheetTypeEnum, SheetVisibleEnum


def first_worksheet(sheets: list[SheetMetadata]) -> int:
    """The index of the workbook's first worksheet the user sees (a hidden one before it
    holds lists or leftovers, not the clients the user checked); else of its first worksheet,
    hidden: a chart sheet, even the only sheet shown, holds no rows."""
    worksheets = [index for index, sheet in enumerate(sheets) if _worksheet(sheet)]
    return next((index for index in worksheets if seen(sheets[index])), [*worksheets, 0][0])


def seen(sheet: SheetMetadata) -> bool:
    """Whether the sheet is a worksheet the user sees."""
    return sheet.visible == SheetVisibleEnum.Visible and _worksheet(sheet)


def _worksheet(sheet: SheetMetadata) -> bool:
    return sheet.typ == SheetTypeEnum.WorkSheet
