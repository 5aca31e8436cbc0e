import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from selfdirect.audit import actions as audit
from selfdirect.core import flows, permissions

from . import access, actions, forms, lockout, queries, tokens
from .models import Invitation


def _posted(request):
    """The form data of a POST (even an empty one, so the form is bound and checked), else None."""
    return request.POST if request.method == "POST" else None


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
    """The password. django-axes (first of the authentication backends) refuses a name locked from this address, and
    its middleware answers with `locked_out`. Staff go on to the code from their authenticator app; everyone else is
    signed in, and their count of wrong tries starts again."""

    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        login(self.request, user)
        if queries.needs_second_factor(user):
            return redirect(_second_step_url(user, self.get_redirect_url()))
        lockout.clear_failures(self.request, user.username)
        return HttpResponseRedirect(self.get_success_url())


def locked_out(request, response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page for a sign-in name locked from this address. The same page whether or not a
    sign-in has that name (ASVS 4.0.3 V2.2.1; no account enumeration)."""
    minutes = lockout.lock_minutes()
    if request.path.startswith("/api/"):
        detail = ("This sign-in name is locked from this address after too many wrong tries. "
                  + (f"Try again in {minutes} minutes, or ask" if minutes else "Ask") + " an administrator to unlock it")
        return JsonResponse({"type": "about:blank", "title": "Too many wrong tries", "status": 429, "detail": detail},
                            status=429, content_type="application/problem+json")
    if request.user.is_authenticated:
        logout(request)
    return render(request, "accounts/locked.html", {"minutes": minutes}, status=429)


# ---- the second step: a code from an authenticator app (staff) -----------------------------------------------------

def _second_step_url(user, next_url="") -> str:
    step = "accounts:second-step" if queries.authenticator_of(user) else "accounts:set-up-two-factor"
    return reverse(step) + (f"?{urlencode({'next': next_url})}" if next_url else "")


def _next_url(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return wanted
    return ""


def _second_step_done(request, user, device):
    from django_otp import login as otp_login

    otp_login(request, device)
    lockout.clear_failures(request, user.username)
    return redirect(_next_url(request) or home_for(user))


def _wrong_code(request, user, form, problem):
    """A wrong code counts like a wrong password; at the limit the session ends on the locked page."""
    if lockout.count_failure(request, user.username):
        return locked_out(request)
    form.add_error("code", problem)
    return None


def _awaiting_second_step(request):
    """The signed-in user who still has to enter a code, or a redirect for anyone else."""
    if not request.user.is_authenticated:
        return None, redirect("accounts:sign-in")
    if not queries.needs_second_factor(request.user) or request.user.is_verified():
        return None, redirect(home_for(request.user))
    if lockout.is_locked(request, request.user.username):
        return None, locked_out(request)
    return request.user, None


def second_step(request):
    user, elsewhere = _awaiting_second_step(request)
    if elsewhere is not None:
        return elsewhere
    device = queries.authenticator_of(user)
    if device is None:
        return redirect(_second_step_url(user, _next_url(request)))
    form = forms.CodeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        verified, problem, counted = actions.check_authenticator_code(user, device, form.cleaned_data["code"])
        if verified:
            return _second_step_done(request, user, device)
        if counted:
            answer = _wrong_code(request, user, form, problem)
            if answer is not None:
                return answer
        else:
            form.add_error("code", problem)
    return render(request, "accounts/second_step.html", {"form": form, "next": _next_url(request)},
                  status=400 if form.errors else 200)


PENDING_KEY = "selfdirect_new_authenticator_key"


def _qr_code(link: str) -> str:
    """The link an authenticator app reads, as a QR code in an SVG data: URI (no script, no file to serve)."""
    return segno.make(link, error="m").svg_data_uri(scale=5, border=4, dark="#0b0c0c", light="#ffffff")


def set_up_two_factor(request):
    """A member of staff with no authenticator app sets one up: the QR code, and the secret written out for those who
    cannot scan it; the first right code confirms it. The secret is kept in the session until then."""
    user, elsewhere = _awaiting_second_step(request)
    if elsewhere is not None:
        return elsewhere
    if queries.authenticator_of(user) is not None:
        return redirect(_second_step_url(user, _next_url(request)))
    key = request.session.get(PENDING_KEY) or actions.new_authenticator_key()
    request.session[PENDING_KEY] = key
    form = forms.CodeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            device = actions.set_up_authenticator(user, key=key, code=form.cleaned_data["code"])
        except actions.AccountError as problem:
            if form.cleaned_data["code"]:
                answer = _wrong_code(request, user, form, str(problem))
                if answer is not None:
                    return answer
            else:
                form.add_error("code", str(problem))
        else:
            del request.session[PENDING_KEY]
            messages.success(request, "Authenticator app set up. You will enter a code from it each time you sign in")
            return _second_step_done(request, user, device)
    return render(request, "accounts/set_up_two_factor.html", {
        "form": form, "next": _next_url(request), "secret": tokens.base32_secret(key),
        "qr_code": _qr_code(queries.authenticator_link(user, key)), "issuer": settings.OTP_TOTP_ISSUER},
        status=400 if form.errors else 200)


class SignOutView(auth_views.LogoutView):
    next_page = "accounts:sign-in"


def home_for(user) -> str:
    """Where a user acting in a role starts."""
    if permissions.is_carer(user):
        return reverse("carer-home")  # people's page of the carer's own details
    return reverse("site:home")


# ---- the role a user is acting in -----------------------------------------------------------------------------------

@login_required
def change_role(request):
    held = queries.held_roles(request.user)
    form = forms.ChangeRoleForm(_posted(request), held=held, initial={"role": request.user.role})
    if request.method == "POST" and form.is_valid():
        try:
            actions.act_as(request.user, form.cleaned_data["role"])
        except actions.AccountError as problem:
            form.add_error("role", str(problem))
        else:
            messages.success(request, f"You are now acting as {request.user.role_label.lower()}")
            return redirect(home_for(request.user))
    return render(request, "core/form_page.html", {
        "form": form, "heading": "Change the role you are acting in", "submit_text": "Change role",
        "intro": "Your sign-in holds more than one role. What you can see and do follows the role you act in.",
        "back_url": home_for(request.user)})


# ---- administrators: staff accounts ---------------------------------------------------------------------------------



@login_required
def account_list(request):
    access.require_admin(request.user)
    query = request.GET.get("q", "").strip()
    page = Paginator(queries.accounts(query), 25).get_page(request.GET.get("page"))
    audit.record(actor=request.user, action=audit.Action.READ, what=f"Listed sign-ins (search: {query!r})")
    shown = [(account, _role_labels(account)) for account in page.object_list]
    return render(request, "accounts/list.html", {"page": page, "query": query, "accounts": shown})


def _role_labels(account) -> str:
    """The roles a sign-in holds, for the list: its grants (prefetched), with `role` first for an account made the
    old way."""
    labels = [grant.role_label for grant in account.role_grants.all()]
    if account.role and account.role_label not in labels:
        labels.insert(0, account.role_label)
    return ", ".join(labels) or "No role"


def _grant_fields_initial(user):
    initial = {"roles": [], "organisation": user.organisation_id}
    for held in queries.held_roles_of_account(user):
        if held.role.value in dict(forms.RolesForm.base_fields["roles"].choices):
            initial["roles"].append(held.role.value)
        if held.team_id:
            initial[f"team_{held.role.value}"] = held.team_id
        if held.organisation_id:
            initial["organisation"] = held.organisation_id
    return initial


@login_required
def account_new(request):
    access.require_admin(request.user)
    form = forms.StaffForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, _ = actions.create_staff(actor=request.user, username=data["username"], first_name=data["first_name"],
                                           last_name=data["last_name"], email=data["email"], grants=form.grants(),
                                           base_url=request.build_absolute_uri("/"))
        except actions.AccountError as problem:
            form.add_error(problem.field if problem.field in form.fields else None, str(problem))
        else:
            messages.success(request, f"Sign-in {user.username} made. We have emailed {user.email} a link to set a "
                                      f"password")
            return redirect("accounts:account", pk=user.pk)
    return render(request, "core/form_page.html", {"form": form, "heading": "Add a staff sign-in",
                                                    "submit_text": "Add sign-in",
                                                    "back_url": reverse("accounts:list")})


@login_required
def account_detail(request, pk):
    user = access.account_for(request.user, pk)
    audit.record(actor=request.user, action=audit.Action.READ, what=f"Opened the sign-in {user.username}")
    # The records the sign-in is linked to, by the reverse relations people's models give a User
    linked = {"own": getattr(user, "own_record", None),
              "acts_for": list(user.acts_for.select_related("person")),
              "cares_as": list(user.cares_as.select_related("person"))}
    held = queries.held_roles_named(user)
    return render(request, "accounts/detail.html", {
        "account": user, "held": held, "linked": linked, "today": timezone.localdate(), "now": timezone.now(),
        "locks": queries.locks_of(user), "needs_app": queries.needs_second_factor(user),
        "app": queries.authenticator_of(user), "api_tokens": list(queries.tokens_of(user)),
        "back_url": reverse("accounts:list")})


@login_required
@require_POST
def account_unlock(request, pk):
    user = access.account_for(request.user, pk)
    return flows.act(request, lambda: actions.unlock(user, actor=request.user), errors=actions.AccountError,
                     success=f"{user.username} is unlocked and can sign in again",
                     redirect_to=reverse("accounts:account", args=[user.pk]))


@login_required
@require_POST
def account_reset_two_factor(request, pk):
    user = access.account_for(request.user, pk)
    return flows.act(request, lambda: actions.reset_authenticator(user, actor=request.user), errors=actions.AccountError,
                     success=f"The authenticator app of {user.username} is reset. They set up a new one when "
                             f"they next sign in",
                     redirect_to=reverse("accounts:account", args=[user.pk]))


@login_required
@require_POST
def account_revoke_token(request, pk):
    token = access.any_token(request.user, pk)
    user = token.user
    return flows.act(request, lambda: actions.revoke_token(token, actor=request.user), errors=actions.AccountError,
                     success=f"The API token {token.name} of {user.username} no longer works",
                     redirect_to=reverse("accounts:account", args=[user.pk]))


# ---- your own sign-in: password, API tokens --------------------------------------------------------------------------

@login_required
def your_sign_in(request):
    return render(request, "accounts/your_sign_in.html", {
        "needs_app": queries.needs_second_factor(request.user), "app": queries.authenticator_of(request.user),
        "api_tokens": list(queries.tokens_of(request.user)), "now": timezone.now()})


@login_required
def change_password(request):
    form = forms.ChangePasswordForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.change_password(request.user, current=data["current_password"], new=data["password"],
                                    again=data["password_again"])
        except actions.AccountError as problem:
            form.add_error(problem.field if problem.field in form.fields else None, str(problem))
        else:
            update_session_auth_hash(request, request.user)  # this session carries on; every other one ends
            messages.success(request, "Password changed. Any other place you were signed in is signed out")
            return redirect("accounts:your-sign-in")
    return render(request, "core/form_page.html", {
        "form": form, "heading": "Change your password", "submit_text": "Change password",
        "intro": "Choose a password of 12 characters or more that you do not use anywhere else. You do not need "
                 "capitals, numbers or symbols: length matters more.", "back_url": reverse("accounts:your-sign-in")},
        status=400 if form.errors else 200)


@login_required
def api_tokens(request):
    """Your API tokens: make one (its key is shown once, here), see them all, revoke one."""
    form = forms.TokenForm(_posted(request))
    made = None
    if request.method == "POST" and form.is_valid():
        try:
            _, made = actions.issue_token(request.user, actor=request.user, name=form.cleaned_data["name"],
                                          second_step=request.user.is_verified())
        except actions.AccountError as problem:
            form.add_error("name" if problem.field == "name" else None, str(problem))
        else:
            form = forms.TokenForm()
    return render(request, "accounts/tokens.html", {
        "form": form, "made": made, "api_tokens": list(queries.tokens_of(request.user)), "now": timezone.now(),
        "days": settings.API_TOKEN_DAYS}, status=400 if form.errors else 200)


@login_required
@require_POST
def revoke_api_token(request, pk):
    token = access.own_token(request.user, pk)
    return flows.act(request, lambda: actions.revoke_token(token, actor=request.user), errors=actions.AccountError,
                     success=f"The token {token.name} no longer works",
                     redirect_to=reverse("accounts:tokens"))


@login_required
def account_roles(request, pk):
    user = access.account_for(request.user, pk)
    form = forms.RolesForm(_posted(request), initial=_grant_fields_initial(user))
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_roles(user, actor=request.user, grants=form.grants())
        except actions.AccountError as problem:
            form.add_error(problem.field if problem.field in form.fields else None, str(problem))
        else:
            messages.success(request, f"Roles of {user.username} saved")
            return redirect("accounts:account", pk=user.pk)
    return render(request, "core/form_page.html", {
        "form": form, "heading": f"Change the roles of {user.display_name}", "caption": user.username,
        "intro": "Roles that came with an invitation from a person's record (budget holder, family member, unpaid "
                 "carer) are kept.", "submit_text": "Save roles",
        "back_url": reverse("accounts:account", args=[user.pk])})


@login_required
def account_deactivate(request, pk):
    user = access.account_for(request.user, pk)
    form = forms.DeactivateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            actions.deactivate(user, actor=request.user, reason=form.cleaned_data["reason"])
        except actions.AccountError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"{user.username} can no longer sign in")
            return redirect("accounts:account", pk=user.pk)
    return render(request, "core/form_page.html", {
        "form": form, "heading": f"Deactivate the sign-in of {user.display_name}", "caption": user.username,
        "intro": "They will not be able to sign in, and if they are signed in now they are signed out. Their records "
                 "and the audit trail stay. You can reactivate the account later.",
        "submit_text": "Deactivate", "back_url": reverse("accounts:account", args=[user.pk])})


@login_required
@require_POST
def account_reactivate(request, pk):
    user = access.account_for(request.user, pk)
    return flows.act(request, lambda: actions.reactivate(user, actor=request.user), errors=actions.AccountError,
                     success=f"{user.username} can sign in again",
                     redirect_to=reverse("accounts:account", args=[user.pk]))


# ---- taking up an invitation (no sign-in needed) ---------------------------------------------------------------------

def _signed_in_with(request, user):
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, f"You are signed in as {user.username}, acting as {user.role_label.lower()}")
    return redirect(home_for(user))


def redeem_link(request, token):
    found = actions.find_by_link(token)
    if found.invitation is None:
        return render(request, "accounts/invitation_problem.html", {"problem": found.problem}, status=404)
    invitation = found.invitation
    staff = invitation.kind == Invitation.Kind.STAFF
    existing = request.user if request.user.is_authenticated and not staff else None
    if existing is not None:
        form = forms.Form(_posted(request))
    else:
        form = (forms.SetPasswordForm if staff else forms.NewSignInForm)(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            if existing is not None:
                user = actions.redeem_existing(invitation, user=existing)
            else:
                user = actions.redeem_new(invitation, username=form.cleaned_data.get("username", ""),
                                          password=form.cleaned_data["password"])
        except actions.AccountError as problem:
            form.add_error(problem.field if problem.field in form.fields else None, str(problem))
        else:
            return _signed_in_with(request, user)
    return render(request, "accounts/redeem.html", {
        "form": form, "invitation": invitation, "existing": existing, "staff": staff,
        "heading": "Set your password" if staff else "Set up your sign-in"})


def redeem_code(request):
    """A letter's code. Besides each letter's own limit (actions.CODE_ATTEMPTS), wrong codes from one address are
    counted like wrong passwords (accounts.lockout.LETTER_CODE_NAME), so guessing across letters is stopped too."""
    if lockout.is_locked(request, lockout.LETTER_CODE_NAME):
        return locked_out(request)
    existing = request.user if request.user.is_authenticated else None
    form_class = forms.LetterCodeForm if existing else forms.LetterCodeNewSignInForm
    form = form_class(_posted(request))
    if request.method == "POST" and form.is_valid():
        found = actions.check_letter_code(form.cleaned_data["code"])
        guessed = tokens.looks_like_a_code(tokens.normalise_code(form.cleaned_data["code"]))
        if found.invitation is None and guessed and lockout.count_failure(request, lockout.LETTER_CODE_NAME):
            return locked_out(request)
        if found.invitation is None:
            form.add_error("code", found.problem)
        else:
            try:
                if existing is not None:
                    user = actions.redeem_existing(found.invitation, user=existing)
                else:
                    user = actions.redeem_new(found.invitation, username=form.cleaned_data["username"],
                                              password=form.cleaned_data["password"])
            except actions.AccountError as problem:
                form.add_error(problem.field if problem.field in form.fields else None, str(problem))
            else:
                return _signed_in_with(request, user)
    return render(request, "core/form_page.html", {
        "form": form, "heading": "Sign in with a letter code", "submit_text": "Continue",
        "intro": ("Type the code from the letter we sent you. It adds what the letter is for to your sign-in."
                  if existing else "Type the code from the letter we sent you, then choose a sign-in name and "
                                   "password. You will use these to sign in from now on."),
        "back_url": reverse("site:home") if existing else reverse("accounts:sign-in")})
