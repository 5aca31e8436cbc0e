from fractions import Fraction

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from selfdirect.assessment import queries as assessment
from selfdirect.audit import actions as audit
from selfdirect.core import flows, permissions
from selfdirect.core.disclosure import FEWER_THAN, HIDDEN_COUNT, HIDDEN_FIGURE, hidden_cells, is_small, suppress
from selfdirect.journey import actions as journey_actions
from selfdirect.journey.access import case_for
from selfdirect.market import queries as market_queries
from selfdirect.market.search import WHAT_YOU_CAN_DO
from selfdirect.people import access as people_access
from selfdirect.people import codes

from . import access, actions, directory, forms, queries, rules_explainer
from .costing import DELIVERY_OPTIONS


def _needs(case):
    found = assessment.eligible_assessment_for(case)
    return found.outcomes_unable if found else []


def _is_person(user, person):
    return people_access.acts_as_person(user, person)


def _difference(plan) -> dict:
    """What the plan page and the approval page say about the difference from the indicative budget."""
    if plan is None:
        return {"reason_needed": False, "reason_problem": "", "share_percent": queries.difference_share_percent()}
    cost = queries.cost_of(plan)
    needed = queries.difference_reason_needed(plan)
    return {"reason_needed": needed, "reason_problem": cost.reason_prompt() + "." if needed else "",
            "share_percent": queries.difference_share_percent(), "difference_cost": cost}


def _plan_page(request, person, case, *, bound=None, status=200):
    summary = queries.plan_summary(person)
    worker = people_access.can_change(request.user, person)
    editable = case.state == "planning" and worker
    proposing = case.state == "planning" and _is_person(request.user, person)
    plan = summary.plan
    bound = bound or {}
    context = {
        "person": person, "case": case, "s": summary, "editable": editable, "proposing": proposing,
        # back at planning with an agreed plan: the worker starts a new version (a POST) before changing it
        "start_needed": editable and plan is not None and plan.status == "approved",
        "may_sign": worker or _is_person(request.user, person),  # the sign page's own rule: no link that answers 403
        "is_self": permissions.is_budget_holder(request.user),
        "problems": queries.problems_before_submitting(case) if editable else [],
        "proposals": list(queries.all_proposals(case)), "decisions": list(queries.decisions_for(case)), "back_url": _to_person(person),
        "diff": queries.diff_from_approved(plan) if plan and plan.status != "approved" else [],
        "explain": {i.pk: rules_explainer.explain(i.description, household_relative_pa=i.pa_is_household_relative)
                    for i in plan.items.all()} if plan else {},
        "examples": list(queries.find_examples(text=request.GET.get("ideas", ""),
                                                client_group=request.GET.get("group", person.client_group))[:6]),
        "ideas": request.GET.get("ideas", ""),
        "directory_links": (editable or proposing) and plan is not None and plan.status == "draft",
        **_difference(plan),
    }
    if editable:
        context["form"] = bound.get("outcome") or forms.OutcomeForm(needs=_needs(case))
        context["reason_form"] = bound.get("reason") or forms.ReasonForm(initial={"difference_reason": plan.difference_reason if plan else ""})
        context["risk_form"] = bound.get("risk") or forms.RiskForm()
        context["details_form"] = bound.get("details") or forms.DetailsForm(initial={
            "unpaid_support": plan.unpaid_support, "contingency_plan": plan.contingency_plan,
            "emergency_plan": plan.emergency_plan} if plan else None)
        context["extra_forms"] = [context["reason_form"], context["risk_form"], context["details_form"]]
    elif proposing:
        context["form"] = bound.get("outcome") or forms.OutcomeForm()
        context["unpaid_form"] = bound.get("unpaid") or forms.UnpaidProposalForm()
        context["risk_form"] = bound.get("risk") or forms.RiskForm()
        context["extra_forms"] = [context["unpaid_form"], context["risk_form"]]
    return render(request, "planning/plan.html", context, status=status)


@login_required
def plan(request, pk):
    if request.method == "POST":  # "Start a new version of the plan": a GET of the page never starts one (it writes
        person, case = _change(request, pk)  # nothing but the audit trail); a first plan starts with its first change
        if case.state == "planning" and queries.draft_plan_for(case) is None:
            return flows.act(request, lambda: actions.start_plan(case, actor=request.user), errors=actions.PlanError,
                             success=lambda made: f"Version {made.version} of the plan started: change it below",
                             redirect_to=_to_plan(person))
        return redirect(_to_plan(person))
    person, case = case_for(request.user, pk, why="to see the support plan", section="plan")
    return _plan_page(request, person, case)


def _change(request, pk):
    return case_for(request.user, pk, change=True, why="to change the support plan")


def _to_plan(person) -> str:
    return reverse("planning:plan", args=[person.pk])


def _to_organise(person) -> str:
    return reverse("planning:organise", args=[person.pk])


def _to_person(person) -> str:
    return reverse("people:detail", args=[person.pk])


@login_required
@require_POST
def add_outcome(request, pk):
    found = access.plan_for(request.user, pk, why="to change the support plan", take_part=True)
    person, case = found.person, found.case
    if found.may_propose:
        form = forms.OutcomeForm(request.POST)
        done = flows.submit(request, form, lambda data: actions.propose(
            case, actor=request.user, kind="outcome",
            details={"in_own_words": data["in_own_words"], "how_met": data["how_met"]}),
            errors=actions.PlanError, success="Your suggestion has been sent to your worker", redirect_to=_to_plan(person))
        return done or _plan_page(request, person, case, bound={"outcome": form}, status=400)
    form = forms.OutcomeForm(request.POST, needs=_needs(case))
    done = flows.submit(request, form, lambda data: actions.add_outcome(case, actor=request.user, **data),
                        errors=actions.PlanError, success="Outcome added", redirect_to=_to_plan(person))
    return done or _plan_page(request, person, case, bound={"outcome": form}, status=400)


@login_required
@require_POST
def set_reason(request, pk):
    person, case = _change(request, pk)
    form = forms.ReasonForm(request.POST)
    done = flows.submit(request, form, lambda data: actions.set_difference_reason(
        case, actor=request.user, reason=data["difference_reason"]),
        errors=actions.PlanError, success="Reason saved", redirect_to=_to_plan(person))
    return done or _plan_page(request, person, case, bound={"reason": form}, status=400)


@login_required
@require_POST
def set_details(request, pk):
    person, case = _change(request, pk)
    form = forms.DetailsForm(request.POST)
    done = flows.submit(request, form, lambda data: actions.set_plan_details(case, actor=request.user, **data),
                        errors=actions.PlanError, success="Plan details saved", redirect_to=_to_plan(person))
    return done or _plan_page(request, person, case, bound={"details": form}, status=400)


@login_required
@require_POST
def add_risk(request, pk):
    found = access.plan_for(request.user, pk, why="to change the support plan")
    person, case, proposing = found.person, found.case, found.may_propose

    def add(data):
        if proposing:
            return actions.propose(case, actor=request.user, kind="risk", details=data)
        if found.may_change:
            return actions.add_risk(case, actor=request.user, **data)
        raise PermissionDenied

    form = forms.RiskForm(request.POST)
    done = flows.submit(request, form, add, errors=actions.PlanError,
                        success="Suggestion sent to your worker" if proposing else "Risk added", redirect_to=_to_plan(person))
    return done or _plan_page(request, person, case, bound={"risk": form}, status=400)


@login_required
@require_POST
def propose_unpaid(request, pk):
    found = access.plan_for(request.user, pk, why="to suggest a change", propose=True)
    person, case = found.person, found.case
    form = forms.UnpaidProposalForm(request.POST)
    done = flows.submit(request, form, lambda data: actions.propose(case, actor=request.user, kind="unpaid", details=data),
                        errors=actions.PlanError, success="Your suggestion has been sent to your worker",
                        redirect_to=_to_plan(person))
    return done or _plan_page(request, person, case, bound={"unpaid": form}, status=400)


@login_required
def add_item(request, pk):
    found = access.plan_for(request.user, pk, why="to change the support plan", take_part=True)
    person, case, proposing = found.person, found.case, found.may_propose
    form_class = forms.ProposalItemForm if proposing else forms.ItemForm
    form = form_class(request.POST or None)

    def add(data):
        if proposing:
            return actions.propose(case, actor=request.user, kind="item", details={**data, "quantity": str(data["quantity"])})
        return actions.add_item(case, actor=request.user, **data)

    done = flows.submit(request, form, add, errors=actions.PlanError, redirect_to=_to_plan(person),
                        success="Your suggestion has been sent to your worker" if proposing else "Item added to the plan")
    if done:
        return done
    answer = None
    if request.method == "POST" and form.data.get("description"):
        answer = rules_explainer.explain(form.data.get("description", ""),
                                         household_relative_pa=bool(form.data.get("pa_is_household_relative")))
    return render(request, "planning/add_item.html", {
        "form": form, "person": person, "answer": answer, "proposing": proposing,
        "back_url": _to_plan(person),
    }, status=flows.status(form))


@login_required
def can_it_be_bought(request):
    """The spending rules at the point of use: 'can a direct payment buy this?'"""
    text = request.GET.get("item", "").strip()
    answer = rules_explainer.explain(text, household_relative_pa=request.GET.get("relative") == "yes") if text else None
    return render(request, "planning/can_it_be_bought.html", {"text": text, "answer": answer,
                                                              "rules": rules_explainer.rules()})


@login_required
@require_POST
def remove_item(request, pk, item_pk):
    person, case = _change(request, pk)
    access.require_own(case, item_pk=item_pk)
    return flows.act(request, lambda: actions.remove_item(case, item_pk, actor=request.user), errors=actions.PlanError,
                     redirect_to=_to_plan(person))


@login_required
def respond(request, pk, proposal_pk):
    found = access.proposal_for(request.user, pk, proposal_pk)
    person, case, proposal = found.person, found.case, found.record
    if proposal is None:
        messages.error(request, "That suggestion is not waiting for a response")
        return redirect("planning:plan", pk=person.pk)
    form = forms.ProposalResponseForm(request.POST or None)
    done = flows.submit(request, form, lambda data: actions.respond_to_proposal(case, proposal.pk, actor=request.user, **data),
                        errors=actions.PlanError, success="Response recorded", redirect_to=_to_plan(person))
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": "Respond to a suggestion", "caption": person.full_name,
        "intro": f"{proposal.proposed_by.display_name} suggested: {proposal.summary}", "submit_text": "Send response",
        "back_url": _to_plan(person)}, status=flows.status(form))


@login_required
@require_POST
def submit(request, pk):
    person, case = _change(request, pk)
    if queries.has_waiting_proposals(case):
        messages.error(request, "Respond to the person's suggestions before submitting the plan")
        return redirect("planning:plan", pk=person.pk)
    return flows.act(request, lambda: actions.submit_plan(case, actor=request.user), errors=journey_actions.JourneyError,
                     success="The plan has been sent to a team manager to agree", redirect_to=_to_person(person),
                     refused_to=_to_plan(person))


@login_required
def decide(request, pk):
    found = access.plan_for(request.user, pk, why="to agree the support plan", plan="submitted", approve=True)
    person, case, plan = found.person, found.case, found.record
    form = forms.DecisionForm(request.POST or None)

    def approving() -> bool:
        return form.cleaned_data["decision"] == "approve"

    def make_decision(data):
        verb = actions.approve_plan if approving() else actions.return_plan
        return verb(case, actor=request.user, comment=data["comment"])

    done = flows.submit(request, form, make_decision, errors=journey_actions.JourneyError, redirect_to=_to_person(person),
                        success=lambda _: "Plan approved" if approving() else "Plan returned for changes")
    return done or render(request, "planning/decide.html", {
        "person": person, "case": case, "plan": plan, "form": form, "s": queries.plan_summary(person),
        "diff": queries.diff_from_approved(plan) if plan else [], **_difference(plan),
        "explain": {i.pk: rules_explainer.explain(i.description, household_relative_pa=i.pa_is_household_relative)
                    for i in plan.items.all()} if plan else {},
        "back_url": _to_person(person),
    }, status=flows.status(form))


def _refused_items(plan) -> list:
    """The approved plan's items the spending rules say a direct payment cannot buy."""
    if plan is None:
        return []
    items = list(plan.items.all())
    refused = queries.direct_payment_refusals(items)
    return [i for i in items if i.pk in refused]


# Step 5: organise the money and the support.
@login_required
def organise(request, pk):
    found = access.plan_for(request.user, pk, why="to organise the money and support", plan="approved", take_part=True)
    person, case, plan, worker = found.person, found.case, found.record, found.may_change
    return render(request, "planning/organise.html", {
        "person": person, "case": case, "plan": plan, "worker": worker,
        "choices": queries.latest_choices(case), "setup": queries.direct_payment_setup_for(case),
        "problems": queries.problems_before_starting(case) if plan else [],
        "refused": _refused_items(plan),
        "confirmations": list(case.choice_confirmations.select_related("confirmed_by")),
        "items": list(plan.items.all()) if plan else [],
        "can_start": case.state == "organising" and worker,
        "back_url": _to_person(person),
        "is_self": found.is_self,
    })


@login_required
def record_choice(request, pk):
    person, case = _change(request, pk)
    form = forms.ChoiceForm(request.POST or None, initial={"option": request.GET.get("option")})
    done = flows.submit(request, form, lambda data: actions.record_choice(case, actor=request.user, **data),
                        errors=actions.PlanError, success="Choice recorded", redirect_to=_to_organise(person))
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": "Record an option offered", "caption": person.full_name, "submit_text": "Save",
        "intro": "Record each of the four options: that it was explained, how, and what the person decided; or, if it was "
                 "not offered, why not. Managers see these for every worker and team.",
        "back_url": _to_organise(person)}, status=flows.status(form))


@login_required
def confirm_choices(request, pk):
    found = access.plan_for(request.user, pk, why="to confirm the options offered", take_part=True)
    person, case, own = found.person, found.case, found.may_propose
    form = forms.ConfirmChoicesForm(request.POST or None)
    done = flows.submit(request, form, lambda data: actions.confirm_choices(
        case, actor=request.user, method="online" if own else "paper", comment=data["comment"]),
        errors=actions.PlanError, success="Thank you for confirming" if own else "Signed form recorded",
        redirect_to=_to_organise(person))
    return done or render(request, "core/form_page.html", {
        "form": form, "caption": person.full_name,
        "heading": "Confirm the options you were offered" if own else "Record the person's signed form",
        "intro": "The four ways are: the council manages the money; a provider you choose holds it (an individual service "
                 "fund); the money is paid to you or someone acting for you (a direct payment); or a mix.",
        "submit_text": "Confirm", "back_url": _to_organise(person)}, status=flows.status(form))


@login_required
def deliveries(request, pk):
    found = access.plan_for(request.user, pk, why="to change the support plan", plan="approved", change=True,
                            require_plan=True)
    person, case, plan = found.person, found.case, found.record
    items = list(plan.items.all())
    form = forms.DeliveriesForm(request.POST or None, items=items, refused=queries.direct_payment_refusals(items))
    done = flows.submit(request, form, lambda _: actions.organise_money(
        case, actor=request.user, deliveries=form.deliveries(), reasons=form.reasons()),
        errors=actions.PlanError, success="How the money is managed is recorded", redirect_to=_to_organise(person),
        field=lambda problem: f"{'reason' if problem.field == 'reasons' else 'item'}_{problem.item_id}")
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": "How the money for each item is managed", "caption": person.full_name,
        "intro": "Choose one way for everything, or mix them item by item: for example a direct payment for a personal "
                 "assistant and a council-managed budget for agency care. A direct payment for something the council's "
                 "rules say it cannot buy needs your reason, which managers see.", "submit_text": "Save",
        "back_url": _to_organise(person)}, status=flows.status(form))


@login_required
def direct_payment_setup(request, pk):
    person, case = _change(request, pk)
    setup = queries.direct_payment_setup_for(case)
    initial = {f: getattr(setup, f) for f in forms.DirectPaymentSetupForm.base_fields} if setup else None
    form = forms.DirectPaymentSetupForm(request.POST or None, initial=initial)
    done = flows.submit(request, form, lambda data: actions.save_direct_payment_setup(case, actor=request.user, **data),
                        errors=actions.PlanError, success="Direct payment set-up saved", redirect_to=_to_organise(person))
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": "Direct payment set-up", "caption": person.full_name, "submit_text": "Save",
        "back_url": _to_organise(person)}, status=flows.status(form))


@login_required
def arrange(request, pk, item_pk):
    found = access.item_for(request.user, pk, item_pk)
    person, case, item = found.person, found.case, found.record
    form = forms.ArrangeForm(request.POST or None, initial={"arranged_with": item.arranged_with or item.supplier_display})
    done = flows.submit(request, form, lambda data: actions.arrange_item(case, item.pk, actor=request.user, **data),
                        errors=actions.PlanError, success=f"'{item.description}' is arranged", redirect_to=_to_organise(person))
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": f"Arrange: {item.description}", "caption": person.full_name, "submit_text": "Save",
        "back_url": _to_organise(person)}, status=flows.status(form))


@login_required
@require_POST
def start(request, pk):
    person, case = _change(request, pk)
    return flows.act(request, lambda: actions.start_support(case, actor=request.user), errors=journey_actions.JourneyError,
                     success="Support has started", redirect_to=_to_person(person), refused_to=_to_organise(person))


@login_required
def sign(request, pk):
    found = access.plan_for(request.user, pk, why="to sign the plan", take_part=True)
    person, case = found.person, found.case
    form = forms.SignForm(request.POST or None, initial={"signed_name": person.full_name})
    done = flows.submit(request, form, lambda data: actions.sign_plan(case, actor=request.user, **data),
                        errors=actions.PlanError, success="The plan is signed", redirect_to=_to_plan(person))
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": "Sign the support plan", "caption": person.full_name, "submit_text": "Sign",
        "back_url": _to_plan(person)}, status=flows.status(form))


def _printable(request, person, case, *, easy_read):
    summary = queries.plan_summary(person)
    return {"person": person, "s": summary, "easy": easy_read, "is_self": permissions.is_budget_holder(request.user),
            "plan": summary.plan}


@login_required
def printable(request, pk):
    person, case = case_for(request.user, pk, why="to print the support plan", section="plan")
    context = _printable(request, person, case, easy_read=request.GET.get("easy") == "1")
    context["back_url"] = _to_plan(person)
    return render(request, "planning/printable.html", context)


@login_required
def plan_pdf(request, pk):
    from weasyprint import HTML

    person, case = case_for(request.user, pk, why="to download the support plan", section="plan")
    context = _printable(request, person, case, easy_read=request.GET.get("easy") == "1")
    html = render_to_string("planning/plan_pdf.html", context, request=request)
    pdf = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="support-plan-{person.la_person_id}.pdf"'
    return response


@login_required
def share_example(request, pk):
    found = access.plan_for(request.user, pk, why="to change the support plan", plan="approved", change=True,
                            require_plan=True)
    person, plan = found.person, found.record
    first = plan.outcomes.first()
    form = forms.ExampleForm(request.POST or None, initial={"outcome": first.in_own_words if first else "",
                                                            "how_met": first.how_met if first else ""})
    done = flows.submit(request, form, lambda data: actions.share_example(plan, actor=request.user, **data),
                        errors=actions.PlanError, success="Thank you: the anonymised example is in the library",
                        redirect_to=_to_person(person))
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": "Share an anonymised example", "caption": "From an approved plan",
        "intro": "Other people and staff will see the title, outcome, how it was met and the costed items. Remove anything "
                 "that could identify the person. Only with the person's consent to examples from their plan being shown "
                 "to others, recorded on their record (Consent and authority); if they withdraw it, the example leaves "
                 "the library that day.", "submit_text": "Share",
        "back_url": _to_person(person)}, status=flows.status(form))


@login_required
def examples(request):
    text, group = request.GET.get("q", "").strip(), request.GET.get("group", "")

    return render(request, "planning/examples.html", {"examples": list(queries.find_examples(text=text, client_group=group)[:50]),
                                                      "q": text, "group": group, "groups": codes.choices("client_group")})


@login_required
def choices_report(request):
    """Who was offered what, per worker. A commissioner sees figures only, with counts of 1 to 4 hidden
    (core.disclosure), and never a worker's words; the reasons and the people behind them are for those who may see
    people's records: a team manager their own team's (none without a team), an administrator everyone's
    (docs/security.md, "Figures for commissioners and finance")."""
    user = request.user
    if not permissions.may_read_dashboards(user):
        raise PermissionDenied
    limited = permissions.figures_limited_to_own_team(user)
    team_id = user.team_id if limited else None
    no_one = limited and team_id is None  # a manager without a team sees no one's, never everyone's
    sees_people = permissions.may_see_people_behind_figures(user)
    # Direct payments for items the rules say no to, with the worker's reason: people's records, so not for
    # commissioners (figures only), who see how many there are.
    report = queries.choices_report(team_id, nobody=no_one, with_exceptions=sees_people)
    shown = report.exceptions
    listed_reasons = report.reasons if sees_people else []

    seen = sorted({item.plan.case.person for item in shown}, key=lambda person: person.pk)
    audit.record_each(seen, actor=user, action=audit.Action.READ,  # names and reasons are a read of each record
                      what="Saw a direct payment the rules say no to, with the worker's reason")
    about = sorted({r.case.person for r in listed_reasons}, key=lambda person: person.pk)
    audit.record_each(about, actor=user, action=audit.Action.READ,
                      what="Saw a worker's reason for not offering a way of managing the money")
    count = report.exception_count
    return render(request, "planning/choices_report.html", {
        "rows": _choice_rows(report.rows, in_full=sees_people), "reasons": listed_reasons, "options": DELIVERY_OPTIONS,
        "reason_counts": _figures(report.reason_counts, in_full=sees_people), "sees_people": sees_people,
        "exceptions": shown, "exception_count": str(count) if sees_people or not is_small(count) else FEWER_THAN})


def _figures(counted, *, in_full: bool) -> list[list]:
    """Labelled counts as a table's rows: for figures-only readers, small ones hidden (core.disclosure.hidden_cells)."""
    hidden = set() if in_full else hidden_cells([n for _, n in counted])
    return [[label, _hidden(n) if i in hidden else str(n)] for i, (label, n) in enumerate(counted)]


def _hidden(count: int) -> str:
    return HIDDEN_COUNT if is_small(count) else HIDDEN_FIGURE


def _choice_rows(rows, *, in_full: bool) -> list[list[str]]:
    """Each worker's row of the report as text: people, then each option's offered / not. For figures-only readers a
    count of 1 to 4 is '<5', and its partner in the pair hidden too, so that it cannot be worked out from the people."""
    table = []
    for r in rows:
        row = [r["team"], r["worker"], str(r["cases"]) if in_full else suppress(r["cases"])]
        for code, _ in DELIVERY_OPTIONS:
            pair = [r[code]["offered"], r[code]["not_offered"]]
            hidden = set() if in_full else hidden_cells(pair)
            row.append(" / ".join(_hidden(n) if i in hidden else str(n) for i, n in enumerate(pair)))
        table.append(row)
    return table


# ---- choosing support from the market directory (issue 20; planning.directory holds the rules) ----------------------


def _kinds():
    return [(code, name) for code, name, _ in WHAT_YOU_CAN_DO]


def _service_pk(request):
    raw = (request.POST if request.method == "POST" else request.GET).get("service", "")
    return int(raw) if raw.isdigit() else None


@login_required
def choose_provider(request, pk, item_pk):
    """An item of the plan beside the directory's services like it: each price against what the plan allows for the
    item, the ones that fit first. The worker chooses one (its price too, if they tick it); the person or their
    family suggests one, which waits for the worker."""
    found = access.plan_for(request.user, pk, why="to choose a provider for the support plan", take_part=True)
    person, case = found.person, found.case
    access.require_own(case, item_pk=item_pk)
    item = queries.item_of(case, item_pk)
    planning_now = case.state == "planning" and item.plan.status == "draft"
    choosing, suggesting = planning_now and found.may_change, planning_now and found.may_propose
    here = reverse("planning:choose-provider", args=[person.pk, item.pk])
    if request.method == "POST":
        service = _service_pk(request)
        if choosing:
            return flows.act(request, lambda: actions.choose_provider(
                case, item.pk, service, actor=request.user, use_price=request.POST.get("use_price") == "yes"),
                errors=actions.PlanError, redirect_to=_to_plan(person), refused_to=here,
                success=lambda chosen: f"{chosen.supplier_name} chosen for {chosen.description}")
        if suggesting:
            return flows.act(request, lambda: actions.suggest_service(
                case, service, actor=request.user, quantity=item.quantity, period=item.period, unit=item.unit,
                description=item.description, supplier_kind=item.supplier_kind),
                errors=actions.PlanError, redirect_to=_to_plan(person), refused_to=here,
                success="Your suggestion has been sent to your worker")
        raise PermissionDenied
    own = directory.terms_for(item.supplier_kind, item.description)
    own_names = " or ".join(directory.TERM_NAMES[c] for c in own)
    form = forms.DirectoryFilterForm(request.GET or None, kinds=_kinds(), areas=market_queries.area_names(),
                                     like=own_names)
    wanted = form.cleaned_data if form.is_valid() else {}
    what = wanted.get("what") or ""
    codes = own if not what else (() if what == "any" else (what,))
    allowance = directory.Allowance(item.unit_cost_pence, item.unit, Fraction(item.quantity), item.period)
    services = queries.directory_services(term_codes=codes, area=wanted.get("area") or "",
                                          today=timezone.localdate())
    rows = directory.ordered((s, directory.compare(allowance, directory.prices_of(s.current_rates)))
                             for s in services)
    return render(request, "planning/choose_provider.html", {
        "person": person, "item": item, "form": form, "choosing": choosing, "suggesting": suggesting,
        "fitting": [r for r in rows if r[1].fits], "over": [r for r in rows if r[1].comparable and not r[1].fits],
        "unknown": [r for r in rows if not r[1].comparable], "is_self": found.is_self,
        "allowed_unit": directory.rate_unit_of(item.unit), "back_url": _to_plan(person)})


@login_required
def plan_directory(request, pk):
    """The directory's services beside the whole plan, for the person or their family to find support (a day
    opportunity, a club...) and suggest it, each price with what one a week would cost against the room the
    indicative budget leaves."""
    found = access.plan_for(request.user, pk, why="to find support for the support plan", take_part=True)
    person, case = found.person, found.case
    form = forms.DirectoryFilterForm(request.GET or None, kinds=_kinds(), areas=market_queries.area_names())
    wanted = form.cleaned_data if form.is_valid() else {}
    plan = queries.working_plan_for(case)
    room = queries.room_left_weekly_pence(plan)
    services = queries.directory_services(term_codes=(wanted["what"],) if wanted.get("what") else (),
                                          area=wanted.get("area") or "", today=timezone.localdate())
    rows = []
    for service in services:
        prices = directory.prices_of(service.current_rates)
        lines = [(directory.room_line(p, Fraction(1), "weekly", room), directory.fits_room(p, Fraction(1), "weekly", room))
                 for p in prices]
        rows.append((service, lines, any(fits for _, fits in lines)))
    rows.sort(key=lambda row: not row[2])  # those that fit first, in name order
    return render(request, "planning/choose_provider_for_plan.html", {
        "person": person, "form": form, "rows": rows, "room": room, "is_self": found.is_self,
        "suggesting": case.state == "planning" and found.may_propose, "back_url": _to_plan(person)})


@login_required
def directory_suggest(request, pk):
    """'Suggest this for the plan': how many and how often, for one of the directory's services (?service=)."""
    found = access.plan_for(request.user, pk, why="to suggest a change", propose=True)
    person, case = found.person, found.case
    service = queries.directory_service(_service_pk(request), today=timezone.localdate())
    if service is None:
        messages.error(request, "Choose a service from the list")
        return redirect("planning:directory", pk=person.pk)
    prices = directory.prices_of(service.current_rates)
    units = list(dict.fromkeys(p.unit for p in prices))
    form = forms.DirectorySuggestionForm(
        request.POST or None, prices=[(u, directory.price_text(directory.price_for(prices, u))) for u in units],
        initial={"unit": units[0] if units else None, "quantity": "1", "period": "weekly"})
    done = flows.submit(request, form, lambda data: actions.suggest_service(case, service.pk, actor=request.user, **data),
                        errors=actions.PlanError, success="Your suggestion has been sent to your worker",
                        redirect_to=_to_plan(person))
    return done or render(request, "planning/choose_provider_suggest.html", {
        "person": person, "service": service, "form": form, "has_prices": bool(units),
        "room": queries.room_left_weekly_pence(queries.working_plan_for(case)),
        "back_url": reverse("planning:directory", args=[person.pk])}, status=flows.status(form))
