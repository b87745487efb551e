"""The files `mteja import` reads and `mteja export` and `mteja import --result` write, given
by an operator at a shell: a file to read must be a file or a pipe (a device would be read
for ever, or wait on a keyboard), and a file written replaces the one at its path only once whole
(decision 253)."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def readable_file(path: Path) -> Path:
    """`path` if it names a file or a pipe this process may read (a link followed: the
    operator's own rights are the gate, as for `cat`); else a CommandError saying why not.
    Its kind is asked before it is opened; a pipe is not opened (its writer would write to
    a reader gone)."""
    try:
        found = path.stat()
    except FileNotFoundError:
        raise CommandError(_("No file %(path)s.") % {"path": path}) from None
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if stat.S_ISDIR(found.st_mode):
        raise CommandError(_("%(path)s is a directory, not a file.") % {"path": path})
    # A pipe is read as it comes (`mteja import <(zcat clients.csv.gz)`); a device or a
    # socket is no file of clients: /dev/zero never ends, a terminal waits on the keyboard.
    if not (stat.S_ISREG(found.st_mode) or stat.S_ISFIFO(found.st_mode)):
        raise CommandError(_("%(path)s is a device or a socket, not a file.") % {"path": path})
    if stat.S_ISFIFO(found.st_mode):
        # Not opened to see: a pipe's writer goes on once a reader opens it, and writes to
        # no reader if this one closes at once (then the import's own open waits for ever).
        if not os.access(path, os.R_OK, effective_ids=os.access in os.supports_effective_ids):
            raise _unreadable(path, PermissionError())
        return path
    try:  # as this process's rights, not its real user's; not waiting, had it become a pipe
        os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))
    except OSError as exc:
        raise _unreadable(path, exc) from None
    return path


def _unreadable(path: Path, exc: OSError) -> CommandError:
    # The system's reason without its errno; "permission denied" in the command's language.
    error = _("permission denied") if isinstance(exc, PermissionError) else exc.strerror or exc
    return CommandError(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": error})


@contextmanager
def written_whole(path: Path) -> Iterator[BinaryIO]:
    """A file to write `path` with: a new one beside it, put in its place once the block
    ends; removed, and `path` left as it was, if the block raises (a full disk, Ctrl-C). A
    path that names no regular file (/dev/null, a pipe, /dev/stdout) is written directly:
    there is nothing to keep and nothing to rename over. A link is replaced, not written
    through: one left in a shared folder cannot aim a write elsewhere. OSError if it cannot
    be opened."""
    if path.exists() and not path.is_file():
        with path.open("wb") as target:
            yield target
        return
    part = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    # Created only if absent, never through a link put there meanwhile; the umask applies.
    descriptor = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as target:
            if path.is_file():  # a file kept from other eyes (0600: names, phones) stays so
                os.fchmod(target.fileno(), stat.S_IMODE(path.stat().st_mode))
            yield target
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def cannot_write(path: object, exc: OSError) -> CommandError:
    """Writing `path` failed: the operator's line (the system's reason, without its errno)."""
    told = {"output": path, "error": exc.strerror or exc}
    return CommandError(_("Cannot write to %(output)s: %(error)s") % told)
