"""Hostile and realistic file shapes no other test had tried, each through
`POST /clients/uploadtemplate` and its result file: what the user sees — the upload's refusal
(Fineract's body), or each row's Status — and the clients made (decision 320). Encodings
(UTF-16 with and without its mark, Latin-1), line ends (a lone CR, mixed), nothing but a
mark, blank lines or a header, Excel's `sep=` line, two files joined with their marks, a
quote left open, a line of 20 MB, look-alike digits, dates at the calendar's ends, a 1904
workbook, a formula's error values, thousands of blank columns."""

import codecs
import csv
import datetime
import io
import re

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

API = "/fineract-provider/api/v1"
HEADER = "office,firstname,lastname,externalId,dateOfBirth"
ROWS = ("Kibera,Asha,Njeri,E1,1990-01-02", "Kibera,Zoë,Ngũgĩ,E2,1985-05-06")
TEXT = "\r\n".join((HEADER, *ROWS)) + "\r\n"
BOM = codecs.BOM_UTF8
IMPORTED = ["Imported", "Imported"]  # each "as" its client's account number
BOTH = [("Asha", datetime.date(1990, 1, 2)), ("Zoë", datetime.date(1985, 5, 6))]
NOT_ISO = (
    "dateOfBirth: “{}” is not an ISO date (yyyy-MM-dd); send `dateFormat` and `locale` for "
    "other formats."
)
NO_HEADER = "The file has no header row."


def lines(*texts: str) -> bytes:
    return ("\r\n".join(texts) + "\r\n").encode()


def workbook(*rows: list, **options) -> bytes:
    """A workbook (XlsxWriter's) of the rows: a date as a date cell, ("=…", cached) a formula."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, **options})
    sheet, dated = book.add_worksheet("Clients"), book.add_format({"num_format": "yyyy-mm-dd"})
    for top, cells in enumerate(rows):
        for left, value in enumerate(cells):
            if isinstance(value, datetime.date):
                sheet.write_datetime(top, left, value, dated)
            elif isinstance(value, tuple):
                sheet.write_formula(top, left, value[0], None, value[1])
            else:
                sheet.write(top, left, value)
    book.close()
    return buffer.getvalue()


REFUSED = {
    "empty": (b"", NO_HEADER),
    "only a byte-order mark": (BOM, NO_HEADER),
    "only UTF-16's mark": (codecs.BOM_UTF16_LE, NO_HEADER),
    "only blank lines": (b"\r\n\n\r\n", NO_HEADER),
    "only delimiters": (b",,,\r\n,,,\r\n", NO_HEADER),
    "only a header and blank lines": (lines(HEADER, ",,,,", "   "),
                                      "The file has no rows to import, only a header."),
    "Latin-1": (TEXT.replace("ũ", "u").replace("ĩ", "i").encode("latin-1"),
                "The file is not UTF-8 text, from line 3: save it as CSV UTF-8."),
    "UTF-32 without its mark": (TEXT.encode("utf-32-le"),
                                "The file is neither UTF-8 text nor an Excel workbook."),
    "a quote left open": (lines(HEADER, 'Kibera,"Asha,Njeri,E1,', ROWS[1]),
                          "Line 2 opens a quote that is never closed: the rest of the file "
                          "would be read as one cell. Remove the quote, or close it."),
    "a line of 20 MB": (lines(HEADER, "Kibera,Asha," + "N" * 20_000_000 + ",E1,"),
                        "Line 2 is longer than 1,048,576 characters."),
    "a header named twice": (lines(HEADER + ",firstname", ROWS[0] + ",Asha"),
                             "Columns named twice: firstname."),
    "thousands of columns": (lines(HEADER + "," + ",".join(f"c{i}" for i in range(5000)),
                                   ROWS[0]),
                             "Unknown columns: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9."),
}  # fmt: skip


@pytest.mark.parametrize(("data", "message"), REFUSED.values(), ids=REFUSED)
def test_a_file_of_no_clients_is_refused_at_its_upload_saying_why(api, kibera, data, message):
    response = upload(api, data)
    assert response.status_code == 400
    body = response.json()
    assert body["httpStatusCode"] == "400"
    assert [error["defaultUserMessage"] for error in body["errors"]] == [message]
    assert not ImportJob.objects.exists() and not Client.objects.exists()


CONTROL = "firstname: The name holds a control or text-direction character."
READ = {
    "UTF-16 with its mark": (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), IMPORTED, BOTH),
    "UTF-16 without its mark": (TEXT.encode("utf-16-le"), IMPORTED, BOTH),
    "lone carriage returns": (TEXT.replace("\r\n", "\r").encode(), IMPORTED, BOTH),
    "mixed line ends": ((HEADER + "\n" + ROWS[0] + "\r" + ROWS[1] + "\r\n").encode(), IMPORTED,
                        BOTH),
    "Excel's sep= line": (b"sep=;\r\n" + TEXT.replace(",", ";").encode(), IMPORTED, BOTH),
    "two files joined, each with its mark": (
        BOM + lines(HEADER, ROWS[0]) + BOM + lines(HEADER, ROWS[1]),
        ["Imported", "This line repeats the header row (two files joined into one?): it is no "
         "client. Remove it.", "Imported"],
        BOTH,
    ),
    "a row wider than the header": (
        lines(HEADER, ROWS[0] + ",extra"),
        ["This line has 6 cells, more than the header's 5 columns: a value holding the "
         "delimiter (a comma, a semicolon) must be in double quotes."],
        [],
    ),
    "Arabic-Indic digits in a date": (lines(HEADER, "Kibera,Asha,Njeri,E1,١٩٩٠-٠١-٠٢"),
                                      [NOT_ISO.format("١٩٩٠-٠١-٠٢")], []),
    "full-width digits in a date": (lines(HEADER, "Kibera,Asha,Njeri,E1,１９９０-０１-０２"),
                                    [NOT_ISO.format("１９９０-０１-０２")], []),
    "a date of year 99999": (lines(HEADER, "Kibera,Asha,Njeri,E1,99999-01-01"),
                             [NOT_ISO.format("99999-01-01")], []),
    "the last day of 9999": (
        lines(HEADER, "Kibera,Asha,Njeri,E1,9999-12-31"),
        ["dateOfBirth: The date of birth must be before the submission date and today."], [],
    ),
    "a bell in a name": (lines(HEADER, "Kibera,As\x07ha,Njeri,E1,"), [CONTROL], []),
    "a right-to-left embedding": (lines(HEADER, "Kibera,\u202bأسماء\u202c,Njeri,E1,"),
                                  [CONTROL], []),
    "a family emoji's joiners": (lines(HEADER, "Kibera,Asha👩\u200d👧,Njeri,E1,"),
                                 IMPORTED[:1], [("Asha👩\u200d👧", None)]),
    "thousands of blank columns": (lines(HEADER + "," * 5000, ROWS[0] + "," * 5000),
                                   IMPORTED[:1], BOTH[:1]),
    "a 1904 workbook": (
        workbook(HEADER.split(","), ["Kibera", "Asha", "Njeri", "E1", datetime.date(1990, 1, 2)],
                 date_1904=True),
        IMPORTED[:1], BOTH[:1],
    ),
    "a formula's error values": (
        workbook(HEADER.split(","), ["Kibera", ("=NA()", "#N/A"), "Njeri", "E1",
                                     ("=1/0", "#DIV/0!")]),
        ["firstname: This cell shows the error #N/A: correct its formula in the spreadsheet, or "
         "clear the cell.; dateOfBirth: This cell shows the error #DIV/0!: correct its formula "
         "in the spreadsheet, or clear the cell."],
        [],
    ),
}  # fmt: skip


@pytest.mark.parametrize(("data", "statuses", "clients"), READ.values(), ids=READ)
def test_each_row_of_an_odd_file_says_what_became_of_it_and_once_only(
    api, kibera, data, statuses, clients
):
    assert result_statuses(api, data) == statuses
    assert sorted(Client.objects.values_list("firstname", "date_of_birth")) == sorted(clients)
    again = [status.replace("Imported", "Already imported") for status in statuses]
    assert result_statuses(api, data) == again
    assert Client.objects.count() == len(clients)


def result_statuses(api, data: bytes) -> list[str]:
    """The Status of each row of the upload's job's result file (the job ran to its end),
    "(Already) imported as" the clients' account numbers, in order, said "(Already)
    imported"."""
    response = upload(api, data)
    assert response.status_code == 200, response.json()
    job = ImportJob.objects.get(pk=response.json())
    assert job.status == "completed", job.error
    result = api.get(f"{API}/imports/downloadOutputTemplate",
                     {"importDocumentId": job.pk, "format": "csv"})  # fmt: skip
    rows = list(csv.reader(io.StringIO(b"".join(result.streaming_content).decode("utf-8-sig"))))
    status = rows[0].index("Status")
    statuses = [row[status] for row in rows[1:]]
    numbers = [number for status in statuses for number in _AS_NUMBER.findall(status)]
    assert numbers == list(Client.objects.order_by("pk").values_list("account_no", flat=True))
    return [_AS_NUMBER.sub("", status) for status in statuses]


_AS_NUMBER = re.compile(r"(?<=mported) as (\d+)$")


def upload(api, data: bytes):
    body = {"file": SimpleUploadedFile("clients.csv", data, "application/octet-stream")}
    return api.post(f"{API}/clients/uploadtemplate?legalFormType=CLIENTS_PERSON", body,
                    format="multipart")  # fmt: skip


@pytest.mark.parametrize(
    ("data", "encoding", "line"),
    [
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le") + b"K", "UTF-16", 4),
        (TEXT.encode("utf-16-be")[:-1], "UTF-16", 3),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le")[:-2], "UTF-32", 3),
    ],
    ids=["UTF-16 a byte too long", "UTF-16 without its mark, cut", "UTF-32 cut"],
)
def test_a_utf16_file_cut_short_is_said_to_be_so_not_to_be_no_utf8(
    api, admin_user, kibera, tmp_path, data, encoding, line
):
    """A download cut one byte short: the job had failed saying "The file is not UTF-8
    text", of a file its user had saved as UTF-16 (Excel's "Unicode Text")."""
    message = (
        f"The file's {encoding} text is damaged from about line {line} (cut short?): save it "
        "again as CSV UTF-8."
    )
    response = upload(api, data)
    assert response.status_code == 200, response.json()
    job = ImportJob.objects.get(pk=response.json())
    assert (job.status, job.error) == ("failed", message)
    source = tmp_path / "clients.csv"
    source.write_bytes(data)
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("import", str(source), "--user", admin_user.username, "--no-progress",
                     stdout=io.StringIO())  # fmt: skip
    assert not Client.objects.exists()
