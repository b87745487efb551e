"""A child process told by the kernel when the process that started it dies (Linux's
`PR_SET_PDEATHSIG`). `mteja serve` starts its job worker and gunicorn with it: killed outright
(`kill -9`, the OOM killer), `serve` has no chance to stop them, and they went on alone — the
web server holding the port, so that `mteja serve` run again could not listen and ended, and
the old worker ran imports with no one to start it again or stop it (decision 324).

Bare Python only: `serve` imports it before any Django is loaded."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def on_parent_death(signum: signal.Signals) -> Callable[[], None] | None:
    """A `preexec_fn` for `subprocess.Popen` that has the child sent `signum` when its parent
    dies (None where the kernel cannot: not Linux). The setting survives the child's exec; a
    parent that died before it took effect has the child signalled at once."""
    if not sys.platform.startswith("linux"):
        return None
    parent = os.getpid()

    def ask_the_kernel() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, int(signum), 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
        if os.getppid() != parent:  # the parent died between the fork and the prctl
            os.kill(os.getpid(), signum)

    return ask_the_kernel
