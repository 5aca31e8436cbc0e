"""The seven steps of self-directed support and the states a case moves through. Django-free."""

from dataclasses import dataclass

REFERRAL = "referral"
ASSESSMENT = "assessment"
PLANNING = "planning"
AGREEMENT = "agreement"
ORGANISING = "organising"
LIVE = "live"
REVIEW = "review"
CLOSED = "closed"

STATE_LABELS = {
    REFERRAL: "Referral received",
    ASSESSMENT: "Finding out the budget",
    PLANNING: "Planning support",
    AGREEMENT: "Waiting for the plan to be agreed",
    ORGANISING: "Organising the money",
    LIVE: "Support in place",
    REVIEW: "Being reviewed",
    CLOSED: "Closed",
}

# The step a person sees for each state (1 to 7). A closed case shows every step.
STEPS = [
    (1, "Person and referral", REFERRAL),
    (2, "Find out the budget", ASSESSMENT),
    (3, "Plan support", PLANNING),
    (4, "Agree the plan", AGREEMENT),
    (5, "Organise the money", ORGANISING),
    (6, "Live life", LIVE),
    (7, "See how it worked", REVIEW),
]
ORDER = [REFERRAL, ASSESSMENT, PLANNING, AGREEMENT, ORGANISING, LIVE, REVIEW, CLOSED]

# Where a case may be moved back to by a worker, with a reason: one step, never past an approved plan's money.
STEP_BACK_TO = {ASSESSMENT: REFERRAL, PLANNING: ASSESSMENT, AGREEMENT: PLANNING, ORGANISING: PLANNING, REVIEW: LIVE}


@dataclass(frozen=True)
class StepView:
    number: int
    title: str
    status: str  # "done", "current" or "to do"


def steps_for(state: str) -> list[StepView]:
    position = ORDER.index(state)
    result = []
    for number, title, step_state in STEPS:
        step_position = ORDER.index(step_state)
        if state == CLOSED or step_position < position:
            status = "done"
        elif step_position == position:
            status = "current"
        else:
            status = "to do"
        result.append(StepView(number, title, status))
    return result
