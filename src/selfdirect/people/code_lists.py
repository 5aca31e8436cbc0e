"""Reading the shipped code-list file. Django-free: the database copy is seeded from this, and the CLD export reads
official lists straight from it."""

import json
from functools import cache
from pathlib import Path

CODE_LISTS_FILE = Path(__file__).parent / "reference" / "code_lists.json"


@cache
def shipped_lists() -> dict[str, dict]:
    document = json.loads(CODE_LISTS_FILE.read_text(encoding="utf-8"))
    return {item["name"]: item for item in document["lists"]}


def shipped_codes(list_name: str) -> list[tuple[str, str]]:
    return [(c["code"], c["label"]) for c in shipped_lists()[list_name]["codes"]]
