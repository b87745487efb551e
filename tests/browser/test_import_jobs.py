"""Importing clients in real Chromium: a file with a bad row uploaded on the import page runs
as a job; its page shows the progress bar at 100 %, the error by line and column, and gives
the result file; the fixed file then imports every row."""

import pytest
from playwright.sync_api import expect

from mteja.clients.models import Client, ImportJob

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADER = "office,firstname,lastname,externalId,submittedOnDate"


@pytest.fixture
def admin(make_user, make_office):
    make_office(name="Kibera")
    return make_user(("ALL_FUNCTIONS",), username="admin")


def test_an_import_with_a_bad_row_then_fixed(page, admin, log_in, screenshot, tmp_path):
    log_in(page, "admin")
    page.goto("/clients/import/")
    bad = tmp_path / "clients-person.csv"
    bad.write_text(
        f"{HEADER}\nKibera,Asha,Njeri,WEB-1,2024-01-10\nKibera,Baraka,,WEB-2,2024-01-10\n"
    )
    page.get_by_label("Client file").set_input_files(str(bad))
    page.get_by_label("Only check the file (import nothing)").uncheck()
    page.get_by_label("Import nothing unless every row is valid").check()
    page.get_by_role("button", name="Start").click()

    expect(page.get_by_role("heading", name="Import of clients-person.csv")).to_be_visible()
    bar = page.locator("progress#import-bar")
    expect(bar).to_have_attribute("value", "100")
    # All or nothing: the bar counts both passes, the sentence each.
    expect(page.get_by_role("status")).to_contain_text(
        "2 of 2 rows checked, 0 of 2 imported (100 %)."
    )
    errors = page.get_by_role("table", name="Rows with errors")
    expect(errors.get_by_role("row").filter(has_text="lastname")).to_contain_text("3")
    screenshot(page, "import-job-errors")
    with page.expect_download() as download:
        page.get_by_role("link", name="Result file (CSV)").click()
    lines = download.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].endswith(",Status")
    assert lines[1].endswith(',"Valid, not imported: other rows have errors"')
    assert not Client.objects.exists()

    page.get_by_role("link", name="Import clients").click()
    expect(page.get_by_role("table").filter(has_text="clients-person.csv")).to_be_visible()
    fixed = tmp_path / "clients-person-fixed.csv"
    fixed.write_text(
        f"{HEADER}\nKibera,Asha,Njeri,WEB-1,2024-01-10\nKibera,Baraka,Otieno,WEB-2,2024-01-10\n"
    )
    page.get_by_label("Client file").set_input_files(str(fixed))
    page.get_by_label("Only check the file (import nothing)").uncheck()
    page.get_by_role("button", name="Start").click()
    expect(page.locator("progress#import-bar")).to_have_attribute("value", "100")
    expect(page.get_by_text("Every row was imported.")).to_be_visible()
    expect(page.get_by_role("button", name="Cancel the import")).to_have_count(0)
    assert Client.objects.count() == 2
    assert not page.problems


def test_a_double_click_on_start_starts_one_import(page, admin, log_in, tmp_path):
    """The second click of a double click, while the upload is on its way, sends the form no
    second time: the browser would drop the first answer, not the server the job it started."""
    log_in(page, "admin")
    page.goto("/clients/import/")
    upload = tmp_path / "clients-person.csv"
    upload.write_text(f"{HEADER}\nKibera,Asha,Njeri,WEB-1,2024-01-10\n")
    page.get_by_label("Client file").set_input_files(str(upload))
    start = page.get_by_role("button", name="Start")
    start.evaluate("(button) => { button.click(); setTimeout(() => button.click(), 50); }")
    expect(page.get_by_role("heading", name="Check of clients-person.csv")).to_be_visible()
    expect(page.locator("progress#import-bar")).to_have_attribute("value", "100")
    page.wait_for_timeout(500)  # time for a second upload to reach the server, if sent
    assert ImportJob.objects.count() == 1
    page.go_back()  # the page again from the history: its form is sendable again
    expect(page.get_by_role("button", name="Start")).not_to_have_attribute("aria-busy", "true")
    assert not page.problems


def test_long_values_and_file_names_stay_within_the_page(page, admin, log_in):
    """A cell of hundreds of characters, quoted in its error (an office's name of 390: no
    longer than four times the longest an office may have, which is refused by its length),
    and a file name of 250 (neither with a space) wrap within the page: they do not stretch
    it, nor its list of imports."""
    log_in(page, "admin")
    page.goto("/clients/import/")
    long_office = "N" * 390
    page.get_by_label("Client file").set_input_files({
        "name": "F" * 250 + ".csv",
        "mimeType": "text/csv",
        "buffer": f"{HEADER}\n{long_office},Asha,Njeri,WEB-1,2024-01-10\n".encode(),
    })  # fmt: skip
    page.get_by_role("button", name="Start").click()
    errors = page.get_by_role("table", name="Rows with errors")
    expect(errors).to_contain_text(long_office)
    page_width = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(page_width) == 0
    page.get_by_role("link", name="Import clients").click()
    expect(page.get_by_role("table").filter(has_text="FFFF")).to_be_visible()
    assert page.evaluate(page_width) == 0


def test_a_job_page_whose_session_ends_goes_to_the_login_page_and_back(
    page, admin, log_in, make_user
):
    """Its progress is polled every 2 s: once the session has ended (logged out in another tab,
    expired), the tab goes to the login page, not the login page into the job's page."""
    from tests.clients.bulk.test_jobs import client_file

    from mteja.clients.imports.running import this_worker
    from mteja.clients.imports.services import import_job_create
    from mteja.core import clock

    log_in(page, "admin")
    job = import_job_create(actor=admin, data=client_file(4), file_name="four.csv")
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", worker=this_worker(), heartbeat_at=clock.now(), started_at=clock.now()
    )
    page.goto(f"/imports/{job.pk}/")
    expect(page.get_by_role("heading", name="Running: importing the rows")).to_be_visible()
    page.context.clear_cookies()  # the session gone
    page.wait_for_url(f"**/login/?next=/imports/{job.pk}/")
    expect(page.locator("h1")).to_have_count(1)
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password", exact=True).fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Import of four.csv")).to_be_visible()
    assert not page.problems


def test_a_job_page_whose_job_is_deleted_stops_polling_and_says_so(page, admin, log_in):
    """The poll of a job gone meanwhile (deleted; or out of the user's sight) is answered
    with the reason, shown in place of the progress; the page asks no more. (The page's clock
    is Playwright's: the 2 s of the poll pass when the test says.)"""
    from tests.clients.bulk.test_jobs import client_file

    from mteja.clients.imports.running import this_worker
    from mteja.clients.imports.services import import_job_create
    from mteja.core import clock

    log_in(page, "admin")
    job = import_job_create(actor=admin, data=client_file(4), file_name="four.csv")
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", worker=this_worker(), heartbeat_at=clock.now(), started_at=clock.now()
    )
    page.clock.install()
    page.goto(f"/imports/{job.pk}/")
    expect(page.get_by_role("heading", name="Running: importing the rows")).to_be_visible()
    ImportJob.objects.filter(pk=job.pk).delete()
    polls = []
    page.on(
        "request",
        lambda request: polls.append(request.url) if "/progress/" in request.url else None,
    )
    page.clock.run_for(2_500)
    expect(page.get_by_role("alert")).to_contain_text("This import is no longer available to you")
    expect(page.get_by_role("link", name="Import clients").last).to_be_visible()
    asked = len(polls)
    assert asked == 1
    page.clock.run_for(20_000)
    page.wait_for_timeout(300)  # time for a further poll to be sent, if one were
    assert len(polls) == asked
    assert not page.problems


def test_a_result_file_asked_while_another_download_streams_shows_why(page, admin, log_in):
    """A second click on a result file while the first still streams: a page of the app
    saying why (not a failed download saying nothing, nor a plain-text body), and the way
    back to the job."""
    from tests.clients.bulk.test_jobs import client_file

    from mteja.clients.imports.running import run_job
    from mteja.clients.imports.services import import_job_create
    from mteja.core import slots

    log_in(page, "admin")
    job = import_job_create(actor=admin, data=client_file(2), file_name="two.csv")
    run_job(job.pk)
    page.goto(f"/imports/{job.pk}/")
    streaming = slots.take(f"export-user-{admin.pk}", 1)  # the first click's download
    try:
        page.get_by_role("link", name="Result file (CSV)").click()
        expect(page.get_by_role("heading", name="The download must wait")).to_be_visible()
    finally:
        streaming.release()
    expect(page.get_by_role("alert")).to_have_text(
        "You are already exporting clients; wait until that download ends."
    )
    page.get_by_role("link", name="Back to the page of the download").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Result file (CSV)").click()
    assert download.value.suggested_filename.endswith(".csv")
    # Chromium reports the 429 of the refusal's page on the console; nothing else may.
    (problem,) = page.problems
    assert "the server responded with a status of 429" in problem


def test_an_upload_stopped_on_its_way_leaves_the_form_sendable(page, admin, log_in, tmp_path):
    """Stop (or Esc) while the file is on its way cuts the upload off and leaves the page as
    it was: its form may be sent again, without reloading the page. (The upload is held on
    its way by the test; Stop is the browser's own, Page.stopLoading.)"""
    log_in(page, "admin")
    page.goto("/clients/import/")
    upload = tmp_path / "clients-person.csv"
    upload.write_text(f"{HEADER}\nKibera,Asha,Njeri,WEB-1,2024-01-10\n")
    page.get_by_label("Client file").set_input_files(str(upload))
    held = []
    page.route(
        "**/clients/import/",
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    start = page.get_by_role("button", name="Start")
    start.evaluate("(button) => button.click()")  # a click that waits for no navigation
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the upload never left"
    # (No look at the page meanwhile: Playwright waits for the navigation under way first.)
    page.context.new_cdp_session(page).send("Page.stopLoading")
    held[0].abort()
    expect(start).not_to_have_attribute("aria-busy", "true")
    page.unroute("**/clients/import/")
    start.click()
    expect(page.get_by_role("heading", name="Check of clients-person.csv")).to_be_visible()
    assert ImportJob.objects.count() == 1
    assert not page.problems


def _running_job(admin, rows: int, file_name: str):
    """A job of `rows` rows that a worker of this process runs (so it shows as running, not
    interrupted), none of them done yet."""
    from tests.clients.bulk.test_jobs import client_file

    from mteja.clients.imports.running import this_worker
    from mteja.clients.imports.services import import_job_create
    from mteja.core import clock

    job = import_job_create(actor=admin, data=client_file(rows), file_name=file_name)
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", worker=this_worker(), heartbeat_at=clock.now(), started_at=clock.now()
    )
    return job


def test_the_progress_bar_is_named_by_the_jobs_state(page, admin, log_in):
    """A screen reader names the bar as the heading above it does, not "progress bar"."""
    log_in(page, "admin")
    job = _running_job(admin, 4, "four.csv")
    page.goto(f"/imports/{job.pk}/")
    bar = page.get_by_role("progressbar", name="Running: importing the rows")
    expect(bar).to_have_attribute("value", "0")
    assert not page.problems


def test_a_keyboard_users_place_on_a_running_jobs_page_survives_its_refreshes(
    page, admin, log_in, update_served
):
    """The block polled every 2 s replaces itself: the button or link the keyboard is on
    keeps the focus (Enter then cancels the import), and once the job has ended and its
    Cancel is gone, the focus stays on the block, not thrown back to the top of the page."""
    log_in(page, "admin")
    job = _running_job(admin, 4, "four.csv")
    page.clock.install()
    page.goto(f"/imports/{job.pk}/")
    cancel = page.get_by_role("button", name="Cancel the import")
    for _ in range(60):
        page.keyboard.press("Tab")
        if cancel.evaluate("(button) => button === document.activeElement"):
            break
    expect(cancel).to_be_focused()
    update_served(page, ImportJob.objects.filter(pk=job.pk), rows_done=2)
    page.clock.run_for(2_500)
    expect(page.get_by_role("status")).to_contain_text("2 of 4 rows done (50 %).")
    expect(cancel).to_be_focused()

    update_served(page, ImportJob.objects.filter(pk=job.pk), rows_done=4, status="completed")
    page.clock.run_for(2_500)
    expect(page.get_by_role("status")).to_contain_text("4 of 4 rows done (100 %).")
    expect(cancel).to_have_count(0)
    expect(page.get_by_role("region", name="Completed")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Result file (CSV)")).to_be_focused()
    assert not page.problems


def test_enter_on_the_focused_cancel_after_a_refresh_cancels_the_import(
    page, admin, log_in, update_served
):
    log_in(page, "admin")
    job = _running_job(admin, 4, "four.csv")
    page.clock.install()
    page.goto(f"/imports/{job.pk}/")
    page.get_by_role("button", name="Cancel the import").focus()
    update_served(page, ImportJob.objects.filter(pk=job.pk), rows_done=1)
    page.clock.run_for(2_500)
    expect(page.get_by_role("status")).to_contain_text("1 of 4 rows done (25 %).")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Stopping after the rows in hand…")).to_be_visible()
    assert ImportJob.objects.get(pk=job.pk).cancel_requested
    assert not page.problems


def test_a_clerk_checks_a_file_then_imports_it_from_the_checks_page_in_french(
    page, admin, log_in, tmp_path
):
    """Check first (the form's default), then import what was checked without choosing the
    file again."""
    log_in(page, "admin")
    page.goto("/clients/import/")
    page.locator("#language-choice").select_option("fr")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    upload = tmp_path / "agence-mars.csv"
    upload.write_text(
        f"{HEADER}\nKibera,Asha,Njeri,WEB-1,2024-01-10\nKibera,Baraka,Otieno,WEB-2,2024-01-10\n"
    )
    page.get_by_label("Fichier de clients").set_input_files(str(upload))
    only_check = page.get_by_label("Seulement vérifier le fichier (ne rien importer)")
    expect(only_check).to_be_checked()
    # The button says what it starts, as the box is ticked or not.
    expect(page.get_by_role("button", name="Lancer l’import", exact=True)).to_have_count(0)
    only_check.uncheck()
    expect(page.get_by_role("button", name="Lancer l’import", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Lancer la vérification")).to_have_count(0)
    only_check.check()
    page.get_by_role("button", name="Lancer la vérification", exact=True).click()
    expect(page.get_by_role("heading", name="Vérification de agence-mars.csv")).to_be_visible()
    expect(page.get_by_text("Vérification lancée par admin")).to_be_visible()
    expect(page.get_by_text("Toutes les lignes sont valides : importez-les")).to_be_visible()
    assert not Client.objects.exists()

    page.get_by_role("button", name="Importer le fichier maintenant").click()
    expect(page.get_by_role("progressbar", name="Terminé")).to_have_attribute("value", "100")
    expect(page.get_by_text("Toutes les lignes ont été importées.")).to_be_visible()
    assert page.url.endswith(f"/imports/{ImportJob.objects.latest('pk').pk}/")
    assert Client.objects.count() == 2
    assert not page.problems


def test_a_jobs_change_of_state_is_told_to_screen_readers(page, admin, log_in, update_served):
    """The polled block replaces itself, and a live region inserted anew is not read out:
    the state (its heading) is told through one that stays, when it changes, not every 2 s."""
    log_in(page, "admin")
    job = _running_job(admin, 4, "four.csv")
    page.clock.install()
    page.goto(f"/imports/{job.pk}/")
    news = page.locator("#import-news")
    expect(news).to_have_attribute("aria-live", "polite")
    update_served(page, ImportJob.objects.filter(pk=job.pk), rows_done=2)
    page.clock.run_for(2_500)
    expect(page.get_by_role("status")).to_contain_text("2 of 4 rows done (50 %).")
    expect(news).to_have_text("")  # the same state: nothing said

    update_served(page, ImportJob.objects.filter(pk=job.pk), rows_done=4, status="completed")
    page.clock.run_for(2_500)
    expect(news).to_have_text("Completed")
    expect(page.get_by_role("progressbar", name="Completed")).to_have_attribute("value", "100")
    assert not page.problems


def test_a_refresh_the_server_fails_is_said_so_until_one_succeeds(
    page, admin, log_in, update_served
):
    """A server error (or the network down) while the progress is polled: the page says the
    progress shown may be stale, not a bar standing still as if the import were stuck; the
    next refresh that succeeds takes the notice away."""
    log_in(page, "admin")
    job = _running_job(admin, 4, "four.csv")
    page.clock.install()
    page.goto(f"/imports/{job.pk}/")
    failed = "The progress could not be refreshed: the server did not answer."
    expect(page.get_by_text(failed)).to_be_hidden()
    page.route("**/progress/", lambda route: route.fulfill(status=500, body="Server Error"))
    page.clock.run_for(2_500)
    expect(page.get_by_role("alert")).to_contain_text(failed)

    page.unroute("**/progress/")
    update_served(page, ImportJob.objects.filter(pk=job.pk), rows_done=3)
    page.clock.run_for(2_500)
    expect(page.get_by_role("status")).to_contain_text("3 of 4 rows done (75 %).")
    expect(page.get_by_text(failed)).to_be_hidden()
    # Chromium and htmx report the 500 on the console; nothing else may.
    assert page.problems
    assert all("500" in problem for problem in page.problems), page.problems


ONE_LINE = """(cell) => {
  const text = document.createRange();
  text.selectNodeContents(cell);
  return new Set([...text.getClientRects()].map((box) => Math.round(box.top))).size === 1;
}"""


def test_on_a_phone_the_errors_line_numbers_and_columns_are_not_broken(
    page, admin, log_in, tmp_path
):
    """A narrow screen's error table gives its line numbers and column names their width:
    line 1000 is not shown as "100" above "0", nor lastname as "la", "st", "na"…"""
    from tests.clients.bulk.test_jobs import client_file

    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, "admin")
    page.goto("/clients/import/")
    upload = tmp_path / "branch.csv"
    upload.write_bytes(client_file(1_100, bad_lines={1_000, 1_001}))
    page.get_by_label("Client file").set_input_files(str(upload))
    page.get_by_role("button", name="Start").click()
    errors = page.get_by_role("table", name="Rows with errors")
    expect(errors.get_by_role("row")).to_have_count(3)
    for cell in (errors.get_by_role("cell", name="1000"), errors.get_by_role("cell", name="1001")):
        assert cell.evaluate(ONE_LINE)
    for cell in errors.get_by_role("cell", name="lastname", exact=True).all():
        assert cell.evaluate(ONE_LINE)
    page_width = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(page_width) == 0
    page.get_by_role("link", name="Import clients").click()
    started = page.get_by_role("table").get_by_role("row").nth(1).get_by_role("cell").nth(1)
    assert started.evaluate(ONE_LINE)
    assert not page.problems
