"""Django set up for a benchmark script: DATABASE_URL, or a SQLite file in var/bench."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DEFAULT_SQLITE = BENCH_DIR / "bench.sqlite3"


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}"


def configure() -> dict[str, str]:
    """Sets the environment a benchmark (and the server it starts) runs with."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mteja.settings")
    os.environ.setdefault("MTEJA_VAR_DIR", str(BENCH_DIR))
    os.environ["DATABASE_URL"] = database_url()
    return dict(os.environ)


def setup() -> None:
    configure()
    import django

    django.setup()


def sqlite_file() -> Path:
    """The benchmark's SQLite database file (a script that copies it refuses any other)."""
    url = database_url()
    if not url.startswith("sqlite:///"):
        raise SystemExit("this script copies a SQLite database: set DATABASE_URL to one")
    return Path(url.removeprefix("sqlite://"))


def institution_with_file(file: Path, rows: int, seed: int) -> Path | str:
    """The bench institution in the database (made if missing, migrated) and the client file
    of `import_bench.py` at `file` (written if missing); the database's file (SQLite) or
    name (PostgreSQL)."""
    database = sqlite_file() if database_url().startswith("sqlite") else None
    from benchmarks.generate import set_up

    set_up(fresh=False)
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.import_bench import write_file

    call_command("migrate", verbosity=0)
    if not file.exists():
        write_file(file, rows, seed)
    name = connection.settings_dict["NAME"]
    connection.close()
    return database or name


@contextmanager
def database_put_back(database: Path | str) -> Iterator[Callable[[], None]]:
    """The SQLite file (or PostgreSQL database, by its name) copied aside; yields `again`,
    which puts the copy back (so each run writes the same rows into the same tables); the
    database as it was at the end."""
    from django.db import connection

    if isinstance(database, str):
        with _postgres_put_back(database) as again:
            yield again
        return
    kept = database.with_name(database.name + ".kept")
    shutil.copy(database, kept)

    def again(source=kept, move=False) -> None:
        connection.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        (shutil.move if move else shutil.copy)(source, database)

    try:
        yield again
    finally:
        again(move=True)


@contextmanager
def _postgres_put_back(name: str) -> Iterator[Callable[[], None]]:
    """`database_put_back` on PostgreSQL: the database copied as a template
    (`CREATE DATABASE … TEMPLATE`), dropped and made again from it by `again`."""
    import psycopg
    from django.db import connection

    settings = connection.settings_dict
    server = {
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
        "dbname": "postgres",
    }
    kept = f"{name}_kept"

    def run(*statements: str) -> None:
        with psycopg.connect(**server, autocommit=True) as admin:
            for statement in statements:
                admin.execute(statement)

    def copy(source: str, target: str) -> None:
        connection.close()
        run(
            f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)',
            f'CREATE DATABASE "{target}" TEMPLATE "{source}"',
        )

    copy(name, kept)
    try:
        yield lambda: copy(kept, name)
    finally:
        copy(kept, name)
        run(f'DROP DATABASE "{kept}"')
