"""`mteja import` and `mteja export` start without Django's system checks (a fifth of a small
file's run): a check that fails stops `mteja check`, not an import or an export."""

import json

import pytest
from django.core import checks
from django.db import connections
from tests.clients.bulk.test_jobs import client_file

from mteja import cli
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_check(monkeypatch):
    def failing(**_kwargs):
        return [checks.Error("a deployment's mistake", id="mteja.E999")]

    checks.register(failing)
    # A command run from the command line closes the connections after it: not the test's.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    yield
    checks.registry.registry.registered_checks.discard(failing)


def test_a_failing_system_check_stops_no_import_or_export(
    tmp_path, admin_user, kibera, failing_check, capsys
):
    source = tmp_path / "clients.csv"
    source.write_bytes(client_file(2))
    assert cli.main(["import", str(source), "--user", admin_user.username, "--no-progress"]) == 0
    assert json.loads(capsys.readouterr().out)["imported"] == 2
    target = tmp_path / "out.csv"
    assert cli.main(["export", "--user", admin_user.username, "--output", str(target)]) == 0
    assert Client.objects.count() == 2
    assert len(target.read_text(encoding="utf-8-sig").splitlines()) == 3  # a header, 2 rows
    # The check is live: `mteja check` reports it.
    with pytest.raises(SystemExit):
        cli.main(["check"])
    assert "mteja.E999" in capsys.readouterr().err
