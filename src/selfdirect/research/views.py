"""Research projects' pages: administrators make them and add the people who agreed to research; the lead researcher
(or an administrator) makes a project's releases with a button (a POST) and reads each, frozen, as a page or a CSV
file: a GET never makes a release, and writes only the audit trail (docs/security.md, "Research data")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from selfdirect.core import disclosure as small_numbers
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
                 "research, in releases each under identifiers made for it alone. Record the approval it was given.",
        "submit_text": "Create the project"}, status=flows.status(form))


def _project_page(request, got, form, status=200):
    return render(request, "research/project.html", {"project": got.record, "may_change": got.may_change,
                                                     "may_extract": got.may_extract, "form": form,
                                                     "may_read_releases": got.may_read_releases, "in_dates": got.in_dates,
                                                     "may_read_stories": got.may_read_stories,
                                                     "releases": list(queries.releases_of(got.record)),
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


@login_required
@require_POST
def make_release(request, pk):
    """"Make a release": the next release of the project, frozen, then its page."""
    got = access.project_for(request.user, pk)
    if not got.may_extract:
        raise PermissionDenied
    try:
        made = actions.make_release(got.record, actor=request.user, today=timezone.localdate())
    except actions.ResearchError as problem:
        messages.error(request, f"No release: {problem}")
        return redirect("research:project", got.record.pk)
    said = f"Release {made.number} made: {counted(len(made.rows), 'person', 'people')}"
    if made.tells_nothing:
        said += (". Every value had to be suppressed, so it tells only how many people there are: see what was done "
                 "to it below")
    messages.success(request, said)
    return redirect("research:release", made.pk)


@login_required
def stories(request, pk):
    """The stories the project's members shared for research: words only, no names, each person read audited."""
    read = access.stories_for(request.user, pk)
    return render(request, "research/stories.html", {"project": read.project, "read": read,
                                                     "small": small_numbers.SMALL})


@login_required
def release(request, pk):
    got = access.release_for(request.user, pk)
    read = queries.read_release(got.record)
    actions.record_release_read(read, actor=request.user, how="seen on the page")
    return render(request, "research/release.html", {"release": got.record, "project": got.record.project,
                                                     "header": read.header, "rows": read.rows, "report": read.report})


@login_required
def release_csv(request, pk):
    got = access.release_for(request.user, pk)
    read = queries.read_release(got.record)
    actions.record_release_read(read, actor=request.user, how="downloaded")
    return csv_download(queries.release_csv(read),
                        f"research-{got.record.project.pk}-release-{got.record.number}.csv")
