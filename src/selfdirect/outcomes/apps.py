from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "selfdirect.outcomes"
    label = "outcomes"
    verbose_name = "Reviews and outcomes"
