"""Job directories that belong to no job. A job's directory is written before its row commits
(services.import_job_create): a process killed outright (SIGKILL, the OOM killer, a power cut)
in that moment leaves the directory — a migration's file, hundreds of megabytes — under an id
no job holds, that nothing would ever remove.

The job worker removes them when it starts, after each import it runs and, idle, once a
minute (upkeep.py). A directory under the imports' root (files.imports_root) is removed only
when all of these hold: its name is a job id; it is a directory itself, not a symbolic link
(a link is left, whatever it points to, and logged); it holds nothing but files named as a
job names its own (files.is_job_file: a folder "2024" of an operator's, under a MEDIA_ROOT
set to a directory shared with other files, is left and logged); no job has that id; its id
is below the newest job's (on SQLite a rolled-back job's id is given again: the job that
takes it clears the directory itself, files.store_source, so a directory a job may be writing
now is never one of them); and nothing directly in it has changed for ORPHANED_AFTER (a job
being made writes there as it is made). Nothing else under the root, and nothing outside it,
is touched."""

from __future__ import annotations

import datetime
import logging
import os
import shutil
from pathlib import Path

from mteja.clients.imports.files import imports_root, is_job_file
from mteja.clients.models import ImportJob
from mteja.core import clock

logger = logging.getLogger(__name__)

# Far longer than the making of any job takes (a 512 MB file copied and counted: a minute).
ORPHANED_AFTER = datetime.timedelta(days=1)


def remove_orphaned_folders() -> list[int]:
    """Removes the directories of jobs never made; the ids they were named by."""
    found = _id_named_folders(imports_root())
    if not found:
        return []
    newest = ImportJob.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    below = {job_id: path for job_id, path in found.items() if job_id < newest}
    if not below:
        return []
    held = set(
        ImportJob.objects.filter(pk__gte=min(below), pk__lte=max(below)).values_list(
            "pk", flat=True
        )
    )
    before = (clock.now() - ORPHANED_AFTER).timestamp()
    removed = []
    for job_id in sorted(set(below) - held):
        path = below[job_id]
        try:
            with os.scandir(path) as entries:
                inside = list(entries)
            if _last_change(path, inside) >= before:
                continue
        except OSError:  # removed or replaced meanwhile
            continue
        if not all(is_job_file(entry) for entry in inside):
            _warn_once("Leaving %s: it holds what no import job writes.", path)
            continue
        logger.warning("Removing %s: the directory of an import job never made.", path)
        try:
            shutil.rmtree(path)  # refuses a symbolic link
        except OSError:
            logger.exception("Could not remove %s", path)
        else:
            removed.append(job_id)
    return removed


def _id_named_folders(root: Path) -> dict[int, Path]:
    """The directories under `root` named as files.job_dir names a job's, by id."""
    found = {}
    try:
        entries = list(os.scandir(root))
    except FileNotFoundError:
        return found
    for entry in entries:
        name = entry.name
        if not (name.isascii() and name.isdigit()) or str(int(name)) != name:
            continue
        if entry.is_symlink():
            _warn_once("Leaving %s: a symbolic link among the import jobs' directories.", name)
        elif entry.is_dir(follow_symlinks=False):
            found[int(name)] = Path(entry.path)
    return found


# What this process has warned of already: the upkeep runs once a minute, and a folder left
# alone stays (a line a minute for each, for ever, would bury the log).
_warned: set[tuple[str, str]] = set()


def _warn_once(message: str, path) -> None:
    if (message, str(path)) not in _warned:
        _warned.add((message, str(path)))
        logger.warning(message, path)


def _last_change(folder: Path, entries: list[os.DirEntry]) -> float:
    """When the directory, or anything directly in it, last changed (a file being copied in
    changes the file, not the directory)."""
    times = [folder.lstat().st_mtime]
    times.extend(entry.stat(follow_symlinks=False).st_mtime for entry in entries)
    return max(times)
