from django.apps import AppConfig

from selfdirect.journey import guards as journey_guards

NO_SUBMITTED_PLAN = "There is no submitted plan to decide on"


class PlanningConfig(AppConfig):
    name = "selfdirect.planning"
    label = "planning"
    verbose_name = "Support plans and their agreement"

    def ready(self):
        # Imported here, not at the top: queries need the models, which are loaded only once the apps are ready.
        from selfdirect.market import usage as market_usage
        from selfdirect.people import access as people_access

        from . import queries
        from .models import PlanItem, SupportPlan

        def people_by_organisation(organisation_ids) -> dict[int, set[int]]:
            """For the market directory (market.usage): by organisation, the people who used it through their plan,
            that is, a plan of theirs that was approved (in force now, or replaced since) has an item it delivers."""
            found: dict[int, set[int]] = {}
            for organisation_id, person_id in PlanItem.objects.filter(
                organisation_id__in=organisation_ids, plan__approved_at__isnull=False,
                plan__status__in=[SupportPlan.Status.APPROVED, SupportPlan.Status.SUPERSEDED],
            ).values_list("organisation_id", "plan__case__person_id").distinct():
                found.setdefault(organisation_id, set()).add(person_id)
            return found

        def decision(case) -> list[str]:
            """A plan is approved or returned only once one is submitted."""
            return [] if queries.submitted_plan_for(case) is not None else [NO_SUBMITTED_PLAN]

        journey_guards.register("submit_plan", queries.problems_before_submitting)
        journey_guards.register("return_plan", decision)
        journey_guards.register("approve_plan", decision)
        journey_guards.register("start_support", queries.problems_before_starting)
        people_access.register_provider_reach(queries.person_ids_supported_by)
        market_usage.register_usage(people_by_organisation)
