from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "selfdirect.people"
    label = "people"
    verbose_name = "People, carers and representatives"

    def ready(self):
        from . import actions, permissions  # noqa: F401  (permissions registers the object rules)

        actions.register_linkers()  # taking up a person's invitation links the sign-in to their record
