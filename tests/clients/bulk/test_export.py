"""Exporting the client list: the list's filters and scope, chosen columns, CSV and XLSX,
formulas neutralised, the export in the audit journal, from the API, the web and the CLI."""

import csv
import datetime
import io
import re
import zipfile
from xml.etree import ElementTree

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import client as test_client
from tests.clients.bulk.files import csv_file

from mteja.clients.bulk.export import ClientExport, chosen_columns
from mteja.clients.bulk.importing import import_clients
from mteja.clients.bulk.sheets import restore_cell
from mteja.clients.models import Client, ClientAddress, ClientIdentifier, IdentifierStatus
from mteja.core import slots
from mteja.core.models import AuditEvent
from mteja.organisation.models import CodeValue

pytestmark = pytest.mark.django_db
URL = "/fineract-provider/api/v1/clients/export"


@pytest.fixture
def people(make_client, kibera, head_office):
    return {
        "asha": make_client(office=kibera, firstname="Asha", lastname="Njeri", active=True,
                            mobile_no="+254 700 000001", date_of_birth=datetime.date(1990, 5, 17)),
        "hostile": make_client(office=kibera, firstname="Baraka", lastname="Otieno",
                               external_id="=HYPERLINK(\"http://evil\")"),
        "elsewhere": make_client(office=head_office, firstname="Chao", lastname="Wu",
                                 active=True),
    }  # fmt: skip


def read_csv(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")  # a BOM: Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


def read_xlsx(response) -> list[list[str]]:
    """The sheet's cells as text (inline strings, numbers and date serials)."""
    assert response.status_code == 200
    book = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    xml = book.read("xl/worksheets/sheet1.xml")
    sheet = ElementTree.fromstring(xml)  # noqa: S314 -- the file Mteja just wrote
    ns = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    rows = []
    for row in sheet.iterfind(".//x:row", ns):
        cells = {}
        for cell in row.iterfind("x:c", ns):
            column = ord(re.match(r"[A-Z]", cell.get("r")).group()) - ord("A")
            text = cell.find(".//x:t", ns)
            value = cell.find("x:v", ns)
            cells[column] = text.text if text is not None else value.text
        rows.append([cells.get(i, "") for i in range(max(cells) + 1)])
    return rows


def test_the_api_exports_the_filtered_list_with_names_not_ids(api, people, kibera):
    columns = "accountNo,displayName,office,status,mobileNo,dateOfBirth,externalId"
    rows = read_csv(api.get(URL, {"officeId": kibera.pk, "columns": columns}))
    assert [row["displayName"] for row in rows] == ["Asha Njeri", "Baraka Otieno"]
    asha, hostile = rows
    assert list(asha) == columns.split(",")
    assert asha["office"] == "Kibera" and asha["status"] == "Active"
    assert asha["dateOfBirth"] == "1990-05-17"
    assert asha["accountNo"] == people["asha"].account_no
    # What a spreadsheet would run as a formula starts with an apostrophe: text.
    assert hostile["externalId"] == '\'=HYPERLINK("http://evil")'
    assert asha["mobileNo"].startswith("'+254")
    assert hostile["status"] == "Pending"


def test_the_export_has_every_column_of_the_record_by_default(api, people):
    rows = read_csv(api.get(URL, {"status": "active"}))
    assert {"id", "firstname", "lastname", "gender", "legalForm", "submittedOnDate",
            "incorpNumber", "constitution"} <= set(rows[0])  # fmt: skip
    assert {row["displayName"] for row in rows} == {"Asha Njeri", "Chao Wu"}
    assert "searchName" not in rows[0] and "mobileKey" not in rows[0]  # derived, not data


def test_a_branch_user_exports_only_their_offices(api_as, make_user, people, kibera):
    clerk = make_user(("READ_CLIENT", "EXPORT_CLIENT"), office=kibera)
    rows = read_csv(api_as(clerk).get(URL, {"columns": "displayName"}))
    assert {row["displayName"] for row in rows} == {"Asha Njeri", "Baraka Otieno"}


def test_exporting_needs_its_own_permission(api_as, make_user, people, kibera):
    reader = make_user(("READ_CLIENT",), office=kibera)
    response = api_as(reader).get(URL)
    assert response.status_code == 403
    assert response.json()["userMessageGlobalisationCode"]


def test_bad_format_columns_and_filters_are_fineract_400s(api, people):
    for params, param in (
        ({"format": "pdf"}, "format"),
        ({"columns": "displayName,password"}, "columns"),
        ({"columns": " , ,"}, "columns"),  # names no column: refused before the 200
        ({"status": "sleeping"}, "status"),
        # GET /clients's paging and order, refused as the list refuses them
        ({"limit": "abc"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"orderBy": "nope"}, "orderBy"),
        ({"sortOrder": "sideways"}, "sortOrder"),
    ):
        response = api.get(URL, params)
        assert response.status_code == 400, params
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["errors"][0]["parameterName"] == param
    assert not AuditEvent.objects.filter(action_name="EXPORT").exists()


@pytest.mark.parametrize(
    ("query", "param"),
    [("officeId={kibera}&officeId={head}", "officeId"), ("format=csv&format=xlsx", "format"),
     ("status=active&status=pending", "status")],
)  # fmt: skip
def test_a_filter_given_twice_is_refused_not_read_as_its_last_value(
    api, people, kibera, head_office, query, param
):
    """The list reads a parameter's last value: `officeId=<Kibera>&officeId=<head office>`
    exported the head office's clients alone, Kibera's passed over. Columns may come one
    by one (the web list's ticked boxes)."""
    query = query.format(kibera=kibera.pk, head=head_office.pk)
    response = api.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    (error,) = response.json()["errors"]
    assert error["parameterName"] == param
    assert error["defaultUserMessage"] == f"“{param}” is given 2 times: it takes one value."
    assert not AuditEvent.objects.filter(action_name="EXPORT").exists()
    rows = read_csv(api.get(f"{URL}?columns=displayName&columns=office&officeId={kibera.pk}"))
    assert [list(row) for row in rows][:1] == [["displayName", "office", "accountNo"]]


@pytest.mark.parametrize("chosen", ["csv", "xlsx"])
@pytest.mark.parametrize("param", ["search", "externalId", "officeId", "x", "columns"])
def test_a_nul_in_any_parameter_is_a_400_before_the_download(
    api, browse_as, admin_user, people, chosen, param
):
    """No column and no journal entry holds a NUL (PostgreSQL refuses it): the export says
    which parameter holds one, as Fineract's error body, and exports nothing."""
    response = api.get(URL, {"format": chosen, param: "a\x00b"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    (error,) = response.json()["errors"]
    assert error["parameterName"] == param
    assert error["defaultUserMessage"] == f"“{param}” holds a NUL character."
    web = browse_as(admin_user).get("/clients/export/", {"format": chosen, param: "\x00"})
    assert web.status_code == 400
    assert not AuditEvent.objects.filter(action_name="EXPORT").exists()


def test_the_lists_paging_and_order_leave_an_export_whole_and_out_of_its_journal(api, people):
    """An export is every client the filters select (office by office, each by id): a list's
    page size or order asks nothing of it, and is no filter in its journal entry; nor is what
    Fineract's apps send along (the tenant, a cache-buster)."""
    params = {"columns": "displayName", "limit": "1", "offset": "1", "orderBy": "displayName",
              "sortOrder": "DESC", "status": "active", "tenantIdentifier": "default",
              "_": "1733400000000"}  # fmt: skip
    rows = read_csv(api.get(URL, params))
    assert [row["displayName"] for row in rows] == ["Asha Njeri", "Chao Wu"]
    (event,) = AuditEvent.objects.filter(action_name="EXPORT")
    assert event.changes["filters"] == {"status": "active"}


@pytest.mark.parametrize(
    ("mistyped", "named"),
    [("staus", "staus"), ("ofiiceId", "ofiiceId"), ("x" * 5000, "x" * 100 + "…")],
)
def test_a_parameter_no_filter_reads_is_refused_not_passed_over(api, people, mistyped, named):
    """`staus=active` mistyped would export every client of the user's offices rather than
    the active ones meant: a 400 naming it (a long name cut short), and the filters there
    are."""
    response = api.get(URL, {"status": "active", mistyped: "active"})
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["parameterName"] == error["value"] == named
    assert error["userMessageGlobalisationCode"] == "validation.msg.client.export.filter.unknown"
    assert error["defaultUserMessage"].startswith(
        f"“{named}” is not one of the client list's filters: officeId, externalId,"
    )
    assert not AuditEvent.objects.filter(action_name="EXPORT").exists()


def test_many_unknown_parameters_are_not_echoed_back_each(api, people):
    """A query string of hundreds of parameters no filter reads: the first ten are named,
    not an error (the filters listed in each) for every one, a body hundreds of times the
    request's."""
    response = api.get(URL, {f"p{number}": "1" for number in range(300)})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [error["parameterName"] for error in errors] == [f"p{number}" for number in range(10)]
    assert len(response.content) < 10_000


def test_each_export_is_one_event_of_the_journal(api, people, kibera, admin_user):
    read_csv(api.get(URL, {"officeId": kibera.pk, "columns": "displayName"}))
    (event,) = AuditEvent.objects.filter(action_name="EXPORT")
    assert event.entity_name == "CLIENT" and event.maker_id == admin_user.pk
    assert event.changes["rows"] == 2 and event.changes["format"] == "csv"
    assert event.changes["filters"] == {"officeId": str(kibera.pk)}
    assert event.changes["columns"] == ["displayName", "accountNo"]


def test_an_export_the_reader_leaves_is_journalled_with_what_was_read(people, admin_user):
    """A download stopped half-way (the browser closed, the server closes the response): the
    reading ends, its transaction with it, and the journal still says who exported what and
    how many rows went out."""
    export = ClientExport(
        user=admin_user, filters={}, columns=chosen_columns("displayName"), file_format="csv"
    )
    chunks = export.chunks()
    assert next(chunks).startswith("\ufeff".encode())
    chunks.close()
    (event,) = AuditEvent.objects.filter(action_name="EXPORT")
    assert event.changes["rows"] == 3 and event.maker_id == admin_user.pk
    assert not connection.in_atomic_block or connection.savepoint_ids == []


@pytest.mark.parametrize("chosen", ["csv", "xlsx"])
def test_an_export_is_in_the_journal_before_its_first_bytes_leave(people, admin_user, chosen):
    """A worker killed mid-download (gunicorn's timeout, out of memory) never reaches the
    download's end: the journal already says who exported what, the row count still open."""
    export = ClientExport(
        user=admin_user, filters={}, columns=chosen_columns("displayName"), file_format=chosen
    )
    chunks = export.chunks()
    next(chunks)  # the first bytes are on their way
    (event,) = AuditEvent.objects.filter(action_name="EXPORT")
    assert event.changes["rows"] is None and event.changes["format"] == chosen
    for _chunk in chunks:
        pass
    (event,) = AuditEvent.objects.filter(action_name="EXPORT")
    assert event.changes["rows"] == 3


@pytest.mark.parametrize("where", ["api", "web"])
def test_a_head_request_is_answered_its_headers_without_the_file_being_written(
    api, browse_as, admin_user, people, monkeypatch, where
):
    """A server reads the whole body of a HEAD answer before it drops it (gunicorn does; the
    test client drops it unread, so here it is kept and read): the export is not written
    for no one, nor journaled, nor does it hold an export slot."""
    monkeypatch.setattr(test_client, "conditional_content_removal", lambda request, answer: answer)
    if where == "api":
        response = api.head(URL, {"format": "xlsx"})
    else:
        response = browse_as(admin_user).head("/clients/export/", {"format": "xlsx"})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200 and body == b""
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith('attachment; filename="clients-')
    assert not AuditEvent.objects.filter(action_name="EXPORT").exists()
    assert api.head(URL, {"format": "pdf"}).status_code == 400  # checked as GET checks it


def test_an_exports_event_says_whether_the_api_the_web_or_the_shell_asked(
    api, browse_as, admin_user, people, tmp_path
):
    response = api.get(URL, {"columns": "displayName"})
    read_csv(response)
    read_csv(browse_as(admin_user).get("/clients/export/", {"format": "csv"}))
    call_command("export", "--user", admin_user.username, "--output", str(tmp_path / "c.csv"))
    shell, web, from_api = AuditEvent.objects.filter(action_name="EXPORT").order_by("-id")
    assert (from_api.api_path, from_api.request_id) == (URL, response["X-Request-ID"])
    assert web.api_path == "/clients/export/" and web.request_id
    assert (shell.api_path, shell.request_id) == ("", "")
    assert [event.changes["rows"] for event in (from_api, web, shell)] == [3, 3, 3]


def test_xlsx_holds_text_numbers_and_dates_as_cells(api, people, kibera):
    response = api.get(
        URL,
        {
            "officeId": kibera.pk,
            "format": "xlsx",
            "columns": "id,displayName,dateOfBirth,externalId",
        },
    )
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    header, asha, hostile = read_xlsx(response)
    assert header == ["id", "displayName", "dateOfBirth", "externalId", "accountNo"]
    assert asha[:2] == [str(people["asha"].pk), "Asha Njeri"]
    # 1990-05-17 as Excel's day number (days since 1899-12-30).
    assert asha[2] == str((datetime.date(1990, 5, 17) - datetime.date(1899, 12, 30)).days)
    assert hostile[3] == '\'=HYPERLINK("http://evil")'


def test_the_web_list_links_to_the_download_of_what_it_shows(browse_as, admin_user, people):
    web = browse_as(admin_user)
    page = web.get("/clients/", {"q": "njeri"}).content.decode()
    link = re.search(r'href="(/clients/export/\?[^"]*format=csv[^"]*)"', page).group(1)
    rows = read_csv(web.get(link.replace("&amp;", "&")))
    assert [row["displayName"] for row in rows] == ["Asha Njeri"]
    assert "take Excel: a CSV opened in one loses the leading zeros" in page


def test_the_web_list_offers_no_download_without_the_permission(browse_as, make_user, people):
    reader = make_user(("READ_CLIENT",))
    web = browse_as(reader)
    assert "/clients/export/" not in web.get("/clients/").content.decode()
    assert web.get("/clients/export/", {"format": "csv"}).status_code == 403
    assert web.get("/clients/export/columns/").status_code == 403


def test_the_web_column_choice_keeps_the_filters_and_sends_each_ticked_column(
    browse_as, admin_user, people
):
    web = browse_as(admin_user)
    form = web.get("/clients/export/columns/", {"q": "njeri", "page": "2"}).content.decode()
    assert '<input type="hidden" name="q" value="njeri">' in form
    assert 'name="page"' not in form  # (a page of the list is no filter)
    assert 'value="externalId"' in form
    ticked = web.get(
        "/clients/export/",
        {"q": "njeri", "columns": ["displayName", "externalId"], "format": "csv"},
    )
    rows = read_csv(ticked)
    assert [(list(row), row["displayName"]) for row in rows] == [
        (["displayName", "externalId", "accountNo"], "Asha Njeri")  # (the key, added)
    ]


def test_the_cli_exports_as_a_user_sees(tmp_path, people, make_user, kibera):
    make_user(("READ_CLIENT", "EXPORT_CLIENT"), office=kibera, username="kibera-clerk")
    target = tmp_path / "clients.csv"
    call_command(
        "export", "--user", "kibera-clerk", "--output", str(target),
        "--columns", "displayName,office", "--filter", "status=active",
    )  # fmt: skip
    text = target.read_text(encoding="utf-8-sig")
    assert text.splitlines() == [
        "displayName,office,accountNo",
        f"Asha Njeri,Kibera,{people['asha'].account_no}",
    ]


def test_the_cli_says_which_filter_it_refuses_by_design(tmp_path, people, admin_user):
    """Fineract's `sqlSearch` is refused as the API refuses it: a message, not a traceback,
    and no file."""
    target = tmp_path / "clients.csv"
    with pytest.raises(CommandError, match="sqlSearch is not supported"):
        call_command(
            "export", "--user", admin_user.username, "--output", str(target),
            "--filter", "sqlSearch=1=1",
        )  # fmt: skip
    assert not target.exists()
    assert not AuditEvent.objects.filter(action_name="EXPORT").exists()


def test_the_xlsx_of_every_column_reads_back_as_the_csv_of_the_same_clients(api, people):
    from python_calamine import CalamineWorkbook

    make_text = {datetime.date: datetime.date.isoformat, bool: str, float: lambda n: f"{n:g}"}
    rows = read_csv(api.get(URL))
    book = CalamineWorkbook.from_filelike(
        io.BytesIO(b"".join(api.get(URL, {"format": "xlsx"}).streaming_content))
    )
    header, *cells = book.get_sheet_by_index(0).to_python()
    assert header == list(rows[0])
    # As typed: a mobile number +254… is an apostrophe's text in the CSV, a quote-prefix
    # style's in the workbook (decision 89).
    as_text = [[restore_cell(make_text.get(type(cell), str)(cell)) for cell in row]
               for row in cells]  # fmt: skip
    assert as_text == [[restore_cell(value) for value in row.values()] for row in rows]
    assert any(value.startswith("'+254") for row in rows for value in row.values())
    assert len(as_text) == 3 and len(header) > 40


def test_names_with_xml_specials_export_as_typed(api, make_client, kibera):
    make_client(office=kibera, firstname="Asha & <Co>", lastname='O\'Neil "Jr"')
    response = api.get(URL, {"format": "xlsx", "columns": "firstname,lastname"})
    header, row = read_xlsx(response)
    assert row[:2] == ["Asha & <Co>", 'O\'Neil "Jr"']


def test_a_name_looked_up_is_neutralised_too(api, make_office, make_client):
    hostile = make_office(name="=cmd|' /C calc'!A0")
    asha = make_client(office=hostile, firstname="Asha", lastname="Njeri")
    rows = read_csv(api.get(URL, {"officeId": hostile.pk, "columns": "office,firstname"}))
    assert rows == [
        {"office": "'=cmd|' /C calc'!A0", "firstname": "Asha", "accountNo": asha.account_no}
    ]
    header, row = read_xlsx(api.get(URL, {"officeId": hostile.pk, "format": "xlsx",
                                          "columns": "office,firstname"}))  # fmt: skip
    assert row == ["'=cmd|' /C calc'!A0", "Asha", asha.account_no]


def test_one_export_at_a_time_per_user_and_a_worker_always_left_free(
    api, people, admin_user, settings
):
    """An export holds a slot of its user's and one of the host's while it streams (a sync
    worker each): a second of the same user's, or one past MTEJA_EXPORTS_AT_ONCE, is a 429
    until a slot frees, which it does when the download ends."""
    settings.MTEJA_EXPORTS_AT_ONCE = 1
    mine = slots.take(f"export-user-{admin_user.pk}", 1)  # an export of this user's running
    refused = api.get(URL, {"columns": "displayName"})
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["userMessageGlobalisationCode"] == (
        "error.msg.client.export.in.progress"
    )
    mine.release()
    other = slots.take("export", 1)  # somebody else's export running
    busy = api.get(URL, {"columns": "displayName"})
    assert busy.status_code == 429
    (error,) = busy.json()["errors"]
    assert error["userMessageGlobalisationCode"] == "error.msg.client.export.busy"
    assert error["parameterName"] is None  # the export's request names no "id"
    assert busy.json()["userMessageGlobalisationCode"] == "error.msg.client.export.busy"
    other.release()
    assert len(read_csv(api.get(URL, {"columns": "displayName"}))) == 3
    # read to its end, the download gave its slots back
    assert len(read_csv(api.get(URL, {"columns": "displayName"}))) == 3
    assert AuditEvent.objects.filter(action_name="EXPORT").count() == 2  # refusals export nothing


def test_the_web_download_says_when_the_export_slots_are_taken(browse_as, admin_user, people):
    held = slots.take(f"export-user-{admin_user.pk}", 1)
    response = browse_as(admin_user).get("/clients/export/", {"format": "csv"})
    held.release()
    assert response.status_code == 429
    assert "already exporting" in response.content.decode()


def test_a_slot_is_free_again_once_its_holder_releases_it():
    first = slots.take("test-slot", 2)
    second = slots.take("test-slot", 2)
    assert first and second and slots.take("test-slot", 2) is None
    first.release()
    third = slots.take("test-slot", 2)
    assert third is not None
    second.release()
    third.release()


def test_more_clients_than_an_excel_sheet_holds_are_refused_as_xlsx_not_cut(
    api, people, make_user, kibera, api_as, monkeypatch
):
    """A sheet holds 1,048,575 rows besides its header: here a sheet of three rows."""
    from mteja.clients.bulk import workbook

    monkeypatch.setattr(workbook, "SHEET_ROWS", 3)
    response = api.get(URL, {"format": "xlsx"})  # three clients: one too many
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert (error["userMessageGlobalisationCode"], error["parameterName"]) == (
        "validation.msg.client.export.format.too.many.rows", "format"
    )  # fmt: skip
    assert "export them as CSV" in error["defaultUserMessage"]
    assert len(read_csv(api.get(URL, {"format": "csv"}))) == 3
    # Filtered, or a branch's two clients (two offices' parts counted together): they fit.
    assert len(read_xlsx(api.get(URL, {"format": "xlsx", "officeId": kibera.pk}))) == 3
    clerk = api_as(make_user(("ALL_FUNCTIONS",), office=kibera))
    assert len(read_xlsx(clerk.get(URL, {"format": "xlsx"}))) == 3


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_closed_rejected_and_withdrawn_clients_exported_come_back_so(
    api, admin_user, make_client, kibera, code_value, fmt
):
    from mteja.clients.bulk.importing import import_clients
    from mteja.clients.models import Client, ClientStatus

    day = datetime.date(2024, 1, 10)
    steps = {  # name → (command, its date and reason parameters, the reason list)
        "Closed": ("close", "closure", "ClientClosureReason"),
        "Rejected": ("reject", "rejection", "ClientRejectReason"),
        "Withdrawn": ("withdraw", "withdrawal", "ClientWithdrawReason"),
    }
    for name, (command, prefix, reasons) in steps.items():
        client = make_client(office=kibera, firstname=name, lastname="Njeri", submitted_on=day,
                             external_id=name, active=command == "close",
                             activation_date=day)  # fmt: skip
        body = {f"{prefix}Date": "2024-06-01", f"{prefix}ReasonId": code_value(reasons, 1)}
        response = api.post(
            f"{URL.removesuffix('/export')}/{client.pk}?command={command}", body, "json"
        )
        assert response.status_code == 200, response.json()
    make_client(office=kibera, firstname="Pending", lastname="Njeri", external_id="Pending")
    make_client(office=kibera, firstname="Active", lastname="Njeri", external_id="Active",
                active=True, submitted_on=day, activation_date=day)  # fmt: skip
    before = {c.external_id: _lifecycle_of(c) for c in Client.objects.all()}
    exported = b"".join(api.get(URL, {"format": fmt}).streaming_content)
    Client.objects.all().delete()

    report = import_clients(user=admin_user, data=exported)
    assert [row.outcome for row in report.rows] == ["imported"] * 5, report.rows
    assert {c.external_id: _lifecycle_of(c) for c in Client.objects.all()} == before
    closed = Client.objects.get(external_id="Closed")
    assert (closed.status, closed.closed_by) == (ClientStatus.CLOSED, admin_user)
    again = import_clients(user=admin_user, data=exported)
    assert [row.outcome for row in again.rows] == ["already imported"] * 5


def _lifecycle_of(client) -> tuple:
    return (client.get_status_display(), client.activation_date, client.closed_on,
            client.closure_reason_id, client.rejected_on, client.rejection_reason_id,
            client.withdrawn_on, client.withdrawal_reason_id)  # fmt: skip


PARTS_HEADER = (
    "office,firstname,lastname,submittedOnDate,documentType,documentKey,addressType,"
    "address.street,address.city,address.country"
)


def documents_and_addresses() -> tuple[set, set]:
    """Each client's identity documents and addresses, by the client's name."""
    documents = ClientIdentifier.objects.values_list(
        "client__display_name", "document_type__name", "document_key", "status"
    )
    addresses = ClientAddress.objects.values_list(
        "client__display_name", "address_type__name", "street", "city", "country__name",
        "is_active",
    )  # fmt: skip
    return set(documents), set(addresses)


@pytest.mark.parametrize("chosen", ["csv", "xlsx"])
def test_an_export_imports_into_a_fresh_database_with_its_documents_and_addresses(
    api, admin_user, kibera, chosen
):
    """A round trip: the clients a file brought, exported and imported into an empty
    database, come back with the same national ID and address (a formula-like street
    neutralised, then read back as typed); the export imported again is already imported."""
    data = csv_file(
        PARTS_HEADER,
        "Kibera,Asha,Njeri,2024-01-10,National ID,12 345 678,Residential,Moi Avenue 4,"
        "Nairobi,Kenya",
        'Kibera,Baraka,Otieno,2024-01-10,National ID,87654321,Residential,"=1+1",@city,',
        "Kibera,Chao,Wu,2024-01-10,,,,,,",
    )
    assert import_clients(user=admin_user, data=data).summary()["imported"] == 3
    before = documents_and_addresses()
    assert len(before[0]) == 2 and len(before[1]) == 2
    response = api.get(URL, {"format": chosen})
    assert response.status_code == 200
    exported = b"".join(response.streaming_content)

    again = import_clients(user=admin_user, data=exported)
    assert [row.outcome for row in again.rows] == ["already imported"] * 3
    Client.objects.all().delete()
    fresh = import_clients(user=admin_user, data=exported)
    assert [row.outcome for row in fresh.rows] == ["imported"] * 3, [r.errors for r in fresh.rows]
    assert documents_and_addresses() == before


def code_value_named(code: str, name: str) -> CodeValue:
    return CodeValue.objects.get(code__name=code, name=name)


def test_an_export_shows_a_clients_active_document_and_address_by_name(api, people, kibera):
    asha = people["asha"]
    national_id = ClientIdentifier.objects.create(
        client=asha, document_type=code_value_named("Customer Identifier", "National ID"),
        document_key="11 22", document_key_normalized="1122",
    )  # fmt: skip
    ClientIdentifier.objects.create(
        client=asha, document_type=national_id.document_type, document_key="old",
        document_key_normalized="OLD", status=IdentifierStatus.INACTIVE,
    )  # fmt: skip
    ClientAddress.objects.create(
        client=asha, address_type=code_value_named("ADDRESS_TYPE", "Residential"),
        street="+Moi Avenue", city="Nairobi",
    )  # fmt: skip
    columns = "displayName,documentType,documentKey,addressType,address.street,address.city"
    rows = read_csv(api.get(URL, {"officeId": kibera.pk, "columns": columns}))
    assert [list(row.values())[:6] for row in rows] == [
        ["Asha Njeri", "National ID", "11 22", "Residential", "'+Moi Avenue", "Nairobi"],
        ["Baraka Otieno", "", "", "", "", ""],
    ]


@pytest.mark.parametrize("chosen", ["csv", "xlsx"])
def test_an_export_of_chosen_columns_without_a_key_imports_again_as_already_imported(
    api, admin_user, make_client, kibera, chosen
):
    """Columns that name no client (no external id, account number or document) would import
    again as new clients: the export carries the account number after them."""
    make_client(office=kibera, firstname="Asha", lastname="Njeri", mobile_no="0712345678")
    make_client(office=kibera, firstname="Baraka", lastname="Otieno")
    columns = "office,firstname,lastname,mobileNo,submittedOnDate"
    response = api.get(URL, {"format": chosen, "columns": columns})
    exported = b"".join(response.streaming_content)
    report = import_clients(user=admin_user, data=exported)
    assert [row.outcome for row in report.rows] == ["already imported"] * 2
    assert Client.objects.count() == 2
    assert report.header == [*columns.split(","), "accountNo"]


@pytest.mark.parametrize("chosen", ["csv", "xlsx"])
def test_text_an_import_takes_for_a_spoilt_cell_exports_so_as_to_import_again(
    api, admin_user, make_client, kibera, chosen
):
    """A name or external id typed as "#N/A" or "4.5E+11" was exported as it is, and the
    import of the export into an empty database refused it as a spreadsheet's error or a
    long number it shortened: the export writes it with an apostrophe, read back as typed.
    (On PostgreSQL the CSV is written by the database: bulk/copied.py.)"""
    typed = [("#N/A", "Njeri", "#REF!"), ("Asha", "#n/a", "4.5E+11"),
             ("'#N/A", "Otieno", "'4.5E+11"), ("Baraka", "2,54712E+19", "#DIV/0!x"),
             ("=1+1", "Wu", "IMP-5"), ("Chen", "Li", "12345.0"), ("Ada", "Obi", "7,0")]  # fmt: skip
    for firstname, lastname, external_id in typed:
        make_client(office=kibera, firstname=firstname, lastname=lastname, external_id=external_id)
    response = api.get(URL, {"format": chosen, "columns": "office,firstname,lastname,externalId"})
    exported = b"".join(response.streaming_content)
    again = import_clients(user=admin_user, data=exported)
    assert [row.outcome for row in again.rows] == ["already imported"] * len(typed)
    Client.objects.all().delete()
    fresh = import_clients(user=admin_user, data=exported)
    assert [(row.outcome, row.errors) for row in fresh.rows] == [("imported", [])] * len(typed)
    assert sorted(Client.objects.values_list("firstname", "lastname", "external_id")) == sorted(
        typed
    )
