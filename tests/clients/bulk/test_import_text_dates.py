"""Dates a client file writes as text ("17/05/1990", "17 mai 1990"): read with the pattern
and locale the upload names (Fineract's `dateFormat` and `locale`, the import page's choice,
`mteja import --date-format`), ISO dates read whatever the pattern; a bad pattern refused
before any job starts."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from tests.clients.bulk.files import csv_file
from tests.clients.bulk.test_import_custom import entry_of, survey  # noqa: F401 (a fixture)

from mteja.clients.bulk.importing import import_clients
from mteja.clients.bulk.text_dates import TextDates
from mteja.clients.models import Client, ImportJob

pytestmark = pytest.mark.django_db

API = "/fineract-provider/api/v1"
HEADER = "office,firstname,lastname,externalId,dateOfBirth,submittedOnDate"


def day_first_file() -> bytes:
    return csv_file(
        HEADER,
        "Kibera,Asha,Njeri,D-1,17/05/1990,10/01/2024",
        "Kibera,Baraka,Otieno,D-2,1991-02-03,2024-01-11",  # ISO: read too
        "Kibera,Chao,Wu,D-3,31/02/1990,10/01/2024",
        "Kibera,Dalia,Wanjiru,D-4,17/13/1990,10/01/2024",  # no such month, either way round
    )


def births() -> dict[str, datetime.date]:
    return dict(Client.objects.values_list("external_id", "date_of_birth"))


def test_an_upload_reads_text_dates_with_its_date_format(api_as, clerk):
    body = {"file": SimpleUploadedFile("clients.csv", day_first_file(), "text/csv"),
            "locale": "en", "dateFormat": "dd/MM/yyyy"}  # fmt: skip
    response = api_as(clerk).post(
        f"{API}/clients/uploadtemplate?legalFormType=CLIENTS_PERSON", body, format="multipart"
    )
    assert response.status_code == 200, response.content
    assert births() == {"D-1": datetime.date(1990, 5, 17), "D-2": datetime.date(1991, 2, 3)}
    assert Client.objects.get(external_id="D-1").submitted_on == datetime.date(2024, 1, 10)
    detail = api_as(clerk).get(f"{API}/imports/{response.json()}").json()
    assert (detail["dateFormat"], detail["locale"]) == ("dd/MM/yyyy", "en")
    errors = {(e["line"], e["column"]): e["message"] for e in detail["errors"]}
    assert errors == {
        (4, "dateOfBirth"): "“31/02/1990” is not a real date.",
        (5, "dateOfBirth"): errors[(5, "dateOfBirth")],
    }
    assert "17/13/1990" in errors[(5, "dateOfBirth")]


def test_month_names_are_read_in_the_uploads_locale(api_as, clerk):
    data = csv_file(HEADER, "Kibera,Asha,Njeri,D-1,17 mai 1990,10 janv. 2024")
    body = {"file": SimpleUploadedFile("clients.csv", data, "text/csv"), "locale": "fr",
            "dateFormat": "dd MMMM yyyy"}  # fmt: skip
    response = api_as(clerk).post(f"{API}/clients/import", body, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["imported"] == 1, response.json()["rows"]
    client = Client.objects.get()
    assert (client.date_of_birth, client.submitted_on) == (
        datetime.date(1990, 5, 17), datetime.date(2024, 1, 10)
    )  # fmt: skip


@pytest.mark.parametrize(
    ("form", "parameter"),
    [
        ({"dateFormat": "dd/MM", "locale": "en"}, "dateFormat"),
        ({"dateFormat": "dd/MM/yyyy HH:mm", "locale": "en"}, "dateFormat"),
        # a field twice: no date, and a regex that backtracks for ever on a cell of digits
        ({"dateFormat": "dM" * 24 + "y", "locale": "en"}, "dateFormat"),
        ({"dateFormat": "dd MMMM yyyy", "locale": "xx"}, "locale"),
        ({"dateFormat": "dd 'of MMMM yyyy", "locale": "en"}, "dateFormat"),  # quote left open
        ({"dateFormat": "dd/MM/yyyy'", "locale": "en"}, "dateFormat"),
    ],
)
@pytest.mark.parametrize("path", ["clients/import", "clients/uploadtemplate"])
def test_a_date_format_that_reads_no_whole_date_is_refused_before_any_row(
    api_as, clerk, form, parameter, path
):
    body = {"file": SimpleUploadedFile("clients.csv", day_first_file(), "text/csv"), **form}
    response = api_as(clerk).post(
        f"{API}/{path}?legalFormType=CLIENTS_PERSON", body, format="multipart"
    )
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["parameterName"] == parameter
    assert not Client.objects.exists() and not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Date format “dd 'of MMMM yyyy” opens a quote it does not close."),
        ("fr", "Le format de date « dd 'of MMMM yyyy » ouvre un guillemet qu’il ne ferme pas."),
    ],
)
def test_a_date_format_with_a_quote_left_open_says_so(api_as, clerk, language, message):
    body = {"file": SimpleUploadedFile("clients.csv", day_first_file(), "text/csv"),
            "dateFormat": "dd 'of MMMM yyyy", "locale": "en"}  # fmt: skip
    response = api_as(clerk).post(
        f"{API}/clients/uploadtemplate?legalFormType=CLIENTS_PERSON",
        body,
        format="multipart",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400, response.content
    (error,) = response.json()["errors"]
    assert (error["parameterName"], error["defaultUserMessage"]) == ("dateFormat", message)
    assert not ImportJob.objects.exists()


def test_a_month_name_a_case_blind_match_would_take_is_a_rows_error(admin_user, kibera):
    data = csv_file(HEADER, "Kibera,Asha,Njeri,D-1,01 Aprıl 1990,10 January 2024")  # a dotless ı
    (row,) = import_clients(user=admin_user, data=data, dates=TextDates("dd MMMM yyyy", "en")).rows
    assert row.outcome == "invalid"
    assert row.errors == [
        ("dateOfBirth", "“01 Aprıl 1990” does not match the date format “dd MMMM yyyy”.")
    ]


def test_two_digit_years_fall_within_80_years_before_today_and_weekdays_are_checked(
    admin_user, kibera
):
    data = csv_file(
        HEADER,
        "Kibera,Asha,Njeri,D-1,Thu 17/05/90,Wed 10/01/24",  # today is frozen in 2024
        "Kibera,Baraka,Otieno,D-2,Fri 17/05/90,Wed 10/01/24",
    )
    report = import_clients(user=admin_user, data=data, dates=TextDates("EEE dd/MM/yy", "en"))
    assert [row.outcome for row in report.rows] == ["imported", "invalid"]
    assert births() == {"D-1": datetime.date(1990, 5, 17)}
    assert report.rows[1].errors == [
        ("dateOfBirth", "“Fri 17/05/90” names the wrong day of the week: that date is a Thursday.")
    ]


def test_without_a_date_format_only_iso_text_dates_are_read(admin_user, kibera):
    report = import_clients(user=admin_user, data=day_first_file())
    assert [row.outcome for row in report.rows] == ["invalid", "imported", "invalid", "invalid"]
    assert "yyyy-MM-dd" in report.rows[0].errors[0][1]


def test_a_custom_date_field_is_read_with_the_files_format(api, admin_user, kibera, survey):  # noqa: F811
    data = csv_file(
        "office,firstname,lastname,survey.rooms,survey.visited_on",
        "Kibera,Asha,Njeri,3,09/05/2025",
    )
    report = import_clients(user=admin_user, data=data, dates=TextDates("dd/MM/yyyy", "en"))
    assert [row.outcome for row in report.rows] == ["imported"], report.rows[0].errors
    assert entry_of(api, Client.objects.get())["visited_on"] == [2025, 5, 9]


def test_the_cli_takes_a_date_format(tmp_path, admin_user, kibera, capsys):
    source = tmp_path / "clients.csv"
    source.write_bytes(day_first_file())
    call_command("import", str(source), "--user", admin_user.username, "--no-progress",
                 "--date-format", "dd/MM/yyyy")  # fmt: skip
    assert json.loads(capsys.readouterr().out)["imported"] == 2
    assert births()["D-1"] == datetime.date(1990, 5, 17)
    with pytest.raises(CommandError, match="needs a day, a month and a year"):
        call_command("import", str(source), "--user", admin_user.username,
                     "--date-format", "MM/yyyy")  # fmt: skip
    with pytest.raises(CommandError, match="opens a quote it does not close"):
        call_command("import", str(source), "--user", admin_user.username,
                     "--date-format", "dd 'of MMMM yyyy")  # fmt: skip
    assert ImportJob.objects.count() == 1  # the first, none for a refused pattern


def test_the_import_page_offers_the_common_formats(browse_as, clerk):
    web = browse_as(clerk)
    assert "dd/MM/yyyy" in web.get("/clients/import/").content.decode()
    response = web.post("/clients/import/", {
        "file": SimpleUploadedFile("day-first.csv", day_first_file()),
        "date_format": "dd/MM/yyyy",
    })  # fmt: skip
    assert response.status_code == 302
    assert "Dates written as text: dd/MM/yyyy." in web.get(response["Location"]).content.decode()
    assert births()["D-1"] == datetime.date(1990, 5, 17)


def test_an_iso_date_of_no_real_day_is_refused_as_such_whatever_the_files_format(
    admin_user, kibera
):
    """29 February of a year not leap, in a file of dd/MM/yyyy dates: the refusal said it did
    not match dd/MM/yyyy, though ISO dates are read too. A date without dashes (19900105) or
    by week (1990-W01-1) is no yyyy-MM-dd: it was read as a date of birth."""
    data = csv_file(HEADER, "Kibera,Asha,Njeri,D-1,1990-02-29,2024-01-10",
                    "Kibera,Baraka,Otieno,D-2,19900105,2024-01-10",
                    "Kibera,Chao,Wu,D-3,1990-W01-1,2024-01-10")  # fmt: skip
    for dates in (TextDates("dd/MM/yyyy", "en"), TextDates()):
        report = import_clients(user=admin_user, data=data, dates=dates, dry_run=True)
        assert [row.errors for row in report.rows][0] == [
            ("dateOfBirth", "“1990-02-29” is not a real date.")
        ]
        assert [row.outcome for row in report.rows] == ["invalid"] * 3
