"""A job's progress as the API and the pages show it: rows done of total, the rate of this
run (since it started; resumed, since its first batch: running.claim_here), and the time left
at that rate."""

from __future__ import annotations

from mteja.clients.bulk.checking import ALREADY, HELD_BACK, IMPORTED, INVALID, VALID
from mteja.clients.imports.running import INTERRUPTED, shown_status, two_passes, work_done
from mteja.clients.models import ImportJob, ImportStatus
from mteja.core import clock

CHECKING, IMPORTING = "checking", "importing"


def progress(job: ImportJob) -> dict:
    status = shown_status(job)
    total = job.total_rows * (2 if two_passes(job) else 1)
    done = total if job.status == ImportStatus.COMPLETED else min(work_done(job), total)
    checking = two_passes(job) and (job.held_back or job.rows_checked < job.total_rows)
    phase = CHECKING if checking or job.dry_run else IMPORTING
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
            left = max(total - done, 0)
            if status == ImportStatus.RUNNING and left:
                # A row to go takes a second at least: never "About 0 seconds left" while it
                # runs; none to go (its count up front was low), no time said.
                seconds_left = max(round(left / rate), 1)
    return {
        "status": status,
        "phase": phase,
        "rowsDone": job.rows_done,
        "rowsChecked": job.rows_checked,
        "rowsHandled": job.rows_checked if checking else job.rows_done,  # in this phase
        "totalRows": job.total_rows,
        "percent": 100 if total == 0 and job.finished else (done * 100 // total if total else 0),
        "rate": round(rate, 1) if rate is not None else None,
        "secondsLeft": seconds_left,
    }


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
        f"{shown['rowsHandled']}/{job.total_rows} rows"
    ]
    if shown["rate"]:
        parts.append(f"{shown['rate']:.0f} rows/s")
    if shown["secondsLeft"] is not None:
        minutes, seconds = divmod(shown["secondsLeft"], 60)
        parts.append(f"ETA {minutes // 60}:{minutes % 60:02d}:{seconds:02d}")
    return "  ".join(parts)
