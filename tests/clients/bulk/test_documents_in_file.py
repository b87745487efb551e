"""An identity document given by two rows of one file: the later row is refused by the check,
on the document's column, naming the earlier line — as the import would refuse it when
writing — in a dry run, an import of the valid rows and all or nothing, whatever the
batches; the row written first keeps it, and a re-run says so."""

import json

import pytest
from django.core.management import call_command
from django.utils import translation
from tests.clients.bulk.files import csv_file
from tests.clients.bulk.test_import import upload

from mteja.clients.bulk.importing import ClientImport
from mteja.clients.models import Client, ClientIdentifier

pytestmark = pytest.mark.django_db

HEADER = "office,firstname,lastname,externalId,documentType,documentKey,submittedOnDate"
ROWS = (
    "Kibera,Asha,Njeri,DOC-1,National ID,AB-123 456,2024-01-10",
    "Kibera,Baraka,Otieno,DOC-2,Voter card,AB123456,2024-01-10",  # another type: another document
    "Kibera,Chao,Wu,DOC-3,national id,ab 123456,2024-01-10",  # line 2's, as the API compares it
    "Kibera,Dalia,Moraa,DOC-4,National ID,AB.123.456,2024-01-10",
)
REPEATED = ("invalid", [("documentKey", "Line 2 has the same identity document.")])


def outcomes(user, source, **options) -> list[tuple[str, list]]:
    """Each row's outcome and errors, one row a batch (the repeats in later batches)."""
    report = ClientImport(user=user, source=source, **options).run(batch_size=1)
    return [(row.outcome, row.errors) for row in report.rows]


@pytest.mark.parametrize(
    ("options", "first"),
    [
        ({"dry_run": True}, "valid"),
        ({}, "imported"),
        ({"all_or_nothing": True}, "not imported"),
    ],
)
def test_a_document_an_earlier_row_gives_is_refused_by_the_check(
    admin_user, kibera, options, first
):
    source = csv_file(HEADER, *ROWS)
    assert outcomes(admin_user, source, **options) == [(first, []), (first, []), REPEATED, REPEATED]
    written = 0 if first != "imported" else 2
    assert Client.objects.count() == written
    assert ClientIdentifier.objects.count() == written


def test_a_re_run_finds_the_first_row_imported_and_still_refuses_the_repeat(admin_user, kibera):
    source = csv_file(HEADER, *ROWS)
    outcomes(admin_user, source)
    asha = Client.objects.get(external_id="DOC-1")
    again = outcomes(admin_user, source)
    assert [outcome for outcome, _errors in again] == ["already imported"] * 2 + ["invalid"] * 2
    assert again[2:] == [REPEATED, REPEATED]
    (document,) = ClientIdentifier.objects.filter(document_type__name="National ID")
    assert document.client == asha  # the row written first keeps it
    assert Client.objects.count() == 2


def test_a_repeat_of_a_document_written_before_a_resume_is_refused(admin_user, kibera):
    ClientImport(user=admin_user, source=csv_file(HEADER, *ROWS[:2])).run()
    resumed = ClientImport(user=admin_user, source=csv_file(HEADER, *ROWS)).run(after_line=3)
    assert [(row.line, row.outcome, row.errors) for row in resumed.rows] == [
        (4, *REPEATED),
        (5, *REPEATED),
    ]


def test_the_refusal_is_in_the_imports_language(admin_user, kibera):
    with translation.override("fr"):
        report = ClientImport(user=admin_user, source=csv_file(HEADER, *ROWS[:3]), dry_run=True)
        (_asha, _baraka, chao) = report.run().rows
        assert chao.errors == [("documentKey", "La ligne 2 a la même pièce d’identité.")]


def test_the_api_dry_run_and_result_file_say_so(api, kibera):
    body = upload(api, csv_file(HEADER, *ROWS[:3]), dryRun="true").json()
    assert (body["valid"], body["invalid"], body["dryRun"]) == (2, 1, True)
    assert body["rows"][2]["errors"] == [
        {"column": "documentKey", "message": "Line 2 has the same identity document."}
    ]
    result = upload(api, csv_file(HEADER, *ROWS[:3]), dryRun="true", output="csv")
    lines = result.content.decode("utf-8-sig").splitlines()
    assert lines[3].endswith(",documentKey: Line 2 has the same identity document.")
    assert not Client.objects.exists()


def test_the_cli_dry_run_says_so_in_its_result(tmp_path, admin_user, kibera, capsys):
    source, result = tmp_path / "clients.csv", tmp_path / "result.csv"
    source.write_bytes(csv_file(HEADER, *ROWS))
    call_command(
        "import", str(source), "--user", admin_user.username, "--dry-run",
        "--result", str(result), "--no-progress",
    )  # fmt: skip
    summary = json.loads(capsys.readouterr().out)
    assert (summary["valid"], summary["invalid"]) == (2, 2)
    lines = result.read_text(encoding="utf-8-sig").splitlines()
    assert [line.rsplit(",", 1)[1] for line in lines[3:]] == [
        "documentKey: Line 2 has the same identity document."
    ] * 2
    assert not Client.objects.exists()
