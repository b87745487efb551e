"""`clock.today()`: the business date, UTC's, read without the lazy settings on each call (a
bulk import asks for it twice a row); a test that overrides USE_TZ is still obeyed."""

import datetime

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from mteja.core import clock


@pytest.fixture(autouse=True)
def one_day():
    """The clock's own tests read the real day (tests/conftest.py holds it for the others)."""
    yield


class _CountedSettings:
    def __init__(self):
        self.reads = 0

    def __getattr__(self, name):
        self.reads += 1
        return getattr(settings, name)


def test_today_is_utcs_date_and_reads_the_settings_at_most_once(monkeypatch):
    counted = _CountedSettings()
    monkeypatch.setattr(timezone, "settings", counted)
    monkeypatch.setattr(clock, "settings", counted, raising=False)
    days = {clock.today() for _ in range(1000)}
    assert days <= {
        datetime.datetime.now(datetime.UTC).date() - datetime.timedelta(days=1),
        datetime.datetime.now(datetime.UTC).date(),
    }
    assert counted.reads <= 1


def test_an_override_of_use_tz_is_obeyed(monkeypatch):
    zones = []
    real = datetime.datetime

    class Seen(real):
        @classmethod
        def now(cls, tz=None):
            zones.append(tz)
            return real.now(tz)

    monkeypatch.setattr(clock.datetime, "datetime", Seen)
    clock.today()
    with override_settings(USE_TZ=False):
        clock.today()
    clock.today()
    assert zones == [datetime.UTC, None, datetime.UTC]


def test_a_frozen_day_is_today():
    day = datetime.date(2024, 2, 29)
    with clock.frozen_today(day):
        assert clock.today() == day
