"""Client search through HTTP at scale, beside the bare database (`benchmarks/search_bench.py`).

Issue 10's fixed mix of queries, each taken from the generated data itself (a common surname,
a rare first name, a fragment, a full name in both orders, a misspelling, a name with its
accents stripped, an account number, a mobile number in local form, an ID number, a
filter-only page), sent by head office and by a branch user to Fineract's
`POST /v2/clients/search` (what the Mifos X web-app's clients list calls) on a real server,
each request followed by the SQL of the same search on a bare connection. Prints JSON: per
scenario p50/p95/p99 ms, the bare SQL's p50/p95, queries per request and how many clients
the API found.

    DATABASE_URL=… .venv/bin/python benchmarks/search_bench.py --output var/bench/search.json
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.http_bench import Bench, common_options, run_and_report  # noqa: E402 (sets Django up)
from benchmarks.measure import CLIENT  # noqa: E402
from benchmarks.server import API  # noqa: E402

SEARCH = "/fineract-provider/api/v2/clients/search"
# The search as the API runs it today: a substring of the name, account number, external id
# or mobile number, newest first, one page.
TEXT_SQL = (
    f"SELECT c.id FROM {CLIENT} c WHERE {{scope}} (UPPER(c.display_name) LIKE UPPER(%s) "  # noqa: S608
    "OR UPPER(c.account_no) LIKE UPPER(%s) OR UPPER(c.external_id) LIKE UPPER(%s) "
    "OR UPPER(c.mobile_no) LIKE UPPER(%s)) ORDER BY c.id DESC LIMIT %s"
)
FILTER_SQL = (
    f"SELECT c.id FROM {CLIENT} c WHERE c.office_id = %s AND c.status = %s "  # noqa: S608
    "ORDER BY c.id DESC LIMIT %s"
)


def _strip_accents(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


class SearchBench(Bench):
    def texts(self) -> dict[str, str]:
        """The mix, read from the data: every query names real clients."""
        one = self.bare.one
        common = one(
            f"SELECT lastname FROM {CLIENT} WHERE LENGTH(lastname) >= 5 "  # noqa: S608
            "GROUP BY lastname ORDER BY COUNT(*) DESC LIMIT 1"
        )
        rare = one(
            f"SELECT firstname FROM {CLIENT} WHERE firstname IS NOT NULL "  # noqa: S608
            "GROUP BY firstname ORDER BY COUNT(*), firstname LIMIT 1"
        )
        first, last, account, mobile = self.bare.run(
            f"SELECT firstname, lastname, account_no, mobile_no FROM {CLIENT} "  # noqa: S608
            "WHERE firstname IS NOT NULL AND lastname IS NOT NULL AND mobile_no LIKE '0%%' "
            "ORDER BY id LIMIT 1 OFFSET 1000"
        )[0][0]
        accented = next(
            (
                name
                for (name,) in self.bare.run(
                    f"SELECT lastname FROM {CLIENT} WHERE lastname IS NOT NULL "  # noqa: S608
                    "ORDER BY id LIMIT 5000"
                )[0]
                if _strip_accents(name) != name
            ),
            common,
        )
        document = one("SELECT document_key FROM clients_clientidentifier ORDER BY id LIMIT 1")
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
        scope = self._branch_scope().removeprefix("WHERE ")
        texts = self.texts()
        for who, where in (("session", ""), ("branch", f"({scope}) AND")):
            for name, text in texts.items():
                self._search(f"{name}_{'head_office' if who == 'session' else 'branch'}",
                             who, text, TEXT_SQL.format(scope=where))  # fmt: skip
        self._filter_only()
        return {
            "benchmark": "search_bench",
            "database": self.bare.vendor,
            "clients": self.count,
            "queries": texts,
            "scenarios": self.results,
        }

    def _search(self, name: str, who: str, text: str, sql: str) -> None:
        body = {"request": {"text": text}, "page": 0, "size": self.size}
        pattern = f"%{text}%"
        self.scenario(
            name,
            who,
            lambda: (SEARCH, (pattern, pattern, pattern, pattern, self.size), body),
            sql,
            method="POST",
        )
        _status, content, _ms = self.http[who].request("POST", SEARCH, body)
        self.results[name]["found"] = json.loads(content).get("totalElements")

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
