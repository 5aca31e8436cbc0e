from django.apps import AppConfig

from selfdirect.journey import guards as journey_guards

NO_ELIGIBLE_ASSESSMENT = "Record an assessment that finds eligible needs and an indicative budget first"


class AssessmentConfig(AppConfig):
    name = "selfdirect.assessment"
    label = "assessment"
    verbose_name = "Assessment of needs and the indicative budget"

    def ready(self):
        # Imported here, not at the top: queries need the models, which are loaded only once the apps are ready.
        from . import queries

        def budget_found(case) -> list[str]:
            """The budget is found once an assessment finds eligible needs and sets the indicative budget."""
            return [] if queries.eligible_assessment_for(case) is not None else [NO_ELIGIBLE_ASSESSMENT]

        journey_guards.register("budget_found", budget_found)
