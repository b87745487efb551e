"""The institution's refusal of duplicates (a mobile number, a name and birth date) holds
between writers at the same instant on PostgreSQL: the second waits for the first's client,
sees it and is refused, where both found none and both wrote. (On SQLite a writing
transaction holds the one write lock from its start: writers take turns already.)

The first writer is held after its insert, uncommitted, while the second tries."""

import threading

import pytest
from django.db import connection, connections
from tests.clients.bulk.files import csv_file

from mteja.clients import services
from mteja.clients.bulk import importing
from mteja.clients.bulk.importing import import_clients
from mteja.clients.kyc import policy
from mteja.clients.models import Client
from mteja.clients.services import creating
from mteja.core.errors import DomainError

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent transactions"
    ),
    # serialized_rollback: the flush after a transactional test would take the head office
    # and code lists that migrations seed with it.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
MOBILE = "0712345678"


class Held:
    """Wraps `module.name` so that its first caller stops after it, its transaction open,
    until `release()`."""

    def __init__(self, monkeypatch, module, name: str):
        self.written, self._go = threading.Event(), threading.Event()
        original = getattr(module, name)

        def held(*args, **kwargs):
            result = original(*args, **kwargs)
            if not self.written.is_set():
                self.written.set()
                self._go.wait(timeout=20)
            return result

        monkeypatch.setattr(module, name, held)

    def release(self) -> None:
        self._go.set()


def _in_thread(work) -> tuple[threading.Thread, list]:
    outcome: list = []

    def run():
        try:
            outcome.append(work())
        except Exception as failure:  # noqa: BLE001 (the test reads it)
            outcome.append(failure)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _create(office, firstname: str):
    return services.client_create(
        actor=None,
        office=office,
        fields={"firstname": firstname, "lastname": "Race", "mobile_no": MOBILE},
    ).client


def _race(first, second, held: Held) -> tuple[list, list]:
    """`first` held after its insert; `second` tried meanwhile (given a second to write
    or to wait), then `first` let go."""
    first_thread, first_outcome = _in_thread(first)
    assert held.written.wait(timeout=20), first_outcome
    second_thread, second_outcome = _in_thread(second)
    second_thread.join(timeout=1)  # with the lock it waits here for the first's commit
    held.release()
    first_thread.join(timeout=20)
    second_thread.join(timeout=20)
    return first_outcome, second_outcome


@pytest.fixture
def refusing_duplicate_mobiles():
    policy.client_policy_update(actor=None, duplicate_mobile="block")


def test_two_creates_of_one_mobile_number_at_once_make_one_client(
    head_office, refusing_duplicate_mobiles, monkeypatch
):
    held = Held(monkeypatch, creating, "_insert")
    first, second = _race(
        lambda: _create(head_office, "Asha"), lambda: _create(head_office, "Amina"), held
    )
    assert isinstance(first[0], Client), first
    assert isinstance(second[0], DomainError) and second[0].status == 403, second
    assert second[0].first.code == "error.msg.client.duplicate.mobileNo"
    assert Client.objects.exclude(mobile_key="").count() == 1


def test_an_imported_row_and_a_create_of_one_mobile_number_at_once_make_one_client(
    head_office, admin_user, refusing_duplicate_mobiles, monkeypatch
):
    held = Held(monkeypatch, importing, "write_clients")
    data = csv_file(
        "office,firstname,lastname,mobileNo",
        f"{head_office.name},Asha,Race,{MOBILE}",
    )
    first, second = _race(
        lambda: import_clients(user=admin_user, data=data),
        lambda: _create(head_office, "Amina"),
        held,
    )
    assert [row.outcome for row in first[0].rows] == ["imported"], first
    assert isinstance(second[0], DomainError) and second[0].status == 403, second
    assert Client.objects.exclude(mobile_key="").count() == 1
