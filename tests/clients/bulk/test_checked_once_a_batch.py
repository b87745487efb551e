"""What a row's check works out once for the rows of a batch naming the same loan officer,
office or code value (core/checked_once.py, decision 239) is worked out again for the next
batch and the next file: a change made between two batches, or two files, is seen by the
rows after it, as `POST /clients` would see it."""

import pytest
from tests.clients.bulk.files import csv_file

from mteja.clients.bulk.checking import RowChecker
from mteja.clients.bulk.importing import ClientImport, import_clients
from mteja.organisation.models import CodeValue
from mteja.organisation.services import codes as code_services
from mteja.organisation.services import offices as office_services
from mteja.organisation.services import staff as staff_services

pytestmark = pytest.mark.django_db

HEADER = "office,staff,firstname,lastname,gender,submittedOnDate"


def rows(count: int) -> list[str]:
    return [f'Kibera,"Wambui, Grace",Asha,Njeri {n},Female,2024-01-10' for n in range(count)]


@pytest.fixture
def officer(make_staff, kibera):
    return make_staff(office=kibera, firstname="Grace", lastname="Wambui", is_loan_officer=True)


def checked_changing_after_first_batch(monkeypatch, user, change, *, dry_run: bool):
    """Four rows in batches of two, `change()` made once the first batch is done (checked,
    and written when not a dry run), before the second is checked."""
    check_batch, seen = RowChecker.check_batch, []

    def checked(self, batch, *refused):
        if len(seen) == 1:
            change()
        seen.append(len(batch))
        return check_batch(self, batch, *refused)

    monkeypatch.setattr(RowChecker, "check_batch", checked)
    importer = ClientImport(user=user, source=csv_file(HEADER, *rows(4)), dry_run=dry_run)
    report = importer.run(batch_size=2)
    assert seen[:2] == [2, 2]
    return report


def outcomes(report) -> list[tuple[str, list[str]]]:
    return [(row.outcome, [column for column, _m in row.errors]) for row in report.rows]


@pytest.mark.parametrize("dry_run", [True, False], ids=["checked", "imported"])
def test_an_officer_made_inactive_between_two_batches_refuses_the_next_batchs_rows(
    admin_user, kibera, officer, monkeypatch, dry_run
):
    report = checked_changing_after_first_batch(
        monkeypatch,
        admin_user,
        lambda: staff_services.staff_update(actor=None, staff=officer, is_active=False),
        dry_run=dry_run,
    )
    first = "valid" if dry_run else "imported"
    assert outcomes(report) == [(first, []), (first, []), *[("invalid", ["staff"])] * 2]
    assert "no longer active" in report.rows[3].errors[0][1]


@pytest.mark.parametrize("dry_run", [True, False], ids=["checked", "imported"])
def test_a_code_value_made_inactive_between_two_batches_refuses_the_next_batchs_rows(
    admin_user, kibera, officer, monkeypatch, dry_run
):
    female = CodeValue.objects.get(code__name="Gender", name="Female")
    report = checked_changing_after_first_batch(
        monkeypatch,
        admin_user,
        lambda: code_services.code_value_update(actor=None, code_value=female, is_active=False),
        dry_run=dry_run,
    )
    first = "valid" if dry_run else "imported"
    assert outcomes(report) == [(first, []), (first, []), *[("invalid", ["gender"])] * 2]


def test_an_office_renamed_between_two_batches_is_named_so_in_the_next_batchs_refusals(
    admin_user, kibera, make_office, make_staff, monkeypatch
):
    nakuru = make_office(name="Nakuru")
    make_staff(office=nakuru, firstname="Grace", lastname="Wambui", is_loan_officer=True)
    report = checked_changing_after_first_batch(
        monkeypatch,
        admin_user,
        lambda: office_services.office_update(actor=None, office=kibera, name="Kibera Town"),
        dry_run=True,
    )
    assert outcomes(report) == [("invalid", ["staff"])] * 4
    named = [message for row in report.rows for _column, message in row.errors]
    assert ["Kibera Town" in message for message in named] == [False, False, True, True]
    assert all("works at Nakuru" in message for message in named)


def test_an_officer_made_inactive_between_two_files_refuses_the_second_files_rows(
    admin_user, kibera, officer
):
    first = import_clients(user=admin_user, data=csv_file(HEADER, *rows(2)), dry_run=True)
    staff_services.staff_update(actor=None, staff=officer, is_active=False)
    second = import_clients(user=admin_user, data=csv_file(HEADER, *rows(2)), dry_run=True)
    assert outcomes(first) == [("valid", [])] * 2
    assert outcomes(second) == [("invalid", ["staff"])] * 2
