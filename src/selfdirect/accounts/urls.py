from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("sign-in/letter-code/", views.redeem_code, name="code"),
    path("invitation/<str:token>/", views.redeem_link, name="redeem"),
    path("change-role/", views.change_role, name="change-role"),
    path("accounts/", views.account_list, name="list"),
    path("accounts/new/", views.account_new, name="new"),
    path("accounts/<int:pk>/", views.account_detail, name="account"),
    path("accounts/<int:pk>/roles/", views.account_roles, name="roles"),
    path("accounts/<int:pk>/deactivate/", views.account_deactivate, name="deactivate"),
    path("accounts/<int:pk>/reactivate/", views.account_reactivate, name="reactivate"),
]
