"""Deferred payment agreements: a person's agreements, one agreement, a statement, and finance's interest rates. The
agreement is charging's, the account money's, so these pages live above both (money.deferred)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from selfdirect.charging import actions as charging_actions
from selfdirect.charging import queries as charging
from selfdirect.charging.deferred import KIND_LABELS

from . import access, deferred, deferred_forms, queries


def _refusal_on(form, problem):
    for one in (problem, *getattr(problem, "also", ())):
        form.add_error(one.field if one.field in form.fields else None, str(one))


@login_required
def deferred_payments(request, pk):
    """The person's agreements; for finance, whether one must be offered on the current assessment, and the offer."""
    found = access.deferred_payments_for(request.user, pk, finance=request.method == "POST")
    person = found.person
    current = charging.current_assessment_for(person) if found.finance else None
    open_one = next((a for a in found.record if a.status in ("offered", "active")), None)
    proposal = refusal = None
    if current is not None and open_one is None:
        try:
            proposal = charging_actions.deferred_payment_proposal(current)
        except charging_actions.DeferredPaymentError as problem:
            refusal = str(problem)
    home = (current.input.get("property") or {}) if current is not None else {}
    form = deferred_forms.OfferForm(request.POST or None, initial={
        "value_pence": home.get("share_value_pence") or home.get("value_pence"),
        "secured_debt_pence": home.get("secured_debt_pence") or 0,
        "starts_on": current.effective_date if current else None})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = charging_actions.offer_deferred_payment(
                current, actor=request.user, home=data["home"], valued_on=data["valued_on"], starts_on=data["starts_on"],
                offered_on=timezone.localdate(), value_pence=data["value_pence"],
                secured_debt_pence=data["secured_debt_pence"] or 0,
                kept_income_weekly_pence=data["kept_income_weekly_pence"],
                interest_basis_points=form.interest_basis_points, set_up_charge_pence=data["set_up_charge_pence"] or 0)
        except charging_actions.DeferredPaymentError as problem:
            _refusal_on(form, problem)
        else:
            messages.success(request, "Deferred payment agreement offered")
            return redirect("money:deferred-payment", pk=person.pk, agreement_pk=made.pk)
    return render(request, "money/deferred_payments.html", {
        "person": person, "agreements": found.record, "finance": found.finance, "is_self": found.is_self,
        "current": current, "proposal": proposal, "refusal": refusal, "open_one": open_one, "form": form,
        "back_url": reverse("money:account", args=[person.pk]),
    }, status=400 if form.errors else 200)


FORMS = {"decide": deferred_forms.DecideForm, "costs": deferred_forms.CostsForm, "repay": deferred_forms.RepayForm,
         "end": deferred_forms.EndForm}
DONE = {"decide": "Decision recorded", "costs": "Administration costs added", "repay": "Repayment recorded",
        "end": "Agreement ended", "accrue": "", "statement": "Statement issued"}


def _act(do, agreement, data, *, actor, today):
    if do == "decide":
        return charging_actions.decide_deferred_payment(
            agreement, actor=actor, agreed=data["answer"] == "agreed", on=data["decided_on"],
            title_number=data["title_number"], charge_registered_on=data["charge_registered_on"],
            decline_reason=data["decline_reason"])
    if do == "costs":
        return deferred.add_costs(agreement, actor=actor, on=data["on"], description=data["description"],
                                  amount_pence=data["amount_pence"])
    if do == "repay":
        return deferred.repay(agreement, actor=actor, on=data["on"], amount_pence=data["amount_pence"])
    if do == "end":
        return deferred.end_agreement(agreement, actor=actor, on=data["on"], reason=data["reason"])
    if do == "accrue":
        return deferred.accrue(agreement, up_to=today, actor=actor)
    return deferred.issue_statement(agreement, actor=actor, starts_on=data["starts_on"], on=today)


@login_required
def deferred_payment(request, pk, agreement_pk):
    """One agreement: its terms in plain words, what is owed, the weeks and the statements; finance acts on it here."""
    posting = request.method == "POST"
    found = access.deferred_payment_for(request.user, pk, agreement_pk, finance=posting)
    agreement, person, today = found.record, found.person, timezone.localdate()
    do = request.POST.get("do", "") if posting else ""
    forms = {name: form(request.POST if do == name else None, prefix=name) for name, form in FORMS.items()}
    if posting and do in DONE:
        form = forms.get(do)
        data = {}
        if do == "statement":
            try:
                data = {"starts_on": datetime.date.fromisoformat(request.POST.get("starts_on", ""))}
            except ValueError:
                messages.error(request, "Choose a statement period")
                return redirect("money:deferred-payment", pk=person.pk, agreement_pk=agreement.pk)
        if form is None or form.is_valid():
            try:
                done = _act(do, agreement, form.cleaned_data if form is not None else data, actor=request.user,
                            today=today)
            except (charging_actions.DeferredPaymentError, deferred.DeferredLedgerError) as problem:
                if form is None:
                    messages.error(request, str(problem))
                    return redirect("money:deferred-payment", pk=person.pk, agreement_pk=agreement.pk)
                _refusal_on(form, problem)
            else:
                messages.success(request, done.summary if do == "accrue" else DONE[do])
                return redirect("money:deferred-payment", pk=person.pk, agreement_pk=agreement.pk)
    return render(request, "money/deferred_payment.html", {
        "person": person, "a": agreement, "finance": found.finance, "is_self": found.is_self, "forms": forms,
        "open_form": do, **queries.deferred_page(agreement, today=today), "today": today,
        "extra_forms": [f for f in forms.values() if f.is_bound],  # the layout's error summary
        "back_url": reverse("money:deferred-payments", args=[person.pk]),
    }, status=400 if any(f.errors for f in forms.values()) else 200)


@login_required
def deferred_statement(request, pk, agreement_pk, statement_pk):
    found = access.deferred_statement_for(request.user, pk, agreement_pk, statement_pk)
    statement = found.record
    return render(request, "money/deferred_statement.html", {
        "person": found.person, "s": statement, "a": statement.agreement, "f": statement.figures,
        "kind_labels": KIND_LABELS,
        "back_url": reverse("money:deferred-payment", args=[found.person.pk, statement.agreement_id]),
    })


@login_required
def deferred_interest(request):
    """The national maximum interest rates: the shipped ones with their sources, and the council's additions."""
    access.require_finance(request.user)
    form = deferred_forms.InterestRateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            charging_actions.add_deferred_interest_rate(actor=request.user, starts_on=data["starts_on"],
                                                        basis_points=int(data["percent"] * 100), source=data["source"])
        except charging_actions.DeferredPaymentError as problem:
            _refusal_on(form, problem)
        else:
            messages.success(request, "Interest rate added")
            return redirect("money:deferred-interest")
    return render(request, "money/deferred_interest.html", {
        "rates": list(reversed(charging.deferred_interest_rates())), "form": form,
        "today": timezone.localdate(), "back_url": reverse("money:finance"),
    }, status=400 if form.errors else 200)
