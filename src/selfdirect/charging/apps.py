from django.apps import AppConfig


class ChargingConfig(AppConfig):
    name = "selfdirect.charging"
    label = "charging"
    verbose_name = "Financial assessment and charging"
