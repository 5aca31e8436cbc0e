from django.apps import AppConfig


class SubjectAccessConfig(AppConfig):
    name = "selfdirect.subject_access"
    label = "subject_access"
    verbose_name = "Subject access requests"
    default_auto_field = "django.db.models.BigAutoField"
