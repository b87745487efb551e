"""A benchmark's `--callgrind LIB` option: instructions counted by valgrind's callgrind, a
count the machine's load does not change. LIB is a shared library built from
`#include <valgrind/callgrind.h>` and `void cg_toggle(void) { CALLGRIND_TOGGLE_COLLECT; }`
(`gcc -shared -fPIC`); the script runs under `valgrind --tool=callgrind
--collect-atstart=no` and toggles the collection around the work it counts."""

from __future__ import annotations

import argparse
import ctypes
from collections.abc import Callable
from pathlib import Path


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--callgrind", type=Path, help="a library exporting cg_toggle()")


def toggle(library: Path) -> Callable[[], None]:
    """The function that starts callgrind's collection, and stops it when called again."""
    return ctypes.CDLL(str(library)).cg_toggle
