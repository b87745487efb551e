"""Real Chromium (Debian's, not Playwright's download) against pytest-django's live server.

Playwright's sync API runs an asyncio event loop in this thread, and Django refuses ORM calls
from a thread with a running loop unless told it is safe: it is, the loop only drives the
browser. The live server needs transactional tests, which empty the tables after each test;
`serialized_rollback` puts back what migrations seeded (head office, code lists, permissions,
roles) before the next one.
"""

import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.db import OperationalError, connections  # noqa: E402
from django.template.loader import get_template  # noqa: E402
from django.urls import get_resolver  # noqa: E402
from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

CHROMIUM = os.environ.get("MTEJA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# What a test waits for: an action (a click, a navigation: the page fixture's context) and an
# assertion (`expect`, whose own default is 5 s) alike. A page answered by the live server's
# thread while both pytest-xdist workers and their Chromiums share a busy machine may take more
# than 5 s to show what it will show: an assertion still fails on what it never sees.
WAIT_MS = 10_000
expect.set_options(timeout=WAIT_MS)
SCREENSHOT_DIR = os.environ.get("MTEJA_SCREENSHOT_DIR") or tempfile.gettempdir()
PASSWORD = "correct-horse-battery"  # the password tests/conftest.py's make_user gives

# Each browser test module starts with
#   pytestmark = [
#       pytest.mark.browser,
#       pytest.mark.django_db(transaction=True, serialized_rollback=True),
#   ]


@pytest.fixture(scope="session", autouse=True)
def django_loaded():
    """Every view module (the URLconf) and the pages' base templates loaded before the first
    browser test: a browser file run alone otherwise paid for them within its first page's
    10 s, which a busy machine passed (test_an_import_with_a_bad_row_then_fixed's log-in, the
    first page of a run at a load average of 22). The whole suite has loaded them before."""
    get_resolver().url_patterns  # noqa: B018 (imports every view)
    for name in ("base.html", "registration/login.html"):
        get_template(name)


@pytest.fixture
def browser(live_server, transactional_db):
    """Chromium, started for each test after the database is ready and stopped before it is
    emptied. (Started once per session, before the database fixtures, Playwright's event loop
    gives the test a context where Django opens another connection object, one that no longer
    carries the serialized seed data, so `serialized_rollback` would silently restore nothing.)
    """
    # `make test` installs Chromium when it can: a missing browser is a failure to fix, never
    # a silent skip.
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run 'sudo apt-get install chromium'"
            " (or `make test` as root, which installs it)",
            pytrace=False,
        )
    with chromium_running() as chromium:
        yield chromium


@contextmanager
def chromium_running(**launch_options) -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright for as long as the block runs.

    Between its calls Playwright's sync API leaves its event loop marked as this thread's
    running loop, and Django keeps the connections opened under a running loop apart from the
    thread's own: the test's queries run on a connection that pytest-django, which flushes and
    at last drops the database outside the loop, never sees. It is closed here, while the loop
    still counts; left open, its session outlived the tests and PostgreSQL refused to drop the
    test database at the end of the run ("is being accessed by other users")."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, **launch_options
        )
        try:
            yield chromium
        finally:
            chromium.close()
            connections.close_all()


# Installed in every document before its own scripts run: each Content-Security-Policy
# violation (an inline script or style, an eval, a foreign origin) is handed to the test.
WATCH_CSP = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.mtejaCspViolation(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"}`
    + ` (${event.sourceFile || document.location.href}:${event.lineNumber})`
    + (event.sample ? `: ${event.sample}` : "")
  );
});
"""


def csp_violations_of(tab: Page) -> list[str]:
    """The violations `tab` reported so far, including those of its last action: a page reports
    a violation in a task of its own, which runs before a task queued after it."""
    if not tab.is_closed():
        tab.evaluate("() => new Promise((resolve) => setTimeout(resolve, 0))")
    return tab.csp_violations


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (own cookies) on the live server; `page.problems` collects console
    errors and uncaught exceptions of every page it shows. The pages are served under the
    production Content-Security-Policy: any violation of it fails the test at teardown (a test
    that provokes one on purpose empties `page.csp_violations`)."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 860}
    )
    context.set_default_timeout(WAIT_MS)
    csp_violations: list[str] = []
    context.expose_function("mtejaCspViolation", lambda violation: csp_violations.append(violation))
    context.add_init_script(WATCH_CSP)
    tab = context.new_page()
    tab.csp_violations = csp_violations
    problems: list[str] = []
    tab.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text} ({tab.url})")
            if message.type == "error"
            else None
        ),
    )
    tab.on("pageerror", lambda error: problems.append(f"page error: {error} ({tab.url})"))
    tab.problems = problems
    yield tab
    csp_violations_of(tab)
    context.close()
    if csp_violations:
        pytest.fail(
            "Content-Security-Policy violations:\n" + "\n".join(csp_violations), pytrace=False
        )


@pytest.fixture
def log_in():
    """Logs `page` in through the login form."""

    def log_in_as(page: Page, username: str, password: str = PASSWORD) -> None:
        page.goto("/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()

    return log_in_as


@pytest.fixture
def screenshot():
    """Saves a full-page screenshot as <MTEJA_SCREENSHOT_DIR>/mteja-<name>.png."""

    def take(page: Page, name: str) -> str:
        path = os.path.join(SCREENSHOT_DIR, f"mteja-{name}.png")
        page.screenshot(path=path, full_page=True)
        return path

    return take


@pytest.fixture
def update_served():
    """Updates rows that the live server may be reading for the page at that moment. On SQLite
    the server's thread and the test share one in-memory database whose table locks fail at
    once ("database table is locked") instead of waiting: the page's requests are let finish,
    and a write that still meets a lock is tried again for up to five seconds."""

    def update(page: Page, queryset, **values) -> int:
        page.wait_for_load_state("networkidle")
        deadline = time.monotonic() + 5
        while True:
            try:
                return queryset.update(**values)
            except OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    return update


@pytest.fixture
def admin(make_user):
    """A user of every function, `admin` (a module may make its own, with its offices)."""
    return make_user(("ALL_FUNCTIONS",), username="admin")
