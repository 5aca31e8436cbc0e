from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "selfdirect.accounts"
    label = "accounts"
    verbose_name = "Accounts, roles and teams"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import authentication, middleware  # noqa: F401  (authentication: its OpenAPI scheme)

        # Every sign-in (the sign-in page, an invitation, a test's force_login) notes when, and whether it needs the
        # second step, for the session's ends and the second step (accounts.middleware)
        user_logged_in.connect(lambda sender, request, user, **kw: middleware.start(request, user),
                               dispatch_uid="selfdirect.accounts.session_start", weak=False)
