"""Evaluation questionnaires asked at a review, measuring the same way for everyone. Django-free.

They follow the shape of the Personal Outcomes Evaluation Tool (POET), developed by In Control with the Centre for
Disability Research at Lancaster University to measure the outcomes of personal budgets
(https://in-control.org.uk/resources/poet-personal-outcomes-evaluation-tool/): one questionnaire for the person, one
for each family carer and one for the worker, each asking, domain by domain of a life, whether things are better, the
same or worse since the budget began (the national POET surveys' "better or a lot better": Third National Personal
Budget Survey, TLAP, In Control and Lancaster University, 2014). POET's own wording is In Control's and is not copied:
the questions shipped in `evaluations/` are this council's, and a council edits them by adding a new version.

A council may ask for satisfaction on a five-point scale instead (setting SELFDIRECT_EVALUATION_SCALE); every
questionnaire says which scale it uses, and each set of answers keeps the questionnaire version it was asked with.

Definitions are YAML files in `evaluations/` named `<id>-v<version>.yaml`. A wrong definition is refused at load with
its file and line; a wrong answer names its domain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from selfdirect.core import yaml_lines

EVALUATIONS = Path(__file__).parent / "evaluations"

# The domains of a life asked about (issue 21; after POET's outcome domains). Every questionnaire asks about some of
# them, in its own words; the reports compare like with like by these identifiers.
DOMAINS = {
    "health": "Health",
    "where_i_live": "Where I live",
    "who_i_live_with": "Who I live with",
    "choice_and_control": "Choice and control over daily life and support",
    "friendships": "Friendships",
    "community": "Being part of the community",
    "work_and_volunteering": "Work and volunteering",
    "money": "Money",
    "dignity": "Dignity",
    "feeling_safe": "Feeling safe",
    # The family carer's own life (POET's carer survey asks about the carer's wellbeing and being able to go on caring).
    "carer_wellbeing": "The carer's own health and wellbeing",
    "carer_continue": "Being able to go on caring",
    "carer_life": "The carer's life outside caring",
}

# The two scales. "Does not apply" (work, for someone retired) is an answer on both and counts in neither.
CHANGE = "change"
SATISFACTION = "satisfaction"
NOT_APPLICABLE = "not_applicable"
SCALES: dict[str, list[tuple[str, str, int | None]]] = {
    # (answer, words, value): the value is what the reports count (better +1, the same 0, worse -1).
    CHANGE: [("better", "Better", 1), ("same", "About the same", 0), ("worse", "Worse", -1),
             (NOT_APPLICABLE, "Does not apply", None)],
    # A five-point satisfaction scale, 1 (very dissatisfied) to 5 (very satisfied).
    SATISFACTION: [("very_satisfied", "Very satisfied", 5), ("satisfied", "Satisfied", 4),
                   ("neither", "Neither satisfied nor dissatisfied", 3), ("dissatisfied", "Dissatisfied", 2),
                   ("very_dissatisfied", "Very dissatisfied", 1), (NOT_APPLICABLE, "Does not apply", None)],
}
SCALE_QUESTIONS = {CHANGE: "Since the budget began, is this better, about the same or worse?",
                   SATISFACTION: "How satisfied are you with this now?"}
# Easy read words for each answer.
EASY_READ_ANSWERS = {"better": "Better", "same": "The same", "worse": "Worse", NOT_APPLICABLE: "Not for me",
                     "very_satisfied": "Very happy", "satisfied": "Happy", "neither": "Not happy or unhappy",
                     "dissatisfied": "Unhappy", "very_dissatisfied": "Very unhappy"}

# Whose answers a questionnaire is for.
PERSON = "person"
FAMILY_CARER = "family_carer"
WORKER = "worker"
RESPONDENTS = {PERSON: "The person", FAMILY_CARER: "A family carer", WORKER: "The worker"}

# Who answered, recorded every time. In the Essex study of personal budgets only 9 of 46 interviews were with the
# person alone and 25 with a relative alone (issue 21), so every figure can be split by it. The person's questionnaire
# is answered by the person (alone or with family present) or by someone for them; a family carer's and the worker's
# are answered by that carer and that worker.
PERSON_ALONE = "person_alone"
PERSON_WITH_FAMILY = "person_with_family"
RELATIVE = "relative"
ADVOCATE = "advocate"
WORKER_FOR_PERSON = "worker_for_person"
CARER_THEMSELVES = "carer_themselves"
WORKER_THEMSELVES = "worker_themselves"
ANSWERED_BY = {
    PERSON_ALONE: "The person, alone",
    PERSON_WITH_FAMILY: "The person, with family present",
    RELATIVE: "A relative, without the person",
    ADVOCATE: "An advocate, for the person",
    WORKER_FOR_PERSON: "A worker, for the person",
    CARER_THEMSELVES: "The family carer",
    WORKER_THEMSELVES: "The worker",
}
ANSWERED_BY_FOR = {PERSON: (PERSON_ALONE, PERSON_WITH_FAMILY, RELATIVE, ADVOCATE, WORKER_FOR_PERSON),
                   FAMILY_CARER: (CARER_THEMSELVES,), WORKER: (WORKER_THEMSELVES,)}
# The person's own voice: answers given by the person (alone or with family there). Every other answer to the
# person's questionnaire came from someone else, and the reports say how many.
OWN_VOICE = (PERSON_ALONE, PERSON_WITH_FAMILY)


class DefinitionError(ValueError):
    """A questionnaire definition is wrong; str() gives the file and line."""


class AnswerError(ValueError):
    """An answer is wrong; `field` names the domain (or 'answered_by', 'questionnaire')."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Question:
    domain: str
    text: str
    easy_read: str

    @property
    def domain_title(self) -> str:
        return DOMAINS[self.domain]


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: int
    respondent: str
    scale: str
    title: str
    about: str
    follows: str
    questions: tuple[Question, ...]

    @property
    def key(self) -> str:
        return f"{self.id}-v{self.version}"

    @property
    def answers(self) -> list[tuple[str, str]]:
        return [(code, words) for code, words, _ in SCALES[self.scale]]

    @property
    def scale_question(self) -> str:
        return SCALE_QUESTIONS[self.scale]

    def check(self, answers: dict[str, str]) -> dict[str, str]:
        """The answers, one for every question, each on this questionnaire's scale; AnswerError names the first
        domain wrong (check_all gives every one)."""
        problems = self.check_all(answers)
        if problems:
            raise problems[0]
        return {q.domain: answers[q.domain] for q in self.questions}

    def check_all(self, answers: dict[str, str]) -> list[AnswerError]:
        allowed = {code for code, _, _ in SCALES[self.scale]}
        problems = [AnswerError(domain, f"{domain!r} is not asked about in {self.key}")
                    for domain in answers if domain not in {q.domain for q in self.questions}]
        for q in self.questions:
            given = answers.get(q.domain)
            if not given:
                problems.append(AnswerError(q.domain, f"Select an answer for {DOMAINS[q.domain].lower()}"))
            elif given not in allowed:
                problems.append(AnswerError(q.domain, f"{given!r} is not an answer on the {self.scale} scale for "
                                                      f"{DOMAINS[q.domain].lower()}"))
        return problems


def value(scale: str, answer: str) -> int | None:
    """What the reports count for an answer (better +1, the same 0, worse -1; satisfaction 1 to 5); None for "does
    not apply" and for an answer the scale does not know."""
    return next((v for code, _, v in SCALES.get(scale, ()) if code == answer), None)


def words(scale: str, answer: str) -> str:
    return next((w for code, w, _ in SCALES.get(scale, ()) if code == answer), answer)


def good(scale: str, answer: str) -> bool | None:
    """Whether an answer is a good one: better, or satisfied or very satisfied. None when it does not apply."""
    counted = value(scale, answer)
    if counted is None:
        return None
    return counted > 0 if scale == CHANGE else counted >= 4


def in_order(questionnaire_key: str, answers: dict[str, str]) -> list[tuple[str, str]]:
    """(domain, answer) in the order the questionnaire asked them; for a version no longer shipped, in the order of
    DOMAINS. Never the stored order: PostgreSQL's jsonb keeps a mapping's keys in an order of its own."""
    try:
        asked = [q.domain for q in get(questionnaire_key).questions]
    except AnswerError:
        asked = list(DOMAINS)
    rank = {domain: n for n, domain in enumerate(asked)}
    return sorted(answers.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0]))


def described(questionnaire_key: str) -> str:
    """A questionnaire in words: its title and version ("How things have changed for you, version 1")."""
    try:
        asked = get(questionnaire_key)
    except AnswerError:
        return questionnaire_key
    return f"“{asked.title}”, version {asked.version}"


# Whose answers come first wherever several sets are listed: the person's, then family carers', then the worker's.
RESPONDENT_ORDER = {respondent: n for n, respondent in enumerate(RESPONDENTS)}


# ---- loading definitions --------------------------------------------------------------------------------------------



def parse(text: str, *, path: str = "<questionnaire>") -> Questionnaire:
    data = yaml_lines.load(text, path=path, error=DefinitionError)
    if not isinstance(data, dict):
        raise DefinitionError(f"{path}, line 1: the file must be a mapping with id, version, respondent, scale, title "
                              f"and questions")

    def need(mapping, key, kind=str):
        found = mapping.get(key)
        if found is None or (kind is str and not str(found).strip()):
            raise DefinitionError(f"{path}, line {mapping['__line__']}: '{key}' is missing")
        if not isinstance(found, kind) or (kind is int and isinstance(found, bool)):
            described = {str: "text", int: "a whole number", list: "a list"}[kind]
            raise DefinitionError(f"{path}, line {mapping['__line__']}: '{key}' must be {described}")
        return found

    respondent = need(data, "respondent")
    if respondent not in RESPONDENTS:
        raise DefinitionError(f"{path}, line {data['__line__']}: respondent {respondent!r} is not one of "
                              f"{', '.join(RESPONDENTS)}")
    scale = need(data, "scale")
    if scale not in SCALES:
        raise DefinitionError(f"{path}, line {data['__line__']}: scale {scale!r} is not one of {', '.join(SCALES)}")
    if need(data, "version", int) < 1:
        raise DefinitionError(f"{path}, line {data['__line__']}: 'version' must be 1 or more")
    questions, seen = [], {}
    for q in need(data, "questions", list):
        if not isinstance(q, dict):
            raise DefinitionError(f"{path}: each question must be a mapping with domain, text and easy_read")
        domain = need(q, "domain")
        if domain not in DOMAINS:
            raise DefinitionError(f"{path}, line {q['__line__']}: domain {domain!r} is not one of "
                                  f"{', '.join(DOMAINS)}")
        if domain in seen:
            raise DefinitionError(f"{path}, line {q['__line__']}: domain {domain!r} is asked twice (first at line "
                                  f"{seen[domain]})")
        seen[domain] = q["__line__"]
        questions.append(Question(domain, need(q, "text"), q.get("easy_read") or q["text"]))
    if not questions:
        raise DefinitionError(f"{path}, line {data['__line__']}: 'questions' is empty")
    return Questionnaire(need(data, "id"), data["version"], respondent, scale, need(data, "title"),
                         str(data.get("about") or ""), need(data, "follows"), tuple(questions))


@cache
def shipped() -> dict[str, Questionnaire]:
    found = {}
    for path in sorted(EVALUATIONS.glob("*.yaml")):
        questionnaire = parse(path.read_text(encoding="utf-8"), path=str(path))
        expected = f"{questionnaire.id}-v{questionnaire.version}"
        if path.stem != expected:
            raise DefinitionError(f"{path}, line 1: id and version say {expected!r}; name the file {expected}.yaml")
        found[questionnaire.key] = questionnaire
    return found


def get(key: str) -> Questionnaire:
    """A questionnaire by its key ('person-v1'); AnswerError('questionnaire') when there is none."""
    found = shipped().get(key)
    if found is None:
        raise AnswerError("questionnaire", f"there is no evaluation questionnaire {key!r}; there are: "
                                           f"{', '.join(sorted(shipped()))}")
    return found


def current(respondent: str, scale: str = CHANGE) -> Questionnaire:
    """The latest version of the questionnaire for this respondent on the council's scale."""
    versions = [q for q in shipped().values() if q.respondent == respondent and q.scale == scale]
    if not versions:
        raise AnswerError("questionnaire", f"there is no {scale} questionnaire for {RESPONDENTS.get(respondent, respondent)}")
    return max(versions, key=lambda q: (q.version, q.id))


def check_answered_by(respondent: str, answered_by: str) -> None:
    if respondent not in RESPONDENTS:
        raise AnswerError("respondent", "Select whose questionnaire this is: the person's, a family carer's or the "
                                        "worker's")
    if answered_by not in ANSWERED_BY_FOR[respondent]:
        raise AnswerError("answered_by", "Select who answered" if respondent == PERSON else
                          f"{RESPONDENTS[respondent]}'s questionnaire is answered by {ANSWERED_BY[ANSWERED_BY_FOR[respondent][0]].lower()}")


# ---- figures ---------------------------------------------------------------------------------------------------------

Z_95 = 1.959963984540054  # the standard normal's 97.5th percentile: a two-sided 95% interval


def wilson_interval(good_count: int, count: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval for a proportion (Wilson, E. B. (1927), "Probable inference, the law of succession,
    and statistical inference", Journal of the American Statistical Association 22(158): 209-212): (low, high) as
    fractions, or None when nothing was counted. Unlike the normal approximation it stays within 0 and 1 and behaves
    for the small counts a team's figures have."""
    if count <= 0:
        return None
    if not 0 <= good_count <= count:
        raise ValueError(f"{good_count} of {count} cannot be a proportion")
    p = good_count / count
    centre = (p + z * z / (2 * count)) / (1 + z * z / count)
    half = z * math.sqrt(p * (1 - p) / count + z * z / (4 * count * count)) / (1 + z * z / count)
    # At 0 of n and n of n the exact bound is 0 (or 1); the arithmetic can miss it by a rounding error.
    return (0.0 if good_count == 0 else max(0.0, centre - half)), (1.0 if good_count == count else min(1.0, centre + half))
