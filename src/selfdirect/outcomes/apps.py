from django.apps import AppConfig

# What changing moves a case's reviews (outcomes.schedule): the case (support starting, a review ending), its plan
# (signed off) and its instalments (a first direct payment paid). Named by label: money sits above outcomes. A plan
# signed off also gives a full review held before it its budget after (outcomes.actions.keep_budget_after).
_SCHEDULE_SENDERS = {"journey.Case", "planning.SupportPlan", "money.Instalment"}


class OutcomesConfig(AppConfig):
    name = "selfdirect.outcomes"
    label = "outcomes"
    verbose_name = "Reviews and outcomes"

    def ready(self):
        from selfdirect.core import events

        from . import actions

        def keep_reviews_in_step(sender, *, case_ids=frozenset(), **kwargs) -> None:
            """Case.next_review_on kept in step with the schedule whenever what it is worked out from changes (inside
            the changing action's transaction: core.events)."""
            label = getattr(getattr(sender, "_meta", None), "label", "")
            if case_ids and label in _SCHEDULE_SENDERS:
                actions.keep_next_review(case_ids)
            if case_ids and label == "planning.SupportPlan":
                actions.keep_budget_after(case_ids)

        events.cases_changed.connect(keep_reviews_in_step, dispatch_uid="outcomes-next-review", weak=False)
