"""Writes a hostile client file for comparing an import's result files before and after a
change (docs/benchmarks.md: "the same results"): the realistic rows of
`import_bench.write_file(…, ROWS, SEED)`, one to three cells a row replaced at random (seed
--spoil) by unknown offices, officers, genders and document types, impossible, future and
non-ISO dates, names too long or holding NUL, zero-width or direction marks or starting
with `=`/`@`, shortened, odd and repeated mobile numbers (with and without a `+`), repeated
external ids, bad dependents and legal forms, texts of 300-600 characters; 1 % of rows with
a cell too many, 1 % cut short, blank rows, the header repeated, rows copied.

    DATABASE_URL=sqlite:///…copy… .venv/bin/python benchmarks/hostile_rows.py OUT.csv \\
        --rows 3000 --seed 707 --spoil 77
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import env  # noqa: E402

PHONES = ("+254712345678", "+254 712 345 678", "0712345678", "+2547", "+", "+0", "＋254712345678",
          "+1 (800) 555-0100", "+44 20 7946 0958 ext. 12", "(+254) 712-345-678", "+254712345678x9",
          "12", "+999 123 456", "+33 6 12 34 56 78", "+2340000000000")  # fmt: skip
DATES = ("2026-02-30", "2099-01-01", "31/12/1990", "1990-13-01", "0000-00-00", "yesterday",
         "1800-01-01", "2026-12-31")  # fmt: skip
HIDDEN = ("\x00", "\u200b", "\u202e", "\u2066")


def spoiled(column: str, value: str, rng: random.Random, seen: list[str]) -> str:
    """A hostile value for `column` (the row's `value` may be kept, shortened or repeated)."""
    if column == "office":
        return rng.choice(("Nowhere", "\u202eKibera", "=HYPERLINK(1)", ""))
    if column == "staff":
        return rng.choice(("Nobody, Officer 99", "Accra, Officer 4", "@staff"))
    if column in ("gender", "maritalStatus", "profession", "clientType", "documentType"):
        return rng.choice(("Unknown", "male ", "FEMALE", "x" * 400, "Passport"))
    if column in ("dateOfBirth", "submittedOnDate", "activationDate"):
        return rng.choice(DATES)
    if column == "mobileNo":
        return rng.choice((*PHONES, value[:5], value + "1", rng.choice(seen) if seen else value))
    if column == "externalId":
        return rng.choice(seen) if seen and rng.random() < 0.7 else value + "\u200b"
    if column == "numberOfDependents":
        return rng.choice(("-1", "many", "3.5", "99999"))
    if column == "legalForm":
        return rng.choice(("Company", "", "person"))
    if column == "documentKey":
        return rng.choice(("", "A" * 300, "12-34", value))
    long_text = "".join(rng.choice("abc def") for _ in range(rng.randint(300, 600)))
    return rng.choice((long_text, rng.choice(HIDDEN) + value, "=" + value, "@" + value))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=707)
    parser.add_argument("--spoil", type=int, default=77)
    options = parser.parse_args()
    env.setup()
    write_hostile(options.out, options.rows, options.seed, options.spoil)
    print(options.out)


def write_hostile(out: Path, rows: int, seed: int, spoil: int) -> None:
    """The hostile file `out` (its clean rows beside it: OUT.clean.csv); Django set up."""
    from benchmarks.import_bench import write_file

    clean = out.with_suffix(".clean.csv")
    write_file(clean, rows, seed)
    with clean.open(newline="", encoding="utf-8") as file:
        header, *lines = list(csv.reader(file))
    rng = random.Random(spoil)
    seen = {"mobileNo": [], "externalId": []}
    with out.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        for row in lines:
            for name in seen:
                seen[name].append(row[header.index(name)])
            for index in rng.sample(range(len(header)), rng.randint(1, 3)):
                row[index] = spoiled(header[index], row[index], rng, seen.get(header[index], []))
            chance = rng.random()
            if chance < 0.01:
                row.append("one too many")
            elif chance < 0.02:
                row = row[: rng.randint(1, len(row) - 1)]
            writer.writerow(row)
            if chance > 0.995:
                writer.writerow([])
            elif chance > 0.99:
                writer.writerow(header)
            elif chance > 0.98:
                writer.writerow(row)


if __name__ == "__main__":
    main()
