"""Mteja through HTTP at scale, beside the bare database: `python benchmarks/http_bench.py`.

Starts a real server (gunicorn, `mteja serve --no-worker`) on the database generate.py
filled (DATABASE_URL, or var/bench/bench.sqlite3), measures every figure of issue 8's table
through HTTP with each request followed by the same SQL on a bare connection, and prints
JSON: per scenario p50/p95/p99 ms, req/s where it matters, bare-SQL p50/p95 and queries per
request (counted in-process through Django's test client, see measure.py).
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import env, wrk_load  # noqa: E402
from benchmarks.report import print_report

env.setup()

from benchmarks.institution import ADMIN, BRANCH_USER, PASSWORD  # noqa: E402
from benchmarks.measure import CLIENT, DETAIL_SQL, Bare, Queries, summary  # noqa: E402
from benchmarks.server import API, Http, running_server  # noqa: E402

PAGE_SQL = f"SELECT * FROM {CLIENT} c {{where}} ORDER BY c.id LIMIT %s"  # noqa: S608


class Bench:
    def __init__(self, options: argparse.Namespace, port: int):
        self.options, self.port = options, port
        self.rng = random.Random(options.seed)
        self.bare = Bare()
        self.max_id = self.bare.one(f"SELECT MAX(id) FROM {CLIENT}")  # noqa: S608
        self.count = self.bare.one(f"SELECT COUNT(*) FROM {CLIENT}")  # noqa: S608
        self.size = options.page_size
        self.results: dict[str, dict] = {}
        self.queries = {
            "basic": Queries(ADMIN, PASSWORD, basic=True),
            "session": Queries(ADMIN, PASSWORD, basic=False),
            "branch": Queries(BRANCH_USER, PASSWORD, basic=False),
        }
        self.http = {
            "basic": Http(port).basic(ADMIN, PASSWORD),
            "session": Http(port).login(ADMIN, PASSWORD),
            "branch": Http(port).login(BRANCH_USER, PASSWORD),
        }

    def random_id(self) -> int:
        return self.rng.randint(1, self.max_id)

    def scenario(self, name, who, path, sql, *, repeat=None, method="GET"):
        """Requests `path` (a callable giving (URL, bare-SQL params, body) per round) `repeat`
        times, each followed by its bare SQL; stops early (after at least 5) when the
        scenario's time budget is spent, so a slow server cannot stretch the run."""
        repeat = repeat or self.options.repeat
        api, bare, statuses = [], [], {}
        deadline = time.monotonic() + self.options.budget
        for _ in range(repeat):
            if len(api) >= 5 and time.monotonic() > deadline:
                break
            url, sql_params, payload = path()
            status, _content, ms = self.http[who].request(method, url, payload)
            statuses[status] = statuses.get(status, 0) + 1
            api.append(ms)
            if sql:
                bare.append(self._bare(sql, sql_params))
        url, _p, payload = path()
        self.results[name] = {
            "requests": len(api),
            **summary(api),
            "req_per_s": round(len(api) / (sum(api) / 1000), 1),
            **{k: v for k, v in summary(bare, "bare_").items() if "p99" not in k},
            "queries": self.queries[who].count(method, url, payload),
            "statuses": statuses,
        }
        refused = {status: n for status, n in statuses.items() if status >= 400}
        if refused:  # e.g. an OFFSET beyond the server's bound
            self.results[name]["note"] = f"refused: {refused} of {len(api)} (times include them)"

    def _bare(self, sql, params) -> float:
        if callable(sql):
            return sql(params)
        return self.bare.run(sql, params)[1]

    def detail(self) -> tuple[str, tuple, None]:
        client_id = self.random_id()
        return f"{API}/clients/{client_id}", (client_id,), None

    def run(self) -> dict:
        o = self.options
        self.scenario("detail_basic", "basic", self.detail, DETAIL_SQL)
        self.scenario("detail_session", "session", self.detail, DETAIL_SQL)
        page = f"{API}/clients?limit={self.size}"
        self.scenario(
            "first_page_head_office",
            "session",
            lambda: (page, (self.size,), None),
            PAGE_SQL.format(where=""),
        )
        self.scenario(
            "first_page_branch_user",
            "branch",
            lambda: (page, (self.size,), None),
            PAGE_SQL.format(where=self._branch_scope()),
        )
        self._far_pages()
        self._concurrent()
        self._creates()
        self.scenario(
            "web_client_list",
            "session",
            lambda: ("/clients/", (self.size,), None),
            PAGE_SQL.format(where=""),
        )
        self.scenario(
            "web_client_page",
            "session",
            lambda: (f"/clients/{(i := self.random_id())}/", (i,), None),
            DETAIL_SQL,
        )
        return {
            "benchmark": "http",
            "database": self.bare.vendor,
            "clients": self.count,
            "workers": o.workers,
            "page_size": self.size,
            "repeat": o.repeat,
            "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "scenarios": self.results,
        }

    def _branch_scope(self) -> str:
        from mteja.users.models import AppUser

        hierarchy = AppUser.objects.get(username=BRANCH_USER).office.hierarchy
        subtree = f"(SELECT id FROM organisation_office WHERE hierarchy LIKE '{hierarchy}%%')"
        return f"WHERE c.office_id IN {subtree} OR c.transfer_to_office_id IN {subtree}"

    def _offset_page(self, name: str, offset: int) -> None:
        self.scenario(
            name,
            "session",
            lambda: (f"{API}/clients?offset={offset}&limit={self.size}", (self.size, offset), None),
            PAGE_SQL.format(where="") + " OFFSET %s",
        )
        self.results[name]["offset"] = offset

    def _far_pages(self) -> None:
        from django.conf import settings

        offset = self.options.far_offset or self.count // 2
        self._offset_page("far_page_offset", offset)
        bound = getattr(settings, "MTEJA_API_MAX_OFFSET", None)
        if "note" in self.results["far_page_offset"] and bound and bound < offset:
            self._offset_page("far_page_offset_bound", bound)  # the deepest page allowed
        anchor = self.bare.one(
            f"SELECT id FROM {CLIENT} ORDER BY id LIMIT 1 OFFSET %s", (offset - 1,)
        )  # noqa: S608
        param = self.options.seek_param
        url = f"{API}/clients?{param}={anchor}&limit={self.size}"
        status, content, _ms = self.http["session"].get(url)
        if status == 400:
            self.results["far_page_seek"] = {
                "skipped": f"{param} answered 400",
                "body": content[:300].decode(),
            }
            return
        page = json.loads(content)
        items = page.get("pageItems", []) if isinstance(page, dict) else page
        self.scenario(
            "far_page_seek",
            "session",
            lambda: (url, (anchor, self.size), None),
            PAGE_SQL.format(where="WHERE c.id > %s"),
        )
        if not items or items[0]["id"] <= anchor:
            self.results["far_page_seek"]["note"] = f"{param} was ignored: page 1 came back"

    def _concurrent(self) -> None:
        """GET /clients/{id} on `connections` keep-alive connections for `duration` s."""
        o = self.options
        samples: list[float] = []
        errors = []
        stop = time.monotonic() + o.duration

        def worker(seed: int):
            rng = random.Random(seed)
            http = Http(self.port).basic(ADMIN, PASSWORD)
            while time.monotonic() < stop:
                status, _c, ms = http.get(f"{API}/clients/{rng.randint(1, self.max_id)}")
                samples.append(ms) if status == 200 else errors.append(status)

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(o.connections)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        self.results["detail_concurrent"] = {
            "connections": o.connections,
            "seconds": round(elapsed, 1),
            "requests": len(samples),
            "errors": len(errors),
            **summary(samples),
            "req_per_s": round(len(samples) / elapsed, 1),
        }
        if wrk_load.available():
            self.results["detail_concurrent_wrk"] = wrk_load.run(
                port=self.port,
                api=API,
                authorization=Http(self.port).basic(ADMIN, PASSWORD).headers["Authorization"],
                max_id=self.max_id,
                connections=o.connections,
                seconds=o.duration,
            )
        else:
            self.results["detail_concurrent_wrk"] = {"note": "wrk is not installed"}

    def _creates(self) -> None:
        from benchmarks.bare_create import BareCreate

        creator = BareCreate(self.bare, self.rng)
        self.scenario(
            "create_typical",
            "session",
            creator.request,
            creator.insert,
            repeat=self.options.creates,
            method="POST",
        )


def common_options(doc: str, *, repeat: int, budget: float) -> argparse.ArgumentParser:
    """The options every HTTP benchmark takes (this one's and search_bench.py's)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=repeat, help="requests per scenario")
    parser.add_argument("--budget", type=float, default=budget, help="seconds per scenario at most")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--page-size", type=int, default=20)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--output", type=Path, help="also write the JSON to this file")
    return parser


def run_and_report(bench: type[Bench], options: argparse.Namespace) -> None:
    """Runs `bench` against a started server and prints (and writes) its JSON report."""
    started = time.perf_counter()
    with running_server(options.workers, options.port or None) as port:
        report = bench(options, port).run()
    report["seconds"] = round(time.perf_counter() - started, 1)
    print_report(report, options.output)


def _options() -> argparse.Namespace:
    parser = common_options(__doc__, repeat=100, budget=45)
    parser.add_argument("--creates", type=int, default=100, help="clients created")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=float, default=15, help="seconds of the load test")
    parser.add_argument("--far-offset", type=int, default=0, help="default: half the clients")
    parser.add_argument("--seek-param", default="afterId", help="the seek-paging parameter")
    return parser.parse_args()


if __name__ == "__main__":
    run_and_report(Bench, _options())
