from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "selfdirect.insight"
    label = "insight"
    verbose_name = "Insight and returns"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import facts

        facts.watch()
