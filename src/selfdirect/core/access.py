"""The one shape an access helper answers with: the record a user reached, and what they may do with it.

Each app's `access.py` has one helper per record kind (`money.access.payment_run_for`, `planning.access.plan_for`,
...). A helper refuses a record out of the user's scope with a 404 that leaks nothing (auditing the refusal when the
record is a person's), and a record the user may see but not act on as they ask with PermissionDenied. What comes
back says what else the user may do, so a page or an API decides nothing about roles itself (the decisions are
core.permissions')."""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.http import Http404

from .models import Job

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


def job_for(user, job_pk):
    """A job the user asked for (core.jobs); "not found" for anyone else's."""
    found = Job.objects.filter(pk=job_pk, requested_by=user).first() if user.is_authenticated else None
    if found is None:
        raise Http404("No such job")
    return found
