"""'Can a direct payment buy this?' The council's spending rules are data (spending_rules.yaml); this applies them
to an item. Django-free.

How a description is matched, in context:
- a keyword counts only as whole words ("rent" is not found in "parental" or "rented"), whatever the case and spacing;
- a rule's `unless` phrases stop its keyword counting where the keyword is part of one of them ("rent" does not count
  inside "hall rent" when the rule says `unless: [hall rent]`);
- where keywords of different rules overlap, the longer (more specific) phrase wins: a Yes rule for "plot rent" beats
  a No rule for "rent" in "allotment society membership and plot rent", wherever the two rules are in the file;
- of the rules left with a keyword that counts (or whose condition holds), the first in the file decides; if none
  does, the default applies. So a No for one part of a description ("gym membership and beer") is never hidden by a
  Yes for another part, as long as the No rules come first.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

SHIPPED_RULES = Path(__file__).parent / "spending_rules.yaml"
VERDICTS = {"allowed": "Yes", "needs_agreement": "Only with the council's agreement", "not_allowed": "No"}
CONDITIONS = {"household_relative_pa": "the item pays a close relative in the same household as a personal assistant"}
RULE_KEYS = ("id", "keywords", "unless", "when", "verdict", "reason")
TOP_KEYS = ("guidance", "default", "rules")


@dataclass(frozen=True)
class Answer:
    verdict: str
    reason: str
    rule: str
    guidance: str
    matched: str = ""  # the words in the description that decided it ("" for a condition or the default)

    @property
    def headline(self) -> str:
        return VERDICTS[self.verdict]

    @property
    def not_allowed(self) -> bool:
        return self.verdict == "not_allowed"


class RulesError(ValueError):
    pass


def _normal(text: str) -> str:
    return " ".join(str(text).replace("\u2019", "'").lower().split())


def _pattern(phrase: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(_normal(phrase)) + r"(?!\w)")


def _phrases(value, where: str) -> list[str]:
    if not isinstance(value, list) or not value:
        raise RulesError(f"{where} must be a list of words or phrases, like [rent, council tax]")
    for phrase in value:
        if not isinstance(phrase, str) or not _normal(phrase):
            raise RulesError(f"{where} has {phrase!r}; each entry must be a word or phrase")
    return value


def parse_rules(text: str, *, path: str = "<rules>") -> dict:
    """The rules from YAML text, checked: a malformed file is refused whole, naming the rule and key."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        raise RulesError(f"{path}{f', line {mark.line + 1}' if mark else ''}: not valid YAML") from None
    if not isinstance(data, dict) or "rules" not in data or "default" not in data:
        raise RulesError(f"{path}: needs 'default' and 'rules'")
    unknown = [k for k in data if k not in TOP_KEYS]
    if unknown:
        raise RulesError(f"{path}: unknown key {unknown[0]!r}; use {', '.join(TOP_KEYS)}")
    default = data["default"]
    if not isinstance(default, dict) or default.get("verdict") not in VERDICTS or not default.get("reason"):
        raise RulesError(f"{path}: 'default' needs a verdict ({', '.join(VERDICTS)}) and a reason")
    if not isinstance(data["rules"], list):
        raise RulesError(f"{path}: 'rules' must be a list of rules")
    seen = set()
    for index, rule in enumerate(data["rules"]):
        if not isinstance(rule, dict):
            raise RulesError(f"{path}: rule {index + 1} must be a mapping of keys ({', '.join(RULE_KEYS)})")
        name = f"{path}: rule {index + 1} ({rule.get('id')})"
        for key in rule:
            if key not in RULE_KEYS:
                raise RulesError(f"{name} has unknown key {key!r}; use {', '.join(RULE_KEYS)}")
        if not isinstance(rule.get("id"), str) or not rule["id"].strip():
            raise RulesError(f"{name} needs an 'id'")
        if rule["id"] in seen or rule["id"] == "default":
            raise RulesError(f"{name}: 'id' {rule['id']!r} is used twice (or is 'default'); give each rule its own")
        seen.add(rule["id"])
        if rule.get("verdict") not in VERDICTS:
            raise RulesError(f"{name} has verdict {rule.get('verdict')!r}; use {', '.join(VERDICTS)}")
        if not rule.get("reason") or not (rule.get("keywords") or rule.get("when")):
            raise RulesError(f"{name} needs a reason and keywords or a 'when'")
        if "when" in rule and rule["when"] not in CONDITIONS:
            raise RulesError(f"{name}, 'when': {rule['when']!r} is not a condition; use {', '.join(CONDITIONS)}")
        keywords = _phrases(rule["keywords"], f"{name}, 'keywords'") if "keywords" in rule else []
        if "unless" in rule:
            if not keywords:
                raise RulesError(f"{name}, 'unless': only a rule with keywords can have 'unless'")
            for phrase in _phrases(rule["unless"], f"{name}, 'unless'"):
                if not any(_pattern(k).search(_normal(phrase)) for k in keywords):
                    raise RulesError(f"{name}, 'unless': {phrase!r} contains none of the rule's keywords, so it "
                                     "could never apply")
    return data


@cache
def _load(path: str) -> dict:
    return parse_rules(Path(path).read_text(encoding="utf-8"), path=path)


def rules() -> dict:
    return _load(os.environ.get("SELFDIRECT_SPENDING_RULES") or str(SHIPPED_RULES))


def _hits(rule_index: int, rule: dict, text: str) -> list[tuple[int, int, int, str]]:
    """Where the rule's keywords count in the text: (start, end, rule index, keyword)."""
    excluded = [m.span() for phrase in rule.get("unless", []) for m in _pattern(phrase).finditer(text)]
    found = []
    for keyword in rule.get("keywords", []):
        for m in _pattern(keyword).finditer(text):
            start, end = m.span()
            if not any(s <= start and end <= e for s, e in excluded):
                found.append((start, end, rule_index, keyword))
    return found


def explain(description: str, *, household_relative_pa: bool = False, data: dict | None = None) -> Answer:
    data = data or rules()
    text = _normal(description)
    guidance = data.get("guidance", "")
    hits = [h for index, rule in enumerate(data["rules"]) for h in _hits(index, rule, text)]
    # The more specific phrase wins where two rules' keywords overlap ("plot rent" over "rent").
    counting = [h for h in hits if not any(o[2] != h[2] and o[0] < h[1] and h[0] < o[1] and o[1] - o[0] > h[1] - h[0]
                                           for o in hits)]
    for index, rule in enumerate(data["rules"]):
        if rule.get("when") == "household_relative_pa" and household_relative_pa:
            return Answer(rule["verdict"], rule["reason"], rule["id"], guidance)
        for start, end, rule_index, _ in counting:
            if rule_index == index:
                return Answer(rule["verdict"], rule["reason"], rule["id"], guidance, matched=text[start:end])
    return Answer(data["default"]["verdict"], data["default"]["reason"], "default", guidance)
