"""A benchmark's JSON report, the one way every script gives it: printed, and written to the
file its `--output` names."""

from __future__ import annotations

import json
from pathlib import Path


def print_report(report: dict, output: Path | None) -> None:
    text = json.dumps(report, indent=2)
    print(text)
    if output:
        output.write_text(text + "\n")
