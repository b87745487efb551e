"""A row valid at its check but refused as its batch is written — by the institution's
duplicate policy, or at the end of its batch's check by another office's client holding its
external id — gives back the values it held: a valid row of a later batch repeating one is
imported, as if the refused row had been refused at its check (decision 219). A re-run of
the file imports nothing twice."""

import pytest
from tests.clients.bulk.files import csv_file

from mteja.clients.bulk import importing
from mteja.clients.bulk.importing import ClientImport
from mteja.clients.models import Client, ClientPolicy, DuplicatePolicy

pytestmark = pytest.mark.django_db

HEADER = "office,firstname,lastname,externalId,mobileNo,submittedOnDate"
MOBILE = "0712345678"


def outcomes(report) -> list[tuple[int, str]]:
    return [(row.line, row.outcome) for row in report.rows]


def mobile_refused_twice():
    policy = ClientPolicy.current()
    policy.duplicate_mobile = DuplicatePolicy.BLOCK
    policy.save()


def file_of(third: str, fifth: str) -> bytes:
    """Line 3 (`third`: its external id and mobile number) and line 5 (`fifth`), Baraka
    Otieno both, each in a batch of two rows."""
    return csv_file(
        HEADER,
        "Kibera,Asha,Njeri,KEY-2,,2024-01-10",
        f"Kibera,Baraka,Otieno,{third},2024-01-10",
        "Kibera,Chao,Wu,KEY-4,,2024-01-10",
        f"Kibera,Baraka,Otieno,{fifth},2024-01-10",
    )


@pytest.mark.parametrize(("dry_run", "taken"), [(True, "valid"), (False, "imported")])
def test_a_row_the_duplicate_policy_refuses_leaves_its_external_id_to_a_later_batch(
    admin_user, kibera, make_client, dry_run, taken
):
    mobile_refused_twice()
    make_client(office=kibera, firstname="Zawadi", mobile_no=MOBILE)
    data = file_of(f"KEY-9,{MOBILE}", "KEY-9,")
    report = ClientImport(user=admin_user, source=data, dry_run=dry_run).run(batch_size=2)
    assert outcomes(report) == [(2, taken), (3, "invalid"), (4, taken), (5, taken)]
    assert "mobile" in report.rows[1].status().lower()
    assert Client.objects.filter(external_id="KEY-9").count() == (0 if dry_run else 1)


def test_the_rerun_imports_nothing_twice(admin_user, kibera, make_client):
    """Line 3 is now found by its external id as line 5's client; line 5, repeating it, is
    refused as its repeat (decision 200's re-run)."""
    mobile_refused_twice()
    make_client(office=kibera, firstname="Zawadi", mobile_no=MOBILE)
    data = file_of(f"KEY-9,{MOBILE}", "KEY-9,")
    ClientImport(user=admin_user, source=data).run(batch_size=2)
    again = ClientImport(user=admin_user, source=data).run(batch_size=2)
    assert [row.outcome for row in again.rows] == ["already imported"] * 3 + ["invalid"]
    assert again.rows[3].errors == [("externalId", "Line 3 has the same external id.")]
    assert Client.objects.count() == 4


@pytest.mark.parametrize("size", [2, 500])
def test_a_row_refused_for_another_offices_external_id_leaves_its_mobile_number(
    clerk, make_office, make_client, size
):
    """Line 3's external id is a client's of an office outside the user's (refused as
    `POST /clients` refuses it, once its batch is checked): its mobile number, which the
    institution refuses twice, is line 5's, in a later batch or in the same (checked again)."""
    mobile_refused_twice()
    make_client(office=make_office(name="Mombasa"), firstname="Zawadi", external_id="KEY-9")
    report = ClientImport(user=clerk, source=file_of(f"KEY-9,{MOBILE}", f"KEY-5,{MOBILE}"))
    report = report.run(batch_size=size)
    assert outcomes(report) == [(2, "imported"), (3, "invalid"), (4, "imported"), (5, "imported")]
    assert Client.objects.get(external_id="KEY-5").mobile_no == MOBILE


def whole_outcomes(report) -> list[tuple[int, str, list]]:
    return [(row.line, row.outcome, row.errors) for row in report.rows]


@pytest.mark.parametrize("dry_run", [True, False])
def test_in_the_same_batch_the_rows_below_are_checked_again_as_in_batches_of_one(
    admin_user, kibera, make_client, dry_run
):
    """Lines 3 to 5 in one batch: line 3 refused as written (its mobile number a client's
    already), line 4 — refused as its repeat when checked — is checked again and taken, and
    line 5, valid at its check, is then the repeat of line 4's mobile number: as a run of
    batches of one row says, where each row is written before the next is checked."""
    mobile_refused_twice()
    make_client(office=kibera, firstname="Zawadi", mobile_no=MOBILE)
    data = csv_file(
        HEADER,
        "Kibera,Asha,Njeri,KEY-2,,2024-01-10",
        f"Kibera,Baraka,Otieno,KEY-9,{MOBILE},2024-01-10",
        "Kibera,Baraka,Otieno,KEY-9,0722000111,2024-01-10",
        "Kibera,Chao,Wu,KEY-5,0722000111,2024-01-10",
    )
    taken = "valid" if dry_run else "imported"
    runs = {}
    for size in (1, 500):
        Client.objects.exclude(firstname="Zawadi").delete()
        run = ClientImport(user=admin_user, source=data, dry_run=dry_run).run(batch_size=size)
        runs[size] = whole_outcomes(run)
    assert runs[500] == runs[1]
    assert [(line, outcome) for line, outcome, _errors in runs[500]] == [
        (2, taken), (3, "invalid"), (4, taken), (5, "invalid"),
    ]  # fmt: skip
    assert runs[500][3][2] == [("mobileNo", "Line 4 has the same mobile number.")]


def test_a_row_whose_external_id_is_taken_as_it_is_written_leaves_its_mobile_number(
    clerk, make_office, make_client, monkeypatch
):
    """Another user's client of another office takes line 3's external id between its
    batch's check and its write (in the write's transaction, each time it is tried): line 3
    is refused as `POST /clients` refuses it, and line 4, refused at its check as the repeat
    of line 3's mobile number, is checked again and imported."""
    mobile_refused_twice()
    mombasa = make_office(name="Mombasa")
    admitted = importing.refuse_officers_changed

    def taken_meanwhile(valid, errors_of):
        make_client(office=mombasa, firstname="Zawadi", external_id="KEY-3")
        return admitted(valid, errors_of)

    monkeypatch.setattr(importing, "refuse_officers_changed", taken_meanwhile)
    data = csv_file(
        HEADER,
        "Kibera,Asha,Njeri,KEY-2,,2024-01-10",
        f"Kibera,Baraka,Otieno,KEY-3,{MOBILE},2024-01-10",
        f"Kibera,Chao,Wu,KEY-4,{MOBILE},2024-01-10",
    )
    report = ClientImport(user=clerk, source=data).run()
    assert outcomes(report) == [(2, "imported"), (3, "invalid"), (4, "imported")]
    assert [column for column, _message in report.rows[1].errors] == ["externalId"]
    assert Client.objects.get(external_id="KEY-4").mobile_no == MOBILE
