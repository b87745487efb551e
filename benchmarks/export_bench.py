"""Client export through HTTP at scale, beside the bare database (`benchmarks/export_bench.py`).

Issue 14's export figures: `GET /clients/export?format=csv|xlsx` (every column, or
`--columns`) of every client, as head office, from a real server started afresh for each
format (so its workers' peak memory, VmHWM, is that export's), read to the end in 64 KiB
chunks; beside it the bare database writing the same clients' own columns as CSV —
PostgreSQL `COPY (SELECT …) TO STDOUT WITH CSV`, SQLite a SELECT written by Python's csv
module — and every column the export reads, its rows beside the client's joined (the same
work but for names and neutralising; this process's CPU time too: the machine may be
shared). Prints JSON: rows, seconds, rows per second, megabytes, the server's peak RSS,
the server's CPU seconds for the export and the load average before it. `--port`: the
server's (its processes alone are measured).

    DATABASE_URL=… .venv/bin/python benchmarks/export_bench.py --output var/bench/export.json
"""

from __future__ import annotations

import argparse
import base64
import csv
import http.client
import io
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import env  # noqa: E402
from benchmarks.report import print_report

env.setup()
from benchmarks.institution import ADMIN, PASSWORD  # noqa: E402
from benchmarks.measure import CLIENT, Bare  # noqa: E402
from benchmarks.server import API, running_server  # noqa: E402

BARE_COLUMNS = (
    "id, account_no, external_id, status, legal_form, office_id, staff_id, firstname, "
    "middlename, lastname, fullname, display_name, mobile_no, email_address, date_of_birth, "
    "gender_id, submitted_on, activation_date"
)


def _server_pids(port: int) -> list[str]:
    """The gunicorn processes of the server on `port` (not those of another on the machine)."""
    found = subprocess.run(  # noqa: S603 (a number in a fixed command)
        ["/usr/bin/pgrep", "-f", f"mteja.wsgi:application --bind 127.0.0.1:{port} "],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.split()


def _server_cpu_s(port: int) -> float:
    """The CPU time (user and system) the server's gunicorn processes have used: on a
    machine others share, the figure their load does not change much."""
    ticks = 0
    for pid in _server_pids(port):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _worker_peak_mb(port: int) -> float:
    """The largest peak RSS (VmHWM) among the server's gunicorn processes."""
    peak = 0
    for pid in _server_pids(port):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
    return round(peak / 1024, 1)


def _http_export(port: int, query: str) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
    token = base64.b64encode(f"{ADMIN}:{PASSWORD}".encode()).decode()
    headers = {"Authorization": f"Basic {token}", "Fineract-Platform-TenantId": "default"}
    connection.request("GET", f"{API}/clients?limit=1", headers=headers)  # the worker warmed
    connection.getresponse().read()
    cpu_before = _server_cpu_s(port)
    started = time.perf_counter()
    connection.request("GET", f"{API}/clients/export?{query}", headers=headers)
    response = connection.getresponse()
    size = len(response.read1(64 * 1024))
    first_byte = time.perf_counter() - started
    while chunk := response.read1(64 * 1024):
        size += len(chunk)
    seconds = time.perf_counter() - started
    if response.status != 200:
        raise RuntimeError(f"export answered {response.status}")
    return {
        "seconds": round(seconds, 2),
        "first_byte_s": round(first_byte, 3),
        "mb": size / 1e6,
        "server_cpu_s": round(_server_cpu_s(port) - cpu_before, 2),
    }


def _bare_csv(bare: Bare, sql: str) -> dict:
    started = time.perf_counter()
    cpu_started = time.process_time()
    size = 0
    if bare.sqlite:
        cursor = bare.raw.cursor()
        cursor.execute(sql)
        sink = io.StringIO()
        writer = csv.writer(sink)
        while rows := cursor.fetchmany(2000):
            writer.writerows(rows)
            size += len(sink.getvalue().encode())
            sink.seek(0)
            sink.truncate()
    else:
        with bare.raw.cursor() as cursor, cursor.copy(f"COPY ({sql}) TO STDOUT WITH CSV") as copy:
            for data in copy:
                size += len(data)
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "cpu_s": round(time.process_time() - cpu_started, 2),
        "mb": size / 1e6,
    }


# Every column the export reads (ids for names, no neutralising), the client's first active
# document and address by a subquery each: the export's reading, done by the database alone.
EVERY_COLUMN = (
    "SELECT c.id, c.account_no, c.external_id, c.status, c.legal_form, c.office_id, "
    "c.transfer_to_office_id, c.staff_id, c.firstname, c.middlename, c.lastname, c.fullname, "
    "c.display_name, c.mobile_no, c.email_address, c.date_of_birth, c.gender_id, "
    "c.client_type_id, c.client_classification_id, c.is_staff, c.marital_status_id, "
    "c.number_of_dependents, c.profession_id, c.education_level_id, c.monthly_income, "
    "c.submitted_on, c.activation_date, c.office_joining_date, c.closed_on, "
    "c.closure_reason_id, c.rejected_on, c.rejection_reason_id, c.withdrawn_on, "
    "c.withdrawal_reason_id, c.reactivated_on, c.reopened_on, c.proposed_transfer_date, "
    "n.constitution_id, n.incorp_no, n.incorp_validity_till, n.main_business_line_id, "
    "n.remarks, d.document_type_id, d.document_key, d.issue_date, d.expiry_date, "
    "a.address_type_id, a.street, a.address_line_1, a.address_line_2, a.address_line_3, "
    "a.town_village, a.city, a.county_district, a.state_province_id, a.country_id, "
    "a.postal_code "
    f"FROM {CLIENT} c LEFT JOIN clients_clientnonperson n ON n.client_id = c.id "
    "LEFT JOIN clients_clientidentifier d ON d.id = (SELECT min(id) FROM "
    "clients_clientidentifier WHERE client_id = c.id AND status = 200) "
    "LEFT JOIN clients_clientaddress a ON a.id = (SELECT min(id) FROM clients_clientaddress "
    "WHERE client_id = c.id AND is_active) ORDER BY c.id"
)  # fmt: skip


def main(options: argparse.Namespace) -> dict:
    bare = Bare()
    count = bare.one(f"SELECT COUNT(*) FROM {CLIENT}")  # noqa: S608
    report = {"benchmark": "export_bench", "database": bare.vendor, "clients": count}
    columns = f"&columns={options.columns}" if options.columns else ""
    for chosen in options.formats.split(","):
        load = round(os.getloadavg()[0], 2)
        with running_server(1, options.port) as port:
            got = _http_export(port, f"format={chosen}{columns}")
            got["server_peak_rss_mb"] = _worker_peak_mb(port)
        got["rows_per_s"] = round(count / got["seconds"])
        got["rows_per_server_cpu_s"] = round(count / got["server_cpu_s"])
        got["load_before"] = load
        got["mb"] = round(got["mb"], 1)
        report[chosen] = got
    if options.no_bare:
        return report
    own = f"SELECT {BARE_COLUMNS} FROM {CLIENT} ORDER BY office_id, id"  # noqa: S608
    for name, sql in (("bare_csv", own), ("bare_csv_every_column", EVERY_COLUMN)):
        bare_figures = _bare_csv(bare, sql)
        bare_figures["rows_per_s"] = round(count / bare_figures["seconds"])
        bare_figures["rows_per_cpu_s"] = round(count / max(bare_figures["cpu_s"], 0.01))
        bare_figures["mb"] = round(bare_figures["mb"], 1)
        report[name] = bare_figures
    return report


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--columns", default="", help="comma-separated (default: all)")
    parser.add_argument("--formats", default="csv,xlsx", help="comma-separated")
    parser.add_argument("--port", type=int, help="the server's (default: a free one)")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare database's CSV")
    parser.add_argument("--output", type=Path, help="also write the JSON to this file")
    options = parser.parse_args()
    print_report(main(options), options.output)
