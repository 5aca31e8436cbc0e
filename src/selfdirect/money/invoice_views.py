"""Thin pages over contribution invoices (care home residents, and people at home for the part of their contribution no
instalment counted): finance's page for a four-weekly period and the invoices overdue, a person's invoices, arrears and
refunds, how a person's contribution is collected, and, for a person with invoices overdue, the check of their
circumstances and then the decision to recover the debt."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from selfdirect.audit import actions as audit
from selfdirect.core import flows

from . import access, actions, forms, invoices, queries
from .models import ContributionArrearsCheck, ContributionDebtRecovery

PERIODS_SHOWN = 13  # a year of four-weekly periods


def _chosen(text: str | None, periods: list[invoices.Period]) -> invoices.Period:
    try:
        return invoices.period_of(datetime.date.fromisoformat(text or ""))
    except ValueError:
        return periods[0]


def _finance_step(request, period, today):
    """Do what finance asked on the page; the payment form back, bound, when it was that and it was refused."""
    step = request.POST.get("step")
    payment = forms.ContributionPaymentForm(request.POST if step == "pay" else None)
    try:
        if step == "raise":
            report = actions.raise_contribution_invoices(period.starts_on, actor=request.user, on=today)
            messages.success(request, f"For {period.label}: {report.summary()}. Nothing already raised was raised again.")
        elif step == "adjust":
            report = actions.raise_contribution_adjustments(actor=request.user, on=today)
            messages.success(request, report.summary() if report else "Nothing has been invoiced yet")
        elif step == "pay" and payment.is_valid():
            invoice = access.contribution_invoice_by_reference(request.user, payment.cleaned_data["reference"])
            if invoice is None:
                payment.add_error("reference", f"There is no contribution invoice {payment.cleaned_data['reference']}")
            else:
                actions.record_contribution_payment(invoice, actor=request.user, paid_on=payment.cleaned_data["paid_on"])
                messages.success(request, f"Payment of {invoice.reference} recorded")
    except actions.MoneyError as problem:
        if step == "pay":
            payment.add_error(problem.field if problem.field in payment.fields else None, str(problem))
        else:
            messages.error(request, str(problem))
    return payment


@login_required
def finance(request):
    access.require_finance(request.user)
    today = timezone.localdate()
    periods = invoices.periods_between(today - datetime.timedelta(days=invoices.PERIOD_DAYS * (PERIODS_SHOWN - 1)), today)[::-1]
    period = _chosen(request.POST.get("period") or request.GET.get("period"), periods)
    payment = forms.ContributionPaymentForm()
    if request.method == "POST":
        payment = _finance_step(request, period, today)
        if not payment.errors:
            return redirect(reverse("money:contributions") + f"?period={period.starts_on.isoformat()}")
    found = queries.residents(until=max(period.ends_on, today))
    shown = [r for r in found if r.due(period) or r.billed(period) or r.weekly_on(today)]
    pending = queries.pending_adjustments(found)
    outstanding = queries.outstanding_invoices()
    overdue = queries.arrears(today=today)
    audit.record_each(list(dict.fromkeys([r.person.pk for r in shown] + [r.person.pk for r, _ in pending]
                                         + [i.case.person_id for i in outstanding] + [a.person.pk for a in overdue])),
                      actor=request.user, action=audit.Action.READ, what="Listed people's contributions")
    return render(request, "money/contributions_finance.html", {
        "period": period, "period_form": forms.InvoicePeriodForm(initial={"period": period.starts_on.isoformat()},
                                                                 periods=periods),
        "residents": shown, "today": today, "pending": pending, "outstanding": outstanding, "form": payment,
        "overdue": overdue, "overdue_days": settings.CONTRIBUTION_OVERDUE_DAYS,
        "back_url": reverse("money:finance")}, status=400 if payment.errors else 200)


@login_required
def person(request, pk):
    """A person's contribution invoices, arrears and refunds, each with why; and, when they pay the care home
    directly, what is due all the same."""
    money = access.account_for(request.user, pk, why="to see contribution invoices")
    today = timezone.localdate()
    resident = queries.resident(money.person)
    recent = invoices.periods_between(today - datetime.timedelta(days=invoices.PERIOD_DAYS * 5), today)[::-1]
    arrears = queries.arrears_of(money.person, today=today)
    return render(request, "money/contributions.html", {
        "person": money.person, "resident": resident, "is_self": money.is_self, "finance": money.finance,
        "invoices": queries.contribution_invoices_for(money.person), "owed": queries.contribution_owed(money.person),
        "due": [(p, resident.due(p)) for p in recent if resident.due(p)] if resident else [], "today": today,
        "arrears": arrears, "overdue": {i.pk for i in arrears.invoices} if arrears else set(),
        "overdue_days": settings.CONTRIBUTION_OVERDUE_DAYS,
        "back_url": reverse("money:account", args=[money.person.pk])})


@login_required
def arrears(request, pk):
    """Finance's page for a person with contribution invoices overdue: what is overdue, the checks of their
    circumstances and the recoveries started, with the next step."""
    money = access.account_for(request.user, pk, why="to see contributions overdue", finance=True)
    today = timezone.localdate()
    checks, recoveries = queries.arrears_history(money.person)
    return render(request, "money/contribution_arrears.html", {
        "person": money.person, "arrears": queries.arrears_of(money.person, today=today), "checks": checks,
        "recoveries": recoveries, "today": today, "overdue_days": settings.CONTRIBUTION_OVERDUE_DAYS,
        "back_url": reverse("money:person-contributions", args=[money.person.pk])})


@login_required
def arrears_check(request, pk):
    """Record a check of the person's circumstances (finance's): needed before any recovery of the debt."""
    money = access.account_for(request.user, pk, why="to record a check of their circumstances", finance=True)
    form = forms.ArrearsCheckForm(request.POST or None, initial={"checked_on": timezone.localdate()},
                                  capacity=ContributionArrearsCheck.Capacity.choices,
                                  outcomes=ContributionArrearsCheck.Outcome.choices)
    done = flows.submit(request, form, lambda data: actions.record_arrears_check(money.case, actor=request.user, **data),
                        errors=actions.MoneyError, success="Check of their circumstances recorded",
                        redirect_to=reverse("money:contribution-arrears", args=[money.person.pk]))
    if done:
        return done
    return render(request, "core/form_page.html", {
        "form": form, "heading": "Check their circumstances", "caption": money.person.full_name,
        "submit_text": "Record the check",
        "intro": "Before the council takes any step to recover contributions not paid, it checks the person's "
                 "circumstances: whether their income or savings changed, whether they have the capacity to manage "
                 "the debt (and, if not, whether someone has the authority to act on their finances), whether what "
                 "they pay should be looked at again, and whether the debt should be pursued at all. Record who you "
                 "spoke to and what you found.",
        "back_url": reverse("money:contribution-arrears", args=[money.person.pk])}, status=400 if form.errors else 200)


@login_required
def recovery(request, pk):
    """Decide to recover the debt, and how (finance's): refused without a check of the person's circumstances since
    the oldest unpaid invoice was issued that found the debt should be pursued."""
    money = access.account_for(request.user, pk, why="to decide on recovering a debt", finance=True)
    form = forms.DebtRecoveryForm(request.POST or None, actions=ContributionDebtRecovery.Action.choices)
    done = flows.submit(request, form, lambda data: actions.start_debt_recovery(money.case, actor=request.user,
                                                                               on=timezone.localdate(), **data),
                        errors=actions.MoneyError, success="Decision to recover the debt recorded",
                        redirect_to=reverse("money:contribution-arrears", args=[money.person.pk]))
    if done:
        return done
    return render(request, "core/form_page.html", {
        "form": form, "heading": "Recover the debt", "caption": money.person.full_name, "submit_text": "Record the decision",
        "intro": "Only after a check of the person's circumstances that found the debt should be pursued. A deferred "
                 "payment agreement must be offered first wherever one could be made (Care Act 2014, section 69(2)); "
                 "a claim in the county court comes last.",
        "back_url": reverse("money:contribution-arrears", args=[money.person.pk])}, status=400 if form.errors else 200)


@login_required
def collection(request, pk):
    """How the person's contribution is collected: invoiced by the council, or paid to the care home directly where
    the council agreed it. Finance's."""
    money = access.account_for(request.user, pk, why="to record how the contribution is collected", finance=True)
    current = queries.contribution_collection_for(money.case)
    initial = {"method": current.method, "starts_on": current.starts_on, "care_home_name": current.care_home_name,
               "agreed_by": current.agreed_by, "agreed_on": current.agreed_on} if current else {"method": "invoice"}
    form = forms.CollectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_contribution_collection(money.case, actor=request.user, **form.cleaned_data)
        except actions.MoneyError as problem:
            form.add_error(problem.field if problem.field in form.fields else None, str(problem))
        else:
            messages.success(request, "Saved how the contribution is collected")
            return redirect("money:person-contributions", pk=money.person.pk)
    return render(request, "core/form_page.html", {
        "form": form, "heading": "How the contribution is collected", "caption": money.person.full_name,
        "submit_text": "Save", "intro": "The council invoices a care home resident's contribution unless it has agreed "
                                        "that the resident pays the care home directly. Either way the amounts due are "
                                        "shown to the person.",
        "back_url": reverse("money:person-contributions", args=[money.person.pk])}, status=400 if form.errors else 200)
