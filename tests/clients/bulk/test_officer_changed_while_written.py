"""A loan officer changed by another user between a batch's check and its write (in a hook
once the batch is checked, before its transaction): the rows naming them are refused as
`POST /clients` and the check refuse an inactive officer, or one of another branch, not
written with an officer who may not have their clients."""

import pytest
from tests.clients.bulk.files import csv_file, queries_of_import

from mteja.clients.bulk.checking import RowChecker
from mteja.clients.bulk.importing import import_clients
from mteja.clients.models import Client, StaffAssignment
from mteja.organisation.services import staff as staff_services

pytestmark = pytest.mark.django_db

HEADER = "office,staff,firstname,lastname,submittedOnDate"
ROWS = ('Kibera,"Wambui, Grace",Asha,Njeri,2024-01-10', "Kibera,,Baraka,Otieno,2024-01-10")


@pytest.fixture
def officer(make_staff, kibera):
    return make_staff(office=kibera, firstname="Grace", lastname="Wambui", is_loan_officer=True)


def change_once_checked(monkeypatch, change):
    check_batch = RowChecker.check_batch

    def changed_once_checked(self, batch):
        checked = check_batch(self, batch)
        change()
        monkeypatch.setattr(RowChecker, "check_batch", check_batch)
        return checked

    monkeypatch.setattr(RowChecker, "check_batch", changed_once_checked)


@pytest.mark.parametrize(
    "change",
    [{"is_active": False}, {"is_loan_officer": False}, {"office": "Nakuru"}],
    ids=["made inactive", "no longer a loan officer", "moved to another branch"],
)
def test_an_officer_changed_before_the_write_refuses_the_rows_naming_them(
    admin_user, kibera, officer, make_office, monkeypatch, change
):
    nakuru = make_office(name="Nakuru")
    fields = {key: nakuru if value == "Nakuru" else value for key, value in change.items()}
    change_once_checked(
        monkeypatch, lambda: staff_services.staff_update(actor=None, staff=officer, **fields)
    )
    report = import_clients(user=admin_user, data=csv_file(HEADER, *ROWS))
    assert [row.outcome for row in report.rows] == ["invalid", "imported"]
    assert [column for column, _message in report.rows[0].errors] == ["staff"]
    assert list(Client.objects.values_list("firstname", "staff")) == [("Baraka", None)]
    assert not StaffAssignment.objects.exists()
    # The check says the same now.
    again = import_clients(user=admin_user, data=csv_file(HEADER, *ROWS), dry_run=True)
    assert again.rows[0].errors == report.rows[0].errors


def test_an_officer_renamed_before_the_write_keeps_the_rows_naming_them(
    admin_user, kibera, officer, monkeypatch
):
    change_once_checked(
        monkeypatch,
        lambda: staff_services.staff_update(actor=None, staff=officer, lastname="Wambui-Otieno"),
    )
    report = import_clients(user=admin_user, data=csv_file(HEADER, *ROWS))
    assert [row.outcome for row in report.rows] == ["imported", "imported"]
    assert Client.objects.get(firstname="Asha").staff == officer


def test_reading_the_officers_again_costs_no_query_a_row(admin_user, kibera, officer):
    def queries(count: int, start: int) -> int:
        rows = [
            f'Kibera,"Wambui, Grace",Asha,Njeri {i},2024-01-10' for i in range(start, start + count)
        ]
        return queries_of_import(admin_user, HEADER, rows)

    queries(15, 0)  # the first import learns the names' words
    assert queries(5, 100) == queries(15, 200)
