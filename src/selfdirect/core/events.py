"""Events the house's actions send by name, for apps above them to act on without being imported by them.

`cases_changed`: an action changed records that a case's facts are worked out from (the case and its events, the
person, assessments, support plans and their items, choice records, instalments). The action announces it itself,
with the case ids (or, where it knows only the person, the person ids: every case of theirs); no model signal does it,
so a bulk write (bulk_create, update()) is announced like any other. Insight listens and notes the cases as stale.

Actions announce inside their transaction, not on commit: whatever a receiver writes (insight's stale marks) then
commits or rolls back with the change itself, so a change is never committed without its mark (a crash between the
commit and an on_commit callback would lose the mark and leave the facts wrong until a full refresh), and a change
rolled back leaves no mark behind. A receiver that raises rolls the change back with it."""

from collections.abc import Iterable

from django.dispatch import Signal

cases_changed = Signal()  # sent with case_ids and person_ids (frozensets of ints)


def announce_cases_changed(case_ids: Iterable[int | None] = (), *, sender, person_ids: Iterable[int | None] = ()) -> None:
    """Tell whoever listens that these cases' records changed (and every case of these people). `sender` is what
    changed (a model class, as Django's own signals have it). Nothing is sent when there is nothing to tell."""
    cases = frozenset(pk for pk in case_ids if pk is not None)
    people = frozenset(pk for pk in person_ids if pk is not None)
    if cases or people:
        cases_changed.send(sender=sender, case_ids=cases, person_ids=people)
