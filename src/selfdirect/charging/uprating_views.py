"""Uprating in the browser: finance checks what a new year's rates would change, then uprates every current
assessment (charging.actions.uprate), each a job on the task worker (charging.jobs) whose page shows how many people
have been done; the table of changes is read back from the job, by the one who asked for it."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from selfdirect.audit import actions as audit
from selfdirect.core import access as core_access
from selfdirect.core import jobs, permissions
from selfdirect.core.forms import DateField, GovukForm

from . import queries


class UpratingForm(GovukForm, forms.Form):
    as_of = DateField(label="Date the new contributions start",
                      help_text="The effective date of the new assessments, for example 6 4 2026. Each assessment is "
                                "worked out with the rates of the financial year this date falls in.",
                      error_messages={"required": "Enter the date the new contributions start"})


def _finance_only(user):
    if not permissions.may_assess_charges(user):
        raise PermissionDenied


@login_required
def uprating(request):
    _finance_only(request.user)
    form = UpratingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        day, dry_run = form.cleaned_data["as_of"], request.POST.get("do") != "uprate"
        job = jobs.start("charging.uprate", actor=request.user, params={
            "as_of": day.isoformat(), "dry_run": dry_run, "actor": request.user.pk},
            label=f"{'Check what uprating would change' if dry_run else 'Uprate every assessment'} as of {day:%-d %B %Y}")
        return redirect("core:job", job_pk=job.pk)
    return render(request, "charging/uprating.html", {"form": form, "back_url": reverse("charging:rates")},
                  status=400 if form.errors else 200)


@login_required
def uprating_result(request, job_pk):
    """The table of an uprating's changes, read back from its job: only the one who asked for it, still in finance,
    sees it, and only the people they still reach."""
    _finance_only(request.user)
    job = core_access.job_for(request.user, job_pk)
    if job.kind != "charging.uprate" or job.status != job.Status.DONE:
        raise Http404("No such uprating")
    rows = job.result.get("rows", [])
    people = queries.people_by_pk(request.user, [row[0] for row in rows])
    shown = [{"person": people[pk], "old": old, "new": new, "why": why} for pk, old, new, why in rows if pk in people]
    audit.record_each([row["person"] for row in shown], actor=request.user, action=audit.Action.READ,
                      what=f"Read the uprating as of {job.result.get('as_of', '')}")
    return render(request, "charging/uprating_result.html", {
        "job": job, "rows": shown, "hidden": len(rows) - len(shown), "back_url": reverse("charging:uprating")})
