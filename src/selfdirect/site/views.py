"""The site's pages: each role's home, the administrator's list of dashboards, and the person pages that gather what
every app holds about a person (the list of people, a person's record, adding a person at referral)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from selfdirect.accounts.models import Team
from selfdirect.audit import actions as audit
from selfdirect.audit import queries as audit_trail
from selfdirect.charging import queries as charging
from selfdirect.core import permissions
from selfdirect.core.money import Money
from selfdirect.core.roles import Role
from selfdirect.core.words import in_sentence
from selfdirect.journey import actions as journey_actions
from selfdirect.market import queries as market
from selfdirect.outcomes import queries as outcome_queries
from selfdirect.people import access as people_access
from selfdirect.people import actions as people_actions
from selfdirect.people import codes
from selfdirect.people import forms as people_forms
from selfdirect.people import queries as people_queries
from selfdirect.people.authority import PURPOSES, TITLES_FOR_THE_PERSON
from selfdirect.people.checks import format_nhs_number
from selfdirect.planning import queries as planning
from selfdirect.retention import queries as retention
from selfdirect.retention import schedule as retention_schedule
from selfdirect.subject_access import queries as subject_access

from . import dashboards
from .dashboards import with_case_columns
from .queries import record_summary

WIZARD_KEY = "new-person"


@login_required
def home(request):
    role = Role(request.user.role) if request.user.role else None
    if role == Role.CARER:  # an unpaid carer's home is what the council holds about them as a carer
        return redirect("carer-home")
    context = dashboards.for_user(request.user, role, request.GET)
    audit.record_each(dashboards.people_shown(context), actor=request.user, action=audit.Action.READ,
                      what="Listed on the home page")
    if permissions.may_read_helped(request.user):  # "What happened to the people I helped", with how many are new
        context["helped_unread"] = outcome_queries.unread_notice_count(request.user)
        context["helped_team"] = permissions.may_read_team_helped(request.user)
    return render(request, f"site/home_{context['template']}.html", context)


@login_required
@require_GET
def at_a_glance(request, pk):
    """A person's budget at a glance: the page the person has as their home, for someone acting for them (and staff,
    who see what the person sees). Easy read and print versions by ?version= (dashboards.VERSIONS)."""
    glance = dashboards.glance_for(request.user, pk, why="to see the budget at a glance")
    return render(request, "site/at_a_glance.html", {"g": glance, "version": dashboards.version_of(request.GET),
                                                     "back_url": reverse("site:home")})


# The retention schedule's kinds of record as the privacy notice names them to the person (retention/schedule.py names
# them for staff); a kind not named here shows in the schedule's own words.
KEPT_FOR_YOU = {
    retention_schedule.CARE_RECORD: ("Your care record", "your details, your carers, who acts for you, your consents, "
                                     "your assessments, support plans and reviews"),
    retention_schedule.FINANCIAL: ("Money records", "the payments of your budget, the bank's statements of them, your "
                                   "financial assessments and any money paid back"),
    retention_schedule.RECEIPTS: ("Receipts", "receipts you send us for what you spend, and the spending they belong to"),
    retention_schedule.SUBJECT_ACCESS: ("Your requests for a copy of your information", "what we gathered for you and "
                                        "what we sent you"),
    retention_schedule.RESEARCH: ("What we gave researchers", "the information given to researchers, never with your "
                                  "name, and the list that lets us leave out anyone who says no later"),
    retention_schedule.AUDIT: ("Our record of who saw your record", "who looked at or changed what, when and from "
                               "where"),
}


def privacy(request):
    """The privacy notice, readable signed out. It lives here, at the top of the house, because it gives the periods of
    the retention schedule in force (retention.queries), which the apps below may not read (pyproject.toml's layers)."""
    kept = [(*KEPT_FOR_YOU.get(kind.key, (kind.label, kind.covers)), years, kind.runs_from)
            for kind, years in retention.schedule_in_force().rows()]
    return render(request, "site/privacy.html", {"kept": kept})


@login_required
def dashboards_page(request):
    """Every dashboard and report an administrator can open, with a line each (their navigation links here)."""
    if not permissions.may_see_every_dashboard(request.user):
        raise PermissionDenied
    return render(request, "site/dashboards.html", {"groups": dashboards.ADMIN_DASHBOARDS})


@login_required
def new_person(request):
    """The first step of adding a person, for those who may (others are refused here, not one step on)."""
    require_casework(request.user)
    return redirect("people:new-step", step="about")


def require_casework(user):
    if not permissions.may_add_people(user):
        raise PermissionDenied


@login_required
@require_GET
def person_list(request):
    if user_cannot_list(request.user):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    people = with_case_columns(people_access.people_visible_to(request.user)).select_related("team")
    if query:
        people = people.filter(
            Q(first_name__icontains=query) | Q(last_name__icontains=query) | Q(la_person_id__iexact=query)
            | Q(nhs_number=query.replace(" ", ""))
        )
    page = Paginator(people.order_by("last_name", "first_name", "id"), 25).get_page(request.GET.get("page"))
    listed = list(page.object_list)
    audit.record_each(listed, actor=request.user, action=audit.Action.READ, what=f"Listed people (search: {query!r})")
    return render(request, "site/people.html", {"page": page, "people": listed, "query": query})


def user_cannot_list(user) -> bool:
    return not permissions.may_list_people(user)


@login_required
def new_person_step(request, step):
    require_casework(request.user)
    names = [name for name, _ in people_forms.PERSON_STEPS]
    if step not in names:
        return redirect("people:new")
    index = names.index(step)
    form_class = dict(people_forms.PERSON_STEPS)[step]
    saved = request.session.get(WIZARD_KEY, {})
    if index > 0 and names[index - 1] not in saved:
        return redirect("people:new-step", step=names[0])
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            saved[step] = request.POST.dict()
            request.session[WIZARD_KEY] = saved
            if request.GET.get("change") or index == len(names) - 1:
                return redirect("people:new-check")
            return redirect("people:new-step", step=names[index + 1])
    else:
        form = form_class(saved.get(step)) if step in saved else form_class()
        if step == "care-needs" and step not in saved and request.user.team_id:
            form = form_class(initial={"team": request.user.team_id, "client_type": "Service User"})
    back = reverse("people:new-step", args=[names[index - 1]]) if index else reverse("people:list")
    return render(request, "core/form_page.html", {
        "form": form, "heading": form_class.title, "caption": f"Add a person – part {index + 1} of {len(names)}",
        "back_url": back, "submit_text": "Continue",
    })


def _wizard_forms(saved):
    return {name: form_class(saved.get(name)) for name, form_class in people_forms.PERSON_STEPS}


@login_required
def new_person_check(request):
    require_casework(request.user)
    saved = request.session.get(WIZARD_KEY, {})
    bound = _wizard_forms(saved)
    for name, form in bound.items():
        if name not in saved or not form.is_valid():
            return redirect("people:new-step", step=name)
    if request.method == "POST":
        data = {}
        for form in bound.values():
            data.update(form.cleaned_data)
        team = data.pop("team")
        referral = {k: data.pop(k) for k in ("referred_on", "route_of_access", "reason")}
        try:
            person = journey_actions.create_person(data, team=team, referral=referral, actor=request.user)
        except people_actions.PersonError as problem:
            messages.error(request, str(problem))
            return redirect("people:new-check")
        request.session.pop(WIZARD_KEY, None)
        messages.success(request, f"{person.full_name} has been added with reference {person.la_person_id}")
        return redirect("people:detail", pk=person.pk)
    sections = []
    for name, form in bound.items():
        rows = []
        for bf in form:
            value = form.cleaned_data.get(bf.name)
            rows.append({"key": {"text": str(bf.label)}, "value": {"text": _display(bf, value)},
                         "actions": {"items": [{"href": reverse("people:new-step", args=[name]) + "?change=1",
                                                "text": "Change", "visuallyHiddenText": in_sentence(str(bf.label))}]}})
        sections.append({"title": form.title, "rows": rows})
    return render(request, "site/new_person_check.html", {"sections": sections,
                                                          "back_url": reverse("people:new-step", args=["referral"])})


def _display(bf, value):
    if value in (None, ""):
        return "Not given"
    if bf.name == "previous_package_weekly_pence":
        return Money(value).format()
    if bf.name == "nhs_number":
        return format_nhs_number(str(value).replace(" ", "").replace("-", ""))
    if hasattr(value, "strftime"):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, Team):
        return value.name
    choices = dict(getattr(bf.field, "choices", []) or [])
    return str(choices.get(value, value))


@login_required
def person_detail(request, pk):
    person = people_access.person_for(request.user, pk)
    sections = people_access.sections_for(request.user, person)
    context = {"person": person, "sections": sections, "summary": record_summary(person),
               "can_change": people_access.can_change(request.user, person), "today": timezone.localdate()}
    if "delivered_items" in sections:
        context["delivered_items"] = list(planning.items_delivered_by(person, request.user.organisation_id))
    if "audit" in sections:
        context["audit_events"] = list(audit_trail.events_for_person(person)[:20])
        # The trail's search page follows the role being acted in; the section may come from another role held.
        context["may_search_audit"] = permissions.may_search_audit(request.user)
    if context["summary"].case is not None:
        context["moves"] = journey_actions.available_moves(context["summary"].case, request.user)
        if "journey" in sections:  # the reviews due (outcomes.schedule), and the requests for one and their decisions
            context["reviews_due"] = outcome_queries.due_for(context["summary"].case, today=context["today"])
            context["review_requests"] = list(outcome_queries.requests_for(context["summary"].case))
            context["may_ask_review"] = people_access.acts_as_person(request.user, person)
    # Everything the page shows is read here, so that its template reads nothing.
    context["ratings"] = {review.pk: list(review.ratings.all()) for review in context["summary"].reviews}  # prefetched
    if "charging" in sections:
        context["latest_request"] = charging.latest_request_for(person)
    if "contacts" in sections:
        context["carers"], context["representatives"] = list(person.carers.all()), list(person.representatives.all())
        context["reviews_overdue"] = [r for r in context["representatives"] if r.review_overdue_on(context["today"])]
    if people_access.may_see_consents_and_authority(request.user, person):
        latest = people_queries.latest_consent_each(person)
        context["consents_now"] = {purpose: (label, latest[purpose]) for purpose, label in PURPOSES.items()}
    elif "consents" in sections:  # the person, or someone acting for them: what they agreed to, read-only
        context["own_consents"] = (people_queries.latest_consent_each(person),
                                   list(people_queries.consent_history(person)),
                                   TITLES_FOR_THE_PERSON if person.user_id == request.user.pk else PURPOSES)
    if context["can_change"]:  # a directory search with the person, and what it suggested (market.views.suggest)
        context["directory_suggestions"] = market.suggestion_count(person)
    if context["can_change"] and permissions.may_handle_subject_access(request.user):
        context["subject_access"] = subject_access.rows(subject_access.open_requests_of(person), context["today"])
    # Retention's page for the person answers only to administrators (retention.access), so only they get the link.
    context["may_manage_retention"] = permissions.may_manage_retention(request.user)
    if {"contacts", "care"} & set(sections):
        context["code_labels"] = {name: codes.label(name, getattr(person, name)) for name in ("ethnicity", "client_group")}
    return render(request, "site/person.html", context)


@login_required
@require_POST
def forget_new_person(request):
    require_casework(request.user)
    request.session.pop(WIZARD_KEY, None)
    return redirect("people:list")
