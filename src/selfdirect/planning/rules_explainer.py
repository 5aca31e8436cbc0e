"""'Can a direct payment buy this?' The council's spending rules are data (spending_rules.yaml); this applies them
to an item. Django-free."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

SHIPPED_RULES = Path(__file__).parent / "spending_rules.yaml"
VERDICTS = {"allowed": "Yes", "needs_agreement": "Only with the council's agreement", "not_allowed": "No"}


@dataclass(frozen=True)
class Answer:
    verdict: str
    reason: str
    rule: str
    guidance: str

    @property
    def headline(self) -> str:
        return VERDICTS[self.verdict]


class RulesError(ValueError):
    pass


def parse_rules(text: str, *, path: str = "<rules>") -> dict:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        raise RulesError(f"{path}{f', line {mark.line + 1}' if mark else ''}: not valid YAML") from None
    if not isinstance(data, dict) or "rules" not in data or "default" not in data:
        raise RulesError(f"{path}: needs 'default' and 'rules'")
    for index, rule in enumerate(data["rules"]):
        if rule.get("verdict") not in VERDICTS:
            raise RulesError(f"{path}: rule {index + 1} ({rule.get('id')}) has verdict {rule.get('verdict')!r}; use {', '.join(VERDICTS)}")
        if not rule.get("reason") or not (rule.get("keywords") or rule.get("when")):
            raise RulesError(f"{path}: rule {index + 1} ({rule.get('id')}) needs a reason and keywords or a 'when'")
    return data


@cache
def _load(path: str) -> dict:
    return parse_rules(Path(path).read_text(encoding="utf-8"), path=path)


def rules() -> dict:
    return _load(os.environ.get("SELFDIRECT_SPENDING_RULES") or str(SHIPPED_RULES))


def explain(description: str, *, household_relative_pa: bool = False, data: dict | None = None) -> Answer:
    data = data or rules()
    text = description.lower()
    for rule in data["rules"]:
        if rule.get("when") == "household_relative_pa" and household_relative_pa:
            return Answer(rule["verdict"], rule["reason"], rule["id"], data.get("guidance", ""))
        for keyword in rule.get("keywords", []):
            if re.search(rf"\b{re.escape(keyword.lower())}\b", text):
                return Answer(rule["verdict"], rule["reason"], rule["id"], data.get("guidance", ""))
    return Answer(data["default"]["verdict"], data["default"]["reason"], "default", data.get("guidance", ""))
