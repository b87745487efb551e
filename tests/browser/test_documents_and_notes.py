"""A client's documents and notes in real Chromium: a PDF uploaded with its category, listed,
downloaded (the same bytes) and deleted after confirming; a note added, edited (its earlier
text shown) and filtered out by date."""

import pytest
from playwright.sync_api import expect
from tests.documents import files

from mteja.clients import services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def client(make_user, make_office):
    make_user(("ALL_FUNCTIONS",), username="admin")
    return services.client_create(
        actor=None, office=make_office(name="Nakuru Branch"),
        fields={"firstname": "Njeri", "lastname": "Mwangi"},
    ).client  # fmt: skip


def test_documents_and_notes_in_the_browser(page, client, log_in, screenshot, tmp_path):
    log_in(page, "admin")
    page.goto(f"/clients/{client.pk}/")
    page.get_by_role("navigation", name="Client sections").get_by_role(
        "link", name="Documents"
    ).click()
    expect(page.get_by_text("No documents yet.")).to_be_visible()

    scan = tmp_path / "payslip.pdf"
    scan.write_bytes(files.PDF)
    page.get_by_label("File").set_input_files(str(scan))
    page.get_by_label("Name").fill("Payslip March")
    page.get_by_label("Category").select_option(label="Income evidence")
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("The document was uploaded.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Payslip March")
    expect(row).to_contain_text("Income evidence")
    expect(row).to_contain_text("application/pdf")
    screenshot(page, "documents-tab")

    with page.expect_download() as download:
        row.get_by_role("link", name="Download").click()
    assert download.value.suggested_filename == "payslip.pdf"
    assert download.value.path().read_bytes() == files.PDF

    forged = tmp_path / "invoice.pdf"
    forged.write_bytes(files.HTML)
    page.get_by_label("File").set_input_files(str(forged))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#id_file_error")).to_contain_text("not a PDF, JPEG, PNG or WEBP file")

    page.get_by_role("row").filter(has_text="Payslip March").get_by_role(
        "link", name="Delete"
    ).click()
    expect(page.get_by_role("heading", name="Delete the document Payslip March?")).to_be_visible()
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_text("The document was deleted.")).to_be_visible()
    expect(page.get_by_text("No documents yet.")).to_be_visible()

    page.get_by_role("navigation", name="Client sections").get_by_role("link", name="Notes").click()
    page.get_by_role("textbox", name="Note").fill("Met at the market; wants a school-fees loan")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("The note was added.")).to_be_visible()
    note = page.locator("article.note-card").first
    note.get_by_role("link", name="Edit").click()
    page.get_by_role("textbox", name="Note").fill(
        "Met at the market; wants a school-fees loan in January"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The note was saved.")).to_be_visible()
    note = page.locator("article.note-card").first
    expect(note).to_contain_text("in January")
    note.get_by_text("Earlier versions").click()
    expect(note.locator("q")).to_have_text("Met at the market; wants a school-fees loan")
    screenshot(page, "notes-tab")

    page.get_by_label("From").fill("2099-01-01")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("No notes.")).to_be_visible()
    assert page.problems == []
