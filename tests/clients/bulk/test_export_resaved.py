"""An export opened in a spreadsheet and saved again, then imported: the file as LibreOffice
leaves it (written here as it does, without LibreOffice)."""

import pytest
from tests.clients.bulk.files import csv_file

from mteja.clients.bulk import workbook
from mteja.clients.bulk.importing import import_clients
from mteja.clients.bulk.reading import FileUnreadable
from mteja.clients.models import Client

pytestmark = pytest.mark.django_db
HEADER = ["accountNo", "office", "firstname", "lastname", "submittedOnDate"]
# The UTF-8 byte-order mark and an accent as Windows-1252 reads them: a CSV export opened
# in LibreOffice without choosing UTF-8 (its default character set), saved again.
GARBLED = ["\u00ef\u00bb\u00bf" + HEADER[0], *HEADER[1:]]
ROW = ["000000001", "Kibera", "\u00c3\u2030mile", "Njeri", "2024-01-10"]


def _xlsx(header: list[str], row: list[str]) -> bytes:
    chunks = [[[cell] for cell in row]]
    return b"".join(workbook.workbook_column_chunks(header, chunks, ["text"] * len(header)))


@pytest.mark.parametrize(
    "data",
    [csv_file(",".join(GARBLED), ",".join(ROW), bom=False), _xlsx(GARBLED, ROW)],
    ids=["csv", "xlsx"],
)
def test_a_csv_opened_as_western_text_is_refused_saying_how_to_open_it(admin_user, kibera, data):
    """Not "Unknown columns: ï»¿accountNo.", which no user can act on; nor its rows imported
    with their accents garbled."""
    with pytest.raises(FileUnreadable, match=r"as Western text, not UTF-8.*Unicode \(UTF-8\)"):
        import_clients(user=admin_user, data=data)
    assert not Client.objects.exists()
