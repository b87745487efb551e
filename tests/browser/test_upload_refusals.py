"""A file refused before its form is read (over the size limit: what a real browser can send
of the bodies core/web/uploads.py refuses), on the client's documents and photo pages in real
Chromium: the page comes back with its form, the reason by the file field, and the form is
sent again, a smaller file stored."""

import pytest
from playwright.sync_api import expect
from tests.documents import files

from mteja.documents.models import ClientImage, Document

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize(
    ("where", "button"), [("documents/", "Upload"), ("photo/edit/", "Save photo")]
)
def test_a_file_over_the_limit_is_said_by_its_field_then_a_smaller_one_is_kept(
    page, admin, log_in, make_client, settings, tmp_path, where, button
):
    small = files.image("PNG")
    settings.MTEJA_UPLOAD_MAX_BYTES = len(small) + 10
    client = make_client()
    big, fits = tmp_path / "big.png", tmp_path / "small.png"
    big.write_bytes(files.image("PNG", size=(400, 400)) + b"\0" * 5_000)
    fits.write_bytes(small)
    log_in(page, "admin")
    page.goto(f"/clients/{client.pk}/{where}")
    field = page.locator("#id_file")
    field.set_input_files(str(big))
    with page.expect_navigation() as sent:
        page.get_by_role("button", name=button, exact=True).click()
    assert sent.value.status == 400
    expect(page.locator("#id_file_error")).to_contain_text("The file is larger than the limit")
    assert not Document.objects.exists() and not ClientImage.objects.exists()
    page.locator("#id_file").set_input_files(str(fits))
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator("#id_file_error")).to_have_count(0)
    assert Document.objects.count() + ClientImage.objects.count() == 1
    page.problems[:] = [p for p in page.problems if "status of 400" not in p]
    assert not page.problems
