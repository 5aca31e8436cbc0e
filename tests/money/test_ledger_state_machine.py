"""Random sequences of payment runs, statement imports (repeated and overlapping), reversals and recoveries always
leave `money check` clean and never pay a period twice."""

import datetime

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from selfdirect.money import actions, queries
from selfdirect.money.models import Instalment, JournalEntry, StatementLine
from selfdirect.site import demo
from tests.hypo import examples

D = datetime.date


@pytest.mark.django_db
def test_random_runs_imports_reversals_and_recoveries_leave_the_ledger_sound(council):
    from selfdirect.outcomes import actions as reviews

    person = council.live_person(user=council.holder)
    case = council.case(person)
    plan = case.plans.get()
    reviews.record_review(case, actor=council.worker, held_on=D(2026, 6, 1), summary="Fine", decision="continue",
                          ratings={o.pk: "achieved" for o in plan.outcomes.all()},
                          depth="light", reason="Planned", method="Service user only",
                          what_changed="Nothing changed")
    case = council.case(person)

    class Ledger(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            demo.clear_money()  # each example starts with an empty ledger
            self.statement_rows = []

        @rule(day=st.integers(0, 400))
        def run_payments(self, day):
            actions.pay(D(2026, 1, 1) + datetime.timedelta(days=day), actor=council.finance)

        @rule(days=st.lists(st.tuples(st.integers(0, 300), st.integers(1, 30000)), min_size=1, max_size=4),
              repeat_earlier=st.booleans())
        def import_statement(self, days, repeat_earlier):
            rows = [(D(2026, 2, 1) + datetime.timedelta(days=d), pence) for d, pence in days]
            if repeat_earlier and self.statement_rows:
                rows = self.statement_rows[-2:] + rows  # an overlapping statement
            self.statement_rows += rows
            text = "Date,Description,Amount\n" + "".join(f"{d.isoformat()},Spend,-{p // 100}.{p % 100:02d}\n" for d, p in rows)
            actions.import_statement(text, name="s.csv", actor=council.finance, account_ref=f"DP-{person.la_person_id}")

        @precondition(lambda self: JournalEntry.objects.filter(kind="instalment", reversed_by__isnull=True).exists())
        @rule(pick=st.integers(0, 50))
        def reverse_an_entry(self, pick):
            candidates = list(JournalEntry.objects.filter(kind="instalment", reversed_by__isnull=True).order_by("id"))
            actions.reverse(candidates[pick % len(candidates)], actor=council.finance, reason="Correction")

        @precondition(lambda self: StatementLine.objects.filter(entry__isnull=False, correction__isnull=True).exists())
        @rule(pick=st.integers(0, 50))
        def correct_a_statement_line(self, pick):  # a month's entry posts many lines: one is corrected on its own
            candidates = list(StatementLine.objects.filter(entry__isnull=False, correction__isnull=True).order_by("id"))
            actions.correct_statement_line(candidates[pick % len(candidates)], actor=council.finance, reason="Correction")

        @rule(amount=st.integers(1, 200000), decision=st.sampled_from(["recover", "write_off", "reduce"]))
        def claw_back(self, amount, decision):
            found = actions.find_surplus(case, actor=council.finance, on=D(2026, 6, 2))
            if found.status == "closed":
                return  # no surplus: the audit is recorded and closed
            actions.send_warning(found, actor=council.finance, on=D(2026, 6, 2))
            actions.record_explanation(found, actor=council.finance, explanation="No reply", committed_pence=0)
            try:
                actions.decide_recovery(found, actor=council.finance, on=D(2026, 7, 10), decision=decision,
                                        amount_pence=amount, reason="Audit")
            except actions.MoneyError:
                actions.decide_recovery(found, actor=council.finance, on=D(2026, 7, 10), decision="none", reason="Committed")

        @invariant()
        def the_ledger_is_sound(self):
            assert queries.check() == []
            numbers = list(Instalment.objects.values_list("period_number", flat=True))
            assert len(numbers) == len(set(numbers))

    Ledger.TestCase.settings = settings(max_examples=examples(15), stateful_step_count=8, deadline=None,
                                        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    Ledger.TestCase().runTest()
