import csv
import io

import pytest
from django.core.management import call_command

from mteja.clients.bulk import fingerprints, garbled, reading


@pytest.fixture
def kibera(make_office):
    return make_office(name="Kibera")


@pytest.fixture
def clerk(make_user, kibera):
    """A Kibera clerk who may create and read clients."""
    return make_user(("CREATE_CLIENT", "READ_CLIENT"), office=kibera)


@pytest.fixture
def no_calamine(monkeypatch):
    """calamine is never given the file: the test fails if it is."""

    def refused(*args, **kwargs):
        raise AssertionError("calamine was given the file")

    monkeypatch.setattr(reading.CalamineWorkbook, "from_filelike", refused)


@pytest.fixture(params=["calamine", "streamed"])
def xlsx_reader(request, monkeypatch):
    """The reader an .xlsx would have (calamine where it fits: reading._fits_calamine), or the
    streamed reader (sheet_stream.py) for any."""
    if request.param == "streamed":
        monkeypatch.setattr(reading, "CALAMINE_MOST_SHEET_BYTES", 0)


@pytest.fixture
def characters_read(monkeypatch):
    """The characters each check that reads a text whole was given: garbling, fingerprint."""
    read = []
    meant, compared = garbled.meant, fingerprints.Fingerprints._compared

    def counted_meant(text):
        read.append(len(text))
        return meant(text)

    def counted_compared(self, index, value):
        found = compared(self, index, value)
        read.append(len(found))
        return found

    monkeypatch.setattr(garbled, "meant", counted_meant)
    monkeypatch.setattr(fingerprints.Fingerprints, "_compared", counted_compared)
    return read


@pytest.fixture
def dry_run_result(tmp_path):
    """`mteja import FILE --dry-run --result R` of a workbook's bytes by a user: the result
    file's bytes, and its rows as a spreadsheet reads them."""

    def result_of(user, data: bytes) -> tuple[bytes, list[list[str]]]:
        source, result = tmp_path / "source.xlsx", tmp_path / "result.csv"
        source.write_bytes(data)
        call_command(
            "import", str(source), "--user", user.username, "--dry-run",
            "--result", str(result), "--no-progress",
        )  # fmt: skip
        written = result.read_bytes()
        return written, list(csv.reader(io.StringIO(written.decode("utf-8-sig"))))

    return result_of
