from django.conf import settings
from django.db import models
from django_fsm import GET_STATE, FSMField, transition
from simple_history.models import HistoricalRecords

from . import guards, steps


def _previous_state(case, *args, **kwargs) -> str:
    return steps.STEP_BACK_TO[case.state]


class Case(models.Model):
    """One person's way through the seven steps. A guarded transition for each step; history kept."""

    State = models.TextChoices("State", [(s, steps.STATE_LABELS[s]) for s in steps.ORDER])

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    state = FSMField(default=steps.REFERRAL, choices=State.choices)  # moved only by journey.actions.move
    referred_on = models.DateField()
    route_of_access = models.CharField(max_length=80)
    referral_reason = models.TextField()
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="cases")
    support_started_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"Case {self.pk} for {self.person}"

    @property
    def state_label(self) -> str:
        return steps.STATE_LABELS[self.state]

    @property
    def journey_steps(self):
        return steps.steps_for(self.state)

    # Transitions. Each is called only through journey.actions.move, which locks the case, checks the actor's
    # permission, records the event and audits it in one transaction. What a guarded step needs is said by the app
    # that knows (assessment, planning), which registers its check in journey.guards.
    @transition(field=state, source=steps.REFERRAL, target=steps.ASSESSMENT)
    def start_assessment(self):
        pass

    @transition(field=state, source=steps.ASSESSMENT, target=steps.PLANNING, conditions=[guards.condition("budget_found")])
    def budget_found(self):
        pass

    @transition(field=state, source=steps.PLANNING, target=steps.AGREEMENT, conditions=[guards.condition("submit_plan")])
    def submit_plan(self):
        pass

    @transition(field=state, source=steps.AGREEMENT, target=steps.PLANNING, conditions=[guards.condition("return_plan")])
    def return_plan(self):
        pass

    @transition(field=state, source=steps.AGREEMENT, target=steps.ORGANISING, conditions=[guards.condition("approve_plan")])
    def approve_plan(self):
        pass

    @transition(field=state, source=steps.ORGANISING, target=steps.LIVE, conditions=[guards.condition("start_support")])
    def start_support(self):
        pass

    @transition(field=state, source=steps.LIVE, target=steps.REVIEW)
    def start_review(self):
        pass

    @transition(field=state, source=steps.REVIEW, target=steps.LIVE)
    def continue_support(self):
        pass

    @transition(field=state, source=steps.REVIEW, target=steps.ASSESSMENT)
    def reassess(self):
        pass

    @transition(field=state, source=[s for s in steps.ORDER if s != steps.CLOSED], target=steps.CLOSED)
    def close(self):
        pass

    @transition(field=state, source=list(steps.STEP_BACK_TO), target=GET_STATE(_previous_state, states=list(set(steps.STEP_BACK_TO.values()))))
    def step_back(self):
        pass


class CaseEvent(models.Model):
    """A transition of a case: who, from where to where, when and why. Append-only."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    transition = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20)
    to_state = models.CharField(max_length=20)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    @property
    def from_label(self) -> str:
        return steps.STATE_LABELS.get(self.from_state, self.from_state)

    @property
    def to_label(self) -> str:
        return steps.STATE_LABELS.get(self.to_state, self.to_state)
