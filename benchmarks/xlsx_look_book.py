"""An .xlsx of ROWS clients written by hand (seed 14): inline texts and numbers, 1 % of
surnames holding `&` (docs/benchmarks.md, nineteenth session, helper 6).

    python benchmarks/xlsx_look_book.py book20k.xlsx 20000"""

from __future__ import annotations

import random
import sys
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
HEADER = ["office", "firstname", "lastname", "externalId", "numberOfDependents", "monthlyIncome"]


def text(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def number(ref: str, value) -> str:
    return f'<c r="{ref}"><v>{value}</v></c>'


def sheet(count: int) -> str:
    rng = random.Random(14)
    rows = ['<row r="1">' + "".join(text(f"{'ABCDEF'[i]}1", h) for i, h in enumerate(HEADER))]
    rows[0] += "</row>"
    for n in range(2, count + 2):
        last = "Otieno &amp; Sons" if n % 100 == 0 else rng.choice(["Otieno", "Njeri", "Kamau"])
        cells = [
            text(f"A{n}", "Kibera"), text(f"B{n}", rng.choice(["Asha", "Juma"])),
            text(f"C{n}", last), text(f"D{n}", f"EXT-{n}"), number(f"E{n}", n % 7),
            number(f"F{n}", round(rng.random() * 10000, 2)),
        ]  # fmt: skip
        rows.append(f'<row r="{n}">{"".join(cells)}</row>')
    return f'<worksheet xmlns="{MAIN}"><sheetData>{"".join(rows)}</sheetData></worksheet>'


def main() -> None:
    target, count = sys.argv[1], int(sys.argv[2])
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{TYPES}"><Default Extension="xml" '
        'ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet '
        'name="Clients" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
        f'Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet(count),
    }
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)


if __name__ == "__main__":
    main()
