"""Client files as tests write them."""


def csv_file(*lines: str, delimiter=",", bom=True) -> bytes:
    """The lines as a CSV file (CRLF; `delimiter` in place of each comma; a BOM by default)."""
    text = "\r\n".join(line.replace(",", delimiter) for line in lines)
    return (("\ufeff" if bom else "") + text).encode()


def queries_of_import(user, header: str, rows: list[str]) -> int:
    """The queries importing `rows` (in one batch) took; every row must be imported."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mteja.clients.bulk.importing import ClientImport

    importer = ClientImport(user=user, source=csv_file(header, *rows))
    with CaptureQueriesContext(connection) as captured:
        report = importer.run(batch_size=100)
    assert report.summary()["imported"] == len(rows)
    return len(captured)


def stopped_in_the_second_batch(monkeypatch, stop):
    """Batches of two rows, the second one's record raising `stop` (a kill, Ctrl-C); returns
    what puts the record back, for the job to be resumed."""
    from mteja.clients.imports import running

    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    record = running._record_batch

    def stopping(job, results, last_line, writing):
        if job.rows_done == 2:
            raise stop
        record(job, results, last_line, writing)

    monkeypatch.setattr(running, "_record_batch", stopping)
    return lambda: monkeypatch.setattr(running, "_record_batch", record)
