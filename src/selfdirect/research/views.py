"""Research projects' pages: administrators make them and add the people who agreed to research; the lead researcher
sees their projects and takes each project's k-anonymous extract, as a page or a CSV file (docs/security.md,
"Research data")."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from selfdirect.core import flows
from selfdirect.core.downloads import csv_download
from selfdirect.core.words import counted

from . import access, actions, forms, queries


@login_required
def index(request):
    projects = list(access.projects_for(request.user))
    return render(request, "research/index.html", {"projects": projects, "min_cell": queries.min_cell(),
                                                   "may_manage": access.may_manage_research(request.user)})


@login_required
def new(request):
    access.require_manager(request.user)
    form = forms.ProjectForm(request.POST or None)
    done = flows.submit(request, form, lambda data: actions.create_project(actor=request.user, **data),
                        errors=actions.ResearchError, success=lambda made: f"Research project {made.name} created",
                        redirect_to=lambda made: reverse("research:project", args=[made.pk]))
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": "New research project", "caption": "Research",
        "intro": "A project releases, to its lead researcher only, coarsened data about the people who agreed to "
                 "research, under identifiers that mean nothing outside it. Record the approval it was given.",
        "submit_text": "Create the project"}, status=flows.status(form))


def _project_page(request, got, form, status=200):
    return render(request, "research/project.html", {"project": got.record, "may_change": got.may_change,
                                                     "may_extract": got.may_extract, "form": form,
                                                     "min_cell": queries.min_cell()}, status=status)


@login_required
def project(request, pk):
    got = access.project_for(request.user, pk)
    return _project_page(request, got, forms.AddPeopleForm() if got.may_change else None)


@login_required
@require_POST
def add_people(request, pk):
    got = access.project_for(request.user, pk, change=True)
    form = forms.AddPeopleForm(request.POST)
    done = flows.submit(request, form, lambda data: actions.add_consenting_people(got.record, actor=request.user,
                                                                                  client_group=data["client_group"]),
                        errors=actions.ResearchError,
                        success=lambda n: f"{counted(n, 'person', 'people')} added to the project",
                        redirect_to=reverse("research:project", args=[got.record.pk]))
    return done or _project_page(request, got, form, status=flows.status(form))


def _extract(request, pk):
    got = access.project_for(request.user, pk)
    if not got.may_extract:
        raise PermissionDenied
    return got, queries.extract(got.record, today=timezone.localdate())


@login_required
def extract(request, pk):
    try:
        got, made = _extract(request, pk)
    except queries.ExtractRefused as problem:
        got = access.project_for(request.user, pk)
        return render(request, "research/extract.html", {"project": got.record, "refused": str(problem)})
    actions.record_release(made, actor=request.user, how="seen on the page")
    return render(request, "research/extract.html", {"project": got.record, "made": made, "header": made.header,
                                                     "rows": made.rows, "report": made.report})


@login_required
def extract_csv(request, pk):
    try:
        got, made = _extract(request, pk)
    except queries.ExtractRefused as problem:
        got = access.project_for(request.user, pk)
        return render(request, "research/extract.html", {"project": got.record, "refused": str(problem)}, status=409)
    actions.record_release(made, actor=request.user, how="downloaded")
    return csv_download(queries.extract_csv(made), f"research-{got.record.pk}-{made.made_on.isoformat()}.csv")
