"""An import's page and list in the clerk's language: its counts grouped as the language
groups thousands, its start time written as every other page writes one, and a long time
left in minutes and hours rather than thousands of seconds."""

import datetime
import re

import pytest
from django.utils import translation
from django.utils.formats import date_format
from tests.clients.bulk.test_jobs import client_file

from mteja.clients.imports.running import this_worker
from mteja.clients.imports.services import import_job_create
from mteja.clients.models import ImportJob
from mteja.core import clock

pytestmark = pytest.mark.django_db

NBSP = "\xa0"


@pytest.fixture(autouse=True)
def still_clock(monkeypatch):
    """A clock that stands still: the rate is the rows over the seconds the test says."""
    now = clock.now()
    monkeypatch.setattr(clock, "now", lambda: now)


def _running(clerk, *, done: int, total: int, seconds_ago: int) -> ImportJob:
    job = import_job_create(actor=clerk, data=client_file(4), file_name="big.csv")
    now = clock.now()
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", worker=this_worker(), heartbeat_at=now,
        rows_done=done, rows_at_start=0, total_rows=total,
        started_at=now - datetime.timedelta(seconds=seconds_ago),
        outcomes={"imported": done - 1, "invalid": 1},
    )  # fmt: skip
    return ImportJob.objects.get(pk=job.pk)


@pytest.mark.parametrize(
    ("language", "rows", "rate", "left", "imported"),
    [
        ("en", "12,500 of 20,000 rows done (62 %).", "1,250 rows a second.",
         "About 6 seconds left.", "<dd>12,499</dd>"),
        ("fr", f"12{NBSP}500 lignes sur 20{NBSP}000 traitées (62 %).",
         f"1{NBSP}250 lignes par seconde.", "Environ 6 secondes restantes.",
         f"<dd>12{NBSP}499</dd>"),
        ("es", f"12{NBSP}500 de 20{NBSP}000 filas procesadas (62 %).",
         f"1{NBSP}250 filas por segundo.", "Quedan unos 6 segundos.",
         f"<dd>12{NBSP}499</dd>"),
    ],
)  # fmt: skip
def test_a_running_jobs_counts_are_grouped_as_the_language_writes_them(
    browse_as, clerk, kibera, language, rows, rate, left, imported
):
    job = _running(clerk, done=12_500, total=20_000, seconds_ago=10)
    web = browse_as(clerk, HTTP_ACCEPT_LANGUAGE=language)
    fragment = web.get(f"/imports/{job.pk}/progress/").content.decode()
    assert rows in fragment
    assert rate in fragment
    assert left in fragment
    assert imported in fragment


@pytest.mark.parametrize(
    ("language", "left"),
    [
        ("en", f"About 10{NBSP}minutes left."),
        ("fr", f"Temps restant : environ 10{NBSP}minutes."),
        ("es", f"Tiempo restante: aproximadamente 10{NBSP}minutos."),
    ],
)
def test_a_long_time_left_is_told_in_minutes_not_in_seconds(
    browse_as, clerk, kibera, language, left
):
    """7,500 rows to go at 12.5 rows a second: 600 seconds, told as 10 minutes."""
    job = _running(clerk, done=12_500, total=20_000, seconds_ago=1_000)
    web = browse_as(clerk, HTTP_ACCEPT_LANGUAGE=language)
    fragment = web.get(f"/imports/{job.pk}/progress/").content.decode()
    assert left in fragment
    # The cancel form's random CSRF token may hold "600" by chance.
    assert "600" not in re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", fragment)


def test_hours_to_go_are_told_in_hours_and_minutes(browse_as, clerk, kibera):
    job = _running(clerk, done=1_000, total=1_000_000, seconds_ago=10)  # 100 rows a second
    fragment = browse_as(clerk).get(f"/imports/{job.pk}/progress/").content.decode()
    assert f"About 2{NBSP}hours, 46{NBSP}minutes left." in fragment  # 9,990 seconds


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_a_jobs_start_and_size_are_written_as_the_language_writes_them(
    browse_as, clerk, kibera, language
):
    job = _running(clerk, done=12_500, total=20_000, seconds_ago=10)
    with translation.override(language):
        when = date_format(job.created_on, "SHORT_DATETIME_FORMAT")
        total = "20,000" if language == "en" else f"20{NBSP}000"
    web = browse_as(clerk, HTTP_ACCEPT_LANGUAGE=language)
    page = web.get(f"/imports/{job.pk}/").content.decode()
    assert when in page
    assert job.created_on.strftime("%Y-%m-%d") not in page
    listing = web.get("/clients/import/").content.decode()
    assert f'<td class="when">{when}</td>' in listing
    assert f'<td class="number">{total}</td>' in listing


@pytest.mark.parametrize(
    ("language", "said", "day_first", "month_first"),
    [
        ("en", "each choice shows 5 September 2025.", "05/09/2025", "09/05/2025"),
        ("fr", "chaque choix montre le 5 septembre 2025.", "05/09/2025", "09/05/2025"),
        ("es", "cada opción muestra el 5 de septiembre de 2025.", "05/09/2025", "09/05/2025"),
    ],
)
def test_the_text_date_choices_say_which_day_they_show(
    browse_as, clerk, kibera, language, said, day_first, month_first
):
    """05/09/2025 and 09/05/2025 are both offered: the help says they are 5 September, so
    the clerk knows which is day first."""
    page = browse_as(clerk, HTTP_ACCEPT_LANGUAGE=language).get("/clients/import/")
    text = page.content.decode()
    assert said in text
    assert day_first in text and month_first in text


def test_one_second_left_is_said_in_the_singular_in_spanish(browse_as, clerk, kibera):
    job = _running(clerk, done=3_990, total=4_000, seconds_ago=10)  # 399 rows a second
    page = browse_as(clerk, HTTP_ACCEPT_LANGUAGE="es").get(f"/imports/{job.pk}/progress/")
    assert "Queda alrededor de 1 segundo." in page.content.decode()
