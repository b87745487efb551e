"""A date before 1900 in an .xlsx date cell, as openpyxl or LibreOffice writes one: a number
of days below 0 (or day 0, which Excel shows as 1900-01-00), which no spreadsheet date holds
(Excel shows ####). Its row is refused by its cell, saying so, not as "00:00:00 is no date"
(calamine reads such a cell as a time of day)."""

import pytest
from tests.clients.bulk.test_sheet_stream import excel_workbook

from mteja.clients.bulk import reading
from mteja.clients.bulk.importing import import_clients
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db

BEFORE_1900 = (
    "This date is before 1 January 1900, which a spreadsheet cannot hold as a date (Excel "
    "shows ####): give it as text, yyyy-MM-dd."
)


def _text(reference: str, value: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{value}</t></is></c>'


def _book(*serials: str) -> bytes:
    """Clients of Kibera born on the serial days (style 1: a date, 2: a date-time)."""
    header = "".join(
        _text(f"{letter}1", name)
        for letter, name in zip(
            "ABCDE",
            ["office", "firstname", "lastname", "dateOfBirth", "submittedOnDate"],
            strict=True,
        )  # fmt: skip
    )
    rows = [f'<row r="1">{header}</row>']
    for line, serial in enumerate(serials, start=2):
        style = "2" if "." in serial else "1"
        rows.append(
            f'<row r="{line}">{_text(f"A{line}", "Kibera")}{_text(f"B{line}", "Asha")}'
            f'{_text(f"C{line}", f"Njeri{line}")}<c r="D{line}" s="{style}"><v>{serial}</v></c>'
            f'<c r="E{line}" s="1"><v>45300</v></c></row>'
        )
    return excel_workbook("".join(rows))


@pytest.mark.parametrize("streamed", [False, True])
def test_a_date_before_1900_is_refused_by_its_cell_saying_why(
    monkeypatch, admin_user, kibera, streamed
):
    if streamed:
        monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)
    # 1850-01-01 as openpyxl writes it, as a date and as a date-time at noon; 1899-12-31
    # (day 0); a date of 1990.
    report = import_clients(user=admin_user, data=_book("-18262", "-18261.5", "0", "32874"))
    assert [(row.line, row.outcome, row.errors) for row in report.rows] == [
        (2, "invalid", [("dateOfBirth", BEFORE_1900)]),
        (3, "invalid", [("dateOfBirth", BEFORE_1900)]),
        (4, "invalid", [("dateOfBirth", BEFORE_1900)]),
        (5, "imported", []),
    ]
    assert list(Client.objects.values_list("lastname", flat=True)) == ["Njeri5"]


def test_the_refusal_is_in_the_users_language(admin_user, kibera):
    from django.utils import translation

    with translation.override("fr"):
        (row,) = import_clients(user=admin_user, data=_book("-1"), dry_run=True).rows
        assert row.errors == [
            ("dateOfBirth", "Cette date est antérieure au 1er janvier 1900, qu’un tableur ne "
                            "peut pas garder comme date (Excel affiche ####) : donnez-la en "
                            "texte, aaaa-MM-jj.")
        ]  # fmt: skip
