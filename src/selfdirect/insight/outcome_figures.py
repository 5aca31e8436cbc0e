"""The outcomes dashboard's figures (issue 21, "Reporting"), Django-free, so each can be checked on a small hand-built
dataset: the share of good answers to the evaluation questionnaires (outcomes.evaluation) domain by domain, with 95%
Wilson intervals, split by delivery option, client group, age band, ethnicity and who answered; Review Outcomes
Achieved by delivery option; and the same people's answers year by year.

Rules every figure keeps:
- one scale at a time: answers on the better/same/worse scale and on the five-point satisfaction scale are never
  counted together (a good answer is "better", or "satisfied" or "very satisfied": evaluation.good);
- each person counts once in a period, by their latest answers in it (a family carer by their own latest answers), so
  every count is a count of people, as the small-number rule (core.disclosure) expects, and the answers behind an
  interval are independent of each other;
- "does not apply" counts in no share.

Records are tuples in the order of the NamedTuples below; `keep_cases` keeps the cases behind each count (tables.Count)
for a drill-down, as insight.figures does."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import NamedTuple

from selfdirect.core.disclosure import FEWER_THAN, is_small
from selfdirect.outcomes import cld_review, evaluation
from selfdirect.outcomes.evaluation import ANSWERED_BY, DOMAINS, OWN_VOICE, PERSON, good, wilson_interval

from .tables import Count, Figure, Table

OPTIONS = [("council_managed", "Council-managed"), ("individual_service_fund", "Individual service fund"),
           ("direct_payment", "Direct payment"), ("mixed", "Mixed")]  # as insight.figures.OPTIONS
NOT_CHOSEN = "Not chosen"
NOT_RECORDED = "Not recorded"
# Whose voice the figures are of: everyone's answers, the person's own (evaluation.OWN_VOICE), or those given for them.
VOICES = {"": "Everyone who answered", "own": "The person's own answers", "others": "Answers given for the person"}

EXPECTATIONS_NOTE = ("A fall in satisfaction over time is not always a worse life: as people take more control of their "
                     "support, what they expect of it can rise, and the same life can then be rated lower. Read the "
                     "years together with the change questions and the people's own stories.")


class Answered(NamedTuple):
    """One set of answers to an evaluation questionnaire."""

    case_id: int
    person_id: int
    held_on: datetime.date
    respondent: str  # evaluation.RESPONDENTS
    respondent_name: str  # a family carer's name: each carer of a person counts on their own
    answered_by: str  # evaluation.ANSWERED_BY
    scale: str  # evaluation.SCALES
    answers: dict  # domain -> answer
    option: str  # the delivery option of the plan reviewed ("" if none was chosen)
    client_group: str  # the label to show
    age_band: str  # on the day the answers were given
    ethnicity: str  # the label to show
    evaluation_id: int = 0  # the later of two sets on the same day is the one with the higher id


class Reviewed(NamedTuple):
    """One review, with its outcome ratings (outcomes.OutcomeRating: achieved, partly, not_achieved)."""

    case_id: int
    person_id: int
    held_on: datetime.date
    option: str
    ratings: tuple
    review_id: int = 0


BREAKDOWNS = [("option", "Delivery option", "by-delivery-option"), ("client_group", "Client group", "by-client-group"),
              ("age_band", "Age band", "by-age-band"), ("ethnicity", "Ethnicity", "by-ethnicity"),
              ("answered_by", "Who answered", "by-who-answered")]


# ---- choosing the answers that count ---------------------------------------------------------------------------------

def chosen(answered: list[Answered], *, respondent: str, scale: str, start: datetime.date | None,
           end: datetime.date, voice: str = "") -> list[Answered]:
    """The answers that count: this respondent's questionnaire, on this scale, given in the period (from `start`, or
    from the beginning if None, to `end`), by the voice asked for ('own', 'others' or '' for everyone), and of those,
    each person's (or each family carer's) latest."""
    latest: dict[tuple, Answered] = {}
    for a in answered:
        if not _wanted(a, respondent=respondent, scale=scale, end=end, voice=voice) or (start is not None and a[2] < start):
            continue
        key = (a[1], a[4])
        if key not in latest or (a[2], a[12]) > (latest[key][2], latest[key][12]):
            latest[key] = a
    return sorted(latest.values(), key=lambda a: (a[1], a[4]))


def _wanted(a: Answered, *, respondent: str, scale: str, end: datetime.date, voice: str) -> bool:
    if a[3] != respondent or a[6] != scale or a[2] > end:
        return False
    return not (voice == "own" and a[5] not in OWN_VOICE or voice == "others" and a[5] in OWN_VOICE)


def domains_asked(answers: list[Answered]) -> list[str]:
    """The domains any of these answers speak to, in the order of evaluation.DOMAINS."""
    seen = {domain for a in answers for domain in a[7]}
    return [domain for domain in DOMAINS if domain in seen]


# ---- shares and intervals ----------------------------------------------------------------------------------------------

def tally(answers: list[Answered], domain: str) -> dict:
    """For a domain: the cases of the people who gave an answer that counts, of those whose answer was good, and of
    those for whom it does not apply; their good share and its 95% Wilson interval (fractions; None when no one
    answered)."""
    counted, good_ones, not_applying = [], [], []
    for a in answers:
        if domain not in a[7]:
            continue
        verdict = good(a[6], a[7][domain])
        if verdict is None:
            not_applying.append(a[0])
            continue
        counted.append(a[0])
        if verdict:
            good_ones.append(a[0])
    n, k = len(counted), len(good_ones)
    interval = wilson_interval(k, n)
    return {"answered": counted, "good": good_ones, "not_applying": not_applying, "n": n, "k": k,
            "share": k / n if n else None, "low": interval[0] if interval else None,
            "high": interval[1] if interval else None}


def percent(fraction: float) -> float:
    """A fraction as a per cent to one decimal place."""
    return round(fraction * 100, 1)


def _share_with_interval(t: dict) -> Figure:
    if not t["n"]:
        return Figure("–", 0)
    return Figure(f"{percent(t['share']):.1f}% ({percent(t['low']):.1f}% to {percent(t['high']):.1f}%)", t["n"],
                  percent(t["share"]))


def _fraction(value: float | None, base: int) -> Figure:
    return Figure("–", base) if value is None else Figure(f"{percent(value):.1f}%", base, percent(value))


# ---- the tables -------------------------------------------------------------------------------------------------------

def by_domain(answers: list[Answered], *, keep_cases: bool = True) -> Table:
    """Per domain: how many people answered, how many gave a good answer, the share good with its 95% interval, and
    how many said it does not apply to them."""
    table = Table("good-answers-by-domain", "Good answers by domain of life",
                  ["Domain", "People answering", "Good answers", "Share good", "95% interval: from", "95% interval: to",
                   "Does not apply"], sheet="By domain")
    for domain in domains_asked(answers):
        t = tally(answers, domain)
        table.rows.append([DOMAINS[domain], Count.of(t["answered"], keep=keep_cases), Count.of(t["good"], keep=keep_cases),
                           _fraction(t["share"], t["n"]), _fraction(t["low"], t["n"]), _fraction(t["high"], t["n"]),
                           Count.of(t["not_applying"], keep=keep_cases)])
    return table


def _label(answer: Answered, attribute: str) -> str:
    """The group an answer falls in (records are plain tuples: read by position)."""
    value = answer[Answered._fields.index(attribute)]
    if attribute == "option":
        return dict(OPTIONS).get(value, NOT_CHOSEN) if value else NOT_CHOSEN
    if attribute == "answered_by":
        return ANSWERED_BY.get(value, value)
    return value or NOT_RECORDED


def _order(attribute: str, labels) -> list[str]:
    if attribute == "option":
        fixed = [label for _, label in OPTIONS] + [NOT_CHOSEN]
    elif attribute == "answered_by":
        fixed = list(ANSWERED_BY.values())
    else:
        return sorted(labels)
    return [label for label in fixed if label in labels] + sorted(set(labels) - set(fixed))


def split_by(answers: list[Answered], attribute: str, title: str, key: str, *, keep_cases: bool = True,
             groups: dict | None = None) -> Table:
    """A row per group of the attribute (one of the Answered fields, or `groups` given: group label -> answers), with
    how many people, and per domain the share good with its 95% interval."""
    domains = domains_asked(answers)
    if groups is None:
        groups = defaultdict(list)
        for a in answers:
            groups[_label(a, attribute)].append(a)
        order = _order(attribute, groups)
    else:
        order = list(groups)
    table = Table(key, f"Share of good answers by {title[0].lower() + title[1:]}",
                  [title, "People", *(f"{DOMAINS[d]}: share good (95% interval)" for d in domains)],
                  sheet=f"By {title.lower()}")
    for label in order:
        found = groups[label]
        table.rows.append([label, Count.of([a[0] for a in found], keep=keep_cases),
                           *(_share_with_interval(tally(found, d)) for d in domains)])
    return table


def other_voices(answers: list[Answered]) -> dict:
    """Of the person's answers that count, who gave them: how many people in all, how many answered by someone other
    than the person (not evaluation.OWN_VOICE), and how many by each kind of answerer."""
    person_answers = [a for a in answers if a[3] == PERSON]
    by = defaultdict(int)
    for a in person_answers:
        by[a[5]] += 1
    others = sum(n for code, n in by.items() if code not in OWN_VOICE)
    return {"people": len(person_answers), "others": others, "by": dict(by)}


def safe_count(n: int) -> str:
    """A number for a sentence every reader sees (the notes are also on a shared workbook's contents): 1 to 4 said as
    'fewer than 5'."""
    return FEWER_THAN if is_small(n) else str(n)


# Who gave the person's answers for them, as a sentence says it.
OTHERS = {evaluation.RELATIVE: "a relative without the person", evaluation.ADVOCATE: "an advocate",
          evaluation.WORKER_FOR_PERSON: "a worker"}


def other_voices_note(answers: list[Answered]) -> str:
    """The sentence the dashboard opens with: how many of the person's answers came from someone other than them."""
    found = other_voices(answers)
    if not found["people"]:
        return "No one's answers to their own questionnaire count in this period."
    parts = [f"{safe_count(found['by'][code])} by {OTHERS.get(code, ANSWERED_BY[code].lower())}"
             for code in ANSWERED_BY if code not in OWN_VOICE and found["by"].get(code)]
    # The share only when neither number is small: a share of a small number gives the number away.
    share = ("" if is_small(found["people"]) or is_small(found["others"])
             else f" ({percent(found['others'] / found['people']):.1f}%)")
    said = f": {', '.join(parts)}" if parts else ""
    people = safe_count(found["people"])
    return (f"{people[0].upper() + people[1:]} people's answers to their own questionnaire count here; "
            f"{safe_count(found['others']) if found['others'] else 'none'} of them{share if found['others'] else ''} were "
            f"given by someone other than the person{said}. Every figure can be split by who answered.")


def financial_year(on: datetime.date) -> str:
    """The council's year (April to March) a day falls in, as '2025-26'."""
    first = on.year if on.month >= 4 else on.year - 1
    return f"{first}-{str(first + 1)[-2:]}"


def over_time(answered: list[Answered], *, respondent: str, scale: str, end: datetime.date, voice: str = "",
              keep_cases: bool = True) -> tuple[Table, int]:
    """The same people year by year: everyone with answers that count in two or more of the council's years (April
    to March) up to `end`, and for each year, their share of good answers per domain, each person counted once a
    year by their latest answers in it. Returns the table and how many people it follows."""
    per_year: dict[str, dict[tuple, Answered]] = defaultdict(dict)
    for a in answered:
        if not _wanted(a, respondent=respondent, scale=scale, end=end, voice=voice):
            continue
        year, key = financial_year(a[2]), (a[1], a[4])
        held = per_year[year].get(key)
        if held is None or (a[2], a[12]) > (held[2], held[12]):
            per_year[year][key] = a
    years_of: dict[tuple, int] = defaultdict(int)
    for found in per_year.values():
        for key in found:
            years_of[key] += 1
    cohort = {key for key, n in years_of.items() if n >= 2}
    groups = {year: [a for key, a in sorted(per_year[year].items()) if key in cohort]
              for year in sorted(per_year) if any(key in cohort for key in per_year[year])}
    table = split_by([a for found in groups.values() for a in found], "year", "Year", "good-answers-over-time",
                     keep_cases=keep_cases, groups=groups)
    table.caption = "The same people over time: share of good answers each year"
    table.sheet = "Over time"
    return table, len(cohort)


def review_outcomes_by_option(reviews: list[Reviewed], *, start: datetime.date, end: datetime.date,
                              keep_cases: bool = True) -> Table:
    """Review Outcomes Achieved (the Client Level Data value, outcomes.cld_review) by the delivery option of the plan
    reviewed: each person's latest review in the period that rated at least one outcome, with the share of each
    value and the share fully met's 95% interval."""
    latest: dict[int, Reviewed] = {}
    for r in reviews:
        if not (start <= r[2] <= end) or not r[4]:
            continue
        if r[1] not in latest or (r[2], r[5]) > (latest[r[1]][2], latest[r[1]][5]):
            latest[r[1]] = r
    values = [code for code, _ in cld_review.REVIEW_OUTCOMES_ACHIEVED]
    header = ["Delivery option", "People reviewed"]
    for code in values:
        header += [code, f"{code}: share"]
    header += [f"{values[0]}: 95% interval"]
    table = Table("review-outcomes-by-option", "Review Outcomes Achieved by delivery option", header,
                  sheet="Review outcomes by option")
    groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for r in sorted(latest.values(), key=lambda r: r[1]):
        label = dict(OPTIONS).get(r[3], NOT_CHOSEN) if r[3] else NOT_CHOSEN
        groups[label].append((r[0], cld_review.outcomes_achieved(list(r[4]))))
    everyone = [found for label in groups for found in groups[label]]
    for label, found in [*((label, groups[label]) for label in _order("option", groups)),
                         *([("All options", everyone)] if everyone else [])]:
        n = len(found)
        row = [label, Count.of([case for case, _ in found], keep=keep_cases)]
        for code in values:
            these = [case for case, value in found if value == code]
            row += [Count.of(these, keep=keep_cases), _fraction(len(these) / n, n)]
        fully = sum(1 for _, value in found if value == values[0])
        low, high = wilson_interval(fully, n)
        row.append(Figure(f"{percent(low):.1f}% to {percent(high):.1f}%", n))
        table.rows.append(row)
    return table
