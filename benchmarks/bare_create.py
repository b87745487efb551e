"""The typical create: its API body, and the same client inserted on the bare database.

The bare insert writes every column of the client row (built by load.Table, so derived
columns are included) and commits, which is the least a create must do.
"""

from __future__ import annotations

import datetime
import random
import time

from benchmarks.load import Table, sqlite_value
from benchmarks.measure import Bare
from benchmarks.server import API
from mteja.clients.models import Client


class BareCreate:
    def __init__(self, bare: Bare, rng: random.Random):
        self.bare, self.rng, self.table = bare, rng, Table(Client)
        self.offices = [
            row[0]
            for row in bare.run(
                "SELECT id FROM organisation_office WHERE id NOT IN "
                "(SELECT parent_id FROM organisation_office WHERE parent_id IS NOT NULL)"
            )[0]
        ]
        self.serial = time.time_ns()

    def _client(self) -> dict:
        self.serial += 1
        today = datetime.date.today()
        return {
            "office_id": self.rng.choice(self.offices),
            "firstname": "Wanjiru",
            "lastname": f"Kamau{self.serial % 997}",
            "mobile_no": f"+2547{self.rng.randrange(10**8):08d}",
            "date_of_birth": today - datetime.timedelta(days=self.rng.randint(18 * 365, 70 * 365)),
            "external_id": f"BENCH-{self.serial}",
            "submitted_on": today,
            "activation_date": today,
            "office_joining_date": today,
            "status": 300,
        }

    def request(self) -> tuple[str, dict, dict]:
        """(URL, the client for the bare insert, the API body): the same client twice, apart
        from its external id."""
        client = self._client()
        body = {
            "officeId": client["office_id"],
            "legalFormId": 1,
            "firstname": client["firstname"],
            "lastname": client["lastname"],
            "mobileNo": client["mobile_no"],
            "externalId": client["external_id"],
            "dateOfBirth": client["date_of_birth"].isoformat(),
            "active": True,
            "activationDate": client["activation_date"].isoformat(),
            "submittedOnDate": client["submitted_on"].isoformat(),
            "dateFormat": "yyyy-MM-dd",
            "locale": "en",
        }
        return f"{API}/clients", self._client(), body

    def insert(self, client: dict) -> float:
        now = datetime.datetime.now(datetime.UTC)
        values = dict(
            zip(
                self.table.attnames,
                self.table.values({**client, "id": 0, "created_on": now, "last_modified_on": now}),
                strict=True,
            )
        )
        values.pop("id")
        values["account_no"] = None
        if self.bare.sqlite:
            values = {k: sqlite_value(v) for k, v in values.items()}
        columns = ", ".join(f'"{c}"' for c in self.table.columns if c != "id")
        marks = ", ".join(["%s"] * len(values))
        start = time.perf_counter()
        sql = f"INSERT INTO {self.table.name} ({columns}) VALUES ({marks})"  # noqa: S608
        cursor = self.bare.raw.cursor()
        cursor.execute(sql.replace("%s", "?") if self.bare.sqlite else sql, list(values.values()))
        cursor.close()
        self.bare.commit()
        return (time.perf_counter() - start) * 1000
