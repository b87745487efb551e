"""Instructions of the .xlsx look before calamine (`--part look`: reading._fits_calamine) or
of the streamed reader's rows (`--part stream`) on FILE, counted between two cg_toggle()
calls (docs/benchmarks.md, nineteenth session, helper 6)."""

from __future__ import annotations

import argparse
import ctypes
import io
import os
from pathlib import Path

import django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--part", choices=["look", "stream"], default="look")
    parser.add_argument("--callgrind", required=True, help="a library exporting cg_toggle()")
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mteja.test_settings")
    django.setup()
    from mteja.clients.bulk import reading

    stream = io.BytesIO(options.file.read_bytes())
    toggle = ctypes.CDLL(options.callgrind).cg_toggle
    toggle()
    if options.part == "look":
        found = reading._fits_calamine(stream)
    else:
        found = sum(1 for _row in reading._read_xlsx_streamed(stream).rows)
    toggle()
    print(options.part, found)


if __name__ == "__main__":
    main()
