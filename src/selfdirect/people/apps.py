from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "selfdirect.people"
    label = "people"
    verbose_name = "People, carers and representatives"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the object rules)
