"""Writes the hostile workbooks of benchmarks.md's "hostile workbooks' long texts": one text
of 32,000 characters kept once in the shared strings and shown by many cells. `parts.xlsx`
and `beyond.xlsx` name the custom table `household` of benchmarks/custom_fields.py (its
String `roof` of 40 characters, its Text `notes` of 65,535): define it first. `names.xlsx`
shows the text in columns that name a list's member (staff, gender, legal form, document
type), `dropdown.xlsx` in the drop-down `main_earner`; `inline.xlsx` gives `notes` inline
strings of 100,000 hexadecimal digits (within what calamine reads), `full.xlsx` the 32,767
letters a spreadsheet's cell holds.

    .venv/bin/python benchmarks/hostile_texts.py DIR
    /usr/bin/time -f "%U user %M KB" .venv/bin/mteja import DIR/pre.xlsx --user admin \
        --no-progress --dry-run

Prints the files written, as JSON."""

from __future__ import annotations

import json
import random
import sys
import zipfile
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = LETTERS[rest] + name
    return name


def text_row(line: int, texts: list[str]) -> str:
    cells = "".join(
        f'<c r="{column(i)}{line}" t="inlineStr"><is><t>{text}</t></is></c>'
        for i, text in enumerate(texts)
    )
    return f'<row r="{line}">{cells}</row>'


def shared_row(line: int, first: int, count: int, texts: list[str] = ()) -> str:
    """A row of `texts`, then `count` cells from column `first` showing the shared text."""
    cells = "".join(f'<c r="{column(first + i)}{line}" t="s"><v>0</v></c>' for i in range(count))
    return text_row(line, texts)[:-6] + cells + "</row>"


def workbook(path: Path, rows, shared: str) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", f'<Types xmlns="{TYPES}"/>')
        book.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
            f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        book.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
            '<sheet name="Clients" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
            f'Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        book.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}"><si><t>{shared}</t></si></sst>')
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            for row in rows:
                sheet.write(row.encode())
            sheet.write(b"</sheetData></worksheet>")


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    header = ["office", "firstname", "lastname"]
    preamble = (shared_row(line, 0, 200) for line in range(1, 1000))
    workbook(
        folder / "pre.xlsx",
        [*preamble, text_row(1000, header), text_row(1001, ["Head Office", "Asha", "Njeri"])],
        "a " * 16_000,
    )
    garbled = (shared_row(line, 1, 2, ["Head Office"]) for line in range(2, 3002))
    workbook(folder / "garb.xlsx", [text_row(1, header), *garbled], "Ã©" * 16_000 + "中")
    # Decision 132: 30,000 names of 32,000 letters; 3,000 garbled capitals.
    names = (shared_row(line, 1, 2, ["Head Office"]) for line in range(2, 30_002))
    workbook(folder / "long.xlsx", [text_row(1, header), *names], "a" * 32_000)
    capitals = (shared_row(line, 1, 2, ["Head Office"]) for line in range(2, 3002))
    workbook(folder / "caps.xlsx", [text_row(1, header), *capitals], "Ã‰" * 16_000)
    # Decision 137: 30,000 rows whose document number, street and roof show 32,000 letters.
    parts = ["office", "firstname", "lastname", "documentKey", "address.street", "household.roof"]
    texts = (shared_row(line, 3, 3, ["Head Office", "Asha", f"Njeri{line}"])
             for line in range(2, 30_002))  # fmt: skip
    workbook(folder / "parts.xlsx", [text_row(1, parts), *texts], "a" * 32_000)
    # Decision 138: 30,000 rows whose notes (a Text field: 65,535) show 40,000 letters, more
    # than a spreadsheet's cell holds.
    notes = ["office", "firstname", "lastname", "household.notes"]
    beyond = (shared_row(line, 3, 1, ["Head Office", "Asha", f"Njeri{line}"])
              for line in range(2, 30_002))  # fmt: skip
    workbook(folder / "beyond.xlsx", [text_row(1, notes), *beyond], "a" * 40_000)
    # Decision 151: 30,000 rows whose staff, gender, legal form and document type (columns
    # naming a list's member) show 32,000 letters.
    named = ["office", "firstname", "lastname", "staff", "gender", "legalForm", "documentType"]
    names = (shared_row(line, 3, 4, ["Head Office", "Asha", f"Njeri{line}"])
             for line in range(2, 30_002))  # fmt: skip
    workbook(folder / "names.xlsx", [text_row(1, named), *names], "a" * 32_000)
    # Decision 156: 30,000 rows whose drop-down main_earner shows 32,000 letters.
    earners = (shared_row(line, 3, 1, ["Head Office", "Asha", f"Njeri{line}"])
               for line in range(2, 30_002))  # fmt: skip
    header = ["office", "firstname", "lastname", "household.main_earner"]
    workbook(folder / "dropdown.xlsx", [text_row(1, header), *earners], "a" * 32_000)
    # Decision 157: 1,000 rows whose notes are inline strings of 100,000 hexadecimal digits
    # (100 MB inflated, within what calamine reads; random, as a zip deflated more than
    # 100-fold is refused).
    digits = random.Random(1414)
    inline = (text_row(line, ["Head Office", "Asha", f"Njeri{line}",
                              digits.randbytes(50_000).hex()])
              for line in range(2, 1_002))  # fmt: skip
    workbook(folder / "inline.xlsx", [text_row(1, notes), *inline], "")
    # 30,000 rows whose notes show the longest text a spreadsheet's cell holds, 32,767.
    full = (shared_row(line, 3, 1, ["Head Office", "Asha", f"Njeri{line}"])
            for line in range(2, 30_002))  # fmt: skip
    workbook(folder / "full.xlsx", [text_row(1, notes), *full], "c" * 32_767)
    written = ("pre.xlsx", "garb.xlsx", "long.xlsx", "caps.xlsx", "parts.xlsx", "beyond.xlsx",
               "names.xlsx", "dropdown.xlsx", "inline.xlsx", "full.xlsx")  # fmt: skip
    print(json.dumps({name: (folder / name).stat().st_size for name in written}))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
