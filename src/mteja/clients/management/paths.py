"""The files `mteja import` reads and `mteja export` and `mteja import --result` write, given
by an operator at a shell: a file to read must be a file or a pipe (a device would be read
for ever, or wait on a keyboard; the kernel's own files, under /proc and /sys, hold the
system's state, the process's environment among it), and a file written replaces the one at its
path only once whole (decisions 253, 271). A file to read is judged and read as one file, held
from its look to its reading (decision 286)."""

from __future__ import annotations

import os
import re
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

# Filesystems whose files the kernel makes as they are read: no file of clients is kept there.
KERNEL_FILESYSTEMS = frozenset(
    {
        "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "debugfs", "devpts", "efivarfs",
        "fusectl", "mqueue", "proc", "pstore", "securityfs", "selinuxfs", "sysfs", "tracefs",
    }
)  # fmt: skip
# Where the system names a process's open files: /proc/self/fd (/dev/fd and /dev/stdout lead
# there).
DESCRIPTORS_FOLDER = re.compile(r"/proc/(self|\d+)/fd")


@contextmanager
def readable_file(path: Path) -> Iterator[Path]:
    """For the block, the file or pipe at `path` (a link followed: the operator's own rights
    are the gate, as for `cat`) as this process holds it, named as the system names it
    (/proc/self/fd/N): whatever is opened or asked of that name is the file judged here, even
    if the link at `path` is aimed elsewhere meanwhile (decision 286). Else a CommandError
    saying why not. The file is held without being opened for reading (O_PATH): a device is
    not opened, a pipe's writer goes on waiting for the import's own reading."""
    try:
        held = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except FileNotFoundError:
        raise CommandError(_("No file %(path)s.") % {"path": path}) from None
    except OSError as exc:
        raise _unreadable(path, exc) from None
    try:
        _refuse_unreadable(path, os.fstat(held), Path(f"/proc/self/fd/{held}"))
        yield Path(f"/proc/self/fd/{held}")
    finally:
        os.close(held)


def _refuse_unreadable(path: Path, found: os.stat_result, held: Path) -> None:
    """Refuses the file `path` led to (`found`, held as `held`) unless it is a file or a pipe
    of no kernel's filesystem that this process may read."""
    if stat.S_ISDIR(found.st_mode):
        raise CommandError(_("%(path)s is a directory, not a file.") % {"path": path})
    # A pipe is read as it comes (`mteja import <(zcat clients.csv.gz)`); a device or a
    # socket is no file of clients: /dev/zero never ends, a terminal waits on the keyboard.
    if not (stat.S_ISREG(found.st_mode) or stat.S_ISFIFO(found.st_mode)):
        raise CommandError(_("%(path)s is a device or a socket, not a file.") % {"path": path})
    kernels = _kernel_filesystem(found.st_dev)
    if kernels:  # /proc/self/environ would be read as a header: the environment, its secrets
        raise CommandError(
            _("%(path)s is one of the system's own files (%(filesystem)s), not a file.")
            % {"path": path, "filesystem": kernels}
        )
    if stat.S_ISFIFO(found.st_mode):
        # Not opened to see: a pipe's writer goes on once a reader opens it, and writes to
        # no reader if this one closes at once (then the import's own open waits for ever).
        if not os.access(held, os.R_OK, effective_ids=os.access in os.supports_effective_ids):
            raise _unreadable(path, PermissionError())
        return
    try:  # as this process's rights, not its real user's
        os.close(os.open(held, os.O_RDONLY))
    except OSError as exc:
        raise _unreadable(path, exc) from None


def _kernel_filesystem(device: int) -> str | None:
    """The type of the kernel's filesystem on `device` (proc, sysfs…), as this process's
    mounts say; None for any other, or where the system does not say (no /proc)."""
    mounted = f"{os.major(device)}:{os.minor(device)}"
    try:
        mounts = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in mounts.splitlines():
        fields = line.split()  # id, parent, major:minor, root, where, options…, "-", type …
        if len(fields) > 2 and fields[2] == mounted and "-" in fields:
            kind = fields[fields.index("-") + 1]
            return kind if kind in KERNEL_FILESYSTEMS else None
    return None


def _unreadable(path: Path, exc: OSError) -> CommandError:
    # The system's reason without its errno; "permission denied" in the command's language.
    error = _("permission denied") if isinstance(exc, PermissionError) else exc.strerror or exc
    return CommandError(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": error})


@contextmanager
def written_whole(path: Path) -> Iterator[BinaryIO]:
    """A file to write `path` with: a new one beside it, put in its place once the block
    ends; removed, and `path` left as it was, if the block raises (a full disk, Ctrl-C). A
    device or a pipe at `path` itself (/dev/null, a FIFO) is written directly: there is
    nothing to keep and nothing to rename over; so is one of the process's open files named
    as the system names them (/dev/stdout, /dev/fd/1, /proc/self/fd/1), whatever it is (a
    shell's `> file`). Any other link is replaced, not written through, whatever it leads
    to: one left in a shared folder cannot aim a write at another file, a disk or a pipe.
    OSError if it cannot be opened."""
    if _written_directly(path):
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


def _written_directly(path: Path) -> bool:
    if _names_an_open_file(path):
        return path.exists()
    return not path.is_symlink() and path.exists() and not path.is_file()


def _names_an_open_file(path: Path) -> bool:
    """/proc/self/fd/N, /dev/fd/N (its folder is /proc/self/fd), /dev/stdout (a link there)."""
    folder = path.parent
    if path.is_symlink():
        folder = (path.parent / os.readlink(path)).parent
    return any(
        DESCRIPTORS_FOLDER.fullmatch(os.path.realpath(where)) for where in {path.parent, folder}
    )


def cannot_write(path: object, exc: OSError) -> CommandError:
    """Writing `path` failed: the operator's line (the system's reason, without its errno)."""
    told = {"output": path, "error": exc.strerror or exc}
    return CommandError(_("Cannot write to %(output)s: %(error)s") % told)
