"""What other apps may ask of the Resource Allocation System."""

import datetime

from django.utils import timezone

from selfdirect.core.money import Money
from selfdirect.people.models import Code

from . import ras
from .models import AllocationTable, IndicativeBudget


def ensure_shipped_tables() -> None:
    for table in ras.shipped_tables():
        AllocationTable.objects.get_or_create(
            key=table.key, defaults={"title": table.title, "instrument": table.instrument,
                                     "effective_from": datetime.date.fromisoformat(table.effective_from),
                                     "definition": table.as_dict()})


def current_table(on: datetime.date | None = None, instrument: str = "adult") -> AllocationTable:
    ensure_shipped_tables()
    on = on or timezone.localdate()
    found = AllocationTable.objects.filter(instrument=instrument, effective_from__lte=on).first()
    return found or AllocationTable.objects.filter(instrument=instrument).order_by("effective_from").first() \
        or AllocationTable.objects.order_by("effective_from").first()


def all_tables() -> list[AllocationTable]:
    """Every allocation table, with who published it (the allocation page's list)."""
    return list(AllocationTable.objects.select_related("published_by"))


def code_labels(list_names) -> dict[str, dict[str, str]]:
    """{list name: {code: label}} for every code, in use or not, of the code lists named (each named list is there,
    perhaps empty): the fairness page names its groups as people read them elsewhere."""
    found: dict[str, dict[str, str]] = {name: {} for name in list_names}
    for list_name, code, label in Code.objects.filter(code_list__name__in=list(list_names)).values_list(
            "code_list__name", "code", "label"):
        found[list_name][code] = label
    return found


def latest_indicative_for(case) -> IndicativeBudget | None:
    return IndicativeBudget.objects.filter(case=case).select_related("table", "self_assessment").first()


def ras_explanation(figure: IndicativeBudget) -> str:
    """The Resource Allocation System's explanation of its figure, in words, to carry into the assessment."""
    lines = [f"From the Resource Allocation System: the agreed self-assessment ({figure.self_assessment.questionnaire}) "
             f"gave {figure.points} points; allocation table {figure.table.key}."]
    lines += [f"{line['label']}: {Money(line['pence']).format()}" for line in figure.lines]
    return "\n".join(lines)
