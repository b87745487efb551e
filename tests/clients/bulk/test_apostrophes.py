"""French labels are written with the typographic apostrophe (’: “date d’activation”), a
keyboard types the straight one ('): a file's column typed either way names the same
field."""

import pytest
from django.utils import translation
from tests.clients.bulk.files import csv_file

from mteja.clients.bulk.importing import import_clients
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("apostrophe", ["'", "’", "ʼ"])
def test_a_french_column_typed_with_any_apostrophe_is_read(admin_user, kibera, apostrophe):
    header = f"office,firstname,lastname,submittedOnDate,date d{apostrophe}activation"
    data = csv_file(header, "Kibera,Asha,Njeri,2024-01-10,2024-01-11")
    with translation.override("fr"):
        report = import_clients(user=admin_user, data=data)
    assert [row.errors for row in report.rows] == [[]]
    assert str(Client.objects.get().activation_date) == "2024-01-11"
