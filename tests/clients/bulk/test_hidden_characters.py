"""A control character (NUL, BEL, ESC, a C1 control) or a direction mark in a file's column
name or cell is shown as its code wherever the import quotes it back — the refusal of its
header (API, web page, CLI), a row's errors (API, job, page) and the result file's Status —
not obeyed: ESC recoloured a terminal, a NUL cut the message for some readers, a workbook
holds none."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from python_calamine import CalamineWorkbook
from tests.clients.bulk.files import csv_file

from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

API = "/fineract-provider/api/v1"
HIDDEN = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u202e"]


def code(character: str) -> str:
    return f"<U+{ord(character):04X}>"


@pytest.mark.parametrize("hidden", HIDDEN)
def test_the_api_refuses_a_column_name_showing_its_control_character_as_a_code(api, kibera, hidden):
    data = csv_file(f"office,firstname,lastname,note{hidden}s", "Kibera,Asha,Njeri,x")
    body = {"file": SimpleUploadedFile("clients.csv", data, "text/csv")}
    response = api.post(f"{API}/clients/import", body, format="multipart")
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["parameterName"] == "file"
    assert error["defaultUserMessage"] == f"Unknown columns: note{code(hidden)}s."


def test_the_job_api_and_its_record_show_a_column_names_escape_as_a_code(api, kibera):
    data = csv_file("office,firstname,lastname,\x1b[31mred", "Kibera,Asha,Njeri,x")
    body = {"file": SimpleUploadedFile("clients.csv", data, "text/csv")}
    response = api.post(f"{API}/clients/uploadtemplate?legalFormType=CLIENTS_PERSON", body,
                        format="multipart")  # fmt: skip
    assert response.status_code == 400
    message = response.json()["errors"][0]["defaultUserMessage"]
    assert message == "Unknown columns: <U+001B>[31mred."
    assert not ImportJob.objects.exists()


def test_the_web_page_shows_a_column_names_control_character_as_a_code(browse_as, clerk):
    data = csv_file("office,firstname,lastname,no\x07te", "Kibera,Asha,Njeri,x")
    page = (
        browse_as(clerk)
        .post("/clients/import/", {"file": SimpleUploadedFile("clients.csv", data)})
        .content.decode()
    )
    assert "Unknown columns: no&lt;U+0007&gt;te." in page
    assert "\x07" not in page


def test_the_cli_refuses_a_column_names_escape_as_a_code(tmp_path, admin_user, kibera):
    source = tmp_path / "clients.csv"
    source.write_bytes(csv_file("office,firstname,lastname,\x1b[2Jnote", "Kibera,Asha,Njeri,x"))
    with pytest.raises(CommandError) as refused:
        call_command("import", str(source), "--user", admin_user.username, "--no-progress")
    assert str(refused.value) == "Unknown columns: <U+001B>[2Jnote."


def test_a_cells_control_characters_are_codes_in_the_rows_errors_not_in_its_cells(api, kibera):
    """The API's rows, the job's first errors and the result file's Status show the codes;
    the result workbook stays one Excel opens (its cells drop what XML cannot hold)."""
    data = csv_file("office,firstname,lastname", "Kib\x07era,Asha,Njeri", "K\x85ibera,Ali,Omar")
    body = {"file": SimpleUploadedFile("clients.csv", data, "text/csv")}
    rows = api.post(f"{API}/clients/import", body, format="multipart").json()["rows"]
    assert [row["errors"] for row in rows] == [
        [{"column": "office", "message": "No office named “Kib<U+0007>era” among your offices."}],
        [{"column": "office", "message": "No office named “K<U+0085>ibera” among your offices."}],
    ]
    body = {"file": SimpleUploadedFile("clients.csv", data, "text/csv"),
            "locale": "en", "dateFormat": "dd MMMM yyyy"}  # fmt: skip
    job_id = api.post(f"{API}/clients/uploadtemplate?legalFormType=CLIENTS_PERSON", body,
                      format="multipart").json()  # fmt: skip
    errors = api.get(f"{API}/imports/{job_id}").json()["errors"]
    assert errors[0]["message"] == "No office named “Kib<U+0007>era” among your offices."
    params = {"importDocumentId": job_id}
    result = api.get(f"{API}/imports/downloadOutputTemplate", params)
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(result.streaming_content)))
    table = book.get_sheet_by_index(0).to_python()
    assert table[1] == [
        "Kibera", "Asha", "Njeri", "office: No office named “Kib<U+0007>era” among your offices."
    ]  # fmt: skip
    assert table[2][0] == "K\x85ibera"  # (XML holds a C1 control: the cell kept as it was)
    assert not Client.objects.exists()


def test_a_file_names_direction_mark_is_a_code_in_the_jobs_name(tmp_path, admin_user, kibera):
    """ "invoice\u202efdp.csv", imported by the CLI (an upload's name loses its marks on the
    way), showed as "invoicepdf.csv" backwards on the imports list and the job's page."""
    source = tmp_path / "invoice\u202efdp.csv"
    source.write_bytes(csv_file("office,firstname,lastname", "Kibera,Asha,Njeri"))
    call_command("import", str(source), "--user", admin_user.username, "--no-progress")
    assert ImportJob.objects.get().file_name == "invoice<U+202E>fdp.csv"


def test_the_export_refuses_an_unknown_columns_direction_mark_as_a_code(api):
    response = api.get(f"{API}/clients/export", {"format": "csv", "columns": "first\u202ename"})
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["defaultUserMessage"] == "Unknown columns: first<U+202E>name."
