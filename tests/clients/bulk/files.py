"""Client files as tests write them."""

import re


def csv_file(*lines: str, delimiter=",", bom=True) -> bytes:
    """The lines as a CSV file (CRLF; `delimiter` in place of each comma; a BOM by default)."""
    text = "\r\n".join(line.replace(",", delimiter) for line in lines)
    return (("\ufeff" if bom else "") + text).encode()


def queries_of_import(user, header: str, rows: list[str]) -> int:
    """The queries importing `rows` (in one batch) took; every row must be imported. A
    table's rows written together count once: SQLite's INSERTs of a batch's rows of a table
    are statements of a few sizes (core/bulk_insert.py: 64 rows, then a power of two each),
    at most STATEMENTS_A_TABLE for the fewer than 128 rows of a table these tests write, so
    that a statement a row (more than that for 15 clients) still fails them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mteja.clients.bulk.importing import ClientImport

    importer = ClientImport(user=user, source=csv_file(header, *rows))
    with CaptureQueriesContext(connection) as captured:
        report = importer.run(batch_size=100)
    assert report.summary()["imported"] == len(rows)
    counted, table, run = 0, None, 0
    for query in captured.captured_queries:
        inserted = _INSERT.match(query["sql"])
        if inserted and inserted[1] == table:
            run += 1
            assert run <= STATEMENTS_A_TABLE, query["sql"][:80]
            continue
        counted, table, run = counted + 1, inserted and inserted[1], 1
    return counted


_INSERT = re.compile(r"INSERT (?:OR IGNORE )?INTO (\S+)")
STATEMENTS_A_TABLE = 7  # 127 rows: 64, 32, 16, 8, 4, 2, 1


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
