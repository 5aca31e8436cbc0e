from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from selfdirect.accounts import forms as account_forms
from selfdirect.accounts import queries as account_queries
from selfdirect.accounts import tokens
from selfdirect.accounts.actions import LINK_DAYS, AccountError
from selfdirect.accounts.models import Invitation
from selfdirect.audit import actions as audit
from selfdirect.core import flows, permissions
from selfdirect.core.roles import Role

from . import access, actions, authority, codes, forms, queries
from .models import CodeList

LETTERS_KEY = "invitation-letters"  # the codes of letters just issued, shown once to print (never stored)


@login_required
def add_carer(request, pk):
    person = access.changeable_person_for(request.user, pk, why="to change it")
    form = forms.CarerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.add_carer(person, actor=request.user, **form.cleaned_data)
        messages.success(request, "Carer added")
        return redirect("people:detail", pk=person.pk)
    return render(request, "core/form_page.html", {"form": form, "heading": "Add an unpaid carer",
                                                    "caption": person.full_name, "submit_text": "Add carer",
                                                    "back_url": reverse("people:detail", args=[person.pk])})


@login_required
def add_representative(request, pk):
    person = access.changeable_person_for(request.user, pk, why="to change it")
    form = forms.RepresentativeForm(request.POST or None)

    def record(data):
        data = dict(data)
        data["user"] = data.pop("username")
        return actions.add_representative(person, actor=request.user, **data)

    done = flows.submit(request, form, record, errors=actions.PersonError,
                        success="Recorded who may act for the person", redirect_to=_record_of(person))
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": "Record someone who may act for the person", "caption": person.full_name,
        "intro": "Record the authority they have and the evidence you saw. What they can see of the record follows "
                 "from it: an attorney for property and financial affairs sees the budget, money and charging, not "
                 "the care record. A family member or friend may act with the consent of a person who has capacity.",
        "submit_text": "Save", "back_url": _record_of(person)}, status=flows.status(form))


@login_required
def review_authority(request, pk, rep_pk):
    person = access.changeable_person_for(request.user, pk, why="to review an authority to act")
    rep = access.representative_of(person, rep_pk)
    if rep is None:
        raise Http404("No such representative")
    if rep.ends_on is not None and rep.ends_on <= timezone.localdate():
        messages.error(request, f"{rep.name}'s authority has ended: there is nothing to review")
        return redirect("people:detail", pk=person.pk)
    form = forms.ReviewAuthorityForm(_posted(request), representative=rep)
    done = flows.submit(request, form, lambda data: actions.review_authority(rep, actor=request.user, **data),
                        errors=actions.PersonError, redirect_to=_record_of(person),
                        success=lambda r: f"Review of {r.name}'s authority recorded. Next review "
                                          f"{r.review_on.day} {r.review_on:%B %Y}")
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": f"Review {rep.name}'s authority to act", "caption": person.full_name,
        "intro": f"Recorded as: {rep.get_kind_display()} ({rep.scope_label[0].lower() + rep.scope_label[1:]}), from "
                 f"{rep.starts_on.day} {rep.starts_on:%B %Y}. Check the evidence again, confirm or correct what the "
                 f"authority is and what it covers, and set the next review.",
        "submit_text": "Record the review", "back_url": _record_of(person)}, status=flows.status(form))


def _record_of(person) -> str:
    return reverse("people:detail", args=[person.pk])


# ---- consent: the person's consents and their history; recording and withdrawing one -------------------------------

@login_required
def consents(request, pk):
    found = access.consents_and_authority_for(request.user, pk, why="to see consents and authority")
    person = found.person
    today = timezone.localdate()
    return render(request, "people/consents.html", {
        "person": person, "history": list(queries.consent_history(person)),
        "authorities": list(queries.authorities_of(person)), "today": today,
        "information": queries.current_information_each(), "purposes": authority.PURPOSES,
        "latest": queries.latest_consent_each(person),
        "may_change": found.may_change, "back_url": _record_of(person)})


@login_required
def record_consent(request, pk, purpose):
    if purpose not in authority.PURPOSES:
        raise Http404("No such purpose")
    person = access.consents_and_authority_for(request.user, pk, change=True, why="to record consent").person
    information = queries.current_information(purpose)
    form = forms.ConsentForm(_posted(request), initial={"given_on": timezone.localdate()})
    done = flows.submit(request, form,
                        lambda data: actions.record_consent(person, actor=request.user, purpose=purpose, **data),
                        errors=actions.PersonError, redirect_to=reverse("people:consents", args=[person.pk]),
                        success=lambda made: f"Consent to {authority.PURPOSES[purpose][0].lower()}"
                                             f"{authority.PURPOSES[purpose][1:]} recorded, given against version "
                                             f"{made.information.version} of the information")
    return done or render(request, "people/record_consent.html", {
        "form": form, "person": person, "purpose": purpose, "purpose_label": authority.PURPOSES[purpose],
        "caption": person.full_name, "heading": f"Record consent: {authority.PURPOSES[purpose].lower()}",
        "submit_text": "Record consent",
        "information": information, "back_url": reverse("people:consents", args=[person.pk])},
        status=flows.status(form))


@login_required
def withdraw_consent(request, pk, consent_pk):
    person = access.consents_and_authority_for(request.user, pk, change=True, why="to record consent").person
    consent = access.consent_of(person, consent_pk)
    if consent is None:
        raise Http404("No such consent")
    back = reverse("people:consents", args=[person.pk])
    if consent.withdrawn_on is not None:
        messages.error(request, "This consent was already withdrawn")
        return redirect(back)
    form = forms.WithdrawConsentForm(_posted(request), initial={"withdrawn_on": timezone.localdate()})
    label = consent.get_purpose_display()
    done = flows.submit(request, form, lambda data: actions.withdraw_consent(consent, actor=request.user, **data),
                        errors=actions.PersonError, redirect_to=back,
                        success=lambda c: f"Consent to {label[0].lower() + label[1:]} withdrawn from "
                                          f"{c.withdrawn_on.day} {c.withdrawn_on:%B %Y}")
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": f"Withdraw consent: {label[0].lower() + label[1:]}", "caption": person.full_name,
        "intro": f"Given on {consent.given_on.day} {consent.given_on:%B %Y}. From the date you give, it no longer "
                 f"counts anywhere it is used: if it is today, it stops today.",
        "submit_text": "Withdraw consent", "back_url": back}, status=flows.status(form))


# ---- the information given before consent: readable by anyone, published by an administrator ----------------------

def _version_asked(request) -> int | None:
    raw = request.GET.get("version", "")
    return int(raw) if raw.isdigit() and len(raw) < 9 else None


def consent_information_list(request):
    return render(request, "people/consent_information_list.html", {
        "information": queries.current_information_each(), "purposes": authority.PURPOSES,
        "may_publish": permissions.may_edit_consent_information(request.user)})


def consent_information(request, purpose, easy_read=False):
    if purpose not in authority.PURPOSES:
        raise Http404("No such purpose")
    shown = queries.information(purpose, _version_asked(request))
    if shown is None:
        raise Http404("No such version")
    return render(request, "people/consent_information.html", {
        "shown": shown, "easy_read": easy_read,
        "versions": list(queries.information_versions(purpose)),
        "paragraphs": [p.strip() for p in (shown.easy_read_text if easy_read else shown.text).split("\n\n") if p.strip()]})


def consent_information_easy_read(request, purpose):
    return consent_information(request, purpose, easy_read=True)


@login_required
def new_consent_information(request, purpose):
    if not permissions.may_edit_consent_information(request.user):
        raise PermissionDenied
    if purpose not in authority.PURPOSES:
        raise Http404("No such purpose")
    current = queries.current_information(purpose)
    form = forms.ConsentInformationForm(_posted(request), initial={
        "text": current.text if current else "", "easy_read_text": current.easy_read_text if current else ""})
    done = flows.submit(request, form,
                        lambda data: actions.publish_consent_information(purpose, actor=request.user, **data),
                        errors=actions.PersonError, redirect_to=lambda made: reverse("consent-information-purpose",
                                                                                     args=[purpose]),
                        success=lambda made: f"Version {made.version} published. People who consent from now are "
                                             f"given it; earlier consents keep the version they were given")
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": f"Publish new information: {authority.PURPOSES[purpose][0].lower()}"
                                 f"{authority.PURPOSES[purpose][1:]}",
        "intro": f"This becomes version {(current.version + 1) if current else 1}. Earlier versions stay, because "
                 f"each consent records the version the person was given.",
        "submit_text": "Publish", "back_url": reverse("consent-information")}, status=flows.status(form))


@login_required
def reference_lists(request):
    if not permissions.may_edit_code_lists(request.user):
        raise PermissionDenied
    return render(request, "people/code_lists.html", {"lists": list(codes.all_lists())})


@login_required
def reference_list(request, name):
    if not permissions.may_edit_code_lists(request.user):
        raise PermissionDenied
    code_list = get_object_or_404(CodeList, name=name)
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_code(code_list, actor=request.user, **form.cleaned_data)
        except actions.PersonError as problem:
            form.add_error(problem.field, str(problem))
        else:
            messages.success(request, "Code added")
            return redirect("people:reference-list", name=name)
    return render(request, "people/code_list.html", {"code_list": code_list, "codes": list(code_list.codes.all()), "form": form,
                                                      "back_url": reverse("people:reference-lists")})


def _posted(request):
    """The form data of a POST (even an empty one, so the form is bound and checked), else None."""
    return request.POST if request.method == "POST" else None


# ---- an unpaid carer's own page -------------------------------------------------------------------------------------

@login_required
def carer_home(request):
    if not account_queries.holds(request.user, Role.CARER):
        raise PermissionDenied
    carers = list(queries.carer_records_for(request.user))
    audit.record(actor=request.user, action=audit.Action.READ, what="Opened their own carer details")
    return render(request, "people/carer_home.html", {"carers": carers,
                                                      "acts_too": len(account_queries.held_roles(request.user)) > 1})


# ---- invitations to sign in, from a person's record -----------------------------------------------------------------

@login_required
def invite(request, pk):
    person = access.changeable_person_for(request.user, pk, why="to manage sign-ins")
    form = account_forms.InviteForm(_posted(request), person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        who = data["who"]
        target = {}
        if who == "person":
            kind = Invitation.Kind.BUDGET_HOLDER
        elif who.startswith("rep-"):
            kind = Invitation.Kind.REPRESENTATIVE
            target["representative"] = access.representative_of(person, who[4:])
        else:
            kind = Invitation.Kind.CARER
            target["carer"] = access.carer_of(person, who[6:])
        try:
            issued = actions.invite(person, actor=request.user, kind=kind, delivery=data["delivery"],
                                    email=data["email"], base_url=request.build_absolute_uri("/"), **target)
        except AccountError as problem:
            form.add_error("who" if problem.field in {"kind", "representative", "carer"} else problem.field,
                           str(problem))
        else:
            if issued.invitation.delivery == Invitation.Delivery.LETTER:
                letters = request.session.get(LETTERS_KEY, {})
                letters[str(issued.invitation.pk)] = issued.secret
                request.session[LETTERS_KEY] = letters
                return redirect("invitation-letter", pk=issued.invitation.pk)
            messages.success(request, f"We have emailed {issued.invitation.email} a link for {issued.invitation.name} "
                                      f"to set up their sign-in. It works once, for {LINK_DAYS} days")
            return redirect("people:detail", pk=person.pk)
    if not form.fields["who"].choices:
        return render(request, "people/nobody_to_invite.html", {"person": person,
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
    person = access.changeable_person_for(request.user, invitation.person_id, why="to manage sign-ins")
    # The code is shown once: it leaves the session as it is shown, so no copy of it is kept anywhere
    letters = request.session.get(LETTERS_KEY, {})
    code = letters.pop(str(invitation.pk), None)
    request.session[LETTERS_KEY] = letters
    return render(request, "people/letter.html", {
        "invitation": invitation, "person": person, "code": tokens.format_code(code) if code else None,
        "open": invitation.is_open(timezone.now()), "redeem_url": request.build_absolute_uri(reverse("accounts:code")),
        "back_url": reverse("people:detail", args=[person.pk])})


# ---- ending a representative's authority ----------------------------------------------------------------------------

@login_required
def end_authority(request, pk, rep_pk):
    person = access.changeable_person_for(request.user, pk, why="to manage sign-ins")
    rep = access.representative_of(person, rep_pk)
    if rep is None:
        raise Http404("No such representative")
    today = timezone.localdate()
    if rep.ends_on is not None and rep.ends_on <= today:
        messages.error(request, f"{rep.name}'s authority has already ended")
        return redirect("people:detail", pk=person.pk)
    form = account_forms.EndAuthorityForm(_posted(request), initial={"ends_on": max(today, rep.starts_on)})
    if request.method == "POST" and form.is_valid():
        try:
            actions.end_authority(rep, actor=request.user, ends_on=form.cleaned_data["ends_on"],
                                  reason=form.cleaned_data["reason"])
        except AccountError as problem:
            form.add_error(problem.field, str(problem))
        else:
            ends = form.cleaned_data["ends_on"]
            messages.success(request, f"{rep.name} can no longer act for {person.full_name} from "
                                      f"{ends.day} {ends:%B %Y}")
            return redirect("people:detail", pk=person.pk)
    return render(request, "core/form_page.html", {
        "form": form, "heading": f"End {rep.name}'s authority to act", "caption": person.full_name,
        "intro": f"{rep.name} acts for {person.full_name} ({rep.get_kind_display().lower()}), from "
                 f"{rep.starts_on.day} {rep.starts_on:%B %Y}. From the date you give they can no longer see or "
                 f"change the record: if it is today, their access ends now.",
        "submit_text": "End authority", "back_url": reverse("people:detail", args=[person.pk])})
