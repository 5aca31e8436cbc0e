from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "selfdirect.research"
    label = "research"
    verbose_name = "Research projects and their extracts"
    default_auto_field = "django.db.models.BigAutoField"
