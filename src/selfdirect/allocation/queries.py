"""What other apps may ask of the Resource Allocation System."""

import datetime

from django.utils import timezone

from selfdirect.core.money import Money

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


def latest_indicative_for(case) -> IndicativeBudget | None:
    return IndicativeBudget.objects.filter(case=case).select_related("table", "self_assessment").first()


def ras_explanation(figure: IndicativeBudget) -> str:
    """The Resource Allocation System's explanation of its figure, in words, to carry into the assessment."""
    lines = [f"From the Resource Allocation System: the agreed self-assessment ({figure.self_assessment.questionnaire}) "
             f"gave {figure.points} points; allocation table {figure.table.key}."]
    lines += [f"{line['label']}: {Money(line['pence']).format()}" for line in figure.lines]
    return "\n".join(lines)
