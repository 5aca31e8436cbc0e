from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "selfdirect.core"
    label = "core"
    verbose_name = "Selfdirect core"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the role rules asked for by name: audit.search, ...)
