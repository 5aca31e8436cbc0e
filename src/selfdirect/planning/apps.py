from django.apps import AppConfig

from selfdirect.journey import guards as journey_guards

NO_SUBMITTED_PLAN = "There is no submitted plan to decide on"


class PlanningConfig(AppConfig):
    name = "selfdirect.planning"
    label = "planning"
    verbose_name = "Support plans and their agreement"

    def ready(self):
        # Imported here, not at the top: queries need the models, which are loaded only once the apps are ready.
        from selfdirect.people import access as people_access

        from . import queries

        def decision(case) -> list[str]:
            """A plan is approved or returned only once one is submitted."""
            return [] if queries.submitted_plan_for(case) is not None else [NO_SUBMITTED_PLAN]

        journey_guards.register("submit_plan", queries.problems_before_submitting)
        journey_guards.register("return_plan", decision)
        journey_guards.register("approve_plan", decision)
        journey_guards.register("start_support", queries.problems_before_starting)
        people_access.register_provider_reach(queries.person_ids_supported_by)
