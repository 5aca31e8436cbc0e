from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("sign-in/letter-code/", views.redeem_code, name="code"),
    path("sign-in/two-factor/", views.second_step, name="second-step"),
    path("sign-in/two-factor/set-up/", views.set_up_two_factor, name="set-up-two-factor"),
    path("your-sign-in/", views.your_sign_in, name="your-sign-in"),
    path("your-sign-in/password/", views.change_password, name="password"),
    path("your-sign-in/tokens/", views.api_tokens, name="tokens"),
    path("your-sign-in/tokens/<int:pk>/revoke/", views.revoke_api_token, name="revoke-token"),
    path("invitation/<str:token>/", views.redeem_link, name="redeem"),
    path("change-role/", views.change_role, name="change-role"),
    path("accounts/", views.account_list, name="list"),
    path("accounts/new/", views.account_new, name="new"),
    path("accounts/<int:pk>/", views.account_detail, name="account"),
    path("accounts/<int:pk>/roles/", views.account_roles, name="roles"),
    path("accounts/<int:pk>/deactivate/", views.account_deactivate, name="deactivate"),
    path("accounts/<int:pk>/reactivate/", views.account_reactivate, name="reactivate"),
    path("accounts/<int:pk>/unlock/", views.account_unlock, name="unlock"),
    path("accounts/<int:pk>/reset-two-factor/", views.account_reset_two_factor, name="reset-two-factor"),
    path("accounts/tokens/<int:pk>/revoke/", views.account_revoke_token, name="account-revoke-token"),
]
