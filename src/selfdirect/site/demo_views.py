"""The demo council's page (demo mode only): an administrator rebuilds Exampleshire as of today, on the task worker
(site.jobs), and follows its stages on the job's page. `selfdirect demo` and `make demo` do the same from the command
line."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from selfdirect.core import jobs, permissions
from selfdirect.core.forms import GovukForm

from . import queries


class DemoForm(GovukForm, forms.Form):
    people = forms.IntegerField(label="How many people", min_value=2, max_value=10000,
                                help_text="make run builds 200. A few thousand take some minutes.",
                                error_messages={"required": "Enter how many people",
                                                "invalid": "Enter how many people as a whole number, like 200",
                                                "min_value": "Enter 2 people or more",
                                                "max_value": "Enter 10,000 people or fewer"})
    seed = forms.IntegerField(label="Seed", help_text="The same seed, size and day give the same council.",
                              error_messages={"required": "Enter the seed",
                                              "invalid": "Enter the seed as a whole number, like 1"})


@login_required
def rebuild(request):
    if not permissions.is_administrator(request.user):
        raise PermissionDenied
    if not settings.DEMO_MODE:
        raise Http404("Only the demo council is rebuilt")
    latest = queries.latest_demo_build()
    form = DemoForm(request.POST or None, initial={"people": latest.people if latest else 200,
                                                   "seed": latest.seed if latest else 1})
    if request.method == "POST" and form.is_valid():
        today = timezone.localdate()
        job = jobs.start("demo.build", actor=request.user, label=f"Rebuild the demo council as of {today:%-d %B %Y}",
                         params={"as_of": today.isoformat(), "people": form.cleaned_data["people"],
                                 "seed": form.cleaned_data["seed"]})
        return redirect("core:job", job_pk=job.pk)
    return render(request, "site/demo.html", {"form": form, "latest": latest}, status=400 if form.errors else 200)
