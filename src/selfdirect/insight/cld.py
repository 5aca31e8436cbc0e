"""The NHS England Adult Social Care Client Level Data (CLD) return: field order, mandatory rules and validation.
Django-free. Source: "CLD data specification, Release 2" (May 2025 update), as summarised in docs/cld.md.

A file is a list of rows (dicts keyed by the specification's field names). validate() names every problem by person
reference and field; write() refuses to write a file with any problem.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

from selfdirect.core.money import Money

FIELDS = [
    # Submission
    "LA Code", "Reporting Period Start Date", "Reporting Period End Date",
    # Person
    "NHS Number", "LA Person Unique Identifier", "First Name", "Last Name", "GP Practice Name", "GP Practice Code",
    "Gender", "Ethnicity", "Date of Birth", "Date of Death", "Client Type", "Primary Support Reason", "Postcode",
    "Accommodation Status", "Employment Status", "Has Unpaid Carer", "Autism Spectrum Disorder (ASD)",
    "Visual Impairment", "Hearing Impairment", "Dementia", "Client Funding Status",
    # Event
    "Event Type", "Event Reference", "Event Start Date", "Event End Date", "Event Description", "Event Outcome",
    # Request
    "Request: Route of Access", "Assessment Type", "Eligible Needs Identified", "Method of Assessment",
    # Carer
    "Total Hrs Caring per week", "No. of adults being cared for", "Adult 1 Linked Person_ID", "Adult 2 Linked Person_ID",
    "Adult 3 Linked Person_ID",
    # Service
    "Service Type", "Service Component", "Delivery Mechanism", "Provider CQC Location Name", "Provider CQC Location ID",
    "Review Reason", "Review Outcomes Achieved", "Method of Review", "Unit Cost", "Cost Frequency (Unit Type)",
    "Planned units per week",
]
DATE_FIELDS = {"Reporting Period Start Date", "Reporting Period End Date", "Date of Birth", "Date of Death",
               "Event Start Date", "Event End Date"}
ALWAYS = ["LA Code", "Reporting Period Start Date", "Reporting Period End Date", "LA Person Unique Identifier",
          "Gender", "Date of Birth", "Client Type", "Primary Support Reason", "Event Type", "Event Reference",
          "Event Start Date"]
BY_EVENT = {"Request": ["Request: Route of Access"], "Assessment": ["Eligible Needs Identified"],
            "Service": ["Service Type", "Delivery Mechanism"], "Review": ["Review Outcomes Achieved"]}
COST_FREQUENCIES = {"Weekly": 1, "Fortnightly": 0.5, "Four-weekly": 0.25, "Monthly": 12 / 52, "Quarterly": 4 / 52,
                    "Annually": 1 / 52, "One-off": None, "Hourly": None, "Daily": None}
DATE_FORMAT = "%Y-%m-%d"


@dataclass(frozen=True)
class Problem:
    person: str
    field: str
    message: str

    def __str__(self):
        return f"{self.person or '(no person reference)'}, {self.field}: {self.message}"


def validate(rows: list[dict], code_lists: dict[str, set[str]]) -> list[Problem]:
    """code_lists: field name to its allowed values (fields without a list are not checked against one)."""
    problems = []
    references = set()
    for row in rows:
        who = str(row.get("LA Person Unique Identifier") or "")
        unknown = set(row) - set(FIELDS)
        problems += [Problem(who, name, "not a field of the specification") for name in sorted(unknown)]
        event = row.get("Event Type")
        for name in ALWAYS + BY_EVENT.get(event, []):
            if row.get(name) in (None, ""):
                problems.append(Problem(who, name, f"missing (mandatory{' on ' + event + ' events' if name not in ALWAYS else ''})"))
        for name, allowed in code_lists.items():
            value = row.get(name)
            if value not in (None, "") and value not in allowed:
                problems.append(Problem(who, name, f"{value!r} is not in the code list"))
        for name in DATE_FIELDS:
            value = row.get(name)
            if value not in (None, "") and not isinstance(value, datetime.date):
                problems.append(Problem(who, name, f"{value!r} is not a date"))
        start, end = row.get("Event Start Date"), row.get("Event End Date")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
            problems.append(Problem(who, "Event End Date", "before the Event Start Date"))
        if end not in (None, "") and event in {"Request", "Assessment", "Review"} and row.get("Event Outcome") in (None, ""):
            problems.append(Problem(who, "Event Outcome", "missing (mandatory when the event has ended)"))
        if (event == "Service" and row.get("Delivery Mechanism") != "CASSR Commissioned Support"
                and str(row.get("Service Type", "")).startswith(("Long Term Support", "Carer Support"))):
            for name in ("Unit Cost", "Cost Frequency (Unit Type)"):
                if row.get(name) in (None, ""):
                    problems.append(Problem(who, name, "missing (mandatory on long-term and carer support services that are not commissioned)"))
        frequency = row.get("Cost Frequency (Unit Type)")
        if frequency not in (None, "") and frequency not in COST_FREQUENCIES:
            problems.append(Problem(who, "Cost Frequency (Unit Type)", f"{frequency!r} is not a cost frequency"))
        if frequency in COST_FREQUENCIES and COST_FREQUENCIES[frequency] is None and row.get("Planned units per week") in (None, ""):
            problems.append(Problem(who, "Planned units per week", f"missing (mandatory with cost frequency {frequency})"))
        reference = row.get("Event Reference")
        if reference:
            if reference in references:
                problems.append(Problem(who, "Event Reference", f"{reference!r} is used by more than one event"))
            references.add(reference)
    return problems


def cost_per_week_pence(unit_cost_pence: int, frequency: str, planned_units_per_week: float | None = None) -> int:
    """Cost per week = unit cost x units per week, where units per week follows the cost frequency."""
    units = COST_FREQUENCIES[frequency]
    if units is None:
        units = planned_units_per_week or 0
    return round(unit_cost_pence * units)


def _cell(name, value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime(DATE_FORMAT)
    if name == "Unit Cost" and isinstance(value, int):
        return Money(value).pounds_text()
    return str(value)


class InvalidReturn(ValueError):
    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s); the file was not written")
        self.problems = problems


def render(rows: list[dict], code_lists: dict[str, set[str]]) -> str:
    """The CSV text, or InvalidReturn naming every problem. Read by NHS England's processing against its specification
    (docs/cld.md), not by people: its values are written as the specification has them, with no core.cells.safe_cell."""
    problems = validate(rows, code_lists)
    if problems:
        raise InvalidReturn(problems)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow([_cell(name, row.get(name)) for name in FIELDS])
    return out.getvalue()
