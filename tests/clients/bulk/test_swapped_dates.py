"""A file whose dates are written day first, imported with a month-first `dateFormat`
(MM/dd/yyyy for 13/04/2024 meant as 13 April): its dates of days above 12 were refused
(month 13) and those of days 1 to 12 imported with their day and month swapped, unsaid —
03/04/2024 meant as 3 April stored as 4 March. Such a file is now refused whole, before any
row is written, naming the column, the line and the dateFormat to send (decision 233)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from tests.clients.bulk.files import csv_file
from tests.clients.bulk.test_job_api import API

from mteja.clients.bulk.importing import import_clients
from mteja.clients.bulk.reading import FileUnreadable
from mteja.clients.bulk.text_dates import TextDates
from mteja.clients.models import Client, ImportJob, ImportStatus

pytestmark = pytest.mark.django_db

DAY_FIRST = csv_file(
    "office,firstname,lastname,externalId,dateOfBirth",
    "Kibera,Asha,Njeri,S-1,03/04/1990",  # 3 April, read as 4 March
    "Kibera,Baraka,Otieno,S-2,05/06/1991",
    "Kibera,Chao,Wu,S-3,17/05/1992",  # a day above 12: no month 17
)


def swapped(value="17/05/1992", line=4, date="1992-05-17", given="MM/dd/yyyy", other="dd/MM/yyyy"):
    return (
        "The dates of column “dateOfBirth” are written with the day and month the other way "
        f"round from the dateFormat {given}: “{value}” (line {line}) is no date in it, but is "
        f"{date} in {other}, and its dates of days 1 to 12 would be read with their day and "
        f"month swapped. The file is refused whole: import it again with the dateFormat "
        f"{other}, or correct that date."
    )


def upload(api, data: bytes, path="clients/import", **form):
    body = {"file": SimpleUploadedFile("clients.csv", data, "text/csv"), **form}
    return api.post(f"{API}/{path}", body, format="multipart")


@pytest.mark.parametrize("dry_run", ["false", "true"])
def test_a_day_first_file_with_a_month_first_format_is_refused_whole(api, kibera, dry_run):
    response = upload(api, DAY_FIRST, dateFormat="MM/dd/yyyy", locale="en", dryRun=dry_run)
    assert response.status_code == 400, response.json()
    (error,) = response.json()["errors"]
    assert (error["parameterName"], error["defaultUserMessage"]) == ("file", swapped())
    assert not Client.objects.exists()


def test_the_right_format_imports_every_date_as_meant(api, kibera):
    response = upload(api, DAY_FIRST, dateFormat="dd/MM/yyyy", locale="en")
    assert response.status_code == 200, response.json()
    assert sorted(Client.objects.values_list("external_id", "date_of_birth")) == [
        ("S-1", datetime.date(1990, 4, 3)),
        ("S-2", datetime.date(1991, 6, 5)),
        ("S-3", datetime.date(1992, 5, 17)),
    ]


def test_a_month_first_file_is_read_month_first_and_the_other_way_round_refused(admin_user, kibera):
    month_first = csv_file(
        "office,firstname,lastname,externalId,dateOfBirth",
        "Kibera,Asha,Njeri,S-1,4/3/1990",
        "Kibera,Chao,Wu,S-3,5/17/1992",
    )
    report = import_clients(user=admin_user, data=month_first, dates=TextDates("M/d/yyyy"))
    assert report.summary()["imported"] == 2
    Client.objects.all().delete()
    with pytest.raises(FileUnreadable) as refused:
        import_clients(user=admin_user, data=month_first, dates=TextDates("d/M/yyyy"))
    assert str(refused.value) == swapped("5/17/1992", 3, "1992-05-17", "d/M/yyyy", "M/d/yyyy")
    assert not Client.objects.exists()


def test_a_pattern_naming_its_months_is_not_looked_at(admin_user, kibera):
    """A pattern of a month name cannot be read the other way round."""
    report = import_clients(user=admin_user, data=DAY_FIRST, dates=TextDates("dd MMMM yyyy"))
    assert report.summary()["invalid"] == 3  # each refused by its cell, as before


def test_the_job_fails_saying_so_and_writes_nothing(api, kibera):
    response = upload(
        api,
        DAY_FIRST,
        "clients/uploadtemplate?legalFormType=CLIENTS_PERSON",
        dateFormat="MM/dd/yyyy",
        locale="en",
    )
    assert response.status_code == 200, response.json()
    job = ImportJob.objects.get()
    assert (job.status, job.error) == (ImportStatus.FAILED, swapped())
    assert not Client.objects.exists()


@pytest.mark.parametrize(
    ("language", "start"),
    [("fr", "Les dates de la colonne « dateOfBirth » sont écrites"),
     ("es", "Las fechas de la columna «dateOfBirth» están escritas")],
)  # fmt: skip
def test_the_refusal_is_in_the_users_language(admin_user, kibera, language, start):
    with translation.override(language), pytest.raises(FileUnreadable) as refused:
        import_clients(user=admin_user, data=DAY_FIRST, dates=TextDates("MM/dd/yyyy"))
    assert str(refused.value).startswith(start)


def test_an_identity_documents_date_column_is_looked_at_too(admin_user, kibera):
    data = csv_file(
        "office,firstname,lastname,documentIssueDate",
        "Kibera,Asha,Njeri,03/04/2020",
        "Kibera,Chao,Wu,25/12/2021",
    )
    with pytest.raises(FileUnreadable) as refused:
        import_clients(user=admin_user, data=data, dates=TextDates("MM/dd/yyyy"))
    assert str(refused.value).startswith(
        "The dates of column “documentIssueDate” are written with the day and month the other "
        "way round from the dateFormat MM/dd/yyyy: “25/12/2021” (line 3)"
    )
