from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from selfdirect.audit import actions as audit
from selfdirect.core import permissions

from . import access, actions, forms, queries
from .models import Invitation, Organisation, Team


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
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


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
    teams = dict(Team.objects.values_list("pk", "name"))
    organisations = dict(Organisation.objects.values_list("pk", "name"))
    held = [(h.label, teams.get(h.team_id) or organisations.get(h.organisation_id) or "")
            for h in queries.held_roles_of_account(user)]
    return render(request, "accounts/detail.html", {"account": user, "held": held,
                                                    "linked": linked, "today": timezone.localdate(),
                                                    "back_url": reverse("accounts:list")})


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
    try:
        actions.reactivate(user, actor=request.user)
    except actions.AccountError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"{user.username} can sign in again")
    return redirect("accounts:account", pk=user.pk)


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
    existing = request.user if request.user.is_authenticated else None
    form_class = forms.LetterCodeForm if existing else forms.LetterCodeNewSignInForm
    form = form_class(_posted(request))
    if request.method == "POST" and form.is_valid():
        found = actions.check_letter_code(form.cleaned_data["code"])
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
