from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from selfdirect.accounts.models import Team
from selfdirect.accounts.roles import Role
from selfdirect.audit import services as audit
from selfdirect.core.dashboards import with_case_columns
from selfdirect.core.words import in_sentence
from selfdirect.journey import services as journey
from selfdirect.planning import services as planning

from . import access, actions, codes, forms
from .models import CodeList
from .services import record_summary

WIZARD_KEY = "new-person"


def require_casework(user):
    if user.role not in {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.ADMINISTRATOR}:
        raise PermissionDenied


@login_required
def person_list(request):
    if user_cannot_list(request.user):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    people = with_case_columns(access.people_visible_to(request.user)).select_related("team")
    if query:
        people = people.filter(
            Q(first_name__icontains=query) | Q(last_name__icontains=query) | Q(la_person_id__iexact=query)
            | Q(nhs_number=query.replace(" ", ""))
        )
    page = Paginator(people.order_by("last_name", "first_name", "id"), 25).get_page(request.GET.get("page"))
    audit.record(actor=request.user, action=audit.Action.READ, what=f"Listed people (search: {query!r})")
    return render(request, "people/list.html", {"page": page, "query": query})


def user_cannot_list(user) -> bool:
    return user.role not in {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.ADMINISTRATOR, Role.FINANCE_OFFICER}


@login_required
def new_person_step(request, step):
    require_casework(request.user)
    names = [name for name, _ in forms.PERSON_STEPS]
    if step not in names:
        return redirect("people:new")
    index = names.index(step)
    form_class = dict(forms.PERSON_STEPS)[step]
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
    return {name: form_class(saved.get(name)) for name, form_class in forms.PERSON_STEPS}


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
            person = actions.create_person(data, team=team, referral=referral, actor=request.user)
        except actions.PersonError as problem:
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
    return render(request, "people/check_answers.html", {"sections": sections,
                                                          "back_url": reverse("people:new-step", args=["referral"])})


def _display(bf, value):
    from selfdirect.core.money import Money

    if value in (None, ""):
        return "Not given"
    if bf.name == "previous_package_weekly_pence":
        return Money(value).format()
    if bf.name == "nhs_number":
        from .checks import format_nhs_number

        return format_nhs_number(str(value).replace(" ", "").replace("-", ""))
    if hasattr(value, "strftime"):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, Team):
        return value.name
    choices = dict(getattr(bf.field, "choices", []) or [])
    return str(choices.get(value, value))


@login_required
def person_detail(request, pk):
    person = access.person_for(request.user, pk)
    sections = access.sections_for(request.user, person)
    context = {"person": person, "sections": sections, "summary": record_summary(person),
               "can_change": access.can_change(request.user, person), "today": timezone.localdate()}
    if "delivered_items" in sections:
        context["delivered_items"] = planning.items_delivered_by(person, request.user.organisation_id)
    if "audit" in sections:
        context["audit_events"] = audit.events_for_person(person)[:20]
    if context["summary"].case is not None:
        context["moves"] = journey.available_moves(context["summary"].case, request.user)
    context["codes_label"] = codes.label
    return render(request, "people/detail.html", context)


def _changeable_person(request, pk):
    person = access.person_for(request.user, pk, why="to change it")
    if not access.can_change(request.user, person):
        raise PermissionDenied
    return person


@login_required
def add_carer(request, pk):
    person = _changeable_person(request, pk)
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
    person = _changeable_person(request, pk)
    form = forms.RepresentativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["user"] = data.pop("username")
        actions.add_representative(person, actor=request.user, **data)
        messages.success(request, "Recorded who may act for the person")
        return redirect("people:detail", pk=person.pk)
    return render(request, "core/form_page.html", {
        "form": form, "heading": "Record someone who may act for the person", "caption": person.full_name,
        "intro": "A family member or friend may act with the consent of a person who has capacity. Where the person "
                 "lacks capacity, an authorised person (Care Act section 32), a deputy or an attorney may act.",
        "submit_text": "Save", "back_url": reverse("people:detail", args=[person.pk])})


@login_required
def reference_lists(request):
    if request.user.role != Role.ADMINISTRATOR:
        raise PermissionDenied
    return render(request, "people/code_lists.html", {"lists": codes.all_lists()})


@login_required
def reference_list(request, name):
    if request.user.role != Role.ADMINISTRATOR:
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
    return render(request, "people/code_list.html", {"code_list": code_list, "form": form,
                                                      "back_url": reverse("people:reference-lists")})


@login_required
@require_POST
def forget_new_person(request):
    request.session.pop(WIZARD_KEY, None)
    return redirect("people:list")
