"""Django set up for a benchmark script: DATABASE_URL, or a SQLite file in var/bench."""

from __future__ import annotations

import os
import sys
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
