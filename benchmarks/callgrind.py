"""A benchmark's `--callgrind LIB` option: instructions counted by valgrind's callgrind, a
count the machine's load does not change. LIB is a shared library built from
`#include <valgrind/callgrind.h>` and `void cg_toggle(void) { CALLGRIND_TOGGLE_COLLECT; }`
(`gcc -shared -fPIC`); the script runs under `valgrind --tool=callgrind
--collect-atstart=no` and toggles the collection around the work it counts."""

from __future__ import annotations

import argparse
import ctypes
import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--callgrind", type=Path, help="a library exporting cg_toggle()")


def toggle(library: Path) -> Callable[[], None]:
    """The function that starts callgrind's collection, and stops it when called again."""
    return ctypes.CDLL(str(library)).cg_toggle


def add_only_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--only",
        metavar="MODULE:NAME",
        help="with --callgrind, count the calls of this function alone (outermost calls): "
        "mteja.clients.phones:mobile_key, mteja.core.api.inputs:BodyReader.read",
    )


@contextmanager
def counting_only(target: str, toggle_collect: Callable[[], None]) -> Iterator[None]:
    """`MODULE:NAME` (NAME may be `Class.method`) replaced, while in the block, by a wrapper
    that toggles the collection around its outermost calls; a module-level function is
    replaced in its module, so calls through the module's name are counted (a name another
    module imported is its own: name the function where it is called from)."""
    module_name, name = target.split(":")
    owner = importlib.import_module(module_name)
    *path, attribute = name.split(".")
    for part in path:
        owner = getattr(owner, part)
    original = getattr(owner, attribute)
    depth = [0]

    def counted(*args, **kwargs):
        depth[0] += 1
        if depth[0] == 1:
            toggle_collect()
        try:
            return original(*args, **kwargs)
        finally:
            if depth[0] == 1:
                toggle_collect()
            depth[0] -= 1

    setattr(owner, attribute, counted)
    try:
        yield
    finally:
        setattr(owner, attribute, original)
