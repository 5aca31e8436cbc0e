"""A worker's work in order of urgency, and how long things have waited. Django-free: the home page reads these rules.

The order (docs/worker-home.md): reviews that are overdue first (then any due today), then plans a manager returned, then suggestions from
the person or their family waiting for a response, then financial assessments asked for and not yet done, then cases
waiting at a step. Within each kind, whatever has waited longest comes first."""

import datetime
from dataclasses import dataclass

REVIEW_OVERDUE = "review_overdue"
REVIEW_DUE = "review_due"
PLAN_RETURNED = "plan_returned"
PROPOSALS_WAITING = "proposals_waiting"
ASSESSMENT_REQUESTED = "assessment_requested"
STEP_WAITING = "step_waiting"

URGENCY = [REVIEW_OVERDUE, REVIEW_DUE, PLAN_RETURNED, PROPOSALS_WAITING, ASSESSMENT_REQUESTED, STEP_WAITING]

KIND_LABELS = {
    REVIEW_OVERDUE: "Review overdue",
    REVIEW_DUE: "Review due today",
    PLAN_RETURNED: "Plan returned for changes",
    PROPOSALS_WAITING: "Suggestions waiting for your response",
    ASSESSMENT_REQUESTED: "Financial assessment asked for",
    STEP_WAITING: "Waiting at a step",
}


@dataclass(frozen=True)
class WorkItem:
    kind: str
    case_id: int
    person_id: int
    person_name: str
    since: datetime.date  # when the wait began: the review date, the return, the oldest suggestion, the request, the step
    state: str = ""  # the case's state (for a case waiting at a step, the step it waits at)
    worker_id: int | None = None  # who the case is allocated to
    count: int = 1  # how many suggestions wait, for PROPOSALS_WAITING
    ref: int | None = None  # the first suggestion, or the request, the row links to
    note: str = ""  # e.g. a request's status

    def days(self, today: datetime.date) -> int:
        """Days waited (for an overdue review, days overdue); never negative."""
        return max(0, (today - self.since).days)


def urgency_key(item: WorkItem, today: datetime.date):
    return (URGENCY.index(item.kind), -item.days(today), item.person_name.casefold(), item.person_id, item.case_id)


def in_order_of_urgency(items, today: datetime.date) -> list[WorkItem]:
    """The most urgent first (see the module's note). A case with more urgent work is not listed again as merely
    waiting at its step: the step wait of a case with a returned plan, say, is the returned plan."""
    ordered = sorted(items, key=lambda item: urgency_key(item, today))
    listed = {item.case_id for item in ordered if item.kind != STEP_WAITING}
    return [item for item in ordered
            if item.kind != STEP_WAITING or item.case_id not in listed or item.state == WAITS_FOR_A_MANAGER]


# A plan waiting for agreement is a manager's work, not the worker's: other work on the case (a financial assessment
# asked for, say) never hides it.
WAITS_FOR_A_MANAGER = "agreement"
