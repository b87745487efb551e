"""A row checked is looked at once for a repeated header and once for texts too long, not once
for its body and again for its keys (RowReader.read_row): the same refusals, each row's cells
bounded once (decision 162)."""

import pytest

from mteja.clients.bulk import long_cells
from mteja.clients.bulk.importing import import_clients

pytestmark = pytest.mark.django_db

LONG_ID = "X" * 500  # an external id takes 100 characters: cut past 400


def test_each_row_is_bounded_once_and_refused_as_before(admin_user, kibera, monkeypatch):
    bounded = long_cells.TextLimits.bounded
    calls = []

    def counted(self, cells):
        calls.append(list(cells))
        return bounded(self, cells)

    monkeypatch.setattr(long_cells.TextLimits, "bounded", counted)
    data = (
        "externalId,office,firstname,lastname\n"
        "E-1,Kibera,Asha,Njeri\n"
        f"{LONG_ID},Kibera,Baraka,Otieno\n"
        f"{LONG_ID},Kibera,Chausiku,Wanjiru\n"
        "externalId,office,firstname,lastname\n"
        "E-1,Kibera,Dalila,Mwangi\n"
    ).encode()
    report = import_clients(user=admin_user, data=data, dry_run=True)
    assert [row.status() for row in report.rows] == [
        "Valid",
        "externalId: Ensure this field has no more than 100 characters.",
        # (Line 3, refused, holds no external id: decision 200.)
        "externalId: Ensure this field has no more than 100 characters.",
        "This line repeats the header row (two files joined into one?): it is no client. "
        "Remove it.",
        "externalId: Line 2 has the same external id.",
    ]
    # The four rows that are clients' cells, once each (the header repeated: none).
    assert len(calls) == 4
