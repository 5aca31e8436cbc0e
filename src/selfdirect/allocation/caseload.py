"""The live caseload as allocation packages: each open case's latest indicative budget from the Resource Allocation
System, and the indicative figure the worker settled on (which differs where they overrode it)."""

from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from selfdirect.assessment.models import Assessment
from selfdirect.journey.steps import CLOSED
from selfdirect.people.checks import age_on

from .models import IndicativeBudget
from .packages import CLIENT_GROUPS, Package


@dataclass(frozen=True)
class CaseloadRow:
    package: Package
    ras_weekly_pence: int
    override_reason: str

    @property
    def overridden(self) -> bool:
        return self.package.weekly_cost_pence != self.ras_weekly_pence


def live_caseload() -> list[CaseloadRow]:
    today = timezone.localdate()
    latest_budget = {}
    for budget in IndicativeBudget.objects.exclude(case__state=CLOSED).select_related("case__person").order_by("created_at", "id"):
        latest_budget[budget.case_id] = budget
    settled = {}
    for assessment in Assessment.objects.filter(case_id__in=latest_budget, eligible=True).order_by("completed_at", "id"):
        settled[assessment.case_id] = assessment
    rows = []
    for case_id, budget in latest_budget.items():
        person = budget.case.person
        assessment = settled.get(case_id)
        weekly = assessment.indicative_weekly_pence if assessment and assessment.indicative_weekly_pence is not None else budget.weekly_pence
        reason = (assessment.override_reason or assessment.indicative_reason) if assessment and weekly != budget.weekly_pence else ""
        package = Package(person.la_person_id, budget.points,
                          person.client_group if person.client_group in CLIENT_GROUPS else "other",
                          max(18, age_on(person.date_of_birth, today)), person.gender, person.ethnicity, weekly)
        rows.append(CaseloadRow(package, budget.weekly_pence, reason))
    return rows


def caseload_arrays():
    """Points and current indicative weekly pence of every open case's latest indicative budget, as numpy arrays:
    two columns read straight from the database, for the what-if over a whole council."""
    import numpy as np

    latest = IndicativeBudget.objects.exclude(case__state=CLOSED).values("case_id").annotate(last=Max("id")).values("last")
    rows = list(IndicativeBudget.objects.filter(id__in=latest).values_list("points", "weekly_pence"))
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    data = np.array(rows, dtype=np.int64)
    return data[:, 0], data[:, 1]
