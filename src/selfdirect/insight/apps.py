from django.apps import AppConfig

from selfdirect.core import events


class InsightConfig(AppConfig):
    name = "selfdirect.insight"
    label = "insight"
    verbose_name = "Insight and returns"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: facts need the models, which are loaded only once the apps are ready.
        from . import facts, jobs  # noqa: F401  (jobs registers the Excel export with core.jobs)

        # Actions announce the cases they change (core/events.py); no post_save or post_delete receiver is connected.
        events.cases_changed.connect(facts.cases_changed, dispatch_uid="insight-stale-cases")
