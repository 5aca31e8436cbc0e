"""Every write of the Resource Allocation System: indicative budgets and published tables."""

import datetime

from django.db import transaction

from selfdirect.audit import services as audit

from . import ras, services
from .models import AllocationTable, IndicativeBudget


@transaction.atomic
def calculate_indicative(case, self_assessment, *, actor, channel="web") -> IndicativeBudget:
    from selfdirect.assessment import questionnaire

    table = services.current_table(instrument=questionnaire.get(self_assessment.questionnaire).id)
    allocation = ras.allocate(self_assessment.points, table.rules)
    made = IndicativeBudget.objects.create(case=case, self_assessment=self_assessment, table=table,
                                           points=self_assessment.points, weekly_pence=allocation.weekly_pence,
                                           lines=allocation.lines, created_by=actor)
    audit.record(actor=actor, action=audit.Action.DECISION, person=case.person, channel=channel,
                 what=f"Resource Allocation System: {allocation.points} points gave £{allocation.weekly_pence / 100:,.2f} a week "
                      f"({table.key})")
    return made


@transaction.atomic
def publish_table(definition: dict, *, actor, effective_from: datetime.date) -> AllocationTable:
    table = ras.table_from_dict({**definition, "effective_from": effective_from.isoformat()})
    if AllocationTable.objects.filter(key=table.key).exists():
        raise ras.TableError(f"a table called {table.key!r} is already published; give the new one another name")
    made = AllocationTable.objects.create(key=table.key, title=table.title, instrument=table.instrument,
                                          effective_from=effective_from, definition=table.as_dict(), published_by=actor)
    audit.record(actor=actor, action=audit.Action.DECISION, what=f"Published allocation table {table.key} from {effective_from}")
    return made
