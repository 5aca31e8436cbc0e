"""Yearly charging rate files: loading and validating them. Django-free.

A rate file is JSON named YYYY-YY.json (e.g. 2026-27.json) in a rates folder, with the financial year, its first and
last day, and every figure in pence with its source. A figure not yet known is null: an assessment that needs it is
refused, naming it, never guessed. See docs/charging-rates.md for how a council adds a year."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

SHIPPED_RATES = Path(__file__).parent / "rates"

REQUIRED_FIGURES = [
    "upper_capital_limit", "lower_capital_limit", "tariff_capital_step", "tariff_income_per_step",
    "mig_single_18_24", "mig_single_25_to_pension_age", "mig_pension_credit_age_single",
    "disability_premium", "enhanced_disability_premium", "carer_premium", "dependent_child",
    "personal_expenses_allowance",
    "pip_daily_living_enhanced", "pip_daily_living_standard", "pip_mobility_enhanced", "pip_mobility_standard",
    "attendance_allowance_higher", "attendance_allowance_lower", "dla_care_highest", "dla_care_middle",
]
# Figures added to the rate files for couples, pensioners and the wider disregards (issue 17). A file written before
# them may leave them out: they are then null, and an assessment that needs one is refused naming it.
LATER_FIGURES = [
    "mig_lone_parent", "mig_couple_member_18_plus", "mig_couple_member_pension_credit_age",
    "disability_premium_couple", "enhanced_disability_premium_couple",
    "savings_credit_disregard_single", "savings_credit_disregard_couple",
    "dla_care_lowest", "dla_mobility_higher", "dla_mobility_lower", "carers_allowance",
    "state_pension_new_full", "state_pension_basic_full",
    "pension_credit_standard_minimum_single", "pension_credit_standard_minimum_couple",
    "savings_credit_maximum_single", "savings_credit_maximum_couple",
]
ALL_FIGURES = REQUIRED_FIGURES + LATER_FIGURES
FIGURE_LABELS = {
    "mig_single_18_24": "Minimum Income Guarantee for a single person aged 18 to 24",
    "mig_single_25_to_pension_age": "Minimum Income Guarantee for a single person aged 25 to Pension Credit age",
    "mig_pension_credit_age_single": "Minimum Income Guarantee for a single person of Pension Credit age",
    "disability_premium": "disability premium",
    "enhanced_disability_premium": "enhanced disability premium",
    "carer_premium": "carer premium",
    "dependent_child": "amount for each dependent child",
    "mig_lone_parent": "Minimum Income Guarantee for a lone parent",
    "mig_couple_member_18_plus": "Minimum Income Guarantee for a member of a couple below Pension Credit age",
    "mig_couple_member_pension_credit_age": "Minimum Income Guarantee for a member of a couple where one or both have "
                                            "reached Pension Credit age",
    "disability_premium_couple": "disability premium for a member of a couple",
    "enhanced_disability_premium_couple": "enhanced disability premium for a member of a couple",
    "savings_credit_disregard_single": "Savings Credit disregard for a single person",
    "savings_credit_disregard_couple": "Savings Credit disregard for a couple",
}


def label_of(name: str) -> str:
    """A figure's name in words ('mig_single_18_24' is 'Minimum Income Guarantee for a single person aged 18 to 24')."""
    return FIGURE_LABELS.get(name, name.replace("_", " "))


class RatesError(ValueError):
    """A rate file is missing, malformed, or lacks a figure a case needs; str() says which."""


@dataclass(frozen=True)
class Rates:
    financial_year: str
    starts_on: datetime.date
    ends_on: datetime.date
    figures: dict[str, int | None]
    sources: dict[str, str]
    path: str

    def missing(self) -> list[str]:
        """The figures some assessment may need (ASSESSMENT_FIGURES) that this year's file lacks."""
        return [name for name in ASSESSMENT_FIGURES if self.figures.get(name) is None]

    def get(self, name: str) -> int:
        value = self.figures.get(name)
        if value is None:
            label = label_of(name)
            raise RatesError(
                f"The {self.financial_year} rates have no figure for the {label} ('{name}'), which this case needs. "
                f"Add it to the {self.financial_year} rates file from the year's charging circular: the charging "
                f"rates page says how."
            )
        return value


def financial_year_of(day: datetime.date) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{str(start + 1)[2:]}"


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if f'"{key}"' in line:
            return number
    return 1


def parse_rates(text: str, *, path: str = "<rates>") -> Rates:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RatesError(f"{path}, line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})") from None
    if not isinstance(data, dict):
        raise RatesError(f"{path}: the file must hold one JSON object")
    for key in ("financial_year", "starts_on", "ends_on", "figures"):
        if key not in data:
            raise RatesError(f"{path}: '{key}' is missing")
    try:
        starts = datetime.date.fromisoformat(data["starts_on"])
        ends = datetime.date.fromisoformat(data["ends_on"])
    except (TypeError, ValueError):
        raise RatesError(f"{path}, line {_line_of(text, 'starts_on')}: starts_on and ends_on must be dates like 2026-04-01") from None
    year = data["financial_year"]
    if financial_year_of(starts) != year or starts != datetime.date(starts.year, 4, 1) or ends != datetime.date(starts.year + 1, 3, 31):
        raise RatesError(f"{path}, line {_line_of(text, 'financial_year')}: financial_year {year!r} must run from 1 April to 31 March "
                         f"and match starts_on and ends_on")
    figures, sources = {}, {}
    for name in ALL_FIGURES:
        entry = data["figures"].get(name)
        if entry is None and name in LATER_FIGURES:  # a file written before these figures: each taken as missing
            figures[name], sources[name] = None, "Not in this rates file"
            continue
        if entry is None:
            raise RatesError(f"{path}: figure '{name}' is missing (give it, or null with a source saying where it will come from)")
        line = _line_of(text, name)
        if not isinstance(entry, dict) or "pence" not in entry:
            raise RatesError(f"{path}, line {line}: figure '{name}' must be an object with 'pence' and 'source'")
        pence = entry["pence"]
        if pence is not None and (not isinstance(pence, int) or isinstance(pence, bool) or pence < 0):
            raise RatesError(f"{path}, line {line}: figure '{name}' must be whole pence, 0 or more, or null")
        if not str(entry.get("source", "")).strip():
            raise RatesError(f"{path}, line {line}: figure '{name}' must name its source")
        figures[name], sources[name] = pence, entry["source"]
    unknown = sorted(set(data["figures"]) - set(ALL_FIGURES))
    if unknown:
        raise RatesError(f"{path}, line {_line_of(text, unknown[0])}: unknown figure '{unknown[0]}'")
    lower, upper = figures["lower_capital_limit"], figures["upper_capital_limit"]
    if lower is not None and upper is not None and lower >= upper:
        raise RatesError(f"{path}: the lower capital limit must be below the upper capital limit")
    if figures["tariff_capital_step"] == 0:
        raise RatesError(f"{path}: tariff_capital_step must be more than 0")
    return Rates(year, starts, ends, figures, sources, path)


def load_rates(path: Path) -> Rates:
    return parse_rates(path.read_text(encoding="utf-8"), path=str(path))


def rates_for(day: datetime.date, *, folders: list[Path] | None = None) -> Rates:
    """The rates of the financial year the day falls in. A council's folder is searched before the shipped one."""
    year = financial_year_of(day)
    name = year.replace("/", "-") + ".json"
    for folder in (folders or []) + [SHIPPED_RATES]:
        candidate = Path(folder) / name
        if candidate.exists():
            return load_rates(candidate)
    where = (f"the council's rates folder ({folders[0]})" if folders else
             "a rates folder named by SELFDIRECT_CHARGING_RATES_DIR (none is set)")
    raise RatesError(f"There is no charging rates file for {year} yet. Add {name} to {where} from that year's "
                     f"charging circular: the charging rates page lists every figure and gives a blank file to fill in.")


# The figures some assessment may need: every required figure and the couple, lone-parent and Savings Credit figures.
# (The year's benefit rates beyond the disability benefits are kept for reference and checking, not needed to assess.)
ASSESSMENT_FIGURES = REQUIRED_FIGURES + LATER_FIGURES[:7]


def blank_file(year: str) -> str:
    """A rates file for `year` (e.g. "2026/27") with every figure null, to fill in from the year's circular and DWP's
    rates. It passes the checks as it stands (a null figure is allowed), and every case then names what is missing."""
    start = int(year[:4])
    circular = f"LAC(DHSC)({start})1, Social care charging for local authorities: {start} to {start + 1}"
    dwp = f"DWP, Benefit and pension rates {start} to {start + 1}"
    figures = {}
    for name in ALL_FIGURES:
        if name in {"tariff_capital_step", "tariff_income_per_step"}:
            figures[name] = {"pence": 25000 if name == "tariff_capital_step" else 100,
                             "source": "Care and Support (Charging and Assessment of Resources) Regulations 2014, reg 25"}
            continue
        benefit = name.startswith(("pip_", "attendance_", "dla_", "carers_", "state_pension", "pension_credit_standard",
                                   "savings_credit_maximum"))
        figures[name] = {"pence": None, "source": f"Add from {dwp if benefit else circular}"}
    return json.dumps({"financial_year": year, "starts_on": f"{start}-04-01", "ends_on": f"{start + 1}-03-31",
                       "note": f"To be filled in from {circular} and {dwp}: replace each null with the figure "
                               f"in whole pence and each source with where it was read.", "figures": figures}, indent=1) + "\n"


def available_years(folders: list[Path] | None = None) -> list[str]:
    found = set()
    for folder in (folders or []) + [SHIPPED_RATES]:
        for path in Path(folder).glob("????-??.json"):
            found.add(path.stem.replace("-", "/"))
    return sorted(found)


def gaps_on(day: datetime.date, *, folders: list[Path] | None = None) -> list[str]:
    """What a finance officer must add before every case can be assessed on `day`: the year's file, or the figures it
    holds as null. An empty list means the year is complete."""
    year = financial_year_of(day)
    try:
        rates = rates_for(day, folders=folders)
    except RatesError as problem:
        return [str(problem)]
    return [f"The {year} rates file ({rates.path.rsplit('/', 1)[-1]}) has no figure for the {label_of(name)} ('{name}'): "
            f"{rates.sources[name]}" for name in rates.missing()]
