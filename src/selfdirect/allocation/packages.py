"""Reading a CSV of historic care packages for calibration and fairness audits. Django-free. A bad row is refused
with its row number and column, and nothing is taken from the file."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

HEADER = ["person_ref", "points", "client_group", "age", "sex", "ethnicity", "weekly_cost_pence"]
CLIENT_GROUPS = ("older_people", "physical_sensory", "learning_disability", "mental_health", "other")


class PackagesError(ValueError):
    pass


@dataclass(frozen=True)
class Package:
    person_ref: str
    points: int
    client_group: str
    age: int
    sex: str
    ethnicity: str
    weekly_cost_pence: int


def _whole(value: str, row: int, column: str, *, minimum: int, maximum: int) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise PackagesError(f"row {row}, column {column}: {value!r} is not a whole number") from None
    if not minimum <= number <= maximum:
        raise PackagesError(f"row {row}, column {column}: {number} must be between {minimum} and {maximum}")
    return number


def parse_packages(text: str) -> list[Package]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise PackagesError("the file is empty") from None
    if header != HEADER:
        raise PackagesError(f"row 1: the header must be {','.join(HEADER)}")
    packages, seen = [], set()
    for row_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(HEADER):
            raise PackagesError(f"row {row_number}: expected {len(HEADER)} columns, found {len(row)}")
        cells = dict(zip(HEADER, row, strict=True))
        ref = cells["person_ref"].strip()
        if not ref:
            raise PackagesError(f"row {row_number}, column person_ref: is empty")
        if ref in seen:
            raise PackagesError(f"row {row_number}, column person_ref: {ref!r} appears twice")
        seen.add(ref)
        group = cells["client_group"].strip()
        if group not in CLIENT_GROUPS:
            raise PackagesError(f"row {row_number}, column client_group: {group!r} must be one of {', '.join(CLIENT_GROUPS)}")
        packages.append(Package(
            person_ref=ref,
            points=_whole(cells["points"], row_number, "points", minimum=0, maximum=10_000),
            client_group=group,
            age=_whole(cells["age"], row_number, "age", minimum=18, maximum=125),
            sex=cells["sex"].strip(),
            ethnicity=cells["ethnicity"].strip(),
            weekly_cost_pence=_whole(cells["weekly_cost_pence"], row_number, "weekly_cost_pence", minimum=0, maximum=10_000_000),
        ))
    if not packages:
        raise PackagesError("the file has a header but no packages")
    return packages


def age_band(age: int) -> str:
    return "18-24" if age < 25 else "25-64" if age < 65 else "65-74" if age < 75 else "75-84" if age < 85 else "85+"
