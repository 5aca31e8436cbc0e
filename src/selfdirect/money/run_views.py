"""Payment runs in the browser: finance prepares the next run and sees what it would pay, skip and catch up; a second
finance officer approves it, and only then is it posted and its file written (money.actions.prepare_run, approve_run).
Both are jobs on the task worker (money.jobs): the page hands them over and shows their progress."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from selfdirect.audit import actions as audit
from selfdirect.core import jobs
from selfdirect.core.forms import DateField, GovukForm

from . import access, queries
from .remittances import PERSON


class PrepareForm(GovukForm, forms.Form):
    run_date = DateField(label="Run date", error_messages={"required": "Enter the run date"})


@login_required
def prepare_run(request):
    access.require_finance(request.user)
    form = PrepareForm(request.POST or None, initial={"run_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["run_date"]
        job = jobs.start("payment_run.prepare", actor=request.user, label=f"Prepare the payment run for {day:%-d %B %Y}",
                         params={"run_date": day.isoformat(), "actor": request.user.pk})
        return redirect("core:job", job_pk=job.pk)
    return render(request, "money/prepare_run.html", {"form": form, "back_url": reverse("money:finance")},
                  status=400 if form.errors else 200)


@login_required
def run(request, run_pk):
    found = access.payment_run_for(request.user, run_pk).record
    if request.method == "POST":
        job = jobs.start("payment_run.approve", actor=request.user, label=f"Approve and pay {found.reference}",
                         params={"run": found.pk, "actor": request.user.pk})
        return redirect("core:job", job_pk=job.pk)
    shown = found.preview if found.status == found.Status.PREPARED else {"report": found.report, "lines": []}
    # the preview names each person the run would pay, with their payee and reference: a read of each one's record
    audit.record_each([line["person_id"] for line in shown.get("lines", [])], actor=request.user,
                      action=audit.Action.READ, what=f"Checked the prepared payment run {found.reference}")
    # a paid run lists its payees' remittance advice: a person's own direct payment account is named as the bank has it
    remittances = queries.remittances_of(found) if found.status == found.Status.PAID else []
    audit.record_each([r.pk for r in remittances if r.kind == PERSON], actor=request.user, action=audit.Action.READ,
                      what=f"Listed in the remittance advice of {found.reference}")
    return render(request, "money/run.html", {
        "run": found, "report": shown.get("report", {}), "lines": shown.get("lines", []), "remittances": remittances,
        "may_approve": found.status == found.Status.PREPARED and found.created_by_id != request.user.pk,
        "back_url": reverse("money:finance")})
