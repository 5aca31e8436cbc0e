"""The audit trail's hash chain: plain rules, no Django (ASVS 4.0.3 V7.3.3, V7.3.4: log integrity).

Each event holds the hash of the event before it and its own hash, SHA-256 of that previous hash and the event's
canonical content. Changing, removing or inserting an event anywhere in the chain breaks a link that `first_break`
finds. The purge routine (audit.actions.purge) removes a prefix of the chain and leaves a checkpoint event holding
the hash of the last event it removed: the first event kept must follow that hash."""

import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

# The hash the first event of a chain follows (no event before it).
GENESIS = "0" * 64

# The content fields, in the order the canonical form names them (the keys are sorted anyway).
FIELDS = ("at", "actor", "action", "person", "what", "why", "channel", "address", "session", "purged_to_hash")


def moment(at: datetime.datetime) -> str:
    """A moment as the chain writes it: UTC, to the microsecond (both databases keep microseconds)."""
    if at.tzinfo is None:
        raise ValueError("An audit event's moment must be timezone-aware")
    return at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(content: dict) -> bytes:
    """The event's content as bytes that do not depend on the database: JSON, keys sorted, no spaces, UTF-8."""
    unknown = set(content) - set(FIELDS)
    if unknown:
        raise ValueError(f"Not an audit event field: {', '.join(sorted(unknown))}")
    values = {name: content.get(name) for name in FIELDS}
    if isinstance(values["at"], datetime.datetime):
        values["at"] = moment(values["at"])
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def link(previous_hash: str, content: dict) -> str:
    """The event's own hash: SHA-256 of the previous event's hash, a newline, and the event's canonical content."""
    return hashlib.sha256(previous_hash.encode("ascii") + b"\n" + canonical(content)).hexdigest()


@dataclass(frozen=True)
class Event:
    """What the chain needs of a stored event."""

    id: int
    previous_hash: str
    row_hash: str
    content: dict


@dataclass(frozen=True)
class Break:
    """The first event that does not verify, and why."""

    id: int
    reason: str


def first_break(events: Iterable[Event], *, starts_after: str = GENESIS) -> Break | None:
    """The first event, in the order stored, whose link to the event before it or whose own content does not verify;
    None when the whole chain does. `starts_after` is the hash the first event must follow: GENESIS for a trail never
    purged, else the hash the latest checkpoint says the purge removed last."""
    expected, first = starts_after, True
    for event in events:
        if event.previous_hash != expected:
            if not first:
                return Break(event.id, "it does not follow the event before it: an event was removed, added or "
                                       "reordered")
            return Break(event.id, "it is the first event kept but does not follow the last event the latest purge "
                                   "removed: events were removed" if starts_after != GENESIS else
                                   "it is the first event kept but is not the start of the chain and no purge "
                                   "accounts for it: events were removed")
        first = False
        if event.row_hash != link(event.previous_hash, event.content):
            return Break(event.id, "its content is not what was written: it was changed")
        expected = event.row_hash
    return None
