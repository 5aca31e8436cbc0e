from django.apps import AppConfig


class MoneyConfig(AppConfig):
    name = "selfdirect.money"
    label = "money"
    verbose_name = "The money: ledger, payment runs, statements"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from selfdirect.outcomes import payments as outcomes_payments

        from . import (
            jobs,  # noqa: F401  (registers the payment run jobs: core.jobs)
            queries,
        )

        outcomes_payments.register_first_payments(queries.first_direct_payments)
