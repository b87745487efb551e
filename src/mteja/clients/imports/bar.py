"""How far a job is, by the rows of its file passed (blank ones included: its count up front
counts them), as a share that never goes back however the job is stopped and resumed.

A run passes the file once (a dry run, an import of the valid rows), or twice (all or
nothing: it checks the rows, then writes them). A resumed run starts after the rows written
before, and all or nothing checks those not yet written again before writing any: the bar
goes on from where it stood when the run was claimed (`bar_from`), this run's work spread
over the rest of it — never back to the share of the rows checked again."""

from __future__ import annotations

from mteja.clients.models import ImportJob, ImportStatus

PARTS = 10_000  # the bar's unit: a hundredth of a percent


def two_passes(job: ImportJob) -> bool:
    """All or nothing checks the whole file before writing any of it."""
    return job.all_or_nothing and not job.dry_run


def passed(line: int) -> int:
    """The file's rows below its first line up to `line`, blank ones (and those above a
    header found further down) included: what its count up front counts."""
    return max(line - 1, 0)


def work_done(job: ImportJob) -> int:
    """The file's rows passed by this run's passes (the checking pass's, then the writing
    one's, for all or nothing): the rate's rows."""
    return passed(job.last_line) + (passed(job.checked_line) if two_passes(job) else 0)


def work_left(job: ImportJob) -> int:
    """The rows this run's passes have still to pass."""
    left = job.total_rows - passed(job.last_line)
    if two_passes(job):
        left += job.total_rows - passed(job.checked_line)
    return max(left, 0)


def bar(job: ImportJob) -> int:
    """The share of the job done, in PARTS; all of it only once completed."""
    if job.status == ImportStatus.COMPLETED:
        return PARTS
    total = job.total_rows
    start = min(passed(job.line_from), total)
    positions = [job.last_line, job.checked_line] if two_passes(job) else [job.last_line]
    run = len(positions) * (total - start)
    if run <= 0:
        return job.bar_from
    moved = sum(min(passed(line), total) - start for line in positions)
    share = max(moved, 0) / run
    return min(job.bar_from + int((PARTS - job.bar_from) * share), PARTS - 1)
