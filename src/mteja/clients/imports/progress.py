"""A job's progress as the API and the pages show it: the file's rows passed in this phase of
the total (blank ones included: the total counts them), the bar (clients/imports/bar.py), the
rate of this run (since it started; resumed, since its first batch: running.claim_here), and
the time left at that rate. Once completed, the total is the rows that held a client."""

from __future__ import annotations

from django.utils.translation import gettext as _

from mteja.clients.bulk.row_results import ALREADY, HELD_BACK, IMPORTED, INVALID, VALID
from mteja.clients.imports.bar import (
    PARTS,
    bar,
    checked_to,
    passed,
    two_passes,
    work_done,
    work_left,
    written_to,
)
from mteja.clients.imports.running import INTERRUPTED, shown_status
from mteja.clients.models import ImportJob, ImportStatus
from mteja.core import clock

# All or nothing resumed checks the rows not yet written again before writing any.
CHECKING, CHECKING_AGAIN, IMPORTING = "checking", "rechecking", "importing"


def phase(job: ImportJob) -> str:
    if job.dry_run:
        return CHECKING
    if not two_passes(job) or (job.status == ImportStatus.COMPLETED and not job.held_back):
        return IMPORTING
    # Its check over once it passed the file's end (which makes the total) or wrote a batch.
    over = job.last_line > job.line_from or checked_to(job) >= job.total_rows
    if over and not job.held_back:
        return IMPORTING
    return CHECKING_AGAIN if job.bar_from else CHECKING  # (resumed, after rows passed)


def _in_phase(job: ImportJob, shown: str) -> tuple[int, int]:
    """The rows passed in this phase, of those it passes."""
    total = job.total_rows
    if job.status == ImportStatus.COMPLETED:
        return total, total
    if shown == CHECKING_AGAIN:
        start = min(passed(job.line_from), total)
        return min(checked_to(job), total) - start, total - start
    position = checked_to(job) if shown == CHECKING and two_passes(job) else written_to(job)
    return min(position, total), total


def progress(job: ImportJob) -> dict:
    status = shown_status(job)
    shown = phase(job)
    handled, phase_rows = _in_phase(job, shown)
    # Interrupted (its worker gone): the rate it ran at, up to its last report, not one that
    # falls as the hours pass before someone resumes it.
    end = job.finished_at or (job.heartbeat_at if status == INTERRUPTED else None) or clock.now()
    rate = seconds_left = None
    since = job.rate_since or job.started_at  # (a resumed run before its first batch: no rate)
    if since and job.status != ImportStatus.QUEUED:
        elapsed = (end - since).total_seconds()
        moved = work_done(job) - job.rows_at_start
        if elapsed > 0 and moved > 0:
            rate = moved / elapsed
            left = work_left(job)
            if status == ImportStatus.RUNNING and left:
                # A row to go takes a second at least: never "About 0 seconds left" while it
                # runs; none to go (its count up front was low), no time said.
                seconds_left = max(round(left / rate), 1)
    return {
        "status": status,
        "phase": shown,
        "rowsDone": job.rows_done,
        "rowsChecked": job.rows_checked,
        "rowsHandled": handled,  # the file's rows passed in this phase
        "phaseRows": phase_rows,  # of those
        "totalRows": job.total_rows,
        "percent": bar(job) * 100 // PARTS,
        "rate": round(rate, 1) if rate is not None else None,
        "secondsLeft": seconds_left,
    }


def blank_rows_passed(job: ImportJob, shown: dict) -> bool:
    """Whether a running (or stopped) job's rows done count rows that held no client: its
    page says they do, as the count up front counted them."""
    if job.status == ImportStatus.COMPLETED or shown["phase"] == CHECKING_AGAIN:
        return False
    rows = job.rows_checked if shown["phase"] == CHECKING and two_passes(job) else job.rows_done
    return shown["rowsHandled"] > rows


def counts(job: ImportJob) -> dict:
    """The rows by outcome, and Fineract's success and failure counts."""
    outcomes = job.outcomes
    success = outcomes.get(IMPORTED, 0) + outcomes.get(ALREADY, 0)
    if job.dry_run:
        success += outcomes.get(VALID, 0)
    return {
        "imported": outcomes.get(IMPORTED, 0),
        "alreadyImported": outcomes.get(ALREADY, 0),
        "valid": sum(outcomes.get(key, 0) for key in (VALID, HELD_BACK)),
        "invalid": outcomes.get(INVALID, 0),
        "successCount": success,
        "failureCount": outcomes.get(INVALID, 0),
    }


BAR_WIDTH = 30


def text_bar(job: ImportJob) -> str:
    """One line of plain text for a terminal: bar, rows, rate, time left."""
    shown = progress(job)
    filled = BAR_WIDTH * shown["percent"] // 100
    bar = "#" * filled + "-" * (BAR_WIDTH - filled)
    parts = [
        f"[{bar}] {shown['percent']:3d}% {shown['phase']} "
        f"{shown['rowsHandled']}/{shown['phaseRows']} rows"
    ]
    if shown["rate"]:
        parts.append(f"{shown['rate']:.0f} rows/s")
    if shown["secondsLeft"] is not None:
        minutes, seconds = divmod(shown["secondsLeft"], 60)
        parts.append(f"ETA {minutes // 60}:{minutes % 60:02d}:{seconds:02d}")
    if job.database_wait is not None:  # (its bar moves on once the other writer is done)
        parts.append(
            _("waiting for the database, which another writer holds (%(seconds)s s)")
            % {"seconds": round(job.database_wait)}
        )
    return "  ".join(parts)
