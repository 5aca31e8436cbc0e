from django.apps import AppConfig
from django.core import checks

from selfdirect.planning import events as planning_events

from .checks import policy_variables_ignored


class ChargingConfig(AppConfig):
    name = "selfdirect.charging"
    label = "charging"
    verbose_name = "Financial assessment and charging"

    def ready(self):
        # Imported here, not at the top: actions need the models, which are loaded only once the apps are ready.
        from . import actions, jobs  # noqa: F401  (jobs registers uprating with core.jobs)

        planning_events.plan_approved.connect(actions.plan_approved, dispatch_uid="charging-personal-budget-changed")
        checks.register(policy_variables_ignored)
