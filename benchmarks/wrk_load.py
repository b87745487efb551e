"""GET /clients/{id} under load from `wrk` (Debian's package), when it is installed.

Python threads in the harness's own process share the two cores with the server and hold the
GIL between requests, so they measure the client as much as the server; wrk is a small C load
generator that costs the server far less. Random client ids come from a Lua script.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

SCRIPT = """
math.randomseed({seed})
wrk.headers["Authorization"] = "{authorization}"
request = function()
  return wrk.format("GET", "{api}/clients/" .. math.random(1, {max_id}))
end
"""
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def available() -> bool:
    return shutil.which("wrk") is not None


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return round(float(number) * UNITS[unit], 2)


def parse(output: str) -> dict:
    """p50/p90/p99 ms, req/s and non-2xx answers from wrk's `--latency` report."""
    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)$", output, re.MULTILINE))
    requests = re.search(r"^\s*(\d+) requests in", output, re.MULTILINE)
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)$", output, re.MULTILINE)
    return {
        "requests": int(requests.group(1)) if requests else 0,
        **{f"p{p}_ms": _ms(percentiles[p]) for p in ("50", "90", "99") if p in percentiles},
        "req_per_s": float(rate.group(1)) if rate else 0.0,
        "non_2xx": int(failed.group(1)) if failed else 0,
        **({"socket_errors": errors.group(1).strip()} if errors else {}),
    }


def run(
    *, port: int, api: str, authorization: str, max_id: int, connections: int, seconds: float
) -> dict:
    """wrk on `connections` connections (two threads) for `seconds`, parsed."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "detail.lua"
        script.write_text(
            SCRIPT.format(seed=8, authorization=authorization, api=api, max_id=max_id)
        )
        command = [
            "wrk", "--latency", "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s",
            "-s", str(script), f"http://127.0.0.1:{port}",
        ]  # fmt: skip
        output = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, check=True
        ).stdout
    return {"tool": "wrk", "connections": connections, "seconds": seconds, **parse(output)}
