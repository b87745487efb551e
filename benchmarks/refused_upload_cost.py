"""What a file posted by a user who may not upload costs the server: for each page and
endpoint taking a file, the bytes of the body it read and the CPU (or, with `--callgrind
LIB`, the instructions) of the request refused, beside the same user's POST of an empty form
(the floor of a 403). The user reads clients and their documents but may create neither a
client nor a document. With `--refused-for share`, the user may create clients but holds
their share of waiting imports (MTEJA_IMPORTS_WAITING_PER_USER, queued), and an import at
once of theirs runs: the import pages and endpoints answer 429 (decision 303). With
`--refused-for quota`, the user's import files fill MTEJA_IMPORT_FILES_MOST_BYTES_PER_USER
(one queued job's): the import page and `POST /clients/uploadtemplate` answer 400; with
`--refused-for room`, they leave 64 KiB of it, which the file passes (decision 313; an
import at once keeps no file, and no quota applies to it). Prints JSON.

    DATABASE_URL=sqlite:///…/refused.sqlite3 .venv/bin/python benchmarks/refused_upload_cost.py \\
        --megabytes 8 --repeat 5 [--refused-for share|quota|room]
    valgrind --tool=callgrind --collect-atstart=no .venv/bin/python \\
        benchmarks/refused_upload_cost.py --megabytes 8 --case import_page --callgrind LIB
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import callgrind, env  # noqa: E402

env.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client as Browser  # noqa: E402

from mteja.clients.models import Client  # noqa: E402
from mteja.clients.services import client_create  # noqa: E402
from mteja.organisation.models import Office  # noqa: E402
from mteja.users.models import AppUser, Permission, Role  # noqa: E402

API = "/fineract-provider/api/v1"
BOUNDARY = "----mteja-bench"
TOKEN = "k" * 32  # the session's CSRF cookie and header
READER = ("READ_CLIENT", "READ_DOCUMENT")


class Counted(io.RawIOBase):
    """A request's input that counts the bytes read from it."""

    def __init__(self, body: bytes):
        self.body, self.read_bytes = io.BytesIO(body), 0

    def readable(self):
        return True

    def readinto(self, buffer):
        got = self.body.readinto(buffer)
        self.read_bytes += got
        return got


def form(size: int) -> bytes:
    """A multipart form holding a CSV file of `size` bytes (none: an empty form)."""
    end = f"--{BOUNDARY}--\r\n".encode()
    if not size:
        return end
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="c.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    row = b"Head Office,Amina,Otieno,2024-01-01\r\n"
    return head + (row * (size // len(row) + 1))[:size] + b"\r\n" + end


def reader() -> AppUser:
    user = AppUser.objects.filter(username="bench-reader").first()
    if user is None:
        user = AppUser.objects.create_user(
            username="bench-reader",
            password=None,
            office=Office.objects.get(pk=1),  # (signed in by force)
        )
        role, _new = Role.objects.get_or_create(name="bench-reader")
        role.permissions.set(Permission.objects.filter(code__in=READER))
        user.roles.add(role)
    return user


def clerk(username: str) -> AppUser:
    """A user of the head office who may create clients (made if missing)."""
    user = AppUser.objects.filter(username=username).first()
    if user is None:
        user = AppUser.objects.create_user(
            username=username, password=None, office=Office.objects.get(pk=1)
        )
        role, _new = Role.objects.get_or_create(name="bench-clerk")
        role.permissions.set(Permission.objects.filter(code__in=("CREATE_CLIENT", "READ_CLIENT")))
        user.roles.add(role)
    return user


def clerk_at_their_share() -> AppUser:
    """A user who may create clients, holding their share of queued imports."""
    from mteja.clients.imports.services import import_job_create
    from mteja.clients.models import ImportJob

    user = clerk("bench-clerk")
    queued = ImportJob.objects.filter(created_by=user, status="queued").count()
    for n in range(queued, settings.MTEJA_IMPORTS_WAITING_PER_USER):
        import_job_create(actor=user, data=form_row(), file_name=f"queued-{n}.csv")
    return user


ROOM_LEFT = 64 * 1024  # `--refused-for room`: what the user may still keep


def clerk_at_their_quota(room: int) -> AppUser:
    """A user who may create clients, whose import files (one queued job's) leave them `room`
    bytes of MTEJA_IMPORT_FILES_MOST_BYTES_PER_USER (the office's unbounded)."""
    from mteja.clients.imports.quota import bytes_kept
    from mteja.clients.imports.services import import_job_create
    from mteja.clients.models import ImportJob

    user = clerk("bench-quota-clerk")
    if not ImportJob.objects.filter(created_by=user).exists():
        import_job_create(actor=user, data=form_row(), file_name="kept.csv")
    settings.MTEJA_IMPORT_FILES_MOST_BYTES_PER_USER = bytes_kept(user) + room
    settings.MTEJA_IMPORT_FILES_MOST_BYTES_PER_OFFICE = 0
    return user


def form_row() -> bytes:
    return b"office,firstname,lastname,submittedOnDate\r\nHead Office,Amina,Otieno,2024-01-01\r\n"


def session_of(user: AppUser) -> Browser:
    session = Browser(enforce_csrf_checks=True)
    session.force_login(user)
    session.cookies[settings.CSRF_COOKIE_NAME] = TOKEN
    return session


def share_cases(user: AppUser) -> dict[str, tuple[Browser, str]]:
    session = session_of(user)
    return {
        **quota_cases(user),
        "api_import_at_once_session": (session, f"{API}/clients/import"),
    }


def quota_cases(user: AppUser) -> dict[str, tuple[Browser, str]]:
    """The page and endpoint that keep the file they take."""
    session = session_of(user)
    return {
        "import_page": (session, "/clients/import/"),
        "api_uploadtemplate_session": (session, f"{API}/clients/uploadtemplate"),
    }


def cases(user: AppUser) -> dict[str, tuple[Browser, str]]:
    client = Client.objects.order_by("pk").first()
    if client is None:
        office, fields = Office.objects.get(pk=1), {"firstname": "Amina", "lastname": "Otieno"}
        client = client_create(actor=None, office=office, fields=fields).client
    session = session_of(user)
    return {
        "import_page": (session, "/clients/import/"),
        "documents_page": (session, f"/clients/{client.pk}/documents/"),
        "api_uploadtemplate_session": (session, f"{API}/clients/uploadtemplate"),
        "api_documents_session": (session, f"{API}/clients/{client.pk}/documents"),
    }


def post(browser: Browser, url: str, body: bytes) -> tuple[int, int]:
    stream = Counted(body)  # (given as the input, not as data: the test client copies none)
    response = browser.generic(
        "POST", url, b"", HTTP_X_CSRFTOKEN=TOKEN, CONTENT_LENGTH=str(len(body)),
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}", **{"wsgi.input": stream},
    )  # fmt: skip
    return response.status_code, stream.read_bytes


def measure(browser: Browser, url: str, body: bytes, repeat: int) -> dict:
    status, read = post(browser, url, body)  # warm
    cpu = []
    for _ in range(repeat):
        start = time.process_time()
        post(browser, url, body)
        cpu.append((time.process_time() - start) * 1000)
    return {"status": status, "body_bytes": len(body), "bytes_read": read,
            "cpu_ms_median": round(statistics.median(cpu), 2)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--case", help="one case only (with --callgrind: the one counted)")
    parser.add_argument(
        "--refused-for", choices=("permission", "share", "quota", "room"), default="permission"
    )
    callgrind.add_option(parser)
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the pages' manifest
    if options.refused_for == "share":
        from mteja.core import slots

        sharer = clerk_at_their_share()
        running = slots.take(f"import-at-once-user-{sharer.pk}", 1)  # their import at once
        assert running is not None
        chosen = share_cases(sharer)
    elif options.refused_for in ("quota", "room"):
        room = ROOM_LEFT if options.refused_for == "room" else 0
        chosen = quota_cases(clerk_at_their_quota(room))
    else:
        chosen = cases(reader())
    if options.case:
        chosen = {options.case: chosen[options.case]}
    body, empty = form(options.megabytes * 2**20), form(0)
    if options.callgrind:
        toggle = callgrind.toggle(options.callgrind)
        report = {}
        for name, (browser, url) in chosen.items():
            post(browser, url, body)  # warm
            toggle()
            status, read = post(browser, url, body)
            toggle()
            report[name] = {"status": status, "bytes_read": read, "callgrind": "counted"}
        print(json.dumps({"benchmark": "refused_upload_cost", **report}, indent=2))
        return
    report = {
        name: {
            "file": measure(browser, url, body, options.repeat),
            "empty_form": measure(browser, url, empty, options.repeat),
        }
        for name, (browser, url) in chosen.items()
    }
    print(json.dumps({"benchmark": "refused_upload_cost", **report}, indent=2))


if __name__ == "__main__":
    main()
