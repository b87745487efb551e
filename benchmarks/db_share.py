"""What each piece of PostgreSQL's own share of an import costs: the server's CPU a client.

The last `--clients` clients of the database (an import's, as `import_bench.py` leaves them)
and their rows in the tables an import writes are read out as COPY text, deleted, then
written back by COPY — as the import's batches write them — again and again, each time in a
transaction rolled back after, with pieces taken away inside that transaction. The variants:
`base` (everything); `-indexes:TABLE` (the table's indexes but its constraints'); `only:INDEX`
(its table's other indexes away: what that one adds to the table's statement);
`-fk:all` and `only:CONSTRAINT` (the same for the foreign keys); `changes:json` (the
journal's `changes` as `json`, beside `changes:jsonb_rewritten`, the same rewrite of the table
keeping `jsonb`); `gin:fastupdate_off` (the search's GIN without its pending list); with
`--only`, also `-INDEX` (that one away, the others kept).

The server's CPU is read from the server process's own scheduler clock (/proc/PID/schedstat:
nanoseconds on a core, whatever the machine's load), so the server must run on this
machine. The deferred foreign-key checks run by `SET CONSTRAINTS ALL IMMEDIATE` before the
rollback, and the GIN's pending list is emptied (`gin_clean_pending_list`) and counted, as a
commit and the later flush would pay them. Each pass is followed by a VACUUM of the tables.
Variants are alternated round by round; printed as JSON: each part's median, µs a client,
and its least and most over the rounds. PostgreSQL only; run it on a benchmark's database
(it deletes those clients' rows, and puts them back whatever happens after).

    DATABASE_URL=postgres://… .venv/bin/python benchmarks/db_share.py --clients 3000 \
        --rounds 3 [--only base,-clients_mobile_key] [--output FILE]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import env  # noqa: E402
from benchmarks.import_bench import WRITTEN  # noqa: E402
from benchmarks.report import print_report

GIN = "clients_search_name_trgm"
JOURNAL = "core_auditevent"


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", help="comma-separated variants (default: every one)")
    parser.add_argument("--skip", help="comma-separated starts of variants' names left out")
    parser.add_argument("--output", type=Path, help="also write the JSON here")
    return parser.parse_args()


class Server:
    """One connection and its server process's CPU clock."""

    def __init__(self, raw):
        self.raw, self.cursor = raw, raw.cursor()
        self.pid = self.one("SELECT pg_backend_pid()")

    def one(self, sql: str, params=()):
        self.cursor.execute(sql, params)
        return self.cursor.fetchone()[0]

    def cpu_ns(self) -> int:
        with open(f"/proc/{self.pid}/schedstat") as stat:
            return int(stat.read().split()[0])

    def timed(self, work: Callable[[], object]) -> int:
        started = self.cpu_ns()
        work()
        return self.cpu_ns() - started

    def copy_in(self, table: str, text: bytes) -> None:
        with self.cursor.copy(f"COPY {table} FROM STDIN") as copy:
            copy.write(text)

    def copy_out(self, sql: str) -> bytes:
        buffer = io.BytesIO()
        with self.cursor.copy(f"COPY ({sql}) TO STDOUT") as copy:
            for chunk in copy:
                buffer.write(chunk)
        return buffer.getvalue()


def _indexes(server: Server) -> list[tuple[str, str]]:
    tables = [table for table, _column in WRITTEN]
    server.cursor.execute(
        "SELECT tablename, indexname FROM pg_indexes WHERE tablename = ANY(%s) "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY 1, 2",
        [tables],
    )
    return server.cursor.fetchall()


def _foreign_keys(server: Server) -> list[tuple[str, str]]:
    tables = [table for table, _column in WRITTEN]
    server.cursor.execute(
        "SELECT conrelid::regclass::text, conname FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s) ORDER BY 1, 2",
        [tables],
    )
    return server.cursor.fetchall()


def _variants(
    indexes: list[tuple[str, str]], foreign_keys: list[tuple[str, str]]
) -> dict[str, list[str]]:
    """Each variant: the statements that take its piece away, run inside the transaction."""
    variants = {"base": []}
    for table, _column in WRITTEN:
        dropped = [f"DROP INDEX {name}" for owner, name in indexes if owner == table]
        variants[f"-indexes:{table}"] = dropped
    # One piece alone, the others of its kind away: its statement is then small, and so is
    # the noise on what the piece adds to it.
    for table, name in indexes:
        others = [f"DROP INDEX {other}" for owner, other in indexes if owner == table]
        variants[f"only:{name}"] = [drop for drop in others if not drop.endswith(f" {name}")]
    variants["-fk:all"] = [f"ALTER TABLE {t} DROP CONSTRAINT {n}" for t, n in foreign_keys]
    for _table, name in foreign_keys:
        variants[f"only:{name}"] = [d for d in variants["-fk:all"] if not d.endswith(f" {name}")]
    # The type changed rewrites the table; the control rewrites it keeping jsonb.
    variants["changes:json"] = [f"ALTER TABLE {JOURNAL} ALTER COLUMN changes TYPE json"]
    variants["changes:jsonb_rewritten"] = [
        f"ALTER TABLE {JOURNAL} ALTER COLUMN changes TYPE jsonb USING changes::text::jsonb"
    ]
    variants["gin:fastupdate_off"] = [f"ALTER INDEX {GIN} SET (fastupdate = off)"]
    return variants


def _one_pass(server: Server, texts: dict[str, bytes], undo: list[str]) -> dict[str, int]:
    """The rows written back with `undo`'s pieces away; the server's ns by part."""
    spent: dict[str, int] = {}
    server.cursor.execute("BEGIN")
    try:
        for statement in undo:
            server.cursor.execute(statement)
        for table, _column in WRITTEN:
            spent[table] = server.timed(lambda t=table: server.copy_in(t, texts[t]))
        spent["gin_pending"] = server.timed(
            lambda: server.cursor.execute(
                "SELECT gin_clean_pending_list(c.oid) FROM pg_class c WHERE c.relname = %s",
                [GIN],
            )
        )
        spent["fk_checks"] = server.timed(
            lambda: server.cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        )
    finally:
        server.cursor.execute("ROLLBACK")
    server.cursor.execute(f"VACUUM {', '.join(table for table, _column in WRITTEN)}")
    return spent


def main() -> dict:
    options = _options()
    env.setup()
    from benchmarks.measure import Bare

    bare = Bare()
    if bare.sqlite:
        raise SystemExit("db_share.py: PostgreSQL only")
    server = Server(bare.raw)
    last = server.one("SELECT max(id) FROM clients_client")
    first = last - options.clients + 1
    texts = {
        table: server.copy_out(f"SELECT * FROM {table} WHERE {column} >= {first}")  # noqa: S608
        for table, column in WRITTEN
    }
    rows = {table: text.count(b"\n") for table, text in texts.items()}
    indexes = _indexes(server)
    variants = _variants(indexes, _foreign_keys(server))
    if options.only:  # also "-INDEX": that index alone away, the others kept
        variants |= {f"-{name}": [f"DROP INDEX {name}"] for _table, name in indexes}
        variants = {name: variants[name] for name in options.only.split(",")}
    elif options.skip:
        variants = {
            n: u for n, u in variants.items() if not n.startswith(tuple(options.skip.split(",")))
        }
    server.cursor.execute("BEGIN")
    for table, column in reversed(WRITTEN):
        server.cursor.execute(f"DELETE FROM {table} WHERE {column} >= {first}")  # noqa: S608
    server.cursor.execute("COMMIT")
    samples: dict[str, list[dict[str, int]]] = {name: [] for name in variants}
    try:
        server.cursor.execute(f"VACUUM ANALYZE {', '.join(t for t, _c in WRITTEN)}")
        for _round in range(options.rounds):
            for name, undo in variants.items():
                samples[name].append(_one_pass(server, texts, undo))
    finally:  # the rows put back for good
        server.cursor.execute("BEGIN")
        for table, _column in WRITTEN:
            server.copy_in(table, texts[table])
        server.cursor.execute("COMMIT")
    report = {
        "benchmark": "db_share",
        "clients": options.clients,
        "rows": rows,
        "rounds": options.rounds,
        "us_per_client": {name: _medians(runs, options.clients) for name, runs in samples.items()},
    }
    print_report(report, options.output)
    return report


def _medians(runs: list[dict[str, int]], clients: int) -> dict:
    """Each part's median, µs a client, and its least and most (`spread`) over the rounds."""
    per_client = [{part: ns / clients / 1000 for part, ns in run.items()} for run in runs]
    for run in per_client:
        run["total"] = sum(run.values())
    return {
        **{
            part: round(statistics.median(r[part] for r in per_client), 2) for part in per_client[0]
        },
        "spread": {
            part: [
                round(min(r[part] for r in per_client), 2),
                round(max(r[part] for r in per_client), 2),
            ]
            for part in per_client[0]
        },
    }


if __name__ == "__main__":
    main()
