from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top layer: home pages, cross-app summaries, the demo council and the site-wide template environment."""

    name = "selfdirect.site"
    label = "site"
    verbose_name = "Selfdirect site"

    def ready(self):
        from . import jobs  # noqa: F401  (registers the demo council's build with core.jobs)
