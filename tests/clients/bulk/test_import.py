"""Importing client files: each row checked as POST /clients checks it, errors by row and
column, dry runs, all or nothing, safe re-runs, CSV dialects and Excel, the user's offices."""

import datetime
import io

import pytest
from django.utils import translation
from python_calamine import CalamineWorkbook
from tests.clients.bulk.files import csv_file

from mteja.clients.bulk.importing import import_clients
from mteja.clients.bulk.reading import FileUnreadable, read_table
from mteja.clients.models import Client
from mteja.core.models import AuditEvent

pytestmark = pytest.mark.django_db


HEADER = "office,firstname,lastname,externalId,dateOfBirth,gender,submittedOnDate"


def rows_of(report) -> list[tuple[int, str, list]]:
    return [(row.line, row.outcome, row.errors) for row in report.rows]


def test_valid_rows_are_imported_and_each_bad_one_says_where(admin_user, kibera):
    data = csv_file(
        HEADER,
        "Kibera,Asha,Njeri,IMP-1,1990-05-17,Female,2024-01-10",
        "Nowhere,Baraka,Otieno,IMP-2,1991-01-01,Male,2024-01-10",
        "Kibera,Chao,Wu,IMP-3,31/02/1990,Malle,2024-01-10",
        "Kibera,Dalia,Wanjiru,IMP-4,,,2024-01-10",
        "Kibera,Chao,,IMP-5,31/02/1990,Male,2024-01-10",
        delimiter=";",
    )
    report = import_clients(user=admin_user, data=data)
    assert [row.outcome for row in report.rows] == [
        "imported", "invalid", "invalid", "imported", "invalid"
    ]  # fmt: skip
    assert report.rows[4].errors[0][0] == "dateOfBirth"
    assert report.rows[1].errors == [("office", "No office named “Nowhere” among your offices.")]
    # The row's every error, not the first read alone.
    assert [column for column, _message in report.rows[2].errors] == ["gender", "dateOfBirth"]
    assert report.rows[2].errors[0] == ("gender", "“Malle” is not a value of the list “Gender”.")
    asha = Client.objects.get(external_id="IMP-1")
    assert (asha.office, asha.display_name, asha.gender.name) == (kibera, "Asha Njeri", "Female")
    assert asha.date_of_birth == datetime.date(1990, 5, 17)
    assert report.rows[0].status() == f"Imported as {asha.account_no}"
    assert report.summary() == {"totalRecords": 5, "imported": 2, "alreadyImported": 0,
                                "valid": 0, "invalid": 3, "hiddenRowsImported": 0,
                                "dryRun": False}  # fmt: skip
    header, rows = report.result_table()
    assert header == [*HEADER.split(","), "Status"]
    assert rows[1][-1] == "office: No office named “Nowhere” among your offices."


def test_a_dry_run_checks_every_row_and_writes_nothing(admin_user, kibera):
    data = csv_file(HEADER, "Kibera,Asha,Njeri,IMP-1,,,2024-01-10",
                    "Kibera,Baraka,Otieno,IMP-1,,,2024-01-10")  # fmt: skip
    report = import_clients(user=admin_user, data=data, dry_run=True)
    assert [row.outcome for row in report.rows] == ["valid", "invalid"]
    assert report.rows[1].errors == [("externalId", "Line 2 has the same external id.")]
    assert not Client.objects.exists()


def test_a_missing_required_value_is_named(admin_user, kibera):
    report = import_clients(user=admin_user, data=csv_file(HEADER, "Kibera,Asha,,,,,2024-01-10"))
    assert [column for column, _message in report.rows[0].errors] == ["lastname"]


def test_all_or_nothing_keeps_nothing_when_a_row_fails(admin_user, kibera):
    data = csv_file(HEADER, "Kibera,Asha,Njeri,IMP-1,,,2024-01-10",
                    "Kibera,Baraka,,IMP-2,,,2024-01-10")  # fmt: skip
    report = import_clients(user=admin_user, data=data, all_or_nothing=True)
    assert [row.outcome for row in report.rows] == ["not imported", "invalid"]
    assert report.rows[0].status() == "Valid, not imported: other rows have errors"
    assert not Client.objects.exists()


def test_importing_the_same_file_again_creates_no_duplicates(admin_user, kibera):
    data = csv_file(HEADER, "Kibera,Asha,Njeri,IMP-1,,,2024-01-10", delimiter="\t", bom=False)
    import_clients(user=admin_user, data=data)
    again = import_clients(user=admin_user, data=data)
    (row,) = again.rows
    assert row.outcome == "already imported"
    assert Client.objects.filter(external_id="IMP-1").count() == 1
    assert row.status() == f"Already imported as {Client.objects.get().account_no}"


KEYLESS = "office,firstname,lastname,mobileNo,dateOfBirth,submittedOnDate"


def test_a_file_without_keys_imported_again_after_a_fix_adds_only_the_fixed_row(admin_user, kibera):
    """Rows with no external id, account number or document are known by all their values."""
    rows = ["Kibera,Asha,Njeri,0712000001,1990-05-17,2024-01-10",
            "Kibera,Baraka,,0712000002,1991-01-01,2024-01-10",
            "Kibera,Chao,Wu,,,2024-01-10"]  # fmt: skip
    first = import_clients(user=admin_user, data=csv_file(KEYLESS, *rows))
    assert [row.outcome for row in first.rows] == ["imported", "invalid", "imported"]
    rows[1] = "Kibera,Baraka,Otieno,0712000002,1991-01-01,2024-01-10"
    # Spaces and blank cells aside, the same row: "  Asha " and a trailing comma (under a
    # column the header names not).
    rows[0] = "Kibera,  Asha ,Njeri,0712000001,1990-05-17,2024-01-10,"
    again = import_clients(user=admin_user, data=csv_file(KEYLESS + ",", *rows))
    assert [row.outcome for row in again.rows] == [
        "already imported",
        "imported",
        "already imported",
    ]
    asha = Client.objects.get(firstname="Asha")
    assert again.rows[0].status() == f"Already imported as {asha.account_no}"
    assert Client.objects.count() == 3
    # The result file (the input and its Status column) imported again: nothing new.
    header, results = again.result_table()
    result_file = csv_file(",".join(header), *(",".join(map(str, row)) for row in results))
    assert {row.outcome for row in import_clients(user=admin_user, data=result_file).rows} == {
        "already imported"
    }
    assert Client.objects.count() == 3


def test_a_workbooks_keyless_rows_are_known_again_in_its_result_workbook(admin_user, kibera):
    """Date and date-time cells come back as ISO text in the result file: the same rows."""
    import io

    import xlsxwriter

    from mteja.clients.bulk.download import result_chunks

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    sheet.write_row(0, 0, ["office", "firstname", "lastname", "dateOfBirth", "submittedOnDate"])
    sheet.write_row(1, 0, ["Kibera", "Asha", "Njeri"])
    sheet.write_datetime(1, 3, datetime.date(1990, 5, 17), book.add_format({"num_format": 14}))
    sheet.write_datetime(1, 4, datetime.datetime(2024, 1, 10, 9, 30), stamp)
    book.close()
    first = import_clients(user=admin_user, data=buffer.getvalue())
    assert [row.outcome for row in first.rows] == ["imported"]
    result = b"".join(result_chunks(first.header, first.rows, "xlsx"))
    assert [row.outcome for row in import_clients(user=admin_user, data=result).rows] == [
        "already imported"
    ]
    assert Client.objects.count() == 1


def test_a_keyless_result_file_fixed_in_a_spreadsheet_adds_only_the_fixed_row(admin_user, kibera):
    """Saved again by a spreadsheet: columns moved, dates in the user's way, the mobile
    number's leading zero dropped, the office's case changed."""
    from mteja.clients.bulk.text_dates import TextDates

    first = import_clients(user=admin_user, data=csv_file(
        KEYLESS, "Kibera,Asha,Njeri,0712000001,1990-05-17,2024-01-10",
        "Kibera,Baraka,,0712000002,1991-01-01,2024-01-10"))  # fmt: skip
    assert [row.outcome for row in first.rows] == ["imported", "invalid"]
    again = import_clients(
        user=admin_user,
        dates=TextDates("dd/MM/yyyy", "en"),
        data=csv_file(
            "firstname,lastname,office,mobileNo,dateOfBirth,submittedOnDate,Status",
            "Asha,Njeri,KIBERA,712000001,17/05/1990,10/01/2024,Imported as 000000001",
            "Baraka,Otieno,Kibera,712000002,01/01/1991,10/01/2024,lastname: required",
        ),
    )
    assert [row.outcome for row in again.rows] == ["already imported", "imported"]
    assert Client.objects.filter(firstname="Asha").count() == 1


def test_a_keyless_row_whose_client_moved_to_another_branch_is_refused_alike_in_a_dry_run(
    make_user, kibera, make_office
):
    clerk = make_user(("ALL_FUNCTIONS",), office=kibera)
    data = csv_file(KEYLESS, "Kibera,Asha,Njeri,,,2024-01-10")
    import_clients(user=clerk, data=data)
    Client.objects.update(office=make_office(name="Nakuru"))  # transferred since
    message = "This row was imported before: its client is now in an office outside yours."
    for dry_run in (True, False):
        (row,) = import_clients(user=clerk, data=data, dry_run=dry_run).rows
        assert (row.outcome, row.status()) == ("invalid", message)
    assert Client.objects.count() == 1


def test_a_client_elsewhere_without_an_account_number_refuses_no_other_row(
    make_user, kibera, make_office, make_client
):
    other = make_client(office=make_office(name="Nyeri"), external_id="MIG-1")
    Client.objects.filter(pk=other.pk).update(account_no=None)
    clerk = make_user(("ALL_FUNCTIONS",), office=kibera)
    data = csv_file(HEADER, "Kibera,Asha,Njeri,MIG-1,,,2024-01-10",
                    "Kibera,Baraka,Otieno,MIG-2,,,2024-01-10")  # fmt: skip
    report = import_clients(user=clerk, data=data, dry_run=True)
    assert [row.outcome for row in report.rows] == ["invalid", "valid"]


def test_a_row_without_a_key_that_repeats_a_line_above_is_refused(admin_user, kibera):
    row = "Kibera,Asha,Njeri,0712000001,1990-05-17,2024-01-10"
    for dry_run in (True, False):
        report = import_clients(user=admin_user, data=csv_file(KEYLESS, row, row), dry_run=dry_run)
        assert report.rows[1].outcome == "invalid"
        assert report.rows[1].status() == (
            "Line 2 has the same values: give each client an external id to tell them apart."
        )
    assert Client.objects.count() == 1
    # Rows with keys of their own may share every other value.
    data = csv_file(
        HEADER, "Kibera,Asha,Njeri,K-1,,,2024-01-10", "Kibera,Asha,Njeri,K-2,,,2024-01-10"
    )
    assert [row.outcome for row in import_clients(user=admin_user, data=data).rows] == [
        "imported", "imported"
    ]  # fmt: skip


def test_a_keyless_row_another_import_wrote_meanwhile_is_reported_already_imported(
    admin_user, kibera, monkeypatch
):
    """Two imports of one file at once: the second checked its rows before the first wrote
    them; the rows' fingerprints, unique in the database, stop the second copy."""
    from mteja.clients.bulk.checking import RowChecker

    data = csv_file(KEYLESS, "Kibera,Asha,Njeri,,,2024-01-10", "Kibera,Neema,Juma,,,2024-01-10")
    import_clients(user=admin_user, data=data)
    existing = RowChecker._existing
    looked_up = []

    def not_yet_written(checker, keys):  # the check and the look-up before writing
        looked_up.append(keys)
        return {} if len(looked_up) <= 2 else existing(checker, keys)

    monkeypatch.setattr(RowChecker, "_existing", not_yet_written)
    report = import_clients(user=admin_user, data=data)
    numbers = dict(Client.objects.values_list("firstname", "account_no"))
    assert [row.status() for row in report.rows] == [
        f"Already imported as {numbers['Asha']}", f"Already imported as {numbers['Neema']}"
    ]  # fmt: skip
    assert Client.objects.count() == 2


def test_an_export_read_back_is_already_imported_though_its_officer_now_has_a_namesake(
    api, admin_user, kibera, make_office, make_officer, make_client
):
    """Two loan officers called alike in two branches make an officer's name ambiguous: a
    client imported before is still recognised, not refused for it."""
    from tests.clients.bulk.test_export import URL

    john = make_officer(kibera, lastname="Kamau")
    make_client(office=kibera, staff_id=john.pk, external_id="K-1")
    make_client(office=kibera, staff_id=john.pk)  # known by its account number
    make_officer(make_office(name="Eldoret"), lastname="Kamau")
    exported = b"".join(api.get(URL, {"format": "csv"}).streaming_content)
    report = import_clients(user=admin_user, data=exported)
    assert [row.outcome for row in report.rows] == ["already imported"] * 2
    # A new row naming that officer is refused for it, as before.
    data = csv_file("office,staff,firstname,lastname,submittedOnDate",
                    "Kibera,\"Kamau, Officer\",Asha,Njeri,2024-01-10")  # fmt: skip
    (row,) = import_clients(user=admin_user, data=data).rows
    assert row.errors == [("staff", "Several staff members are named “Kamau, Officer”.")]


def test_a_dry_run_refuses_an_external_id_another_branch_holds_as_the_import_does(
    make_user, kibera, make_office, make_client
):
    make_client(office=make_office(name="Nyeri"), external_id="MIG-1")
    clerk = make_user(("ALL_FUNCTIONS",), office=kibera)
    data = csv_file(HEADER, "Kibera,Asha,Njeri,MIG-1,,,2024-01-10",
                    "Kibera,Baraka,Otieno,MIG-2,,,2024-01-10")  # fmt: skip
    message = "A client with external id “MIG-1” already exists."
    for dry_run in (True, False):
        report = import_clients(user=clerk, data=data, dry_run=dry_run)
        assert [row.outcome for row in report.rows] == [
            "invalid", "valid" if dry_run else "imported"
        ]  # fmt: skip
        assert report.rows[0].errors == [("externalId", message)]
    assert Client.objects.count() == 2


def test_a_row_another_import_wrote_meanwhile_in_the_users_offices_is_already_imported(
    make_user, kibera, make_client, monkeypatch
):
    """Two imports of the same external ids at once: the batch looked its keys up before
    the other import committed, then found the external id held. The holder is in the
    user's offices: the row is "already imported" (as a re-run says), not invalid."""
    from mteja.clients.bulk.checking import RowChecker

    clerk = make_user(("ALL_FUNCTIONS",), office=kibera)
    asha = make_client(office=kibera, external_id="RACE-1")
    looked_up = RowChecker._existing
    calls = []

    def before_the_other_import_committed(self, keys):
        calls.append(keys)
        return {} if len(calls) == 1 else looked_up(self, keys)

    monkeypatch.setattr(RowChecker, "_existing", before_the_other_import_committed)
    data = csv_file(HEADER, "Kibera,Asha,Njeri,RACE-1,,,2024-01-10")
    (row,) = import_clients(user=clerk, data=data, dry_run=True).rows
    assert (row.outcome, row.account_no, row.errors) == ("already imported", asha.account_no, [])
    assert Client.objects.count() == 1


def test_a_branch_user_imports_into_their_offices_only(make_user, kibera, make_office):
    clerk = make_user(("ALL_FUNCTIONS",), office=kibera)
    make_office(name="Nakuru")
    data = csv_file(HEADER, "Nakuru,Asha,Njeri,,,,2024-01-10", "Kibera,Neema,Juma,,,,2024-01-10")
    report = import_clients(user=clerk, data=data)
    assert [row.outcome for row in report.rows] == ["invalid", "imported"]
    assert list(Client.objects.values_list("office__name", flat=True)) == ["Kibera"]


def test_an_exported_workbook_imports_back_as_the_same_clients(api, admin_user, kibera,
                                                               make_client):  # fmt: skip
    from tests.clients.bulk.test_export import URL

    from mteja.clients import services

    make_client(office=kibera, firstname="Asha", lastname="Njeri",
                date_of_birth=datetime.date(1990, 5, 17))  # fmt: skip
    response = api.get(URL, {"format": "xlsx"})  # every column
    workbook = b"".join(response.streaming_content)
    # Imported again as it is: the same client, recognised by its account number.
    assert [row.outcome for row in import_clients(user=admin_user, data=workbook).rows] == [
        "already imported"
    ]
    fields = ("account_no", "office_id", "legal_form", "firstname", "lastname", "date_of_birth",
              "submitted_on", "status")  # fmt: skip
    original = Client.objects.values(*fields).get()
    services.client_delete(actor=None, client=Client.objects.get())
    # Into an institution without it: the same client again.
    report = import_clients(user=admin_user, data=workbook)
    assert [row.outcome for row in report.rows] == ["imported"], report.rows[0].errors
    assert Client.objects.values(*fields).get() == original


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "neither UTF-8 text nor an Excel workbook"),
        (b"PK\x03\x04 not really a zip", "cannot be read"),
        (b"", "no header row"),
        # (UTF-32 with its byte-order mark is read: test_utf32_csv.py)
        (f"{HEADER}\r\n".encode("utf-32-le"), "neither UTF-8 text nor an Excel workbook"),
        (csv_file("firstname,password", "Asha,x"), "Unknown columns: password."),
        (csv_file("office,firstname,lastname,firstname", "Kibera,Asha,Njeri,Mallory"),
         "Columns named twice: firstname."),
        (csv_file("Status,,", "Imported,,"), "No column of the file names a client's field."),
        (csv_file(HEADER, f"Kibera,{'A' * 200_000},Njeri,IMP-1,,,2024-01-10"),
         "Line 2 has a cell longer than 131,072 characters"),
    ],
)  # fmt: skip
def test_a_file_that_is_no_client_file_is_refused_whole(admin_user, data, message):
    with pytest.raises(FileUnreadable, match=message):
        import_clients(user=admin_user, data=data)


def test_a_header_saved_with_two_byte_order_marks_is_read(admin_user, kibera):
    data = "\ufeff".encode() + csv_file(HEADER, "Kibera,Asha,Njeri,IMP-1,,,2024-01-10")
    assert import_clients(user=admin_user, data=data).summary()["imported"] == 1


def test_blank_lines_above_the_header_are_left_out_and_the_lines_keep_their_numbers(
    admin_user, kibera
):
    """A sheet saved with empty rows above its header, as CSV: the delimiter is found from
    the header line, and a row's errors name the line the user sees in the file."""
    data = "\ufeff\r\n\r\n;;;;;;\r\n".encode() + csv_file(
        HEADER,
        "Kibera,Asha,Njeri,IMP-1,1990-05-17,Female,2024-01-10",
        "Kibera,Baraka,,IMP-2,1991-01-01,Male,2024-01-10",
        delimiter=";",
        bom=False,
    )
    report = import_clients(user=admin_user, data=data)
    assert rows_of(report)[0] == (5, "imported", [])
    assert rows_of(report)[1][:2] == (6, "invalid")
    assert Client.objects.get().external_id == "IMP-1"


@pytest.mark.parametrize("above", ["Kibera clients\r\nMarch 2024\r\n\r\n", "sep=;\r\n"])
def test_a_title_or_excels_separator_line_above_the_header_is_left_out(admin_user, kibera, above):
    """A sheet's title saved as CSV, or the `sep=;` line Excel reads a CSV's delimiter from:
    the delimiter is found from the header, below; the lines keep their numbers."""
    data = above.encode() + csv_file(
        HEADER, "Kibera,Asha,Njeri,IMP-1,,,2024-01-10", delimiter=";", bom=False
    )
    report = import_clients(user=admin_user, data=data)
    assert rows_of(report) == [(above.count("\n") + 2, "imported", [])]


def test_a_file_unreadable_past_its_first_batches_is_refused_before_anything_is_written(
    admin_user, kibera
):
    rows = [f"Kibera,Asha,Njeri,IMP-{n},,,2024-01-10" for n in range(1200)]
    data = csv_file(HEADER, *rows) + "Kibera,José,Njeri,IMP-X,,,2024-01-10\n".encode("latin-1")
    with pytest.raises(
        FileUnreadable, match=r"not UTF-8 text, from line 1201: save it as CSV UTF-8\."
    ):  # (the bytes follow the last row's, on its line)
        import_clients(user=admin_user, data=data)
    assert not Client.objects.exists()


class ReadUpTo(io.BytesIO):
    """A file that remembers how far it was read."""

    furthest = 0

    def read1(self, size=-1):
        data = super().read1(size)
        self.furthest = max(self.furthest, self.tell())
        return data

    read = read1


def test_a_csv_line_of_a_million_short_cells_is_refused_before_it_is_read_whole():
    """The csv module bounds a cell, not a line: 10 MB of `a,` (a 40 kB zip) were read
    whole, then each of their five million columns named, for minutes."""
    stream = ReadUpTo(b"a," * (5 * 2**20))
    said = r"^The header line \(line 1\) is longer than 1,048,576 characters\.$"
    with pytest.raises(FileUnreadable, match=said):
        read_table(stream)
    assert stream.furthest < 2 * 2**20


def test_a_row_longer_than_a_row_spans_over_its_lines_is_refused_naming_its_first(
    admin_user, kibera
):
    long_row = "Kibera,Baraka," + ",".join(f'"{"x" * 1000}\n"' for _ in range(1100))
    data = csv_file(HEADER, "Kibera,Asha,Njeri,IMP-1,,,2024-01-10", long_row)
    with pytest.raises(FileUnreadable, match=r"^Line 3 is longer than 1,048,576 characters"):
        import_clients(user=admin_user, data=data)
    assert not Client.objects.exists()


def test_a_quote_never_closed_is_refused_naming_its_line_not_read_as_the_rest_of_the_file(
    admin_user, kibera
):
    """A stray quote opening a cell: the csv module read every line below it into that cell
    (the row refused for a too long first name, the rows below it gone from the report)."""
    data = csv_file(
        HEADER,
        'Kibera,"Asha\nMary",Njeri,IMP-1,,,2024-01-10',  # a quoted line break: read
        'Kibera,"Baraka,Otieno,IMP-2,,,2024-01-10',
        "Kibera,Chao,Wu,IMP-3,,,2024-01-10",
    )
    with pytest.raises(FileUnreadable, match=r"^Line 4 opens a quote that is never closed"):
        import_clients(user=admin_user, data=data)
    assert not Client.objects.exists()
    with pytest.raises(FileUnreadable, match="no header row"):
        import_clients(user=admin_user, data=b"\r\n\r\n")


def test_excels_unicode_text_a_utf16_file_with_tabs_imports(admin_user, kibera):
    """Excel's "Unicode Text" save: UTF-16 with its byte-order mark, tab-separated."""
    text = HEADER.replace(",", "\t") + "\r\nKibera\tJosé\tNjeri\tU16-1\t\t\t2024-01-10\r\n"
    for encoding in ("utf-16", "utf-16-be"):
        data = text.encode(encoding)
        if encoding == "utf-16-be":
            data = "\ufeff".encode(encoding) + data
        report = import_clients(user=admin_user, data=data)
        assert [row.outcome for row in report.rows] == [
            "imported" if encoding == "utf-16" else "already imported"
        ]  # fmt: skip
    assert Client.objects.get().firstname == "José"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_its_byte_order_mark_imports(admin_user, kibera, encoding):
    """As a database's export writes it: it was refused as neither UTF-8 text nor a
    workbook."""
    text = HEADER.replace(",", "\t") + "\r\nKibera\tJosé\tNjeri\tU16-1\t\t\t2024-01-10\r\n"
    report = import_clients(user=admin_user, data=text.encode(encoding))
    assert rows_of(report) == [(2, "imported", [])]
    assert Client.objects.get().firstname == "José"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_its_byte_order_mark_may_hold_a_letter_of_a_nul_byte(
    admin_user, kibera, encoding
):
    """A letter whose own code holds a NUL byte (Ā, U+0100; a grave accent written apart,
    U+0300, as an export in decomposed form keeps "è") put a NUL on the other side of its
    Latin letters': the file was refused as neither UTF-8 text nor a workbook."""
    text = HEADER.replace(",", "\t") + "\r\nKibera\tMiche\u0300le\tĀbena\tU16-1\t\t\t2024-01-10\r\n"
    report = import_clients(user=admin_user, data=text.encode(encoding))
    assert rows_of(report) == [(2, "imported", [])]
    assert Client.objects.get().lastname == "Ābena"


def test_excels_windows_csv_is_told_to_be_saved_as_csv_utf8(admin_user, kibera):
    """Excel's "CSV (Comma delimited)" is Windows-1252: an accent is no UTF-8."""
    data = csv_file(HEADER) + "Kibera,José,Njeri,IMP-1,,,2024-01-10\r\n".encode("cp1252")
    with pytest.raises(FileUnreadable, match=r"not UTF-8 text, from line 1: save it as CSV"):
        import_clients(user=admin_user, data=data)
    assert not Client.objects.exists()


@pytest.mark.parametrize("end", ["\r\n", "\n", "\r"])
@pytest.mark.parametrize("bad_line", [2, 3, 40, 700])
def test_a_windows_csv_is_refused_naming_the_line_of_its_first_accent(
    admin_user, kibera, end, bad_line
):
    """The text is decoded 8 kB at a time, ahead of the lines read: the refusal named the
    line the reader stood on, "about" it (line 1 for an accent on line 2, some 120 lines
    before one past the first blocks). Excel for the Mac's CSV ends its lines in CR alone."""
    rows = [f"Kibera,Asha,Njeri,IMP-{n},,,2024-01-10" for n in range(2, bad_line)]
    text = end.join([HEADER, *rows, "Kibera,José,Njeri,IMP-X,,,2024-01-10", "Kibera,A,B,C"])
    with pytest.raises(FileUnreadable) as refused:
        import_clients(user=admin_user, data=text.encode("cp1252"))
    assert str(refused.value) == (
        f"The file is not UTF-8 text, from line {bad_line}: save it as CSV UTF-8."
    )
    assert not Client.objects.exists()


def test_a_long_number_excel_saved_shortened_in_a_csv_is_refused_by_its_column(admin_user, kibera):
    """Excel's General format shows a number of 12 digits or more as 2.54712E+11, and its
    CSV keeps that: the external id was imported as "2.54712E+11", the next row's refused
    as the same."""
    data = csv_file(
        "office,firstname,lastname,externalId,mobileNo,submittedOnDate",
        "Kibera,Asha,Njeri,2.54712E+11,2.54712E+11,2024-01-10",
        "Kibera,Baraka,Otieno,2.54712E+11,,2024-01-10",
        "Kibera,Chao,Wu,1E+15,254712345678,2024-01-10",
        "Kibera,Dalia,Wanjiru,AB1.5E+12,,2024-01-10",  # an id of its own
    )
    report = import_clients(user=admin_user, data=data)

    def shortened(value: str) -> str:
        return (
            f"“{value}” is a long number the spreadsheet shortened, its last digits lost: "
            "format the column as Text, type the numbers again, and save the file."
        )

    assert rows_of(report) == [
        (2, "invalid", [("externalId", shortened("2.54712E+11")),
                        ("mobileNo", shortened("2.54712E+11"))]),
        (3, "invalid", [("externalId", shortened("2.54712E+11"))]),
        (4, "invalid", [("externalId", shortened("1E+15"))]),
        (5, "imported", []),
    ]  # fmt: skip
    assert Client.objects.get().external_id == "AB1.5E+12"


def test_a_csv_row_of_more_cells_than_the_header_is_refused_not_shifted(admin_user, kibera):
    """A name typed with an unquoted comma: the cells after it shifted, the client written
    as "Asha Mary Ann" with its last name "Ann", "Njeri" left past the header."""
    data = csv_file(
        "office,firstname,middlename,lastname",
        "Kibera,Asha,Mary, Ann,Njeri",
        "Kibera,Baraka,,Otieno,,",  # blank cells past the header: maybe shifted (decision 201)
        '"Kibera","Chao","Li, Mei","Wu"',
    )
    report = import_clients(user=admin_user, data=data)
    message = (
        "This line has 5 cells, more than the header's 4 columns: a value holding the "
        "delimiter (a comma, a semicolon) must be in double quotes."
    )
    assert rows_of(report)[0] == (2, "invalid", [("", message)])
    assert rows_of(report)[1][:2] == (3, "invalid")
    assert rows_of(report)[2] == (4, "imported", [])
    assert list(Client.objects.values_list("middlename", flat=True)) == ["Li, Mei"]


def test_a_column_without_a_name_refuses_a_row_holding_a_value_there(admin_user, kibera):
    """A helper column the header leaves unnamed (notes, a lookup): no field could be meant
    by it, and its values would be lost unsaid, so a row holding one is refused (decision
    232, which replaced leaving them out; tests/clients/bulk/test_nameless_columns.py)."""
    data = csv_file(
        "office,firstname,,lastname",
        "Kibera,Asha,called twice,Njeri",
        "Kibera,Baraka,,Otieno",
    )
    report = import_clients(user=admin_user, data=data)
    assert [(line, outcome) for line, outcome, _errors in rows_of(report)] == [
        (2, "invalid"), (3, "imported")
    ]  # fmt: skip
    assert list(Client.objects.values_list("firstname", flat=True)) == ["Baraka"]


# A legacy system's "Excel" export: an HTML table under an .xls name.
HTML_XLS = (
    '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8">'
    "</head><body><table><tr><td>office</td><td>firstname</td><td>lastname</td></tr>"
    "<tr><td>Kibera</td><td>Asha</td><td>Njeri</td></tr></table></body></html>"
)
# Excel 2003's XML spreadsheet.
SPREADSHEET_ML = (
    '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet><Table>'
    '<Row><Cell><Data ss:Type="String">office</Data></Cell></Row></Table></Worksheet></Workbook>'
)


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (HTML_XLS.encode(), "This file is a web page (HTML), not a spreadsheet"),
        (b"\xef\xbb\xbf\r\n  <!DOCTYPE html>" + HTML_XLS.encode(), "is a web page (HTML)"),
        (HTML_XLS.encode("utf-16"), "is a web page (HTML)"),
        # Internet Explorer's mark of a page saved from the web, then the page.
        (b"<!-- saved from url=(0014)about:internet -->\r\n" + HTML_XLS.encode(), "web page"),
        (b"<TR><TD>office</TD><TD>firstname</TD></TR>\n<TR><TD>Kibera</TD></TR>", "web page"),
        (SPREADSHEET_ML.encode(), "This file is XML (an Excel 2003 XML spreadsheet?)"),
    ],
)
def test_a_web_page_or_xml_named_as_a_spreadsheet_is_refused_saying_so(
    api, admin_user, kibera, data, said
):
    """Read as CSV, its markup was a header of "unknown columns" that said nothing of what
    to do: save it as a workbook."""
    with pytest.raises(FileUnreadable, match=r"save it as an Excel Workbook \(\.xlsx\)"):
        import_clients(user=admin_user, data=data)
    response = upload(api, data)
    assert response.status_code == 400
    assert said in response.json()["errors"][0]["defaultUserMessage"]
    assert not Client.objects.exists()


def test_a_csv_whose_first_cell_begins_like_a_tag_is_no_web_page(admin_user, kibera):
    """Only a tag's whole name marks a web page: a title above the header, "<tablets> the
    borrowers of the tablet scheme", is text."""
    data = csv_file(
        "<tablets> the borrowers of the tablet scheme",
        "office,firstname,lastname",
        "Kibera,Asha,Njeri",
    )
    report = import_clients(user=admin_user, data=data)
    assert [row.outcome for row in report.rows] == ["imported"]


URL = "/fineract-provider/api/v1/clients/import"


def upload(api, data: bytes, **options):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = {"file": SimpleUploadedFile("clients.csv", data, "text/csv"), **options}
    return api.post(URL, body, format="multipart")


def test_the_api_answers_every_rows_outcome(api, kibera):
    data = csv_file(HEADER, "Kibera,Asha,Njeri,IMP-1,,,2024-01-10",
                    "Kibera,Baraka,Otieno,IMP-2,,Malle,2024-01-10")  # fmt: skip
    response = upload(api, data, dryRun="true")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["totalRecords"], body["valid"], body["invalid"], body["dryRun"]) == (2, 1, 1, True)
    assert body["rows"][1] == {
        "line": 3, "status": "invalid", "accountNo": "",
        "errors": [{"column": "gender", "message": "“Malle” is not a value of the list “Gender”."}],
    }  # fmt: skip
    assert not Client.objects.exists()


def test_the_api_returns_the_result_file_on_request(api, kibera):
    data = csv_file(HEADER, "Kibera,Asha,Njeri,IMP-1,,,2024-01-10")
    response = upload(api, data, output="csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    number = Client.objects.get().account_no
    assert text.splitlines()[1].endswith(f",Imported as {number}")


def test_a_file_over_the_limit_is_refused_quoting_the_files_limit(api, kibera, settings):
    """Far over it, the API refused the body before reading it (413) quoting the body's
    limit (the file's, plus the form's fields, grown by base64's third): a number the user
    had no use for, and not the one a file a little over the limit is told (400)."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE, settings.MTEJA_UPLOAD_MAX_BYTES = 1000, 3000
    message = "The file is larger than the limit of 2.9 KB."
    row = "Kibera,Asha,Njeri,IMP-1,,,2024-01-10"
    over = upload(api, csv_file(HEADER, *[row] * 90))  # 3.4 kB
    assert over.status_code == 400
    assert over.json()["errors"][0]["defaultUserMessage"] == message
    far_over = upload(api, csv_file(HEADER, *[row] * 200))  # 7.6 kB, past 1000 + 4000
    assert far_over.status_code == 413
    assert far_over.json()["defaultUserMessage"] == message
    assert not Client.objects.exists()


def test_offices_named_alike_but_for_case_are_told_apart_by_their_spelling(admin_user, make_office):
    make_office(name="Kibera")
    make_office(name="KIBERA")
    report = import_clients(user=admin_user, data=csv_file(
        "office,firstname,lastname", "Kibera,Asha,One", "KIBERA,Asha,Two", "kibera,Asha,Three"
    ))  # fmt: skip
    assert dict(Client.objects.values_list("lastname", "office__name")) == {
        "One": "Kibera", "Two": "KIBERA"
    }  # fmt: skip
    assert report.rows[2].errors == [
        ("office", "Several offices are named “kibera”: write it as it is spelt.")
    ]


def test_offices_named_alike_but_for_inner_spaces_are_told_apart_by_their_spelling(
    admin_user, kibera, make_office
):
    """An office and its child named but for a double space: a row naming either (as the
    template's list spells it) has that one, never the other."""
    west = make_office(name="Kibera  West", parent=kibera)
    make_office(name="Kibera West", parent=west)
    make_office(name="KIBERA WEST", parent=west)
    report = import_clients(user=admin_user, data=csv_file(
        "office,firstname,lastname", "Kibera  West,Asha,One", "Kibera West,Asha,Two",
        "KIBERA   WEST,Asha,Three", "kibera west,Asha,Four",
    ))  # fmt: skip
    assert dict(Client.objects.values_list("lastname", "office__name")) == {
        "One": "Kibera  West", "Two": "Kibera West", "Three": "KIBERA WEST"
    }  # fmt: skip
    assert report.rows[3].errors == [
        ("office", "Several offices are named “kibera west”: write it as it is spelt.")
    ]


def test_code_values_named_alike_but_for_case_or_spaces_are_told_apart_by_their_spelling(
    admin_user, kibera
):
    """Two values of one list (Single, SINGLE): a row has the one it spells, never the
    other; a spelling of neither says so; Fineract's name and id tells them apart too."""
    from mteja.organisation.models import Code, CodeValue

    gender = Code.objects.get(name="Gender")
    upper = CodeValue.objects.create(code=gender, name="NON  BINARY")
    for name in ("Non binary", "non binary"):
        CodeValue.objects.create(code=gender, name=name)
    report = import_clients(user=admin_user, data=csv_file(
        "office,firstname,lastname,gender", "Kibera,Asha,One,Non binary",
        "Kibera,Asha,Two,non binary", "Kibera,Asha,Three,NON  BINARY",
        "Kibera,Asha,Four,Non Binary", f"Kibera,Asha,Five,non  BINARY-{upper.pk}",
    ))  # fmt: skip
    assert dict(Client.objects.values_list("lastname", "gender__name")) == {
        "One": "Non binary", "Two": "non binary", "Three": "NON  BINARY", "Five": "NON  BINARY"
    }  # fmt: skip
    assert report.rows[3].errors == [("gender", "Several values of the list “Gender” are named "
                                      "“Non Binary”: write it as it is spelt.")]  # fmt: skip


def test_a_loan_officer_is_found_among_the_users_offices_not_elsewhere(
    make_user, make_staff, make_office, kibera
):
    clerk = make_user(("CREATE_CLIENT", "READ_CLIENT"), office=kibera)
    elsewhere = make_office(name="Secret Branch")
    mine = make_staff(office=kibera, firstname="John", lastname="Otieno", is_loan_officer=True)
    make_staff(office=elsewhere, firstname="John", lastname="Otieno", is_loan_officer=True)
    make_staff(office=kibera, firstname="John", lastname="Otieno", is_active=False)
    hidden = make_staff(office=elsewhere, firstname="Jane", lastname="Hidden",
                        is_loan_officer=True)  # fmt: skip
    report = import_clients(user=clerk, data=csv_file(
        "office,staff,firstname,lastname",
        f'Kibera,"{mine.display_name}",Asha,Njeri',
        f'Kibera,"{hidden.display_name}",Asha,Wanjiru',
    ))  # fmt: skip
    assert report.rows[0].outcome == "imported", report.rows[0].errors
    assert Client.objects.get().staff == mine
    assert report.rows[1].errors == [("staff", f"No staff member named “{hidden.display_name}”.")]


def test_loan_officers_named_alike_but_for_case_are_told_apart_by_their_spelling(
    admin_user, make_officer, kibera
):
    """Two officers the template lists apart (Otieno, OTIENO): a row has the one it spells; a
    spelling of neither, or one two officers share, says several are so named."""
    lower = make_officer(kibera, lastname="Otieno")
    upper = make_officer(kibera, lastname="OTIENO")
    make_officer(kibera, lastname="Kamau")
    make_officer(kibera, lastname="Kamau")
    report = import_clients(user=admin_user, data=csv_file(
        "office,staff,firstname,lastname", '"Kibera","Otieno, Officer",Asha,One',
        '"Kibera","OTIENO,  Officer",Asha,Two', '"Kibera","otieno, officer",Asha,Three',
        '"Kibera","Kamau, Officer",Asha,Four',
    ))  # fmt: skip
    assert dict(Client.objects.values_list("lastname", "staff")) == {
        "One": lower.pk, "Two": upper.pk
    }  # fmt: skip
    assert [row.errors for row in report.rows[2:]] == [
        [("staff", "Several staff members are named “otieno, officer”.")],
        [("staff", "Several staff members are named “Kamau, Officer”.")],
    ]


def test_a_rerun_knows_an_account_number_a_spreadsheet_stripped_of_its_zeros(admin_user, kibera):
    """A CSV export opened and saved in a spreadsheet: 000000001 comes back as 1."""
    header = "office,firstname,lastname"
    import_clients(user=admin_user, data=csv_file(header, "Kibera,Asha,Njeri"))
    number = Client.objects.get().account_no
    assert number.startswith("0")
    again = csv_file(header + ",accountNo", f"Kibera,Asha,Njeri,{int(number)}")
    (row,) = import_clients(user=admin_user, data=again).rows
    assert (row.outcome, row.account_no) == ("already imported", number)
    assert Client.objects.count() == 1


def test_a_rerun_knows_a_name_whose_digits_a_spreadsheet_stripped_of_their_zeros(
    admin_user, kibera
):
    """An all-digit last name loses its zeros too ("0012" comes back as 12): the row is the
    same client, not a new one."""
    header = "office,firstname,lastname"
    import_clients(user=admin_user, data=csv_file(header, "Kibera,Asha,0012"))
    number = Client.objects.get().account_no
    again = csv_file(header + ",accountNo", f"Kibera,Asha,12,{int(number)}")
    (row,) = import_clients(user=admin_user, data=again).rows
    assert (row.outcome, row.account_no) == ("already imported", number)
    assert Client.objects.count() == 1


def test_another_systems_account_number_is_not_taken_for_a_padded_one_of_mteja(admin_user, kibera):
    """A migration file numbering its clients 1, 2, …: its 1 is not Mteja's 000000001 (not
    the same name)."""
    import_clients(user=admin_user, data=csv_file("office,firstname,lastname", "Kibera,Asha,Njeri"))
    asha = Client.objects.get()
    data = csv_file(
        "office,firstname,lastname,accountNo", f"Kibera,Baraka,Otieno,{int(asha.account_no)}"
    )
    (row,) = import_clients(user=admin_user, data=data).rows
    assert row.outcome == "imported", row.errors
    assert Client.objects.count() == 2


@pytest.mark.parametrize("typed", ["' =x", "'＝x", "'  -5", "'=1+1", "=1+1", " =x", "'abc"])
def test_a_cell_exported_then_imported_is_what_was_typed(typed):
    from mteja.clients.bulk.sheets import neutralise, neutralise_column, restore_cell

    written = neutralise(typed)
    assert restore_cell(written) == typed
    assert neutralise_column([typed]) == [written]


def test_a_rerun_knows_an_external_id_written_with_two_spaces(admin_user, kibera):
    data = csv_file("office,firstname,lastname,externalId", "Kibera,Asha,Njeri,JOB  1")
    assert import_clients(user=admin_user, data=data).rows[0].outcome == "imported"
    assert import_clients(user=admin_user, data=data).rows[0].outcome == "already imported"


def test_a_rerun_with_an_invisible_character_in_an_external_id_creates_no_second_client(
    admin_user, kibera
):
    header = "office,firstname,lastname,externalId"
    import_clients(user=admin_user, data=csv_file(header, "Kibera,Asha,Njeri,JOB-1"))
    again = import_clients(user=admin_user, data=csv_file(header, "Kibera,Asha,Njeri,JOB-1\u200b"))
    assert again.rows[0].errors == [
        ("externalId", "The external id holds a control or invisible character.")
    ]
    assert Client.objects.count() == 1


def test_column_names_are_read_whatever_their_case_spaces_underscores_or_dashes(admin_user, kibera):
    data = csv_file(
        "Office,First Name,last_name,External-Id,Date of Birth,SUBMITTED ON DATE",
        "Kibera,Asha,Njeri,IMP-1,1990-05-17,2024-01-10",
    )
    report = import_clients(user=admin_user, data=data)
    assert rows_of(report) == [(2, "imported", [])]
    asha = Client.objects.get()
    assert (asha.display_name, asha.external_id) == ("Asha Njeri", "IMP-1")
    assert (asha.date_of_birth, asha.submitted_on) == (
        datetime.date(1990, 5, 17), datetime.date(2024, 1, 10)
    )  # fmt: skip
    twice = csv_file("office,firstname,First Name,lastname", "Kibera,Asha,Mallory,Njeri")
    with pytest.raises(FileUnreadable, match="Columns named twice: firstname."):
        import_clients(user=admin_user, data=twice)


def test_column_names_are_read_whatever_invisible_characters_they_were_copied_with(
    admin_user, kibera
):
    """A zero-width space, a soft hyphen or a direction mark, copied with a name from a web
    page or a document: "Unknown columns: first\u200bname." named what looked like Mteja's
    own column."""
    header = "\u200boffice,first\u200bname,Last\u00adName,\u200fExternal Id\u2060,submittedOnDate"
    data = csv_file(header, "Kibera,Asha,Njeri,IMP-1,2024-01-10")
    assert rows_of(import_clients(user=admin_user, data=data)) == [(2, "imported", [])]
    assert Client.objects.get().external_id == "IMP-1"


@pytest.mark.parametrize(
    "header",
    [
        "Agence,Prénom,Nom de famille,Identifiant externe,Date de naissance,Soumis le,"
        "Téléphone mobile",
        "Sucursal,Nombre,Apellidos,ID externo,Fecha de nacimiento,Fecha de solicitud,"
        "Número de celular",
        "Office,First name,Last name,External id,Date of birth,Submitted on,Mobile number",
    ],
)
def test_columns_are_read_by_their_fields_labels_in_each_language_of_the_site(
    admin_user, kibera, header
):
    """A file typed by hand in the institution's language: its header as the staff see the
    fields named on the client's form; a refusal names the file's own column."""
    data = csv_file(
        header,
        "Kibera,Asha,Njeri,IMP-1,1990-05-17,2024-01-10,0712000501",
        "Kibera,Baraka,,IMP-2,1991-01-01,2024-01-10,",
    )
    report = import_clients(user=admin_user, data=data)
    last_name = header.split(",")[2]
    assert rows_of(report) == [
        (2, "imported", []),
        (3, "invalid", [(last_name, "The last name is required.")]),
    ]
    asha = Client.objects.get()
    assert (asha.display_name, asha.external_id, asha.mobile_no) == (
        "Asha Njeri", "IMP-1", "0712000501"
    )  # fmt: skip
    assert (asha.date_of_birth, asha.submitted_on) == (
        datetime.date(1990, 5, 17), datetime.date(2024, 1, 10)
    )  # fmt: skip


def test_the_result_file_quotes_formulas_behind_spaces_and_in_full_width(api, kibera):
    data = csv_file("office,firstname,lastname", "Kibera, =1+1,＝HYPERLINK(1)")
    text = upload(api, data, output="csv").content.decode("utf-8-sig")
    assert text.splitlines()[1].startswith("Kibera,' =1+1,'＝HYPERLINK(1),")


def test_the_result_file_gives_a_spoilt_cell_back_spoilt_and_an_apostrophes_text_as_typed(
    api, kibera
):
    """An export writes a client's "#N/A" as '#N/A, read back as the text typed; a result
    file gives a refused #N/A back as it was, refused again if imported again."""
    data = csv_file("office,firstname,lastname,externalId", "Kibera,Asha,Njeri,#N/A",
                    "Kibera,Baraka,Otieno,'#N/A")  # fmt: skip
    text = upload(api, data, output="csv").content.decode("utf-8-sig")
    assert [line.split(",")[:4] for line in text.splitlines()[1:]] == [
        ["Kibera", "Asha", "Njeri", "#N/A"], ["Kibera", "Baraka", "Otieno", "'#N/A"]
    ]  # fmt: skip
    assert Client.objects.get().external_id == "#N/A"
    again = upload(api, text.encode(), output="csv").content.decode("utf-8-sig")
    assert "error #N/A" in again.splitlines()[1]


def test_a_file_of_more_rows_than_an_import_at_once_takes_is_refused_before_any_is_written(
    api, kibera, settings
):
    settings.MTEJA_IMPORT_AT_ONCE_MOST_ROWS = 3
    rows = [f"Kibera,Asha,Njeri{n},CAP-{n},,,2024-01-10" for n in range(4)]
    response = upload(api, csv_file(HEADER, *rows))
    assert response.status_code == 400, response.content
    (error,) = response.json()["errors"]
    assert error["parameterName"] == "file"
    assert (
        error["userMessageGlobalisationCode"] == "validation.msg.client.import.file.too.many.rows"
    )
    assert "at least 4 rows" in error["defaultUserMessage"]
    assert "POST /clients/uploadtemplate" in error["defaultUserMessage"]
    assert not Client.objects.exists()
    response = upload(api, csv_file(HEADER, *rows[:3]) + b"\r\n")  # at the cap: imported
    assert response.status_code == 200, response.content
    assert response.json()["imported"] == 3


def test_a_workbook_that_understates_its_rows_is_still_refused_past_the_cap(api, kibera, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from tests.clients.bulk.test_sheet_stream import excel_workbook

    settings.MTEJA_IMPORT_AT_ONCE_MOST_ROWS = 3

    def row(number: int, *cells: str) -> str:
        return f'<row r="{number}">' + "".join(
            f'<c r="{column}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
            for column, text in zip("ABC", cells, strict=False)
        ) + "</row>"  # fmt: skip

    def workbook_of(count: int) -> bytes:
        rows = [row(n + 2, "Kibera", "Asha", f"Njeri{n}") for n in range(count)]
        sheet = row(1, "office", "firstname", "lastname") + "".join(rows)
        return excel_workbook(sheet, dimension='<dimension ref="A1:B2"/>')  # one row, it says

    def post(data: bytes):
        body = {"file": SimpleUploadedFile("clients.xlsx", data, "application/octet-stream")}
        return api.post(URL, body, format="multipart")

    response = post(workbook_of(50))
    assert response.status_code == 400, response.content
    (error,) = response.json()["errors"]
    assert (error["parameterName"], error["userMessageGlobalisationCode"]) == (
        "file", "validation.msg.client.import.file.too.many.rows"
    )  # fmt: skip
    assert "at least 50 rows" in error["defaultUserMessage"]  # its row tags counted
    assert not Client.objects.exists()
    response = post(workbook_of(3))
    assert response.status_code == 200, response.content
    assert response.json()["imported"] == 3


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_empty_rows_a_spreadsheet_formatted_or_saved_below_the_clients_are_not_counted(
    api, kibera, settings, kind
):
    """A sheet formatted (borders, a fill) far below its clients states its last row as the
    formatted one, and Excel saves those rows in a CSV as lines of commas: a file of three
    clients was refused as having at least 20,000 rows."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from tests.clients.bulk.test_sheet_stream import excel_workbook

    settings.MTEJA_IMPORT_AT_ONCE_MOST_ROWS = 3

    def workbook_of(count: int) -> bytes:
        cells = [["office", "firstname", "lastname"]] + [
            ["Kibera", "Asha", f"Njeri{n}"] for n in range(count)
        ]
        rows = "".join(
            f'<row r="{line}">' + "".join(
                f'<c r="{column}{line}" t="inlineStr"><is><t>{text}</t></is></c>'
                for column, text in zip("ABC", texts, strict=True)
            ) + "</row>"
            for line, texts in enumerate(cells, start=1)
        ) + "".join(
            f'<row r="{line}" s="1" customFormat="1"><c r="A{line}" s="1"/><c r="G{line}" s="1"/>'
            "</row>"
            for line in range(count + 2, 20_001)
        )  # fmt: skip
        return excel_workbook(rows, dimension='<dimension ref="A1:G1048576"/>')

    def csv_of(count: int) -> bytes:
        rows = [f"Kibera,Asha,Njeri{n}" for n in range(count)]
        return csv_file("office,firstname,lastname", *rows, *[",,"] * 20_000)

    def post(data: bytes):
        body = {"file": SimpleUploadedFile(f"clients.{kind}", data, "application/octet-stream")}
        return api.post(URL, body, format="multipart")

    file_of = workbook_of if kind == "xlsx" else csv_of
    response = post(file_of(3))
    assert response.status_code == 200, response.content
    assert response.json()["imported"] == 3
    response = post(file_of(4))  # past the cap: its estimate stands
    assert response.status_code == 400, response.content
    (error,) = response.json()["errors"]
    expected = "1,048,575" if kind == "xlsx" else "20,003"  # (its line breaks)
    assert f"at least {expected} rows" in error["defaultUserMessage"]


def test_dry_run_in_the_query_string_is_honoured_and_a_form_field_wins(api, kibera):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = csv_file(HEADER, "Kibera,Asha,Njeri,IMP-1,,,2024-01-10")
    body = {"file": SimpleUploadedFile("clients.csv", data, "text/csv")}
    response = api.post(f"{URL}?dryRun=true", body, format="multipart")
    assert response.status_code == 200, response.content
    assert (response.json()["dryRun"], response.json()["valid"]) == (True, 1)
    assert not Client.objects.exists()
    body = {"file": SimpleUploadedFile("clients.csv", data, "text/csv"), "dryRun": "false"}
    response = api.post(f"{URL}?dryRun=true", body, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["imported"] == 1


def test_the_json_answers_report_keeps_no_cells_a_result_file_does(admin_user, kibera):
    data = csv_file(HEADER, "Kibera,Asha,Njeri,IMP-1,,,2024-01-10")
    report = import_clients(user=admin_user, data=data, dry_run=True, keep_cells=False)
    assert [(row.line, row.outcome, row.cells) for row in report.rows] == [(2, "valid", [])]
    report = import_clients(user=admin_user, data=data, dry_run=True)
    assert report.rows[0].cells[:3] == ["Kibera", "Asha", "Njeri"]


def test_a_csv_is_counted_by_its_line_breaks_and_the_count_stops_past_most(monkeypatch):
    from mteja.clients.bulk import counting

    def count(data: bytes, most=None) -> int:
        return counting.count_rows(io.BytesIO(data), most=most)

    assert count(b"name\r\na\r\nb\r\n") == count(b"name\na\nb") == 2
    assert count(b"name\ra\rb\rc") == 3  # carriage returns alone, as the CSV reader splits
    monkeypatch.setattr(counting, "BLOCK_BYTES", 4)
    assert count(b"name\n" + b"a\n" * 100, most=5) == 7  # the first block past 5 ends it


def test_the_api_refuses_what_is_no_client_file(api):
    response = upload(api, b"\x89PNG\r\n\x1a\n\x00\x00")
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["parameterName"] == "file"
    assert "neither UTF-8 text nor an Excel workbook" in error["defaultUserMessage"]


def test_importing_needs_the_create_permission(api_as, make_user, kibera):
    reader = make_user(("READ_CLIENT",), office=kibera)
    response = upload(api_as(reader), csv_file(HEADER, "Kibera,Asha,Njeri,,,,2024-01-10"))
    assert response.status_code == 403
    assert not Client.objects.exists()


def test_the_cli_imports_and_writes_the_result(tmp_path, admin_user, kibera, capsys):
    from django.core.management import call_command

    source, result = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_bytes(csv_file(HEADER, "Kibera,Asha,Njeri,IMP-1,,,2024-01-10",
                                "Kibera,Baraka,,IMP-2,,,2024-01-10"))  # fmt: skip
    call_command("import", str(source), "--user", admin_user.username,
                 "--result", str(result))  # fmt: skip
    assert '"imported": 1' in capsys.readouterr().out
    lines = result.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].endswith(",Status") and "lastname:" in lines[2]


TEMPLATE = "/fineract-provider/api/v1/clients/downloadtemplate"


def test_the_csv_template_is_the_header_an_import_reads(api, kibera):
    response = api.get(TEMPLATE, {"legalFormType": "CLIENTS_PERSON", "format": "csv"})
    assert response.status_code == 200
    header = response.content.decode("utf-8-sig").strip().split(",")
    assert {"office", "firstname", "lastname", "gender", "dateOfBirth"} <= set(header)
    assert not {"fullname", "incorpNumber", "id", "status", "accountNo"} & set(header)
    entity = api.get(TEMPLATE, {"legalFormType": "CLIENTS_ENTITY", "format": "csv"})
    header = entity.content.decode("utf-8-sig").strip().split(",")
    assert {"fullname", "incorpNumber", "constitution"} <= set(header)
    assert "firstname" not in header


def test_the_xlsx_template_offers_the_users_offices_and_code_values(api_as, make_user, kibera,
                                                                  make_office):  # fmt: skip
    import io
    import zipfile

    make_office(name="Nakuru")
    clerk = make_user(("ALL_FUNCTIONS",), office=kibera)
    response = api_as(clerk).get(TEMPLATE, {"legalFormType": "CLIENTS_PERSON"})
    assert response.status_code == 200
    book = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    lists = book.read("xl/sharedStrings.xml").decode()
    assert "Kibera" in lists and "Female" in lists
    assert "Nakuru" not in lists  # another branch's office is not offered
    assert b"dataValidation" in book.read("xl/worksheets/sheet1.xml")


def test_the_xlsx_template_offers_the_office_and_officer_the_download_names(
    api, api_as, make_user, make_office, make_officer, kibera
):
    """Fineract's officeId and staffId: that office and those below it, that officer."""
    import io

    def lists(client, **params) -> list[list[str]]:
        response = client.get(TEMPLATE, {"legalFormType": "CLIENTS_PERSON", **params})
        assert response.status_code == 200
        book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
        columns = zip(*book.get_sheet_by_name("Lists").to_python(), strict=False)
        return {column[0]: [cell for cell in column[1:] if cell] for column in columns}

    olympic = make_office(name="Olympic", parent=kibera)
    make_office(name="Nakuru")
    wanjiru = make_officer(kibera, lastname="Wanjiru")
    make_officer(olympic, lastname="Juma")
    offered = lists(api, officeId=kibera.pk)
    assert offered["office"] == ["Kibera", "Olympic"]
    assert offered["staff"] == ["Juma, Officer", "Wanjiru, Officer"]
    offered = lists(api, officeId=olympic.pk, staffId="")
    assert (offered["office"], offered["staff"]) == (["Olympic"], ["Juma, Officer"])
    assert lists(api, staffId=wanjiru.pk)["staff"] == ["Wanjiru, Officer"]
    # Another branch's office or officer, or none such, is not found; a word is a 400.
    clerk = api_as(make_user(("ALL_FUNCTIONS",), office=olympic))
    for params, code in (({"officeId": kibera.pk}, "error.msg.office.id.invalid"),
                         ({"staffId": wanjiru.pk}, "error.msg.staff.id.invalid"),
                         ({"officeId": olympic.pk, "staffId": wanjiru.pk},
                          "error.msg.staff.id.invalid")):  # fmt: skip
        for template_format in ("xlsx", "csv"):
            response = clerk.get(TEMPLATE, {**params, "format": template_format})
            error = response.json()["errors"][0]["userMessageGlobalisationCode"]
            assert (response.status_code, error) == (404, code)
    response = api.get(TEMPLATE, {"officeId": "Kibera"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameterName"] == "officeId"
    # One of the user's staff who cannot take clients: a 400 saying why, not "not found".
    gone = make_officer(kibera, lastname="Gone", is_active=False)
    clerk_staff = make_officer(kibera, lastname="Desk", is_loan_officer=False)
    for staff, message in ((gone, "Gone, Officer is no longer active."),
                           (clerk_staff, "Desk, Officer is not a loan officer.")):  # fmt: skip
        response = api.get(TEMPLATE, {"staffId": staff.pk})
        error = response.json()["errors"][0]
        assert (response.status_code, error["parameterName"]) == (400, "staffId")
        assert error["defaultUserMessage"] == message


def test_the_xlsx_templates_text_columns_keep_what_is_typed_as_text(api, kibera):
    """A spreadsheet turns 0712345678 typed into a General cell into the number 712345678:
    the template's text columns are formatted as Text (number format 49, "@")."""
    import io
    import zipfile
    from xml.etree import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    data = b"".join(api.get(TEMPLATE, {"legalFormType": "CLIENTS_PERSON"}).streaming_content)
    book = zipfile.ZipFile(io.BytesIO(data))
    header = next(
        CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).iter_rows()
    )
    # (the file Mteja just wrote)
    styles = ElementTree.fromstring(book.read("xl/styles.xml"))  # noqa: S314
    formats = [xf.get("numFmtId", "0") for xf in styles.find(f"{main}cellXfs")]
    sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))  # noqa: S314
    style_of = {
        number: int(col.get("style", "0"))
        for col in sheet.iter(f"{main}col")
        for number in range(int(col.get("min")), int(col.get("max")) + 1)
    }

    def number_format(name: str) -> str:
        return formats[style_of.get(header.index(name) + 1, 0)]

    assert number_format("mobileNo") == number_format("externalId") == "49"
    assert number_format("documentKey") == "49"
    assert number_format("dateOfBirth") not in ("0", "49")
    assert number_format("office") == "0"  # a drop-down's


def test_names_picked_from_the_xlsx_templates_lists_import_as_those_names(
    api_as, make_user, make_office, make_officer, kibera
):
    """An office, a loan officer and a code value named like formulas, or like a formula
    after an apostrophe ('=x): the value a drop-down puts in a cell (its list's cell, as
    shown) imports as that office, officer and value."""
    import xlsxwriter

    from mteja.organisation.models import Code, CodeValue

    clerk = make_user(("ALL_FUNCTIONS",), office=kibera)
    named = {}
    for name in ("=1+1", "'=x", "''+1", "'quoted", "@x"):
        office = make_office(name=name, parent=kibera)
        officer = make_officer(office, lastname=name)
        gender = CodeValue.objects.create(code=Code.objects.get(name="Gender"), name=name)
        named[name] = (office.pk, officer.pk, gender.pk)
    data = b"".join(api_as(clerk).get(TEMPLATE).streaming_content)
    columns = zip(*CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("Lists")
                  .to_python(), strict=False)  # fmt: skip
    lists = {column[0]: [cell for cell in column[1:] if cell] for column in columns}
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["externalId", "firstname", "lastname", "office", "staff", "gender"])
    for line, name in enumerate(named, start=1):
        picked = [
            next(cell for cell in lists[column] if cell in (shown, "'" + shown))
            for column, shown in (("office", name), ("staff", f"{name}, Officer"),
                                  ("gender", name))
        ]  # fmt: skip
        sheet.write_row(line, 0, [f"T-{line}", "Asha", "Njeri", *picked])
    book.close()
    report = import_clients(user=clerk, data=buffer.getvalue())
    assert [row.errors for row in report.rows] == [[]] * 5
    assert {
        client.office.name: (client.office_id, client.staff_id, client.gender_id)
        for client in Client.objects.all()
    } == named


def test_filling_the_template_imports(api, admin_user, kibera):
    header = api.get(TEMPLATE, {"format": "csv"}).content.decode("utf-8-sig").strip().split(",")
    row = {"office": "Kibera", "firstname": "Asha", "lastname": "Njeri",
           "submittedOnDate": "2024-01-10"}  # fmt: skip
    data = csv_file(",".join(header), ",".join(row.get(name, "") for name in header))
    assert [r.outcome for r in import_clients(user=admin_user, data=data).rows] == ["imported"]


def test_a_bad_template_choice_is_a_400(api):
    response = api.get(TEMPLATE, {"legalFormType": "CLIENTS_ROBOT"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameterName"] == "legalFormType"


def test_a_choice_is_known_by_its_label_in_any_of_the_institutions_languages(admin_user, kibera):
    data = csv_file("office,legalForm,fullname,firstname,lastname,submittedOnDate",
                    "Kibera,Entity,Umoja Traders Ltd,,,2024-01-10",
                    "Kibera,Personne physique,,Asha,Njeri,2024-01-10",
                    "Kibera,Robot,,Chao,Wu,2024-01-10")  # fmt: skip
    with translation.override("fr"):  # a French-speaking user, a file filled in English
        report = import_clients(user=admin_user, data=data)
        assert [row.outcome for row in report.rows] == ["imported", "imported", "invalid"]
        assert report.rows[2].errors == [
            ("legalForm", "« Robot » ne fait pas partie des choix.")
        ]  # fmt: skip
    forms = dict(Client.objects.values_list("display_name", "legal_form"))
    assert forms == {"Umoja Traders Ltd": 2, "Asha Njeri": 1}


def test_an_entity_row_is_known_by_its_name(admin_user, kibera):
    data = csv_file("office,fullname,incorpNumber,submittedOnDate",
                    "Kibera,Umoja Traders Ltd,C-1234,2024-01-10")  # fmt: skip
    report = import_clients(user=admin_user, data=data)
    assert [row.outcome for row in report.rows] == ["imported"], report.rows[0].errors
    client = Client.objects.get()
    assert (client.legal_form, client.display_name) == (2, "Umoja Traders Ltd")
    assert client.non_person.incorp_no == "C-1234"
    # the CREATE event tells the entity details, as the API's create does
    event = AuditEvent.objects.get(entity_name="CLIENT", resource_id=client.pk)
    assert event.changes["non_person.incorp_no"] == [None, "C-1234"]


def test_the_web_page_checks_a_file_then_imports_it(browse_as, admin_user, kibera):
    from django.core.files.uploadedfile import SimpleUploadedFile

    web = browse_as(admin_user)
    assert 'href="/clients/import/"' in web.get("/clients/").content.decode()
    bad = csv_file(HEADER, "Kibera,Asha,Njeri,IMP-1,,,2024-01-10",
                   "Kibera,Baraka,Otieno,IMP-2,,Malle,2024-01-10")  # fmt: skip

    def run(data, **options):
        response = web.post("/clients/import/", {"file": SimpleUploadedFile("c.csv", data),
                                                 **options})  # fmt: skip
        assert response.status_code == 302, response.content
        return response["Location"], web.get(response["Location"]).content.decode()

    _job, page = run(bad, dry_run="on")
    assert "Check only" in page and "“Malle” is not a value of the list “Gender”." in page
    assert not Client.objects.exists()
    good = csv_file(HEADER, "Kibera,Asha,Njeri,IMP-1,,,2024-01-10",
                    "Kibera,Baraka,Otieno,IMP-2,,Male,2024-01-10")  # fmt: skip
    _job, page = run(good)
    assert "Completed" in page and "Every row was imported." in page
    assert Client.objects.count() == 2
    job, _page = run(good)
    result = web.get(f"{job}result.csv")
    assert result["Content-Disposition"].startswith("attachment;")
    assert "Already imported as" in b"".join(result.streaming_content).decode("utf-8-sig")


def test_the_web_page_says_why_a_file_is_refused(browse_as, admin_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = {"file": SimpleUploadedFile("c.csv", b"\x00\x01binary")}
    page = browse_as(admin_user).post("/clients/import/", body).content.decode()
    assert "neither UTF-8 text nor an Excel workbook" in page
    assert "field-error" in page


def test_a_number_in_a_date_column_of_a_workbook_says_how_to_give_the_date(admin_user, kibera):
    import io

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER.split(","))
    sheet.write_row(1, 0, ["Kibera", "Asha", "Njeri", "IMP-1", 33000, "", "2024-01-10"])
    book.close()
    (row,) = import_clients(user=admin_user, data=buffer.getvalue(), dry_run=True).rows
    assert row.errors == [
        ("dateOfBirth", "“33000” looks like a spreadsheet's day number (Excel shows day 33000 "
                        "as 1990-05-07), not a date: format the column as a date (yyyy-MM-dd) "
                        "and save the file again.")
    ]  # fmt: skip


STATUS_HEADER = ("office,staff,firstname,lastname,status,submittedOnDate,activationDate,"
                 "closureDate,closureReason,rejectionDate,rejectionReason")  # fmt: skip


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_status_the_import_cannot_give_is_refused_by_its_column_never_made_active(
    admin_user, kibera, make_staff, dry_run
):
    officer = make_staff(office=kibera, firstname="John", lastname="Otieno", is_loan_officer=True)
    data = csv_file(
        STATUS_HEADER,
        "Kibera,,Asha,Njeri,Transfer in progress,2024-01-10,2024-01-11,,,,",
        "Kibera,,Baraka,Otieno,Closed,2024-01-10,,2024-06-01,Deceased,,",
        "Kibera,,Chao,Wu,Closed,2024-01-10,2024-01-11,2024-01-05,Deceased,,",
        "Kibera,,Dalia,Wanjiru,Clôturé,2024-01-10,2024-01-11,2024-06-01,,,",
        f'Kibera,"{officer.display_name}",Eli,Kamau,Closed,2024-01-10,2024-01-11,2024-06-01,Fraud,,',
        "Kibera,,Faith,Achieng,Rejected,2024-01-10,,,,2024-01-12,Gone fishing",
        "Kibera,,Gad,Mwangi,Active,2024-01-10,2024-01-11,,,,",
        "Kibera,,Hawa,Ali,Pending,2024-01-10,,,,,",
    )
    report = import_clients(user=admin_user, data=data, dry_run=dry_run)
    assert rows_of(report)[:6] == [
        (2, "invalid", [("status", "The client is Transfer in progress: the import creates "
                         "pending, active, closed, rejected and withdrawn clients; import it "
                         "active and propose its transfer afterwards.")]),
        (3, "invalid", [("status", "Only an active client can be closed.")]),
        (4, "invalid", [("closureDate", "The date cannot be before the activation date "
                         "(2024-01-11).")]),
        (5, "invalid", [("closureReason", "The reason is required.")]),
        (6, "invalid", [("staff", "A closed client has no loan officer: leave the loan officer "
                         "out.")]),
        (7, "invalid", [("rejectionReason",
                         "“Gone fishing” is not a value of the list “Reasons for rejecting a "
                         "client”.")]),
    ]  # fmt: skip
    assert [row.outcome for row in report.rows[6:]] == ["valid" if dry_run else "imported"] * 2
    statuses = {c.firstname: c.get_status_display() for c in Client.objects.all()}
    assert statuses == ({} if dry_run else {"Gad": "Active", "Hawa": "Pending"})


def test_a_pending_or_active_status_makes_the_client_so_not_its_activation_date_alone(
    admin_user, kibera
):
    """An export's row edited to Active without an activation date was imported pending,
    and one edited to Pending with its date active, the status column passed over. The
    status now gives `active` as the column would; an `active` cell that says otherwise
    refuses the row by its status."""
    data = csv_file(
        "office,firstname,lastname,status,submittedOnDate,activationDate,active",
        "Kibera,Asha,Njeri,Active,2024-01-10,,",
        "Kibera,Baraka,Otieno,Pending,2024-01-10,2024-01-11,",
        "Kibera,Chao,Wu,Pending,2024-01-10,2024-01-11,yes",
        "Kibera,Dalia,Wanjiru,Active,2024-01-10,2024-01-11,1",
        "Kibera,Eli,Kamau,Pending,2024-01-10,,no",
        "Kibera,Faith,Achieng,,2024-01-10,2024-01-11,",
    )
    report = import_clients(user=admin_user, data=data)
    assert rows_of(report)[:3] == [
        (2, "invalid", [("activationDate",
                         "An activation date is required to create an active client.")]),
        (3, "imported", []),
        (4, "invalid", [("status", "The status is Pending, but the active column says "
                         "otherwise: give one of them, or make them agree.")]),
    ]  # fmt: skip
    statuses = {c.firstname: c.get_status_display() for c in Client.objects.all()}
    assert statuses == {"Baraka": "Pending", "Dalia": "Active", "Eli": "Pending",
                        "Faith": "Active"}  # fmt: skip


@pytest.mark.parametrize(
    ("status", "date", "reason"),
    [("Closed", "closureDate", "closureReason"),
     ("Rejected", "rejectionDate", "rejectionReason"),
     ("Withdrawn", "withdrawalDate", "withdrawalReason")],
)  # fmt: skip
def test_a_status_whose_columns_the_file_lacks_is_refused_naming_them(
    admin_user, kibera, status, date, reason
):
    """The refusal named no column: which one to add was left to guess."""
    data = csv_file("office,firstname,lastname,status,submittedOnDate,activationDate",
                    f"Kibera,Asha,Njeri,{status},2024-01-10,"
                    f"{'2024-01-11' if status == 'Closed' else ''}")  # fmt: skip
    (row,) = import_clients(user=admin_user, data=data, dry_run=True).rows
    assert row.outcome == "invalid"
    assert sorted(row.errors) == [(date, "The date is required."),
                                  (reason, "The reason is required.")]  # fmt: skip
    assert row.status() == "; ".join(f"{column}: {message}" for column, message in row.errors)


def test_a_closed_client_needs_the_permission_to_close(make_user, kibera):
    clerk = make_user(("CREATE_CLIENT", "ACTIVATE_CLIENT", "READ_CLIENT"), office=kibera)
    data = csv_file(
        STATUS_HEADER, "Kibera,,Asha,Njeri,Closed,2024-01-10,2024-01-11,2024-06-01,Deceased,,"
    )
    (row,) = import_clients(user=clerk, data=data).rows
    assert row.errors == [("status", "Creating a client with this status needs the CLOSE_CLIENT "
                               "permission.")]  # fmt: skip
    assert not Client.objects.exists()


@pytest.mark.parametrize(
    ("written", "meaning"),
    [("VRAI", True), ("FAUX", False), ("VERDADERO", True), ("FALSO", False), ("Oui", True),
     ("non", False), ("Sí", True), ("SI", True), ("No", False), ("TRUE", True), ("false", False)],
)  # fmt: skip
def test_a_yes_no_cell_as_french_or_spanish_spreadsheets_save_it(
    admin_user, kibera, written, meaning
):
    """French and Spanish Excel or LibreOffice save a yes/no cell as CSV as VRAI/FAUX,
    VERDADERO/FALSO."""
    data = csv_file("office,firstname,lastname,isStaff,submittedOnDate,activationDate,active",
                    f"Kibera,Asha,Njeri,{written},2024-01-10,2024-01-11,{written}")  # fmt: skip
    (row,) = import_clients(user=admin_user, data=data).rows
    assert row.outcome == "imported", row.errors
    asha = Client.objects.get()
    assert (asha.is_staff, asha.get_status_display()) == (
        meaning,
        "Active" if meaning else "Pending",
    )


def test_a_yes_no_cell_that_is_no_yes_or_no_is_refused_by_its_column(admin_user, kibera):
    data = csv_file("office,firstname,lastname,isStaff", "Kibera,Asha,Njeri,peut-être")
    (row,) = import_clients(user=admin_user, data=data).rows
    assert row.outcome == "invalid" and [column for column, _ in row.errors] == ["isStaff"]


@pytest.mark.parametrize("legal_form", ["CLIENTS_PERSON", "CLIENTS_ENTITY"])
def test_the_templates_offer_no_status_column_a_new_client_does_without(api, legal_form):
    response = api.get("/fineract-provider/api/v1/clients/downloadtemplate",
                       {"legalFormType": legal_form, "format": "csv"})  # fmt: skip
    header = response.content.decode("utf-8-sig").strip().split(",")
    assert "firstname" in header or "fullname" in header
    assert not {"status", "closureDate", "closureReason", "rejectionDate"} & set(header)
