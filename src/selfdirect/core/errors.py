"""The one shape of a domain refusal: an action says no, with the message to show and the input it is about.

Every app's error (PlanError, JourneyError, AccountError, RequestError, EligibilityError, ...) subclasses
DomainError, keeping its own name and arguments. The action that raises it names the field there and then, so no
view or API reads the message text to decide where it goes: `core.flows.submit` puts it on the form's field (or the
whole form), `core.api.problems_from` answers 400 naming the field (or 409 for the request as a whole).

An action that finds several problems at once (a record of authority without its start date, its evidence's
reference and the day it was seen) raises them `together`: the first, carrying the rest in `also`, so the page shows
every one in its error summary and the API names every field in one 400, rather than one problem a submission (the
GOV.UK error message pattern: "show all errors", https://design-system.service.gov.uk/components/error-summary/)."""

from collections.abc import Sequence


class DomainError(Exception):
    """An action refused; str() is the message to show. `field` names the input it is about, or is None when it is
    about the request as a whole (the case is at another step, the record has moved on, ...). `also` holds the other
    problems found with it (`together`); `every` is this one and those, in order."""

    field: str | None = None
    also: tuple["DomainError", ...] = ()

    def __init__(self, message: str = "", *, field: str | None = None):
        super().__init__(message)
        self.field = field or None

    @property
    def every(self) -> tuple["DomainError", ...]:
        return (self, *self.also)


def together(problems: Sequence[DomainError]) -> DomainError:
    """One error standing for several found at once: the first, with the others in its `also`. Raise what it returns
    (callers and `except` clauses see the first's type and message, as before)."""
    first, *rest = problems
    first.also = tuple(rest)
    return first
