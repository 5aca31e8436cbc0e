"""The directory's review policy (docs/market-review-policy.md, published and linked from every page that shows or
takes a review): who may write one, how long it may be, and the reasons the council may decline one. Plain rules, no
Django: market.actions applies them, the pages and the policy page name the same reasons."""

from dataclasses import dataclass

SHORTEST = 20  # characters: enough to say what was used and how it went
LONGEST = 2000  # characters: about a page
REPLY_LONGEST = 2000


@dataclass(frozen=True)
class Reason:
    code: str
    label: str  # as the reviewer and the moderator read it
    explained: str  # the policy's wording


# The reasons a review is declined, in the policy's order. A review is published unless one of these applies.
REASONS = (
    Reason(
        "names_someone",
        "It names or identifies a person",
        "It names or could identify a worker, another person using the service, or the reviewer's family. Say what "
        "happened, not who it happened with.",
    ),
    Reason(
        "personal_information",
        "It gives personal or health information",
        "It gives someone's address, phone number, health conditions or other personal details.",
    ),
    Reason(
        "not_experience",
        "It is not about using the service",
        "It is not about the reviewer's own experience of the service through their plan (for example, it is "
        "about a different provider, the council's decision on a budget, or something heard from others).",
    ),
    Reason(
        "abusive",
        "It is abusive or discriminatory",
        "It contains abuse, threats, swearing, or discriminatory language about anyone.",
    ),
    Reason(
        "safeguarding",
        "It describes harm or a risk of harm",
        "It describes abuse, neglect or a risk of harm. The council does not publish it: a worker contacts the "
        "reviewer and follows safeguarding procedures.",
    ),
    Reason(
        "complaint_or_legal",
        "It is a complaint to deal with, or about a legal matter",
        "It is a complaint the provider or council must investigate, or it is about a matter before a court or "
        "the Ombudsman. The council tells the reviewer how to complain.",
    ),
    Reason(
        "advertising",
        "It is advertising or written for the provider",
        "It promotes another service, or was written by or for the provider rather than by the person or family.",
    ),
)
REASON_CODES = tuple(r.code for r in REASONS)
REASON_LABELS = {r.code: r.label for r in REASONS}

# How a person gave a review that a worker writes down for them (market.actions.record_review_given): (code, as the
# worker chooses it, as the audit trail says it). People without the internet or a sign-in review services this way.
GIVEN_HOW = (
    ("paper", "On a paper form", "on a paper form"),
    ("phone", "By phone", "by phone"),
    ("meeting", "At a meeting or visit", "at a meeting or visit"),
)
GIVEN_HOW_CODES = tuple(code for code, _, _ in GIVEN_HOW)
GIVEN_HOW_SAID = {code: said for code, _, said in GIVEN_HOW}


def text_problem(text: str, *, shortest: int = SHORTEST, longest: int = LONGEST, what: str = "your review") -> str:
    """The problem with a review's or reply's text, or "" when it may be sent for moderation."""
    text = (text or "").strip()
    if not text:
        return f"Enter {what}"
    if len(text) < shortest:
        return f"Write at least {shortest} characters in {what}"
    if len(text) > longest:
        return f"{what[0].upper()}{what[1:]} must be {longest} characters or fewer (it has {len(text)})"
    return ""


def rating_problem(rating: int | None) -> str:
    """A rating is optional; given, it is a whole number of stars from 1 to 5."""
    if rating is None:
        return ""
    if not 1 <= rating <= 5:
        return "Choose a rating from 1 to 5 stars, or none"
    return ""


def decline_problem(reason: str) -> str:
    """A review is declined only for one of the policy's reasons."""
    if reason not in REASON_CODES:
        return "Choose the policy's reason for declining the review"
    return ""


def shown_count(count: int) -> str:
    """How many people use a service through Selfdirect, as staff see it: fewer than 5 is never shown as a number (so
    that no one using a small service can be singled out): the threshold issue 20 sets."""
    if count < 5:
        return "fewer than 5"
    return str(count)
