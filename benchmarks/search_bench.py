"""Client search through HTTP at scale, beside the bare database (`benchmarks/search_bench.py`).

Issue 10's fixed mix of queries, each taken from the generated data itself (a common surname,
a rare first name, a fragment, a full name in both orders, a misspelling, a name with its
accents stripped, an account number, a mobile number in local form, an ID number, a
filter-only page), sent by head office and by a branch user to Fineract's
`POST /v2/clients/search` (what the Mifos X web-app's clients list calls) on a real server,
and five of them to the toolbar's `GET /search` (clients, documents, centers and groups),
each request followed on a bare connection by the search engine's own page query (compiled
by the ORM, the user's offices as one condition). Prints JSON: per
scenario p50/p95/p99 ms, the bare SQL's p50/p95, queries per request and how many clients
the API found.

    DATABASE_URL=… .venv/bin/python benchmarks/search_bench.py --output var/bench/search.json
"""

from __future__ import annotations

import json
import sys
import unicodedata
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.http_bench import Bench, common_options, run_and_report  # noqa: E402 (sets Django up)
from benchmarks.institution import BRANCH_USER  # noqa: E402
from benchmarks.measure import CLIENT  # noqa: E402
from benchmarks.server import API  # noqa: E402

SEARCH = "/fineract-provider/api/v2/clients/search"
# The texts also sent to the toolbar's GET /search.
GLOBAL = ("common_surname", "full_name", "account_number", "mobile_local_form", "id_number")
FILTER_SQL = (
    f"SELECT c.id FROM {CLIENT} c WHERE c.office_id = %s AND c.status = %s "  # noqa: S608
    "ORDER BY c.id DESC LIMIT %s"
)


def _strip_accents(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


class SearchBench(Bench):
    def texts(self, hierarchy: str | None = None) -> dict[str, str]:
        """The mix, read from the data: every query names real clients, and with `hierarchy`
        (a branch user's) the names and numbers of one of that branch's own clients, so that
        a branch user's search finds and lists what it looks for."""
        one = self.bare.one
        scope, params = "", ()
        if hierarchy:
            scope = " AND office_id IN (SELECT id FROM organisation_office WHERE hierarchy LIKE %s)"
            params = (f"{hierarchy}%",)
        common = one(
            f"SELECT lastname FROM {CLIENT} WHERE LENGTH(lastname) >= 5 "  # noqa: S608
            "GROUP BY lastname ORDER BY COUNT(*) DESC LIMIT 1"
        )
        rare = one(
            f"SELECT firstname FROM {CLIENT} WHERE firstname IS NOT NULL{scope} "  # noqa: S608
            "GROUP BY firstname ORDER BY COUNT(*), firstname LIMIT 1",
            params,
        )
        first, last, account, mobile = self.bare.run(
            f"SELECT firstname, lastname, account_no, mobile_no FROM {CLIENT} "  # noqa: S608
            "WHERE firstname IS NOT NULL AND lastname IS NOT NULL AND mobile_no LIKE '0%%'"
            f"{scope} ORDER BY id LIMIT 1 OFFSET 1000",
            params,
        )[0][0]
        accented = next(
            (
                name
                for (name,) in self.bare.run(
                    f"SELECT lastname FROM {CLIENT} WHERE lastname IS NOT NULL{scope} "  # noqa: S608
                    "ORDER BY id LIMIT 5000",
                    params,
                )[0]
                if _strip_accents(name) != name
            ),
            common,
        )
        document = one(
            "SELECT document_key FROM clients_clientidentifier WHERE client_id IN "  # noqa: S608
            f"(SELECT id FROM {CLIENT} WHERE 1 = 1{scope}) ORDER BY id LIMIT 1",
            params,
        )
        return {
            "common_surname": common,
            "rare_first_name": rare,
            "fragment_3_letters": common[:3],
            "full_name": f"{first} {last}",
            "full_name_reversed": f"{last} {first}",
            "misspelled_surname": common[0] + common[2] + common[1] + common[3:],
            "accents_stripped": _strip_accents(accented),
            "account_number": account,
            "mobile_local_form": mobile,
            "id_number": document,
        }

    def run(self) -> dict:
        texts = {}
        for who, hierarchy in (("session", None), ("branch", self._branch_hierarchy())):
            texts[who] = self.texts(hierarchy)
            where = "head_office" if who == "session" else "branch"
            for name, text in texts[who].items():
                self._search(f"{name}_{where}", who, text, hierarchy)
            for name in GLOBAL:
                self._global(f"global_{name}_{where}", who, texts[who][name], hierarchy)
        self._filter_only()
        return {
            "benchmark": "search_bench",
            "database": self.bare.vendor,
            "clients": self.count,
            "queries": texts,
            "scenarios": self.results,
        }

    def _branch_hierarchy(self) -> str:
        from mteja.users.models import AppUser

        return AppUser.objects.get(username=BRANCH_USER).office.hierarchy

    def _engine_sql(self, text: str, hierarchy: str | None) -> tuple[str, tuple]:
        """The search's own page query (clients/search), compiled by the ORM as the API
        compiles it, over the user's offices as one condition: the ids of the best-ranked
        of the newest matches."""
        from django.db.models import Q

        from mteja.clients.models import Client
        from mteja.clients.search.matching import SCORE, kept_matches, matches
        from mteja.core.paging import keep_newest

        rows = matches(Client.objects.all(), text)
        if hierarchy:
            rows = rows.filter(
                Q(office__hierarchy__startswith=hierarchy)
                | Q(transfer_to_office__hierarchy__startswith=hierarchy)
            )
        page = keep_newest(rows, kept_matches()).order_by(f"-{SCORE}", "-id")
        sql, params = page.values_list("pk", flat=True)[: self.size].query.sql_with_params()
        return sql, tuple(params)

    def _search(self, name: str, who: str, text: str, hierarchy: str | None) -> None:
        body = {"request": {"text": text}, "page": 0, "size": self.size}
        sql, params = self._engine_sql(text, hierarchy)
        # One request first, not measured: what it found, and the server's and the database's
        # caches warmed for this text, as they are for any text searched twice.
        _status, content, _ms = self.http[who].request("POST", SEARCH, body)
        self.scenario(name, who, lambda: (SEARCH, params, body), sql, method="POST")
        self.results[name]["found"] = json.loads(content).get("totalElements")

    def _global(self, name: str, who: str, text: str, hierarchy: str | None) -> None:
        """The web-app's toolbar search, GET /search (clients, their identity documents,
        centers and groups), beside the same page query of the clients' part."""
        query = urllib.parse.urlencode(
            {"query": text, "resource": "clients,clientIdentifiers,groups", "exactMatch": "false"}
        )
        url = f"{API}/search?{query}"
        sql, params = self._engine_sql(text, hierarchy)
        _status, content, _ms = self.http[who].request("GET", url)
        self.scenario(name, who, lambda: (url, params, None), sql)
        self.results[name]["found"] = len(json.loads(content))

    def _filter_only(self) -> None:
        office = self.bare.one(
            f"SELECT office_id FROM {CLIENT} GROUP BY office_id ORDER BY COUNT(*) DESC LIMIT 1"  # noqa: S608
        )
        url = f"{API}/clients?officeId={office}&status=active&limit={self.size}"
        self.scenario(
            "filter_office_and_status_head_office",
            "session",
            lambda: (url, (office, 300, self.size), None),
            FILTER_SQL,
        )


if __name__ == "__main__":
    run_and_report(SearchBench, common_options(__doc__, repeat=20, budget=15).parse_args())
