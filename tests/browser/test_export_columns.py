"""The clients list's download of chosen columns in Chromium: the form loads when opened,
keeps the list's filters, and the file holds the ticked columns of the listed clients."""

import csv
import datetime

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_filtered_list_downloads_the_columns_ticked(page, make_user, make_client, log_in):
    for number in range(4):
        make_client(firstname=f"Client{number}", lastname="Musa", active=number == 0,
                    submitted_on=datetime.date(2024, 3, 25))  # fmt: skip
    make_user(("ALL_FUNCTIONS",), username="admin")
    log_in(page, "admin")
    page.goto("/clients/?status=100")  # the pending three
    choice = page.locator("details.export-columns")
    choice.locator("summary").click()
    form = choice.locator("form.export-columns-form")
    expect(form.get_by_role("group", name="Columns (none ticked: every column)")).to_be_visible()
    form.locator("input[name=columns][value=accountNo]").check()
    form.get_by_label("First name firstname").check()
    with page.expect_download() as download:
        form.get_by_role("button", name="CSV").click()
    with download.value.path().open(encoding="utf-8-sig", newline="") as text:
        rows = list(csv.reader(text))
    assert rows[0] == ["accountNo", "firstname"]
    assert sorted(row[1] for row in rows[1:]) == ["Client1", "Client2", "Client3"]
