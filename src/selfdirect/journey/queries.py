"""What other apps may ask of the journey."""

from . import steps
from .models import Case, CaseEvent


def current_case_for(person) -> Case | None:
    return Case.objects.filter(person=person).exclude(state=steps.CLOSED).order_by("-opened_at", "-id").first() or (
        Case.objects.filter(person=person).order_by("-opened_at", "-id").first()
    )


def case_for_person_id(person_id, case_id) -> Case | None:
    return Case.objects.select_related("person").filter(person_id=person_id, pk=case_id).first()


def events_for(case):
    return CaseEvent.objects.filter(case=case).select_related("actor")
