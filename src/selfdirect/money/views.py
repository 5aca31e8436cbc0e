"""Thin pages over the money's actions and queries."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from selfdirect.audit import actions as audit
from selfdirect.core import jobs, uploads
from selfdirect.core.downloads import csv_download
from selfdirect.core.money import Money
from selfdirect.planning import queries as planning

from . import access, actions, forms, queries, statements
from . import recovery as recovery_rules
from .bacs import BacsError


def _plan_items(case):
    plan = planning.approved_plan_for(case)
    return list(plan.items.all()) if plan else []


@login_required
def account(request, pk):
    money = access.account_for(request.user, pk, why="to see the direct payment account")
    person, case = money.person, money.case
    today = timezone.localdate()
    return render(request, "money/account.html", {
        "person": person, "case": case, "m": queries.monitor(case, today=today),
        "lines": queries.statement_lines_for(case),
        "spending": list(queries.spending_for(case)[:30]), "due": queries.schedule_for(case), "may_record": money.may_record,
        "is_self": money.is_self, "balances": queries.balances(case),
        "care_home": queries.ever_in_a_care_home(person), "invoiced": queries.has_contribution_invoices(person),
        "finance": money.finance, "staff": money.may_change, "back_url": reverse("people:detail", args=[person.pk]),
    })


@login_required
def record_spending(request, pk):
    money = access.account_for(request.user, pk, why="to record spending", recording=True)
    person, case = money.person, money.case
    back = _came_from(request, person)
    items = _plan_items(case)
    form = forms.SpendingForm(request.POST or None, request.FILES or None, items=items)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = next((i for i in items if i.pk == data["item"]), None)
        try:
            actions.record_spending(case, actor=request.user, spent_on=data["spent_on"], payee=data["payee"],
                                    amount_pence=data["amount_pence"], item=item, what_for=data["what_for"],
                                    hours=data["hours"], receipt=data["receipt"],
                                    channel="paper" if money.finance else "web")
        except actions.MoneyError as problem:
            form.add_error(problem.field if problem.field in form.fields else None, str(problem))
        else:
            messages.success(request, "Spending recorded" + (" with its receipt" if data["receipt"] else ""))
            return redirect(back)
    return render(request, "core/form_page.html", {
        "form": form, "heading": "Record spending", "caption": person.full_name, "submit_text": "Save", "multipart": True,
        "intro": "Tell us what you paid from your direct payment account. A photo of the receipt helps, but you can add "
                 "spending without one.", "back_url": back},
        status=400 if form.errors else 200)


# Where "Record a spending" was followed from (?from=): the page to go back to, and to after saving.
CAME_FROM = {"home": lambda person: reverse("site:home"),
             "glance": lambda person: reverse("people:at-a-glance", args=[person.pk])}


def _came_from(request, person) -> str:
    page = CAME_FROM.get(request.GET.get("from", ""))
    return page(person) if page else reverse("money:account", args=[person.pk])


@login_required
def monthly_return(request, pk):
    """A printable return for people who keep their records on paper; the council keys it in."""
    money = access.account_for(request.user, pk, why="to print a monthly return")
    person, case = money.person, money.case
    try:
        month = datetime.date.fromisoformat((request.GET.get("month") or timezone.localdate().strftime("%Y-%m")) + "-01")
    except ValueError:
        raise Http404("No such month") from None
    return render(request, "money/monthly_return.html", {
        "person": person, "month": month, "items": _plan_items(case), "rows": range(12),
        "reference": actions.account_reference(case), "back_url": reverse("money:account", args=[person.pk])})


@login_required
def receipt(request, pk, record_pk):
    """Always a download, of the kind detected when it was stored (an older receipt, whose kind was never recorded, as
    opaque bytes), never sniffed, sandboxed if opened, cached nowhere (core.uploads.SERVE_HEADERS)."""
    record = access.receipt_for(request.user, pk, record_pk).record
    kind = uploads.kind_for(record.receipt_type)
    response = FileResponse(record.receipt.open("rb"), as_attachment=True,
                            filename=f"receipt-{record.pk}{kind.extension if kind else '.bin'}",
                            content_type=kind.content_type if kind else uploads.UNKNOWN_TYPE)
    for header, value in uploads.SERVE_HEADERS.items():
        response[header] = value
    return response


def _finance_only(request):
    access.require_finance(request.user)


@login_required
def finance(request):
    _finance_only(request)

    flagged = queries.accounts_with_alerts(today=timezone.localdate())
    audit.record_each([acct.case.person_id for acct, _ in flagged[:50]], actor=request.user, action=audit.Action.READ,
                      what="Listed accounts with alerts")
    return render(request, "money/finance.html", {
        "runs": queries.recent_runs(), "unmatched": queries.unmatched_line_count(), "flagged": flagged[:50],
        "flagged_count": len(flagged)})


@login_required
def run_file(request, run_pk):
    run = access.payment_run_for(request.user, run_pk, paid=True).record
    # the file names each person paid (or paid for) and their bank details: an export of each person's record
    audit.record_each(queries.people_paid_in(run), actor=request.user, action=audit.Action.EXPORT,
                      what=f"Downloaded the payment file for the run of {run.run_date}")
    return csv_download(run.file_text, f"payments-{run.run_date}.csv")


@login_required
def run_bacs_file(request, run_pk):
    """The paid run's Bacs Standard 18 file (money.bacs), as `selfdirect money pay --bacs` writes it."""
    run = access.payment_run_for(request.user, run_pk, paid=True).record
    try:
        text = queries.bacs_file(run)
    except BacsError as problem:
        messages.error(request, f"The Bacs file cannot be written: {problem}")
        return redirect("money:run", run_pk=run.pk)
    audit.record_each(queries.people_paid_in(run), actor=request.user, action=audit.Action.EXPORT,
                      what=f"Downloaded the Bacs file for the run of {run.run_date}")
    response = HttpResponse(text.encode("ascii"), content_type="text/plain; charset=us-ascii")
    response["Content-Disposition"] = f'attachment; filename="bacs-{run.run_date}.txt"'
    return response


@login_required
def import_statement(request):
    _finance_only(request)
    form = forms.StatementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # Imported on the task worker (money.jobs): the upload is kept in private storage until the job has read it,
        # its bytes as they came (the action decides how they are encoded).
        upload = form.cleaned_data["statement"]
        job = jobs.start("statement.import", actor=request.user, label=f"Import the statement {upload.name}", params={
            "file": jobs.keep_file(upload, suffix=".statement"), "name": upload.name, "actor": request.user.pk,
            "account": form.cleaned_data["account"].strip(), "layout": form.cleaned_data["layout"]})
        return redirect("core:job", job_pk=job.pk)
    return render(request, "money/import.html", {
        "form": form, "back_url": reverse("money:finance"), "date_examples": statements.date_examples(),
        "encodings": [statements.UTF8, statements.WINDOWS_1252]}, status=400 if form.errors else 200)


@login_required
def reconcile(request):
    _finance_only(request)
    if request.method == "POST":  # on the task worker (money.jobs)
        job = jobs.start("statement.reconcile", actor=request.user, label="Match statement lines automatically",
                         params={})
        return redirect("core:job", job_pk=job.pk)
    lines = list(queries.unmatched_lines().order_by("posted_on", "id")[:200])
    audit.record_each(list(dict.fromkeys(line.account.case.person_id for line in lines)), actor=request.user,
                      action=audit.Action.READ, what="Listed statement lines to match")
    return render(request, "money/reconcile.html", {"lines": lines, "back_url": reverse("money:finance")})


@login_required
def match_line(request, line_pk):
    found = access.statement_line_for(request.user, line_pk)
    line, case = found.record, found.case
    audit.record(actor=request.user, action=audit.Action.READ, person=found.person, what="Opened a statement line to match",
                 why="to match a payment")
    reported = queries.unmatched_spending_for(case)
    items = _plan_items(case)
    form = forms.MatchForm(request.POST or None, reported=reported, items=items)
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["choice"]
        chosen_report = next((r for r in reported if f"r{r.pk}" == choice), None)
        chosen_item = next((i for i in items if f"i{i.pk}" == choice), None)
        try:
            actions.match_by_hand(line, actor=request.user, reported=chosen_report, item=chosen_item, outside_plan=choice == "outside")
        except actions.MoneyError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "Line matched" if choice != "outside" else "Flagged: matches nothing in the plan")
            return redirect("money:reconcile")
    return render(request, "core/form_page.html", {
        "form": form, "heading": "Match a payment", "submit_text": "Save",
        "caption": f"{line.account.case.person.full_name} ({line.account.reference})",
        "intro": f"{line.posted_on:%-d %B %Y}: {line.description}, {Money(-line.amount_pence).format()} out of the account.",
        "back_url": reverse("money:reconcile")}, status=400 if form.errors else 200)


@login_required
def surplus(request, pk):
    """An audit of a direct payment account, and a recovery of surplus step by step, with its safeguards."""
    money = access.account_for(request.user, pk, why="to audit the direct payment account", finance=True)
    person, case = money.person, money.case

    today = timezone.localdate()
    recoveries = queries.recoveries_for(case)
    current = recoveries.current
    bound = {}
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "find":
                found = actions.find_surplus(case, actor=request.user, on=today)
                if not found.surplus_pence:
                    messages.success(request, "Audit recorded: the balance is within the weeks of payments the council allows")
                    return redirect("money:surplus", pk=person.pk)
            elif step == "warn" and current:
                actions.send_warning(current, actor=request.user, on=today)
            elif step == "explain" and current:
                bound["explain"] = form = forms.ExplanationForm(request.POST)
                if form.is_valid():
                    actions.record_explanation(current, actor=request.user, explanation=form.cleaned_data["explanation"],
                                               committed_pence=form.cleaned_data["committed_pence"] or 0)
            elif step == "decide" and current:
                bound["decide"] = form = forms.DecisionForm(request.POST)
                if form.is_valid():
                    actions.decide_recovery(current, actor=request.user, on=today, decision=form.cleaned_data["decision"],
                                            amount_pence=form.cleaned_data["amount_pence"] or 0, reason=form.cleaned_data["reason"])
            elif step == "appeal" and current:
                bound["appeal"] = form = forms.AppealForm(request.POST)
                if form.is_valid():
                    outcome = form.cleaned_data["outcome"]
                    actions.appeal(current, actor=request.user, on=today, text=form.cleaned_data["appeal"],
                                   upheld=None if outcome == "pending" else outcome == "upheld")
        except actions.MoneyError as problem:
            messages.error(request, str(problem))
            return redirect("money:surplus", pk=person.pk)
        if not any(f.errors for f in bound.values()):
            messages.success(request, "Saved")
            return redirect("money:surplus", pk=person.pk)
    return render(request, "money/surplus.html", {
        "person": person, "case": case, "current": current, "m": queries.monitor(case, today=today),
        "audit_due": recovery_rules.audits_due(recoveries.first_paid, recoveries.audited_on, today),
        "history": recoveries.history,
        "explain_form": bound.get("explain") or forms.ExplanationForm(),
        "decide_form": bound.get("decide") or forms.DecisionForm(),
        "appeal_form": bound.get("appeal") or forms.AppealForm(),
        "refusals": actions.recovery_refusals(current, on=today, amount_pence=max(1, current.surplus_pence - current.committed_pence))
        if current and current.status in {"warned", "explained"} else [],
        "back_url": reverse("money:account", args=[person.pk])}, status=400 if any(f.errors for f in bound.values()) else 200)


@login_required
def one_off(request, pk):
    """A worker asks for a one-off payment; a team manager approves it; the next run pays it once."""
    if request.method == "POST" and request.POST.get("approve"):
        waiting = access.one_off_for(request.user, pk, request.POST["approve"])
        try:
            actions.approve_one_off(waiting.record, actor=request.user)
        except actions.MoneyError as problem:
            messages.error(request, str(problem))
        else:
            messages.success(request, "One-off payment approved: the next payment run pays it")
        return redirect("money:one-off", pk=waiting.person.pk)
    one_offs = access.one_offs_for(request.user, pk)
    person, case = one_offs.person, one_offs.case
    form = forms.OneOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.request_one_off(case, actor=request.user, **form.cleaned_data)
        except actions.MoneyError as problem:
            form.add_error("amount_pence", str(problem))
        else:
            messages.success(request, "One-off payment asked for: a team manager approves it")
            return redirect("money:one-off", pk=person.pk)
    return render(request, "money/one_off.html", {
        "form": form, "person": person, "payments": list(one_offs.record),
        "may_approve": one_offs.may_approve,
        "back_url": reverse("money:account", args=[person.pk])}, status=400 if form.errors else 200)


@login_required
def suspend(request, pk):
    money = access.account_for(request.user, pk, why="to suspend payments", change=True)
    person, case = money.person, money.case
    form = forms.SuspensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.suspend(case, actor=request.user, **form.cleaned_data)
        except actions.MoneyError as problem:
            form.add_error("ends_on", str(problem))
        else:
            messages.success(request, "Payments suspended: payment runs skip these weeks and say so")
            return redirect("money:account", pk=person.pk)
    return render(request, "core/form_page.html", {
        "form": form, "heading": "Suspend payments", "caption": person.full_name, "submit_text": "Suspend payments",
        "back_url": reverse("money:account", args=[person.pk])}, status=400 if form.errors else 200)
