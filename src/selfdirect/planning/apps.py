from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "selfdirect.planning"
    label = "planning"
    verbose_name = "Support plans and their agreement"
