"""Supported self-assessment questionnaires: loading versioned definitions and scoring answers. Django-free.

Definitions are YAML files in `questionnaires/` named `<id>-v<version>.yaml`. A bad definition (a question with no
options, an option without points, negative points, a duplicate identifier) is refused at load with the file and
line. Answers name a question and an option; an unknown one is refused, named."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from selfdirect.core import yaml_lines

QUESTIONNAIRES = Path(__file__).parent / "questionnaires"


class DefinitionError(ValueError):
    """A questionnaire definition is wrong; str() gives the file and line."""


class AnswerError(ValueError):
    """An answer is wrong; `question` names the question."""

    def __init__(self, question: str, message: str):
        super().__init__(message)
        self.question = question


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    easy_read: str
    points: int


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    easy_read: str
    help: str
    options: tuple[Option, ...]

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Domain:
    id: str
    title: str
    subtract: bool
    about: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: int
    title: str
    kind: str
    about: str
    domains: tuple[Domain, ...]

    @property
    def key(self) -> str:
        return f"{self.id}-v{self.version}"

    @property
    def questions(self) -> list[tuple[Domain, Question]]:
        return [(d, q) for d in self.domains for q in d.questions]

    def question(self, question_id: str) -> Question | None:
        return next((q for _, q in self.questions if q.id == question_id), None)

    @property
    def max_points(self) -> int:
        return sum(max(o.points for o in q.options) for d, q in self.questions if not d.subtract)


@dataclass(frozen=True)
class ScoreLine:
    domain: str
    question: str
    answer: str
    points: int  # negative where the domain subtracts


@dataclass(frozen=True)
class Score:
    questionnaire: str
    points: int
    by_domain: dict[str, int]
    lines: list[ScoreLine]




def parse_questionnaire(text: str, *, path: str = "<questionnaire>") -> Questionnaire:
    data = yaml_lines.load(text, path=path, error=DefinitionError)
    if not isinstance(data, dict):
        raise DefinitionError(f"{path}, line 1: the file must be a mapping with id, version, title and domains")

    def need(mapping, key, kind=str):
        value = mapping.get(key)
        if value is None or (kind is str and not str(value).strip()):
            raise DefinitionError(f"{path}, line {mapping['__line__']}: '{key}' is missing")
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            described = {str: "text (put yes, no, on and off in quotes)", int: "a whole number", list: "a list"}[kind]
            raise DefinitionError(f"{path}, line {mapping['__line__']}: '{key}' must be {described}")
        return value

    ids: dict[tuple[str, str], int] = {}

    def unique(identifier, line, what):
        if (what, identifier) in ids:
            raise DefinitionError(f"{path}, line {line}: the {what} id {identifier!r} is used twice "
                                  f"(first at line {ids[(what, identifier)]})")
        ids[(what, identifier)] = line

    domains = []
    for d in need(data, "domains", list):
        unique(need(d, "id"), d["__line__"], "domain")
        questions = []
        for q in need(d, "questions", list):
            unique(need(q, "id"), q["__line__"], "question")
            raw_options = q.get("options")
            if not raw_options:
                raise DefinitionError(f"{path}, line {q['__line__']}: question {q['id']!r} has no options")
            options, option_ids = [], set()
            for o in raw_options:
                option_id = need(o, "id")
                if option_id in option_ids:
                    raise DefinitionError(f"{path}, line {o['__line__']}: option {option_id!r} is given twice in question {q['id']!r}")
                option_ids.add(option_id)
                points = need(o, "points", int)
                if points < 0:
                    raise DefinitionError(f"{path}, line {o['__line__']}: option {option_id!r} has negative points ({points}); "
                                          f"use a domain with 'subtract: true' to take points off")
                options.append(Option(option_id, need(o, "text"), o.get("easy_read") or o["text"], points))
            if len(options) < 2:
                raise DefinitionError(f"{path}, line {q['__line__']}: question {q['id']!r} needs at least two options")
            questions.append(Question(q["id"], need(q, "text"), q.get("easy_read") or q["text"], q.get("help") or "", tuple(options)))
        domains.append(Domain(d["id"], need(d, "title"), bool(d.get("subtract", False)), d.get("about") or "", tuple(questions)))
    return Questionnaire(need(data, "id"), need(data, "version", int), need(data, "title"), data.get("kind", "adult"),
                         data.get("about") or "", tuple(domains))


def load_questionnaire(path: Path) -> Questionnaire:
    return parse_questionnaire(path.read_text(encoding="utf-8"), path=str(path))


@cache
def shipped() -> dict[str, Questionnaire]:
    found = {}
    for path in sorted(QUESTIONNAIRES.glob("*.yaml")):
        questionnaire = load_questionnaire(path)
        found[questionnaire.key] = questionnaire
    return found


def get(identifier: str | None = None) -> Questionnaire:
    """By key ('adult-v1') or by id for its latest version ('adult'); the default is the latest adult one."""
    identifier = identifier or "adult"
    everything = shipped()
    if identifier in everything:
        return everything[identifier]
    versions = [q for q in everything.values() if q.id == identifier]
    if not versions:
        raise AnswerError("instrument", f"there is no questionnaire {identifier!r}; there are: {', '.join(sorted(everything))}")
    return max(versions, key=lambda q: q.version)


def score(questionnaire: Questionnaire, answers: dict[str, str]) -> Score:
    if not isinstance(answers, dict):
        raise AnswerError("answers", "answers must be an object of question id to option id")
    for question_id in answers:
        if questionnaire.question(question_id) is None:
            raise AnswerError(question_id, f"there is no question {question_id!r} in {questionnaire.key}")
    lines, by_domain = [], {}
    for domain, question in questionnaire.questions:
        if question.id not in answers:
            raise AnswerError(question.id, f"question {question.id!r} ({question.text}) has no answer")
        option = question.option(answers[question.id])
        if option is None:
            raise AnswerError(question.id, f"{answers[question.id]!r} is not an option of question {question.id!r}; "
                                           f"use one of {', '.join(o.id for o in question.options)}")
        points = -option.points if domain.subtract else option.points
        by_domain[domain.id] = by_domain.get(domain.id, 0) + points
        lines.append(ScoreLine(domain.title, question.text, option.text, points))
    return Score(questionnaire.key, max(0, sum(by_domain.values())), by_domain, lines)
