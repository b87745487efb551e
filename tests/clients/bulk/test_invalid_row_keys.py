"""A row refused for its own errors takes no key from a valid row below it: the external id,
the identity document (or any other value that must be unique in the file) belongs to the
first row that stands for a client — valid, or imported before. A re-run of the file, the
refused row fixed, imports nothing twice (decision 200)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.clients.bulk.files import csv_file
from tests.clients.bulk.test_documents_in_file import HEADER as DOCUMENTS_HEADER

from mteja.clients.bulk.importing import ClientImport, import_clients
from mteja.clients.models import Client, ClientIdentifier, ClientPolicy, DuplicatePolicy

pytestmark = pytest.mark.django_db

API = "/fineract-provider/api/v1"
HEADER = "office,firstname,lastname,externalId,gender,submittedOnDate"
BAD_GENDER = ("gender", "“Malle” is not a value of the list “Gender”.")
SAME_ID = ("externalId", "Line 3 has the same external id.")


def outcomes(report) -> list[tuple[int, str, list]]:
    return [(row.line, row.outcome, row.errors) for row in report.rows]


def rows(first_gender: str) -> bytes:
    """Line 3 gives the external id of line 5, its gender `first_gender`."""
    return csv_file(
        HEADER,
        "Kibera,Asha,Njeri,KEY-2,,2024-01-10",
        f"Kibera,Baraka,Otieno,KEY-9,{first_gender},2024-01-10",
        "Kibera,Chao,Wu,KEY-4,,2024-01-10",
        "Kibera,Baraka,Otieno,KEY-9,Male,2024-01-10",
    )


@pytest.mark.parametrize(("dry_run", "written"), [(True, "valid"), (False, "imported")])
def test_a_valid_row_keeps_the_external_id_an_invalid_row_above_gave(
    admin_user, kibera, dry_run, written
):
    report = import_clients(user=admin_user, data=rows("Malle"), dry_run=dry_run)
    assert outcomes(report) == [
        (2, written, []), (3, "invalid", [BAD_GENDER]), (4, written, []), (5, written, []),
    ]  # fmt: skip
    assert Client.objects.filter(external_id="KEY-9").count() == (0 if dry_run else 1)


def test_whatever_the_batches(admin_user, kibera):
    report = ClientImport(user=admin_user, source=rows("Malle")).run(batch_size=1)
    assert [row.outcome for row in report.rows] == ["imported", "invalid"] + ["imported"] * 2


def test_the_rerun_with_the_row_fixed_imports_it_no_second_time(admin_user, kibera):
    """The file's two rows of one external id are one client: the fixed row is that client
    (imported from line 5), and line 5, repeating it, is refused as it would have been had
    line 3 been valid the first time."""
    import_clients(user=admin_user, data=rows("Malle"))
    baraka = Client.objects.get(external_id="KEY-9")
    again = import_clients(user=admin_user, data=rows("Male"))
    assert [row.outcome for row in again.rows] == ["already imported"] * 3 + ["invalid"]
    assert again.rows[1].account_no == baraka.account_no
    assert (again.rows[3].outcome, again.rows[3].errors) == ("invalid", [SAME_ID])
    assert Client.objects.filter(external_id="KEY-9").count() == 1
    assert Client.objects.count() == 3


def test_a_row_refused_as_a_repeat_takes_none_of_its_other_keys(admin_user, kibera):
    """Line 3 repeats line 2's document: refused, it does not keep its external id from line 4,
    which gives it with another document."""
    data = csv_file(
        DOCUMENTS_HEADER,
        "Kibera,Asha,Njeri,DOC-1,National ID,AB-100001,2024-01-10",
        "Kibera,Baraka,Otieno,DOC-2,National ID,AB-100001,2024-01-10",
        "Kibera,Baraka,Otieno,DOC-2,National ID,AB-100002,2024-01-10",
    )
    report = import_clients(user=admin_user, data=data)
    assert outcomes(report) == [
        (2, "imported", []),
        (3, "invalid", [("documentKey", "Line 2 has the same identity document.")]),
        (4, "imported", []),
    ]
    assert Client.objects.get(external_id="DOC-2").lastname == "Otieno"


def test_an_identity_document_of_an_invalid_row_is_left_to_the_valid_row(admin_user, kibera):
    data = csv_file(
        DOCUMENTS_HEADER,
        "Nowhere,Asha,Njeri,DOC-1,National ID,AB-123 456,2024-01-10",
        "Kibera,Baraka,Otieno,DOC-2,national id,ab123456,2024-01-10",
    )
    report = import_clients(user=admin_user, data=data)
    assert [row.outcome for row in report.rows] == ["invalid", "imported"]
    assert ClientIdentifier.objects.get().client.external_id == "DOC-2"
    fixed = csv_file(
        DOCUMENTS_HEADER,
        "Kibera,Asha,Njeri,DOC-1,National ID,AB-123 456,2024-01-10",
        "Kibera,Baraka,Otieno,DOC-2,national id,ab123456,2024-01-10",
    )
    # Line 2 now valid: the document is Baraka's, taken: refused as the API refuses it.
    again = import_clients(user=admin_user, data=fixed)
    assert again.rows[0].outcome == "invalid"
    assert again.rows[1].outcome == "already imported"
    assert Client.objects.count() == 1


def test_a_mobile_number_the_institution_refuses_twice_is_the_valid_rows(admin_user, kibera):
    policy = ClientPolicy.current()
    policy.duplicate_mobile = DuplicatePolicy.BLOCK
    policy.save()
    data = csv_file(
        "office,firstname,lastname,mobileNo,gender,submittedOnDate",
        "Kibera,Asha,Njeri,0712345678,Malle,2024-01-10",
        "Kibera,Baraka,Otieno,0712345678,,2024-01-10",
    )
    assert [row.outcome for row in import_clients(user=admin_user, data=data).rows] == [
        "invalid",
        "imported",
    ]


def test_a_resumed_import_leaves_the_key_of_an_invalid_line_before_it_to_a_row_below(
    admin_user, kibera
):
    """Lines 2 and 3 written (line 3 refused) before the import stopped: resumed, line 5 is
    checked as in one run — imported; a repeat of valid line 2 is still refused."""
    data = rows("Malle")
    ClientImport(user=admin_user, source=data).run(batch_size=2)  # (then stopped, as it were)
    Client.objects.exclude(external_id="KEY-2").delete()  # what was written before the stop
    resumed = ClientImport(user=admin_user, source=data).run(after_line=3)
    assert [(row.line, row.outcome) for row in resumed.rows] == [(4, "imported"), (5, "imported")]
    repeating = data.replace(b"Chao,Wu,KEY-4", b"Chao,Wu,KEY-2")
    Client.objects.exclude(external_id="KEY-2").delete()
    resumed = ClientImport(user=admin_user, source=repeating).run(after_line=3)
    assert outcomes(resumed)[0] == (
        4,
        "invalid",
        [("externalId", "Line 2 has the same external id.")],
    )


def test_through_the_api_the_job_imports_the_valid_row(api, kibera):
    body = {"file": SimpleUploadedFile("clients.csv", rows("Malle"), "text/csv")}
    url = f"{API}/clients/uploadtemplate?legalFormType=CLIENTS_PERSON"
    response = api.post(url, body, format="multipart")
    assert response.status_code == 200, response.content
    job_id = response.json()
    job = api.get(f"{API}/imports/{job_id}").json()
    assert job["errors"] == [{"line": 3, "column": "gender", "message": BAD_GENDER[1]}]
    assert Client.objects.get(external_id="KEY-9").gender.name == "Male"
