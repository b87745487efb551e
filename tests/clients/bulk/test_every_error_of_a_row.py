"""A row with a cell refused as it is read (an office or a list value named nowhere, a
number where a date goes) tells its other errors too, as `POST /clients` tells every error
of a request at once: the user fixes the row once, not once per error."""

import pytest
from django.utils import translation
from tests.clients.bulk.files import csv_file

from mteja.clients.bulk.importing import import_clients

pytestmark = pytest.mark.django_db

HEADER = "externalId,office,firstname,lastname,mobileNo,dateOfBirth,gender,submittedOnDate"


def test_a_row_with_a_name_of_no_list_value_tells_its_other_errors_too(admin_user, kibera):
    report = import_clients(
        user=admin_user,
        data=csv_file(HEADER, "E-1,Kibera,Asha,Njeri,,1985-02-30,Femal,2024-01-10"),
        dry_run=True,
    )
    (row,) = report.rows
    assert row.errors == [
        ("gender", "“Femal” is not a value of the list “Gender”."),
        ("dateOfBirth", "“1985-02-30” is not a real date."),
    ]


def test_a_row_naming_no_office_of_the_users_tells_its_other_errors_not_a_missing_office(
    admin_user, kibera
):
    report = import_clients(
        user=admin_user, data=csv_file(HEADER, "E-1,Nowhere,Asha,Njeri,,1985-02-30,,"), dry_run=True
    )
    (row,) = report.rows
    assert row.errors == [
        ("office", "No office named “Nowhere” among your offices."),
        ("dateOfBirth", "“1985-02-30” is not a real date."),
    ]


def test_a_header_repeated_below_is_refused_as_such_alone(admin_user, kibera):
    report = import_clients(
        user=admin_user,
        data=csv_file(HEADER, "E-1,Kibera,Asha,Njeri,,,,2024-01-10", HEADER),
        dry_run=True,
    )
    assert len(report.rows[1].errors) == 1
    assert report.rows[1].errors[0][0] == ""


def test_a_row_without_a_refused_cell_keeps_its_missing_name_error(admin_user, kibera):
    report = import_clients(
        user=admin_user, data=csv_file(HEADER, "E-1,Kibera,,,,,,"), dry_run=True
    )
    assert report.rows[0].errors == [("firstname", "Give a full name, or a first and a last name.")]


def test_a_row_with_a_refused_list_value_and_no_name_tells_both(admin_user, kibera):
    report = import_clients(
        user=admin_user, data=csv_file(HEADER, "E-1,Kibera,,,,,Femal,2024-01-10"), dry_run=True
    )
    assert report.rows[0].errors == [
        ("gender", "“Femal” is not a value of the list “Gender”."),
        ("firstname", "Give a full name, or a first and a last name."),
    ]


def test_a_row_whose_names_a_spreadsheet_spoilt_is_not_said_to_have_none(admin_user, kibera):
    report = import_clients(
        user=admin_user, data=csv_file(HEADER, "E-1,Kibera,#N/A,#N/A,,,,2024-01-10"), dry_run=True
    )
    assert [column for column, _message in report.rows[0].errors] == ["firstname", "lastname"]


def test_a_list_is_named_by_its_label_in_the_users_language(admin_user, kibera):
    """Not by its stored code ("la liste ClientType"), which names it for the API only."""
    data = csv_file("office,firstname,lastname,gender,clientType,submittedOnDate",
                    "Kibera,Asha,Njeri,Femal,Robot,2024-01-10")  # fmt: skip
    with translation.override("fr"):
        (row,) = import_clients(user=admin_user, data=data, dry_run=True).rows
        assert row.errors == [
            ("gender", "« Femal » n’est pas une valeur de la liste « Sexe »."),
            ("clientType", "« Robot » n’est pas une valeur de la liste « Type de client »."),
        ]
    (row,) = import_clients(user=admin_user, data=data, dry_run=True).rows
    assert row.errors[1] == ("clientType", "“Robot” is not a value of the list “Client type”.")
