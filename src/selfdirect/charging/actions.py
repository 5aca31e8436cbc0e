"""Every write of a financial assessment."""

import datetime
import re

from django.conf import settings
from django.db import transaction

from selfdirect.audit import services as audit

from .contribution import InputError, assess, parse_input
from .models import FinancialAssessment
from .rates import RatesError, financial_year_of, rates_for


class ChargingError(Exception):
    """The assessment cannot be made; `field` names the input field where there is one."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


def rates_folders():
    folder = getattr(settings, "CHARGING_RATES_DIR", "")
    return [folder] if folder else []


def run(raw: dict):
    """Parse and assess an input document; raise ChargingError naming the problem. Writes nothing.

    `provisional_rates_year` (e.g. "2023/24") works the assessment out with that earlier year's figures, only where the
    rates of the effective date's year lack a figure this case needs: the assessment is recorded as provisional, with
    its effective date as given, and is worked out again once the council adds the figures."""
    from pathlib import Path

    folders = [Path(f) for f in rates_folders()]
    try:
        data = parse_input(raw)
        provisional = str(raw.get("provisional_rates_year") or "").strip()
        try:
            result = assess(data, rates_for(data.effective_date, folders=folders))
        except RatesError:
            if not provisional:
                raise
        else:
            if provisional:
                raise ChargingError(f"The {result.financial_year} rates hold every figure this case needs: leave the "
                                    f"earlier year empty", "provisional_rates_year")
            return data, result
        if not re.fullmatch(r"\d{4}/\d{2}", provisional) or int(provisional[:4]) + 1 != 2000 + int(provisional[5:]) \
                or provisional >= financial_year_of(data.effective_date):
            raise ChargingError("Give an earlier financial year like 2023/24", "provisional_rates_year")
        try:
            return data, assess(data, rates_for(datetime.date(int(provisional[:4]), 4, 1), folders=folders))
        except RatesError as problem:
            raise ChargingError(str(problem), "provisional_rates_year") from None
    except InputError as problem:
        raise ChargingError(problem.message, problem.field) from None
    except RatesError as problem:
        raise ChargingError(str(problem), "effective_date") from None


@transaction.atomic
def record_assessment(person, raw: dict, *, actor, reason=FinancialAssessment.Reason.NEW, deprivation_of_assets=False,
                      deprivation_note="", channel="web") -> FinancialAssessment:
    data, result = run(raw)
    if data.date_of_birth != person.date_of_birth:
        raise ChargingError("The date of birth does not match the person's record", "date_of_birth")
    made = FinancialAssessment.objects.create(
        person=person, effective_date=data.effective_date, financial_year=result.financial_year, reason=reason,
        input=raw, result=result.as_dict(), weekly_cost_of_care_pence=result.weekly_cost_of_care_pence,
        weekly_contribution_pence=result.weekly_contribution_pence, full_cost=result.full_cost,
        light_touch=data.light_touch, deprivation_of_assets=deprivation_of_assets, deprivation_note=deprivation_note,
        created_by=actor,
    )
    audit.record(actor=actor, action=audit.Action.DECISION, person=person, channel=channel,
                 what=f"Financial assessment ({made.get_reason_display()}): contributes "
                      f"£{made.weekly_contribution_pence / 100:,.2f} a week")
    return made


def uprate(*, as_of: datetime.date, actor, dry_run: bool = False, people=None):
    """Run every current assessment again with the rates of the year `as_of` falls in. Returns report rows:
    (person, old pence, new pence or None, message). Idempotent: a person already assessed at `as_of` is left alone."""
    from selfdirect.people.models import Person

    from . import services

    rows = []
    people = people if people is not None else Person.objects.filter(financial_assessments__isnull=False).distinct()
    for person in people.order_by("la_person_id"):
        current = services.current_assessment_for(person)
        if current is None:
            continue
        raw = dict(current.input, effective_date=as_of.isoformat())
        if current.effective_date == as_of:
            rows.append((person, current.weekly_contribution_pence, current.weekly_contribution_pence, "already assessed at this date"))
            continue
        try:
            if dry_run:
                _, result = run(raw)
                new = result.weekly_contribution_pence
            else:
                new = record_assessment(person, raw, actor=actor, reason=FinancialAssessment.Reason.UPRATING,
                                        channel="cli").weekly_contribution_pence
            rows.append((person, current.weekly_contribution_pence, new, ""))
        except ChargingError as problem:
            rows.append((person, current.weekly_contribution_pence, None, str(problem)))
    return rows
