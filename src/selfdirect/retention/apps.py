from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "selfdirect.retention"
    label = "retention"
    verbose_name = "Retention schedule, legal holds and erasure"
    default_auto_field = "django.db.models.BigAutoField"
