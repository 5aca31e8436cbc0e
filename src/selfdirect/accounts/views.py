from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct sign-in name and password. Both are case-sensitive.",
        "inactive": "This account is not active. Ask your administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Sign-in name"
        self.fields["username"].error_messages["required"] = "Enter your sign-in name"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs.pop("autofocus", None)


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    next_page = "accounts:sign-in"
