"""CPU seconds and peak memory of what a hostile .xlsx structure costs at its upload
(docs/benchmarks.md, twenty-fourth session, helper 4; decisions 301–302). Run it with one
tree's `src` first on the path, then another's:

    PYTHONPATH=TREE/src:. python benchmarks/hostile_structure_cost.py entity 10
    PYTHONPATH=TREE/src:. python benchmarks/hostile_structure_cost.py markup 20 900000
    PYTHONPATH=TREE/src:. python benchmarks/hostile_structure_cost.py sheets 3000"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import sys
import time


def entity(megabytes: str) -> bytes:
    """A sheet of `megabytes` of comments whose header cell names a nested entity."""
    from tests.clients.bulk.hostile_workbooks import MAIN, SHEET_PART, cell, workbook

    random.seed(1)
    declared = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a0 "' + "x" * 1000 + '">'
    declared += "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 7)) + "]>"
    pad = "".join(
        "<!--" + f"{random.getrandbits(120):030x}" * 30 + "-->"
        for _ in range(int(megabytes) * 1100)
    )
    header = '<row r="1">' + cell("A1", "office") + cell("B1", "&a6;") + "</row>"
    xml = f'{declared}<worksheet xmlns="{MAIN}">{pad}<sheetData>{header}</sheetData></worksheet>'
    return workbook({SHEET_PART: xml})


def markup(sheets: str, elements: str) -> bytes:
    """`sheets` sheets naming one part of `elements` empty elements before its one row."""
    from tests.clients.bulk.hostile_workbooks import HEADER, MAIN, SHEET_PART, row, workbook
    from tests.clients.bulk.hostile_workbooks import workbook_xml as book

    random.seed(2)
    filler = "".join(
        f'<x a="{random.getrandbits(32):x}"/>' if i % 8 == 0 else "<x/>"
        for i in range(int(elements))
    )
    xml = f'<worksheet xmlns="{MAIN}"><sheetViews>{filler}</sheetViews><sheetData>'
    xml += row(1, *HEADER) + "</sheetData></worksheet>"
    named = "".join(
        f'<sheet name="S{i}" sheetId="{i + 1}" r:id="rId1"/>' for i in range(int(sheets))
    )
    return workbook({"xl/workbook.xml": book(named), SHEET_PART: xml})


def sheets(count: str) -> bytes:
    """`count` sheets naming the one part of a header and Asha's row."""
    from tests.clients.bulk.hostile_workbooks import workbook
    from tests.clients.bulk.hostile_workbooks import workbook_xml as book

    named = "".join(
        f'<sheet name="S{i}" sheetId="{i + 1}" r:id="rId1"/>' for i in range(int(count))
    )
    return workbook({"xl/workbook.xml": book(named)})


def main() -> None:
    kind, *sizes = sys.argv[1:]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mteja.test_settings")
    import django

    django.setup()
    from django.test.runner import DiscoverRunner

    from mteja.clients.bulk.unreadable import FileUnreadable

    data = {"entity": entity, "markup": markup, "sheets": sheets}[kind](*sizes)
    runner = DiscoverRunner(verbosity=0)
    databases = runner.setup_databases() if kind == "sheets" else None
    try:
        work = _work(kind)
        started = time.process_time()
        try:
            work(io.BytesIO(data))
            outcome = "read"
        except FileUnreadable as refused:
            outcome = str(refused)[:80]
        seconds = time.process_time() - started
    finally:
        if databases is not None:
            runner.teardown_databases(databases)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    figures = {"kind": kind, "sizes": sizes, "file_bytes": len(data), "peak_mb": peak}
    print(json.dumps({**figures, "cpu_seconds": round(seconds, 3), "outcome": outcome}))


def _work(kind: str):
    from mteja.clients.bulk.client_sheets import refuse_clients_elsewhere
    from mteja.clients.bulk.other_sheets import Looking, other_sheet_tables
    from mteja.clients.bulk.reading import read_head

    if kind == "entity":
        return read_head
    if kind == "markup":
        return lambda stream: list(other_sheet_tables(stream, Looking()))
    from mteja.organisation.models import Office
    from mteja.users.models import AppUser

    user = AppUser.objects.create(username="bench", office=Office.objects.get(pk=1))
    return lambda stream: refuse_clients_elsewhere(user, stream)


if __name__ == "__main__":
    main()
