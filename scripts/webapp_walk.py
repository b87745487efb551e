"""Walks the Mifos X web-app's client-module screens in Chromium against Mteja and reports, per
screen, the API calls that failed (4xx/5xx) and the error messages the app showed.

Run after `scripts/webapp build …`, `make run` (Mteja with its demo data on :8000) and
`scripts/webapp serve` (:4200):

    .venv/bin/python scripts/webapp_walk.py --password "$MTEJA_ADMIN_PASSWORD"

Not a test of the suite: it needs the built web-app, which `make test` does not build. It
prints one line per screen (ok / FAILED with the failing calls) and exits 1 if any failed.
It only reads; scripts/webapp_act.py fills in and submits the forms."""

from __future__ import annotations

import argparse
import base64
import json
import re
import sys
import urllib.parse
import urllib.request

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

API = "/fineract-provider/api/v1"
# A client without a photo: 404, as in Fineract; the web-app shows its placeholder.
NO_PHOTO = re.compile(r"/clients/\d+/images\?")
ERROR_TOAST = ".mat-mdc-snack-bar-container, mat-snack-bar-container, mifosx-error-dialog"


class Mteja:
    def __init__(self, base: str, username: str, password: str):
        self.base = base
        token = base64.b64encode(f"{username}:{password}".encode()).decode()
        self.headers = {"Authorization": f"Basic {token}", "Fineract-Platform-TenantId": "default"}

    def get(self, path: str):
        request = urllib.request.Request(self.base + API + path, headers=self.headers)  # noqa: S310
        with urllib.request.urlopen(request) as answer:  # noqa: S310 (the app's own http URL)
            return json.load(answer)

    def first(self, path: str) -> int | None:
        """The first record's id of a list, paged (pageItems) or not."""
        answer = self.get(path)
        items = answer["pageItems"] if isinstance(answer, dict) else answer
        return items[0]["id"] if items else None

    def first_client(self, **filters) -> int | None:
        query = "&".join(f"{k}={v}" for k, v in {"limit": 1, **filters}.items())
        return self.first(f"/clients?{query}")


def screens(mteja: Mteja) -> list[tuple[str, str]]:
    """(name, route) of each screen to open, on clients of the demo in each status."""
    active = mteja.first_client(status="active", legalForm=1)
    pending = mteja.first_client(status="pending")
    closed = mteja.first_client(status="closed")
    transferring = mteja.first_client(status="transfer_in_progress")
    entity = mteja.first_client(legalForm=2)
    group = mteja.first("/groups?limit=1")
    center = mteja.first("/centers?limit=1")
    listed = [
        ("clients list", "/clients"),
        ("create client", "/clients/create"),
        ("notifications", "/notifications"),
        ("audit trails", "/system/audit-trails"),
        ("groups list", "/groups"),
        ("group page", f"/groups/{group}/general"),
        ("group notes", f"/groups/{group}/notes"),
        ("group committee", f"/groups/{group}/committee"),
        ("group edit", f"/groups/{group}/edit"),
        ("centers list", "/centers"),
    ]
    if center:
        listed += [
            ("center page", f"/centers/{center}/general"),
            ("center edit", f"/centers/{center}/edit"),
        ]
    for label, client in (("active", active), ("entity", entity)):
        listed += [
            (f"{label} client: general", f"/clients/{client}/general"),
            (f"{label} client: address", f"/clients/{client}/address"),
            (f"{label} client: family", f"/clients/{client}/family-members"),
            (f"{label} client: add family member", f"/clients/{client}/family-members/add"),
            (f"{label} client: identities", f"/clients/{client}/identities"),
            (f"{label} client: documents", f"/clients/{client}/documents"),
            (f"{label} client: notes", f"/clients/{client}/notes"),
            (f"{label} client: edit", f"/clients/{client}/edit"),
            (f"{label} client: charges", f"/clients/{client}/charges/overview"),
            (f"{label} client: collateral", f"/clients/{client}/client-collateral"),
            (f"{label} client: standing instructions", f"/clients/{client}/standing-instructions"),
            (f"{label} client: Household tab", f"/clients/{client}/datatables/household"),
        ]
    actions = {
        active: ["Assign Staff", "Close", "Transfer Client", "Add Charge", "Client Screen Reports",
                 "Create Collateral", "Update Default Savings", "Survey"],
        pending: ["Activate", "Reject", "Withdraw"],
        closed: ["Reactivate"],
        transferring: ["Accept Transfer", "Reject Transfer", "Undo Transfer"],
    }  # fmt: skip
    for client, names in actions.items():
        if client is None:
            continue
        listed += [(f"action {name}", f"/clients/{client}/actions/{name}") for name in names]
    return listed


def walk(app: str, mteja: Mteja, username: str, password: str) -> int:
    failed = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        calls: list[str] = []
        page.on(
            "response",
            lambda r: (
                calls.append(f"{r.request.method} {r.url.split(API)[-1]} → {r.status}")
                if API in r.url and r.status >= 400 and not NO_PHOTO.search(r.url)
                else None
            ),
        )
        page.goto(app + "/#/login")
        page.locator("input[formcontrolname=username]").fill(username)
        page.locator("input[formcontrolname=password]").fill(password)
        page.get_by_role("button", name="Login").click()
        page.wait_for_url("**/#/home", timeout=30_000)
        page.wait_for_timeout(2000)
        calls.clear()
        for name, route in screens(mteja):
            calls.clear()
            page.goto(f"{app}/?screen={len(name)}#{route}")  # a fresh load: no toast left over
            try:
                page.wait_for_load_state("networkidle")
            except PlaywrightTimeout:  # calls still going after 30 s: say so, walk on
                calls.append("still loading after 30 s")
            page.wait_for_timeout(800)
            toasts = [t for t in page.locator(ERROR_TOAST).all_inner_texts() if t.strip()]
            arrived = urllib.parse.unquote(page.url).endswith(route)
            problems = calls + [f"shown: {t.strip()[:120]}" for t in toasts]
            if not arrived:
                problems.append(f"navigation cancelled (at {page.url.split('#')[-1]})")
            failed += bool(problems)
            status = "FAILED " + "; ".join(problems) if problems else "ok"
            print(f"{name:45} {status}")
        browser.close()
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--app", default="http://127.0.0.1:4200")
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password", required=True)
    args = parser.parse_args()
    mteja = Mteja(args.app, args.username, args.password)
    failed = walk(args.app, mteja, args.username, args.password)
    print(f"{failed} screen(s) with problems")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
