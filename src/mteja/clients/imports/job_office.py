"""The office of an import job: where it is seen from (ImportJob.objects.visible_to), and so
the subtree its file's clients must lie in (docs/decisions.md 208). A job is made with its
starter's office, and its rows are written as the starter, within the offices of their office
as it is when a run is claimed. A starter who has moved since (a clerk sent to another branch,
then their interrupted job resumed by a supervisor) would write the rest of its rows in the
offices they now serve: the job's office is then widened, as the run is claimed, to the office
above both, so that no one who sees the job (its old branch's manager) sees a result file
holding another branch's clients. The change is journaled (by the system)."""

from __future__ import annotations

from mteja.clients.models import ImportJob
from mteja.clients.models.imports import IMPORT_ENTITY
from mteja.core import audit
from mteja.organisation.models import Office


def hold_starters_offices(job: ImportJob) -> None:
    """Widens the (locked) job's office to take in its starter's office as now recorded
    (`job.created_by`), unless it does already; the caller saves the job."""
    office, starter_office = job.office, job.created_by.office
    if office.is_ancestor_or_self_of(starter_office):
        return
    above_starter = set(starter_office.lineage)
    shared = [path for path in office.lineage if path in above_starter][-1]
    job.office = Office.objects.get(hierarchy=shared)
    audit.record(actor=None, action="UPDATE", entity=IMPORT_ENTITY, resource_id=job.pk,
                 office=job.office, changes={"officeId": [office.pk, job.office.pk]})  # fmt: skip
