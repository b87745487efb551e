"""A date-time of day 0 in an .xlsx date cell: a serial between 0 and 1 (0.5), as openpyxl
writes 1899-12-30 or 1899-12-31 at noon, and LibreOffice 1899-12-30 at noon (Excel shows
1900-01-00 12:00). calamine, and the streamed reader with it, read such a cell as a time of
day, so its row was refused as "“12:00:00” is no date". It is refused saying what the cell
holds: a time of day and no date. Serial 60 (Excel's 29 February 1900, a day that never was)
reads as calamine reads it whichever reader reads the sheet."""

import datetime
import io
import zipfile

import pytest
from tests.clients.bulk.test_dates_before_1900 import BEFORE_1900, _book

from mteja.clients.bulk import reading
from mteja.clients.bulk.importing import import_clients

pytestmark = pytest.mark.django_db


def time_only(shown: str) -> str:
    return (
        f"“{shown}” is a time of day without a date (a time cell, or a date-time before 1900, "
        "which a spreadsheet cannot hold as a date): give the date as text, yyyy-MM-dd."
    )


@pytest.fixture(params=[False, True], ids=["calamine", "streamed"])
def streamed(request, monkeypatch):
    if request.param:
        monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    return request.param


def test_a_date_time_of_day_0_is_refused_as_a_time_without_a_date(admin_user, kibera, streamed):
    # 1899-12-30 12:00 (openpyxl, LibreOffice), 18:30; 1899-12-30 (day 0); 1850 at noon.
    report = import_clients(user=admin_user, data=_book("0.5", "0.7708333333", "0", "-18261.5"),
                            dry_run=True)  # fmt: skip
    assert [(row.line, row.errors) for row in report.rows] == [
        (2, [("dateOfBirth", time_only("12:00"))]),
        (3, [("dateOfBirth", time_only("18:30"))]),
        (4, [("dateOfBirth", BEFORE_1900)]),
        (5, [("dateOfBirth", BEFORE_1900)]),
    ]


def test_the_refusal_is_in_the_users_language(admin_user, kibera):
    from django.utils import translation

    with translation.override("fr"):
        (row,) = import_clients(user=admin_user, data=_book("0.5"), dry_run=True).rows
    assert row.errors == [
        ("dateOfBirth", "« 12:00 » est une heure sans date (une cellule d’heure, ou une date et "
                        "heure antérieure à 1900, qu’un tableur ne peut pas garder comme date) : "
                        "donnez la date en texte, aaaa-MM-jj.")
    ]  # fmt: skip
    with translation.override("es"):
        (row,) = import_clients(user=admin_user, data=_book("0.5"), dry_run=True).rows
    assert row.errors == [
        ("dateOfBirth", "«12:00» es una hora sin fecha (una celda de hora, o una fecha y hora "
                        "anterior a 1900, que una hoja de cálculo no puede guardar como fecha): "
                        "escriba la fecha como texto, aaaa-MM-dd.")
    ]  # fmt: skip


def test_serial_60_reads_alike_whichever_reader_reads_the_sheet(streamed):
    """Excel's 29 February 1900 (serial 60), a day that never was: calamine reads
    1900-02-28 (LibreOffice's serial 60, whose days before March 1900 count from
    1899-12-30), so the streamed reader does too (it read 1900-03-01: one file, two dates)."""
    table = reading.read_table(io.BytesIO(_book("60", "60.5", "61")))
    assert [row[3] for row in table.rows] == [
        datetime.date(1900, 2, 28), datetime.datetime(1900, 2, 28, 12), datetime.date(1900, 3, 1)
    ]  # fmt: skip


def _as_duration(data: bytes) -> bytes:
    """The workbook, its date-time format (style 2) a duration's: `[h]:mm:ss`."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            part = source.read(name)
            if name == "xl/styles.xml":
                part = part.replace(b'formatCode="dd/mm/yyyy\\ hh:mm"', b'formatCode="[h]:mm:ss"')
            archive.writestr(name, part)
    return buffer.getvalue()


def test_a_duration_cell_is_refused_as_a_time_whichever_reader_reads_it(
    admin_user, kibera, streamed
):
    """calamine reads a duration format's cell as a timedelta, the streamed reader as a
    time of day: the same refusal."""
    report = import_clients(user=admin_user, data=_as_duration(_book("0.5", "0.0")),
                            dry_run=True)  # fmt: skip
    assert [row.errors for row in report.rows] == [
        [("dateOfBirth", time_only("12:00"))],
        [("dateOfBirth", BEFORE_1900)],
    ]
