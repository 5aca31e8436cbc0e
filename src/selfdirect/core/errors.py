"""The one shape of a domain refusal: an action says no, with the message to show and the input it is about.

Every app's error (PlanError, JourneyError, AccountError, RequestError, EligibilityError, ...) subclasses
DomainError, keeping its own name and arguments. The action that raises it names the field there and then, so no
view or API reads the message text to decide where it goes: `core.flows.submit` puts it on the form's field (or the
whole form), `core.api.problems_from` answers 400 naming the field (or 409 for the request as a whole)."""


class DomainError(Exception):
    """An action refused; str() is the message to show. `field` names the input it is about, or is None when it is
    about the request as a whole (the case is at another step, the record has moved on, ...)."""

    field: str | None = None

    def __init__(self, message: str = "", *, field: str | None = None):
        super().__init__(message)
        self.field = field or None
