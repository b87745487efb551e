"""What a file's check keeps (a field's reading of a value, a code value with its list, an
officer with its office: decision 99) is kept for that file only: a code value or an officer
changed between two files shows in the second's statuses, in the user's language."""

import pytest
from django.utils import translation
from tests.clients.bulk.files import csv_file

from mteja.clients.bulk.importing import import_clients
from mteja.organisation.models import CodeValue

pytestmark = pytest.mark.django_db

HEADER = "office,firstname,lastname,externalId,dateOfBirth,gender,staff,submittedOnDate"


def _statuses(user, data, language="en") -> list[str]:
    with translation.override(language):
        report = import_clients(user=user, data=data, dry_run=True)
        return [row.status() for row in report.rows]


def test_a_code_value_made_inactive_between_files_is_refused_in_the_next(admin_user, kibera):
    data = csv_file(
        HEADER,
        "Kibera,Asha,Njeri,IMP-1,1990-05-17,Female,,2024-01-10",
        "Kibera,Amina,Otieno,IMP-2,1990-05-17,Female,,2024-01-10",
    )
    assert _statuses(admin_user, data) == ["Valid", "Valid"]
    female = CodeValue.objects.get(code__name="Gender", name="Female")
    female.is_active = False
    female.save()
    refused = _statuses(admin_user, data, "fr")
    assert len(set(refused)) == 1 and refused[0].startswith("gender: ")
    assert refused[0] != _statuses(admin_user, data)[0]  # in French, then in English


def test_an_officer_moved_between_files_is_refused_in_the_next(
    admin_user, kibera, make_office, make_officer
):
    officer = make_officer(kibera, lastname="Wekesa")
    data = csv_file(
        HEADER,
        f'Kibera,Asha,Njeri,IMP-1,1990-05-17,Female,"{officer.display_name}",2024-01-10',
        f'Kibera,Amina,Otieno,IMP-2,1990-05-17,Female,"{officer.display_name}",2024-01-10',
    )
    assert _statuses(admin_user, data) == ["Valid", "Valid"]
    officer.office = make_office(name="Mombasa")
    officer.save()
    assert (
        _statuses(admin_user, data)
        == [
            f"staff: {officer.display_name} works at Mombasa: choose a loan officer of Kibera "
            "or of an office above it."
        ]
        * 2
    )
