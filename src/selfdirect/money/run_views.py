"""Payment runs in the browser: finance prepares the next run and sees what it would pay, skip and catch up; a second
finance officer approves it, and only then is it posted and its file written (money.actions.prepare_run, approve_run)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from selfdirect.audit import actions as audit
from selfdirect.core.forms import DateField, GovukForm

from . import access, actions


class PrepareForm(GovukForm, forms.Form):
    run_date = DateField(label="Run date", error_messages={"required": "Enter the run date"})


@login_required
def prepare_run(request):
    access.require_finance(request.user)
    form = PrepareForm(request.POST or None, initial={"run_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            run = actions.prepare_run(form.cleaned_data["run_date"], actor=request.user)
        except actions.MoneyError as problem:
            form.add_error("run_date", str(problem))
        else:
            messages.success(request, f"{run.reference} prepared: nothing is paid until a second finance officer "
                                      "approves it")
            return redirect("money:run", run_pk=run.pk)
    return render(request, "money/prepare_run.html", {"form": form, "back_url": reverse("money:finance")},
                  status=400 if form.errors else 200)


@login_required
def run(request, run_pk):
    found = access.payment_run_for(request.user, run_pk).record
    if request.method == "POST":
        try:
            actions.approve_run(found, actor=request.user)
        except actions.MoneyError as problem:
            messages.error(request, str(problem))
        else:
            messages.success(request, f"{found.reference} approved and paid")
        return redirect("money:run", run_pk=found.pk)
    shown = found.preview if found.status == found.Status.PREPARED else {"report": found.report, "lines": []}
    # the preview names each person the run would pay, with their payee and reference: a read of each one's record
    audit.record_each([line["person_id"] for line in shown.get("lines", [])], actor=request.user,
                      action=audit.Action.READ, what=f"Checked the prepared payment run {found.reference}")
    return render(request, "money/run.html", {
        "run": found, "report": shown.get("report", {}), "lines": shown.get("lines", []),
        "may_approve": found.status == found.Status.PREPARED and found.created_by_id != request.user.pk,
        "back_url": reverse("money:finance")})
