"""What a mobile number's key costs (`clients/phones.mobile_key`): the `mobileNo` cells of a
client file (`import_bench.py`'s), each keyed once with the default country `--region`, the
process's kept keys forgotten first (a new file's numbers). Prints JSON: the numbers keyed
and CPU microseconds a number, the best of --repeat runs; with `--callgrind LIB`
(benchmarks/callgrind.py), the last run alone counted by callgrind. With `--plans`, what
the numbers' plans cost instead (`phone_shapes._Plan`, built once a process for each
country a number is read with: its patterns compiled, its length verdicts worked out): one
built for every supported region and every calling code, each run.

    PYTHONHASHSEED=0 valgrind --tool=callgrind --collect-atstart=no .venv/bin/python \\
        benchmarks/phone_key_cost.py var/bench/import.csv --callgrind cgtoggle.so
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import callgrind, env  # noqa: E402


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--region", default="KE")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--plans", action="store_true", help="count building every plan")
    callgrind.add_option(parser)
    return parser.parse_args()


def main() -> dict:
    options = _options()
    env.setup()
    from mteja.clients import phones

    if options.plans:
        numbers, key = _every_plan()
    else:
        with options.file.open(newline="", encoding="utf-8") as file:
            numbers = [row["mobileNo"] for row in csv.DictReader(file) if row.get("mobileNo")]
        key = phones.mobile_key
    toggle = callgrind.toggle(options.callgrind) if options.callgrind else None
    times = []
    for run in range(options.repeat):
        phones.forget_kept_keys()
        counted = toggle is not None and run == options.repeat - 1
        started = time.process_time()
        if counted:
            toggle()
        for number in numbers:
            key(number, options.region)
        if counted:
            toggle()
        times.append(time.process_time() - started)
    report = {
        "benchmark": "phone_key_cost",
        "plans" if options.plans else "numbers": len(numbers),
        "region": options.region,
        f"cpu_us_per_{'plan' if options.plans else 'number'}": round(
            min(times) / len(numbers) * 1e6, 2
        ),
    }
    print(json.dumps(report, indent=2))
    return report


def _every_plan():
    """Every plan's metadata, and the function building one (as `key(metadata, region)`)."""
    from phonenumbers import PhoneMetadata
    from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE, SUPPORTED_REGIONS

    from mteja.clients.phone_shapes import _Plan

    metadata = [PhoneMetadata.metadata_for_region(region) for region in SUPPORTED_REGIONS]
    for code, regions in COUNTRY_CODE_TO_REGION_CODE.items():
        metadata.append(PhoneMetadata.metadata_for_region_or_calling_code(code, regions[0]))
    return metadata, lambda one, _region: _Plan(one)


if __name__ == "__main__":
    main()
