"""What changed between two versions of a plan. Django-free: works on plain snapshots."""

from __future__ import annotations

from selfdirect.core.money import Money


def snapshot(outcomes: list[str], items: list[tuple[str, int]]) -> dict:
    return {"outcomes": list(outcomes), "items": {description: pence for description, pence in items}}


def plan_diff(old: dict, new: dict) -> list[str]:
    changes = []
    for outcome in new["outcomes"]:
        if outcome not in old["outcomes"]:
            changes.append(f"Outcome added: “{outcome}”")
    for outcome in old["outcomes"]:
        if outcome not in new["outcomes"]:
            changes.append(f"Outcome removed: “{outcome}”")
    for description, pence in new["items"].items():
        if description not in old["items"]:
            changes.append(f"Support added: {description} ({Money(pence).format()} a week)")
        elif old["items"][description] != pence:
            changes.append(f"Support changed: {description} from {Money(old['items'][description]).format()} to {Money(pence).format()} a week")
    for description, pence in old["items"].items():
        if description not in new["items"]:
            changes.append(f"Support removed: {description} ({Money(pence).format()} a week)")
    old_total, new_total = sum(old["items"].values()), sum(new["items"].values())
    if old_total != new_total:
        changes.append(f"Weekly cost from {Money(old_total).format()} to {Money(new_total).format()}")
    return changes
