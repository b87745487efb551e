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


def written_to(job: ImportJob) -> int:
    """The rows the writing pass (a dry run's only one) has passed: its last line's, as many
    as it wrote at least (a job stopped before migration 0021 kept no more)."""
    return max(passed(job.last_line), job.rows_done)


def checked_to(job: ImportJob) -> int:
    """The rows all or nothing's check has passed (this run's, after the rows written)."""
    return max(passed(job.checked_line), job.rows_checked)


def _positions(job: ImportJob) -> list[int]:
    return [written_to(job), checked_to(job)] if two_passes(job) else [written_to(job)]


def work_done(job: ImportJob) -> int:
    """The file's rows passed by this run's passes (the checking pass's, then the writing
    one's, for all or nothing): the rate's rows."""
    return sum(_positions(job))


def work_left(job: ImportJob) -> int:
    """The rows this run's passes have still to pass."""
    return sum(max(job.total_rows - position, 0) for position in _positions(job))


def bar(job: ImportJob) -> int:
    """The share of the job done, in PARTS; all of it only once completed."""
    if job.status == ImportStatus.COMPLETED:
        return PARTS
    total = job.total_rows
    start = min(passed(job.line_from), total)
    positions = _positions(job)
    run = len(positions) * (total - start)
    if run <= 0:
        return job.bar_from
    moved = sum(min(position, total) - start for position in positions)
    share = max(moved, 0) / run
    return min(job.bar_from + int((PARTS - job.bar_from) * share), PARTS - 1)
