from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from selfdirect.audit import services as audit
from selfdirect.people import access as people_access

from . import access, actions, forms, services
from .models import Invitation
from .roles import Role

LETTERS_KEY = "invitation-letters"  # the codes of letters just issued, shown once to print (never stored)


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
    if user.role == Role.CARER:
        return reverse("accounts:carer")
    return reverse("core:home")


# ---- the role a user is acting in -----------------------------------------------------------------------------------

@login_required
def change_role(request):
    held = services.held_roles(request.user)
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


# ---- an unpaid carer's own page -------------------------------------------------------------------------------------

@login_required
def carer_home(request):
    if not services.holds(request.user, Role.CARER):
        raise PermissionDenied
    carers = list(services.carer_records_for(request.user))
    audit.record(actor=request.user, action=audit.Action.READ, what="Opened their own carer details")
    return render(request, "accounts/carer_home.html", {"carers": carers,
                                                        "acts_too": len(services.held_roles(request.user)) > 1})


# ---- administrators: staff accounts ---------------------------------------------------------------------------------



@login_required
def account_list(request):
    access.require_admin(request.user)
    query = request.GET.get("q", "").strip()
    page = Paginator(services.accounts(query), 25).get_page(request.GET.get("page"))
    audit.record(actor=request.user, action=audit.Action.READ, what=f"Listed sign-ins (search: {query!r})")
    return render(request, "accounts/list.html", {"page": page, "query": query})


def _grant_fields_initial(user):
    initial = {"roles": [], "organisation": user.organisation_id}
    for held in services.held_roles_of_account(user):
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
    from selfdirect.people.models import Person

    linked = {"own": Person.objects.filter(user=user).first(),
              "acts_for": list(user.acts_for.select_related("person")),
              "cares_as": list(user.cares_as.select_related("person"))}
    from .models import Organisation, Team

    teams = dict(Team.objects.values_list("pk", "name"))
    organisations = dict(Organisation.objects.values_list("pk", "name"))
    held = [(h.label, teams.get(h.team_id) or organisations.get(h.organisation_id) or "")
            for h in services.held_roles_of_account(user)]
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


# ---- invitations from a person's record -----------------------------------------------------------------------------

def _changeable_person(request, pk):
    person = people_access.person_for(request.user, pk, why="to manage sign-ins")
    if not people_access.can_change(request.user, person):
        raise PermissionDenied
    return person


@login_required
def invite(request, pk):
    person = _changeable_person(request, pk)
    form = forms.InviteForm(_posted(request), person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        who = data["who"]
        target = {}
        if who == "person":
            kind = Invitation.Kind.BUDGET_HOLDER
        elif who.startswith("rep-"):
            kind = Invitation.Kind.REPRESENTATIVE
            target["representative"] = person.representatives.filter(pk=who[4:]).first()
        else:
            kind = Invitation.Kind.CARER
            target["carer"] = person.carers.filter(pk=who[6:]).first()
        try:
            issued = actions.invite(person, actor=request.user, kind=kind, delivery=data["delivery"],
                                    email=data["email"], base_url=request.build_absolute_uri("/"), **target)
        except actions.AccountError as problem:
            form.add_error("who" if problem.field in {"kind", "representative", "carer"} else problem.field,
                           str(problem))
        else:
            if issued.invitation.delivery == Invitation.Delivery.LETTER:
                letters = request.session.get(LETTERS_KEY, {})
                letters[str(issued.invitation.pk)] = issued.secret
                request.session[LETTERS_KEY] = letters
                return redirect("accounts:letter", pk=issued.invitation.pk)
            messages.success(request, f"We have emailed {issued.invitation.email} a link for {issued.invitation.name} "
                                      f"to set up their sign-in. It works once, for {actions.LINK_DAYS} days")
            return redirect("people:detail", pk=person.pk)
    if not form.fields["who"].choices:
        return render(request, "accounts/nobody_to_invite.html", {"person": person,
                                                                  "back_url": reverse("people:detail", args=[person.pk])})
    return render(request, "core/form_page.html", {
        "form": form, "heading": "Invite someone to sign in", "caption": person.full_name, "submit_text": "Send",
        "intro": "They get a link by email, or a letter with a code, to choose a sign-in name and password. A new "
                 "invitation replaces any earlier one for the same person.",
        "back_url": reverse("people:detail", args=[person.pk])})


@login_required
def letter(request, pk):
    invitation = get_object_or_404(Invitation, pk=pk, delivery=Invitation.Delivery.LETTER)
    if invitation.person_id is None:
        raise Http404("No such letter")
    person = _changeable_person(request, invitation.person_id)
    # The code is shown once: it leaves the session as it is shown, so no copy of it is kept anywhere
    letters = request.session.get(LETTERS_KEY, {})
    code = letters.pop(str(invitation.pk), None)
    request.session[LETTERS_KEY] = letters
    from . import tokens

    return render(request, "accounts/letter.html", {
        "invitation": invitation, "person": person, "code": tokens.format_code(code) if code else None,
        "open": invitation.is_open(timezone.now()), "redeem_url": request.build_absolute_uri(reverse("accounts:code")),
        "back_url": reverse("people:detail", args=[person.pk])})


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
        "back_url": reverse("core:home") if existing else reverse("accounts:sign-in")})


# ---- ending a representative's authority ----------------------------------------------------------------------------

@login_required
def end_authority(request, pk, rep_pk):
    person = _changeable_person(request, pk)
    rep = person.representatives.filter(pk=rep_pk).first()
    if rep is None:
        raise Http404("No such representative")
    today = timezone.localdate()
    if rep.ends_on is not None and rep.ends_on <= today:
        messages.error(request, f"{rep.name}'s authority has already ended")
        return redirect("people:detail", pk=person.pk)
    form = forms.EndAuthorityForm(_posted(request), initial={"ends_on": max(today, rep.starts_on)})
    if request.method == "POST" and form.is_valid():
        try:
            actions.end_authority(rep, actor=request.user, ends_on=form.cleaned_data["ends_on"],
                                  reason=form.cleaned_data["reason"])
        except actions.AccountError as problem:
            form.add_error(problem.field, str(problem))
        else:
            ends = form.cleaned_data["ends_on"]
            messages.success(request, f"{rep.name} can no longer act for {person.full_name} from "
                                      f"{ends.day} {ends:%B %Y}")
            return redirect("people:detail", pk=person.pk)
    return render(request, "core/form_page.html", {
        "form": form, "heading": f"End {rep.name}'s authority to act", "caption": person.full_name,
        "intro": f"{rep.name} acts for {person.full_name} as {rep.get_legal_basis_display().lower()}, from "
                 f"{rep.starts_on.day} {rep.starts_on:%B %Y}. From the date you give they can no longer see or "
                 f"change the record: if it is today, their access ends now.",
        "submit_text": "End authority", "back_url": reverse("people:detail", args=[person.pk])})
