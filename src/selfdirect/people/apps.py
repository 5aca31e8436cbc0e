from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "selfdirect.people"
    label = "people"
    verbose_name = "People, carers and representatives"

    def ready(self):
        from . import access, actions  # noqa: F401  (access registers the object rules about a person's record)

        actions.register_linkers()  # taking up a person's invitation links the sign-in to their record
