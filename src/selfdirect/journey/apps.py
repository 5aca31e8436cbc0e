from django.apps import AppConfig


class JourneyConfig(AppConfig):
    name = "selfdirect.journey"
    label = "journey"
    verbose_name = "The journey of a case"
