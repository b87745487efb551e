"""A mobile number's key is worked out once for a text a file repeats (clients/phones.py):
the rows read as each would alone — a repeat of a valid row's number refused where the
institution refuses duplicates, the row after an invalid one with the same number valid,
and the same text keyed by the default country in force for each import (the key of
"0712 345 678" kept from an import without one is not that of an import with one)."""

import pytest
from tests.clients.bulk.files import csv_file

from mteja.clients.bulk.importing import import_clients
from mteja.clients.kyc import policy
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

HEADER = "office,firstname,lastname,externalId,mobileNo,submittedOnDate"
SAME = "Line 2 has the same mobile number."
TAKEN = (
    "The mobile number 0712 345 678 is already recorded for the client with account number "
    "{}. The institution does not accept duplicates of this kind."
)


def _row(office: str, name: str, mobile: str) -> str:
    return f"{office},{name},Njeri,PH-{name},{mobile},2024-01-10"


def test_the_same_text_in_rows_is_checked_as_each_row_alone(admin_user, kibera):
    policy.client_policy_update(actor=None, duplicate_mobile="block", phone_region="")
    data = csv_file(
        HEADER,
        _row("Kibera", "Asha", "+254 712 345 678"),
        _row("Kibera", "Neema", "+254 712 345 678"),  # the same text: a duplicate
        _row("Nowhere", "Zawadi", "+254 799 000 111"),  # invalid: its number not taken
        _row("Kibera", "Amina", "+254 799 000 111"),
        _row("Kibera", "Wanjiru", "+254712345678"),  # the first number, written otherwise
        _row("Kibera", "Baraka", "0712 345 678"),  # no country: its digits, another key
    )
    report = import_clients(user=admin_user, data=data, dry_run=True)
    assert [row.outcome for row in report.rows] == [
        "valid", "invalid", "invalid", "valid", "invalid", "valid",
    ]  # fmt: skip
    errors = [row.errors for row in report.rows]
    assert errors[1] == [("mobileNo", SAME)] and errors[4] == [("mobileNo", SAME)]
    assert errors[0] == errors[3] == errors[5] == []
    assert errors[2][0][0] == "office"


def test_a_text_is_keyed_by_the_default_country_of_each_import(admin_user, kibera):
    policy.client_policy_update(actor=None, duplicate_mobile="block", phone_region="")
    first = import_clients(
        user=admin_user, data=csv_file(HEADER, _row("Kibera", "A", "0712 345 678"))
    )
    assert first.summary()["imported"] == 1
    assert Client.objects.get().mobile_key == "0712345678"
    policy.client_policy_update(actor=None, phone_region="KE")  # the clients rekeyed
    again = csv_file(HEADER, _row("Kibera", "B", "0712 345 678"), _row("Kibera", "C", "0712345679"))
    second = import_clients(user=admin_user, data=again, dry_run=True)
    taken = TAKEN.format(Client.objects.get().account_no)  # (PostgreSQL's sequence goes on)
    assert second.rows[0].errors == [("mobileNo", taken)] and second.rows[1].errors == []
    assert Client.objects.get().mobile_key == "+254712345678"
