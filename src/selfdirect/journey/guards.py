"""What must be true before a guarded step of the journey may be taken, as the apps that know say it.

Journey knows its steps but not what they need (an assessment that finds eligible needs, a plan ready to submit, the
money organised): those belong to assessment and planning, which are above journey. So each registers a check for the
steps it guards, in its AppConfig.ready(). A check takes the case and returns the problems, sentences to show the
worker, empty when the step may be taken. A guarded step whose check is not registered is refused."""

from collections.abc import Callable

NOT_MET = "This step's conditions are not met"

Check = Callable[[object], list[str]]

_checks: dict[str, Check] = {}


def register(step: str, check: Check) -> None:
    """The check for a step (a transition's name, e.g. "submit_plan"); registering again replaces it."""
    _checks[step] = check


def problems(case, step: str) -> list[str]:
    """Why the case cannot take this step now; empty when it can."""
    check = _checks.get(step)
    if check is None:
        return [NOT_MET]
    return list(check(case))


def condition(step: str) -> Callable[[object], bool]:
    """A django-fsm transition condition: the step's registered check finds no problems."""

    def met(case) -> bool:
        return not problems(case, step)

    met.__name__ = met.__qualname__ = f"{step}_conditions_met"
    return met
