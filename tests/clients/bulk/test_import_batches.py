"""The import writes batches: imported clients are the clients `POST /clients` makes (their
numbers, officer, entity details, audit event, search), a batch costs the same queries for
5 rows as for 15, a stopped import keeps whole batches and resumes after the last, and
what the institution refuses as a duplicate is refused within the file too."""

import pytest
from django.db import IntegrityError
from tests.clients.bulk.files import csv_file, queries_of_import

from mteja.clients.bulk import importing
from mteja.clients.bulk.importing import ClientImport, import_clients
from mteja.clients.kyc import policy
from mteja.clients.models import Client, StaffAssignment
from mteja.core.models import AuditEvent

pytestmark = pytest.mark.django_db

BASE = "/fineract-provider/api/v1"
HEADER = "office,staff,firstname,lastname,externalId,mobileNo,dateOfBirth,gender,submittedOnDate"


FIRST, LAST = ("Asha", "Neema", "Zawadi", "Amina", "Wanjiru"), ("Otieno", "Njeri", "Juma")


def people(count: int, start: int = 0) -> list[str]:
    return [
        f"Kibera,,{FIRST[i % 5]},{LAST[i % 3]},BAT-{i},07{i:08d},,Female,2024-01-10"
        for i in range(start, start + count)
    ]


def test_an_imported_client_is_the_client_the_api_creates(api, admin_user, kibera, make_staff):
    policy.client_policy_update(actor=None, phone_region="KE")
    officer = make_staff(office=kibera, firstname="Grace", lastname="Wambui", is_loan_officer=True)
    data = csv_file(
        HEADER,
        'Kibera,"Wambui, Grace",Asha,Njeri,BAT-1,0712 345 678,1990-05-17,Female,2024-01-10',
        "Kibera,,Baraka,Otieno,BAT-2,,,,2024-01-10",
    )
    report = import_clients(user=admin_user, data=data)
    assert report.summary()["imported"] == 2
    asha = Client.objects.get(external_id="BAT-1")
    assert asha.account_no == f"{asha.pk:09d}" and asha.staff == officer
    assert asha.mobile_key == "+254712345678"
    assignment = StaffAssignment.objects.get(client=asha)
    assert (assignment.staff, assignment.assigned_by) == (officer, admin_user)
    event = AuditEvent.objects.get(client_id=asha.pk)
    assert (event.action_name, event.entity_name, event.maker) == ("CREATE", "CLIENT", admin_user)
    assert event.changes["display_name"] == [None, "Asha Njeri"]
    assert event.changes["account_no"] == [None, asha.account_no]

    found = api.get(f"{BASE}/clients", {"displayName": "njeri asha"}).json()
    assert [row["id"] for row in found["pageItems"]] == [asha.pk]
    shown = api.get(f"{BASE}/clients/{asha.pk}").json()
    assert (shown["staffName"], shown["officeName"]) == ("Wambui, Grace", "Kibera")


def test_a_batch_costs_the_same_queries_whatever_its_rows(admin_user, kibera):
    def queries(count: int, start: int) -> int:
        return queries_of_import(admin_user, HEADER, people(count, start))

    queries(15, 0)  # the first import learns the names' words
    # (Within the rows one INSERT takes: SQLite's 999 parameters are 19 clients.)
    assert queries(5, 100) == queries(15, 200)


def test_a_stopped_import_keeps_whole_batches_and_resumes_after_them(admin_user, kibera):
    source = csv_file(HEADER, *people(7))
    seen = []

    class Killed(Exception):
        pass

    def stop_in_third_batch(results, last_line, writing, *_at_end):
        seen.append((last_line, [row.outcome for row in results], writing))
        if len(seen) == 3:
            raise Killed

    importer = ClientImport(user=admin_user, source=source)
    with pytest.raises(Killed):
        importer.run(batch_size=2, on_batch=stop_in_third_batch)
    assert [line for line, _outcomes, _writing in seen] == [3, 5, 7]
    assert Client.objects.count() == 4  # batches 1 and 2; the third rolled back with its record
    resumed = ClientImport(user=admin_user, source=source).run(after_line=5)
    assert [row.line for row in resumed.rows] == [6, 7, 8]
    assert resumed.summary()["imported"] == 3
    assert Client.objects.count() == 7
    assert sorted(Client.objects.values_list("external_id", flat=True)) == [
        f"BAT-{i}" for i in range(7)
    ]


def test_a_duplicate_the_institution_refuses_is_refused_within_the_file(admin_user, kibera):
    policy.client_policy_update(actor=None, duplicate_mobile="block", phone_region="KE")
    data = csv_file(
        HEADER,
        "Kibera,,Asha,Njeri,BAT-1,0712 345 678,,,2024-01-10",
        "Kibera,,Neema,Juma,BAT-2,+254 712 345 678,,,2024-01-10",
    )
    report = import_clients(user=admin_user, data=data, dry_run=True)
    assert report.rows[1].errors == [("mobileNo", "Line 2 has the same mobile number.")]
    assert not Client.objects.exists()
    report = import_clients(user=admin_user, data=data)
    assert [row.outcome for row in report.rows] == ["imported", "invalid"]
    again = csv_file(HEADER, "Kibera,,Zawadi,Achieng,BAT-3,0712345678,,,2024-01-10")
    (row,) = import_clients(user=admin_user, data=again).rows
    assert row.outcome == "invalid" and row.errors[0][0] == "mobileNo"
    assert Client.objects.count() == 1


@pytest.mark.parametrize("dry_run", [True, False])
def test_an_external_id_repeated_in_a_later_batch_is_refused_whatever_the_batches(
    admin_user, kibera, dry_run
):
    """Line 4 repeats line 2's id, two batches below it: refused as within one batch — in a
    dry run, a real run (line 2 then written already) and a re-run of the file."""
    source = csv_file(HEADER, *people(2), "Kibera,,Zawadi,Juma, BAT-0 ,,,Female,2024-01-10")

    def outcomes():
        report = ClientImport(user=admin_user, source=source, dry_run=dry_run).run(batch_size=1)
        return [(row.outcome, row.errors) for row in report.rows]

    repeated = ("invalid", [("externalId", "Line 2 has the same external id.")])
    first = "valid" if dry_run else "imported"
    assert outcomes() == [(first, []), (first, []), repeated]
    again = "valid" if dry_run else "already imported"
    assert outcomes() == [(again, []), (again, []), repeated]
    assert Client.objects.filter(external_id="BAT-0").count() == (0 if dry_run else 1)


def test_a_resumed_import_refuses_a_repeat_of_a_line_written_before_it_stopped(admin_user, kibera):
    first_two = people(2)
    ClientImport(user=admin_user, source=csv_file(HEADER, *first_two)).run()
    source = csv_file(HEADER, *first_two, "Kibera,,Zawadi,Juma,BAT-0,,,Female,2024-01-10")
    resumed = ClientImport(user=admin_user, source=source).run(after_line=3)
    assert [(row.line, row.outcome, row.errors) for row in resumed.rows] == [
        (4, "invalid", [("externalId", "Line 2 has the same external id.")])
    ]


def test_a_duplicate_the_institution_only_warns_about_is_imported(admin_user, kibera):
    policy.client_policy_update(actor=None, duplicate_mobile="warn")
    data = csv_file(
        HEADER,
        "Kibera,,Asha,Njeri,BAT-1,0712 345 678,,,2024-01-10",
        "Kibera,,Neema,Juma,BAT-2,0712 345 678,,,2024-01-10",
    )
    assert import_clients(user=admin_user, data=data).summary()["imported"] == 2


def test_an_external_id_of_another_offices_client_fails_its_row_only(
    make_user, make_office, make_client, kibera
):
    make_client(office=make_office(name="Nakuru"), external_id="BAT-1")
    clerk = make_user(("ALL_FUNCTIONS",), office=kibera)
    data = csv_file(
        HEADER,
        "Kibera,,Asha,Njeri,BAT-0,,,,2024-01-10",
        "Kibera,,Baraka,Otieno,BAT-1,,,,2024-01-10",
        "Kibera,,Chao,Wu,BAT-2,,,,2024-01-10",
    )
    report = import_clients(user=clerk, data=data)
    assert [row.outcome for row in report.rows] == ["imported", "invalid", "imported"]
    assert report.rows[1].errors[0][0] == "externalId"
    assert Client.objects.filter(office=kibera).count() == 2


def test_a_row_whose_external_id_a_user_takes_while_its_batch_is_written_is_already_imported(
    admin_user, kibera, make_client, monkeypatch
):
    """A batch written client by client (a value of one row was taken meanwhile): a row
    whose external id another user gives a client of the importer's offices just before
    its turn is "already imported", as the re-run says, not refused."""

    def refused(prepared, *_built):
        raise IntegrityError("a unique value taken meanwhile")

    write_client = importing.write_client

    def taken_just_before(prepared):
        written = write_client(prepared)
        if prepared.client.external_id == "BAT-0":  # the row before BAT-1 is written
            make_client(office=kibera, external_id="BAT-1")
        return written

    monkeypatch.setattr(importing, "write_clients", refused)
    monkeypatch.setattr(importing, "write_client", taken_just_before)
    data = csv_file(HEADER, *people(3))
    report = import_clients(user=admin_user, data=data)
    taken = Client.objects.get(external_id="BAT-1").account_no
    assert [(row.outcome, row.errors) for row in report.rows] == [
        ("imported", []),
        ("already imported", []),
        ("imported", []),
    ]
    assert report.rows[1].account_no == taken
    monkeypatch.undo()
    assert import_clients(user=admin_user, data=data).summary()["alreadyImported"] == 3


def test_every_imported_client_is_found_by_name_and_the_index_follows_later_writes(
    api, admin_user, kibera, make_client, make_office
):
    """A batch indexes its names in one statement (SQLite); a batch one row of which is
    refused at the insert is written row by row; clients written after an import are indexed
    as before."""
    make_client(office=make_office(name="Nakuru"), external_id="BAT-1")
    data = csv_file(
        HEADER,
        "Kibera,,Asha,Kiprotich,BAT-0,,,,2024-01-10",
        "Kibera,,Baraka,Kiprotich,BAT-1,,,,2024-01-10",  # another office's external id
        "Kibera,,Chao,Kiprotich,BAT-2,,,,2024-01-10",
        "Kibera,,Dalia,Mwangi,BAT-3,,,,2024-01-10",
    )
    ClientImport(user=admin_user, source=data).run(batch_size=2)

    def found(text: str) -> list[str]:
        rows = api.get(f"{BASE}/clients", {"displayName": text}).json()["pageItems"]
        return sorted(row["displayName"] for row in rows)

    assert found("kiprotich") == ["Asha Kiprotich", "Chao Kiprotich"]
    assert found("mwangi dalia") == ["Dalia Mwangi"]
    created = api.post(
        f"{BASE}/clients",
        {
            "officeId": kibera.pk,
            "legalFormId": 1,
            "firstname": "Elimu",
            "lastname": "Kiprotich",
            "active": False,
            "locale": "en",
            "dateFormat": "yyyy-MM-dd",
            "submittedOnDate": "2024-01-10",
        },  # fmt: skip
        format="json",
    )
    assert created.status_code == 200, created.json()
    assert found("kiprotich") == ["Asha Kiprotich", "Chao Kiprotich", "Elimu Kiprotich"]
