"""People I helped: the named access rule that sends a person's outcomes back to the staff who helped them on their
way (issue 21, "Outcomes back to everyone who helped"; docs/people-i-helped.md). Django-free.

Many people help someone to their support and most never hear how it went. After each review, every member of staff
who had a part in the case (the kinds below) is told how far the person's outcomes were met and how things changed,
in the product and, if they ask, in an email digest. Cases move between teams and brokers are outside the council,
so this is not the team's access to the record: it is its own rule, which says

- who is a helper (KINDS), found from the records the case already keeps (outcomes.queries.helpers_by_case);
- what a helper sees (FIELDS), and nothing else of the record: never the person's address, NHS number, assessment,
  plan, budget, money or notes;
- for how long: until HELPED_MONTHS after the helper's last part in the case (window_ends, in_window);
- only while the person consents to OUTCOMES_TO_HELPERS (people.authority): withdrawn, the helper sees nothing more
  about the person from that day, not even what they saw before;
- a story told at a review only where its teller chose to share it with the staff who helped (Story.share_with_helpers).

Every person shown is a read of their record, audited (outcomes.access.helped_by)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from selfdirect.core.dates import add_months

from . import evaluation

# The kinds of helper, in the order a person meets them.
FIRST_CONTACT = "first_contact"
ASSESSOR = "assessor"
FINANCIAL_ASSESSOR = "financial_assessor"
PLANNER = "planner"
ADVISER = "adviser"
APPROVER = "approver"
KINDS = {
    FIRST_CONTACT: "First contact: opened the case",
    ASSESSOR: "Assessed their needs",
    FINANCIAL_ASSESSOR: "Worked out what they pay (financial assessment)",
    PLANNER: "Planned their support",
    ADVISER: "Broker or independent adviser",
    APPROVER: "Agreed their plan",
}
ORDER = tuple(KINDS)

# Exactly what a helper sees of a person, review by review: nothing else of the record.
FIELDS = {
    "person": ("full_name",),
    "review": ("held_on", "decision"),
    "plan": ("delivery_option",),
    "rating": ("outcome", "rating"),  # the outcome in the person's own words, and how far it was met
    "evaluation": ("respondent", "answered_by", "scale", "answers"),  # never a family carer's name
    "story": ("told_by", "words", "domains", "held_on"),  # only where share_with_helpers; never the teller's name
}


def label(kind: str) -> str:
    return KINDS.get(kind, kind)


def labels(kinds) -> str:
    """How someone helped, in plain words, in the order of the journey: "Assessed their needs; Planned their support"."""
    given = set(kinds)
    return "; ".join(KINDS[k] for k in ORDER if k in given)


@dataclass(frozen=True)
class Part:
    """One helper's part in one case: how they helped, and the last day they did so."""

    user_id: int
    kind: str
    last_on: datetime.date


def window_ends(last_on: datetime.date, months: int) -> datetime.date:
    """The last day a helper sees how it went: `months` after their last part in the case."""
    return add_months(last_on, months)


def in_window(last_on: datetime.date, today: datetime.date, months: int) -> bool:
    return today <= window_ends(last_on, months)


def last_part(parts) -> datetime.date | None:
    """The last day of any of these parts (one helper's, in one case)."""
    days = [p.last_on for p in parts]
    return max(days) if days else None


def helpers(parts, *, exclude_user_id: int | None = None) -> dict[int, list[Part]]:
    """The parts by helper (user id), leaving out one user (the reviewer, who was there)."""
    found: dict[int, list[Part]] = {}
    for part in parts:
        if part.user_id is None or part.user_id == exclude_user_id:
            continue
        found.setdefault(part.user_id, []).append(part)
    return found


def may_see(parts, *, today: datetime.date, consent_live: bool, months: int) -> bool:
    """Whether a helper with these parts in a case sees how it went today: the person's consent is live and the
    window after their last part has not passed."""
    last = last_part(parts)
    return consent_live and last is not None and in_window(last, today, months)


def story_shown(share_with_helpers: bool) -> bool:
    """A story is shown to a helper only where its teller chose to share it with the staff who helped."""
    return bool(share_with_helpers)


# ---- what a helper is shown: exactly FIELDS, built by outcomes.access.helped_by ------------------------------------

@dataclass(frozen=True)
class SeenRating:
    outcome: str  # the outcome, in the person's own words
    rating: str  # how far it was met, in words


@dataclass(frozen=True)
class SeenEvaluation:
    respondent: str  # whose questionnaire, in words
    answered_by: str  # who answered, in words
    answers: tuple  # (domain title, answer in words), in the questionnaire's order


@dataclass(frozen=True)
class SeenStory:
    told_by: str
    words: str
    domains: tuple  # domain titles
    held_on: datetime.date


@dataclass(frozen=True)
class SeenReview:
    review_id: int
    held_on: datetime.date
    decision: str
    delivery_option: str
    ratings: tuple = ()
    evaluations: tuple = ()
    stories: tuple = ()
    unread: bool = False


@dataclass(frozen=True)
class SeenPerson:
    """One person a helper helped, as the helper sees them: their name, how the helper helped, until when they see
    it, and each review (oldest first)."""

    person_id: int
    name: str
    helped_as: str
    sees_until: datetime.date
    reviews: tuple = ()
    helpers: tuple = ()  # on a team's page: the members of the team who helped

    @property
    def latest(self) -> SeenReview | None:
        return self.reviews[-1] if self.reviews else None

    @property
    def unread(self) -> int:
        return sum(1 for r in self.reviews if r.unread)


def by_option(people) -> list[tuple[str, dict[str, int], int]]:
    """The latest outcomes of these people by delivery option: (option, {rating: count of outcomes}, people), the
    options in order of their names. Each person counts once, at their latest review."""
    found: dict[str, tuple[dict[str, int], list[int]]] = {}
    for seen in people:
        latest = seen.latest
        if latest is None:
            continue
        counts, who = found.setdefault(latest.delivery_option, ({}, []))
        who.append(seen.person_id)
        for r in latest.ratings:
            counts[r.rating] = counts.get(r.rating, 0) + 1
    return [(option, counts, len(who)) for option, (counts, who) in sorted(found.items())]


def answer_list(questionnaire_key: str, scale: str, answers: dict) -> tuple:
    """An evaluation's answers as (domain title, answer in words), in the order the questionnaire asked them."""
    return tuple((evaluation.DOMAINS.get(code, code), evaluation.words(scale, answer))
                 for code, answer in evaluation.in_order(questionnaire_key, answers))
