"""The one shape an access helper answers with: the record a user reached, and what they may do with it.

Each app's `access.py` has one helper per record kind (`money.access.payment_run_for`, `planning.access.plan_for`,
...). A helper refuses a record out of the user's scope with a 404 that leaks nothing (auditing the refusal when the
record is a person's), and a record the user may see but not act on as they ask with PermissionDenied. What comes
back says what else the user may do, so a page or an API decides nothing about roles itself (the decisions are
core.permissions')."""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

R = TypeVar("R")


@dataclass(frozen=True)
class Access(Generic[R]):
    """`record` is what was asked for; `person` and `case` whose it is (None for a record that is nobody's, such as a
    payment run). A user who reaches a record may see it; `may_change` says they may also change it."""

    record: R
    person: Any = None
    case: Any = None
    may_see: bool = True
    may_change: bool = False
