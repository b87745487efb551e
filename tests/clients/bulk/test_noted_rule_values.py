"""A mobile number or a name and date of birth the institution refuses twice is held by the
first line that gives it, whether the process checking a row below checked that line itself
or only noted it — a resumed dry run's or a resumed import's lines before the stop (and
another lane's batches: test_noted_rule_values_lanes.py): the row below is refused naming
that line, as by the uninterrupted run (decision 247)."""

from datetime import date

import pytest
from tests.clients.bulk.dying_batches import batches_dying
from tests.clients.bulk.files import csv_file
from tests.clients.bulk.test_jobs import DEAD_WORKER
from tests.clients.bulk.test_resumed_dry_run_keys import outcome_list, results

from mteja.clients.bulk.checking import RowChecker
from mteja.clients.bulk.importing import ClientImport
from mteja.clients.imports import running
from mteja.clients.imports.services import enqueue, import_job_create, import_job_resume
from mteja.clients.kyc import policy as client_policy
from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

HEADER = "office,firstname,lastname,externalId,mobileNo,dateOfBirth,submittedOnDate"
# Line 5 repeats line 2's mobile number (written another way) or its name (in other
# capitals) and date of birth; lines 3 and 4 give neither.
REPEATS = {
    "mobile": ("duplicate_mobile", "Kibera,Dalia,Achieng,KEY-5,+254 712 345678,,2024-01-10",
               ("mobileNo", "Line 2 has the same mobile number.")),
    "name and birth date": ("duplicate_name_and_birth_date",
                            "Kibera,ASHA,njeri,KEY-5,,1990-05-01,2024-01-10",
                            ("dateOfBirth", "Line 2 has the same name and date of birth.")),
}  # fmt: skip


def repeating_file(rule: str) -> bytes:
    setting, fifth, _error = REPEATS[rule]
    client_policy.client_policy_update(actor=None, phone_region="KE", **{setting: "block"})
    return csv_file(
        HEADER,
        "Kibera,Asha,Njeri,KEY-2,0712345678,1990-05-01,2024-01-10",
        "Kibera,Baraka,Otieno,KEY-3,0722000333,,2024-01-10",
        "Kibera,Chao,Wu,KEY-4,,1991-02-03,2024-01-10",
        fifth,
    )


def uninterrupted(rule: str, taken: str) -> list[tuple[int, str, list]]:
    return [(2, taken, []), (3, taken, []), (4, taken, []), (5, "invalid", [REPEATS[rule][2]])]


@pytest.mark.parametrize("rule", REPEATS)
def test_a_resumed_dry_run_refuses_the_repeat_of_a_line_before_its_stop(admin_user, kibera, rule):
    data = repeating_file(rule)
    whole = ClientImport(user=admin_user, source=data, dry_run=True).run()
    assert results(whole) == uninterrupted(rule, "valid")
    resumed = ClientImport(user=admin_user, source=data, dry_run=True)
    after = resumed.run(after_line=3, standing=iter([2, 3]))
    assert results(after) == results(whole)[2:]


@pytest.mark.parametrize("rule", REPEATS)
def test_an_import_killed_and_resumed_refuses_the_repeat_of_a_line_written_before(
    admin_user, kibera, rule, monkeypatch
):
    data = repeating_file(rule)
    assert results(ClientImport(user=admin_user, source=data).run()) == uninterrupted(
        rule, "imported"
    )
    Client.objects.all().delete()
    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    revive = batches_dying(monkeypatch, lambda last_line: last_line == 5)  # its second
    job = import_job_create(actor=admin_user, data=data, file_name="clients.csv")
    enqueue(job)
    ImportJob.objects.filter(pk=job.pk).update(status="running", worker=DEAD_WORKER)
    job.refresh_from_db()
    assert (job.rows_done, job.last_line, Client.objects.count()) == (2, 3, 2)
    revive()
    import_job_resume(actor=admin_user, job=job)
    enqueue(job)
    job.refresh_from_db()
    assert job.status == "completed"
    assert outcome_list(job) == uninterrupted(rule, "imported")
    assert Client.objects.count() == 3


SPELLINGS = (
    "Kibera,  Asha ,Njeri  Wambui,K-1,0712 345 678,1990-05-01,2024-01-10",
    "Kibera,ÉLODIE,Straße,K-2,(0712) 345-679,1990-05-01,2024-01-10",
    "Kibera,Juma,Kiprop,K-3,+44 20 7946 0958,,2024-01-10",
    "Kibera,Musa,Hassan,K-4,07123,1990-05-02,2024-01-10",
    "Kibera,Nuru,Atieno,K-5,0712345670,1990-02-30,2024-01-10",  # no such day: invalid
)


def test_a_noted_line_gives_the_rule_values_its_check_holds(admin_user, kibera):
    client_policy.client_policy_update(
        actor=None, phone_region="KE", duplicate_mobile="block",
        duplicate_name_and_birth_date="block",
    )  # fmt: skip
    importing = ClientImport(user=admin_user, source=csv_file(HEADER, *SPELLINGS), dry_run=True)
    (batch,) = importing.batches()
    checked = RowChecker(admin_user, importing.reader, importing.columns).check_batch(batch)
    assert [result.outcome for result, _prepared in checked] == ["valid"] * 4 + ["invalid"]
    noting = RowChecker(admin_user, importing.reader, importing.columns).noted_keys
    noted = [noting.of(cells) for _line, cells in batch]
    assert noted[:4] == [result.values for result, _prepared in checked[:4]]
    assert noted[0][1:] == [
        ("mobileNo", "+254712345678"),
        ("dateOfBirth", ("asha njeri wambui", date(1990, 5, 1))),
    ]
    assert noted[4] == [("externalId", "K-5")]  # (no client: none of its rules' values)
