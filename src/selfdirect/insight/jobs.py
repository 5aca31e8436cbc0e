"""A dashboard exported to Excel as a job on the task worker (core.jobs): a large council's dashboard takes a while to
work out and write, so the page hands it over, and the job keeps the workbook in private storage (core.jobs.keep_file,
deleted after core.jobs.FILES_KEPT) for the one who asked to download (views.export_file). The small CSV of one table
is still downloaded at once. Registered by insight's AppConfig.ready."""

from django.urls import reverse
from django.utils import timezone

from selfdirect.accounts.models import User
from selfdirect.core import jobs, permissions
from selfdirect.core.errors import DomainError
from selfdirect.core.words import counted

from . import dashboards, forms, tables


def filters_for(user, data: dict, slug: str = ""):
    """The dashboard's filters these values give for this user (a team manager's team fixed), or None if they are
    wrong."""
    return forms.filters_form(slug)(data or None, locked_team=user.team if permissions.figures_limited_to_own_team(user)
                                    else None).filters()


@jobs.register("insight.export")
def export(params: dict, *, say) -> dict:
    actor = User.objects.get(pk=params["actor"])
    if not permissions.may_read_dashboards(actor):
        raise DomainError("You no longer read the dashboards")
    filters = filters_for(actor, params["filters"], params["dashboard"])
    if filters is None:
        raise DomainError("The dashboard's filters are not right: open the dashboard and export it again")
    shared = bool(params["shared"]) or not permissions.may_see_people_behind_figures(actor)
    say(f"Working out {dashboards.TITLES[params['dashboard']]}")
    built = dashboards.work_out(params["dashboard"], filters, today=timezone.localdate())
    say("Writing the workbook")
    name = jobs.keep_file(tables.workbook(f"{built.title}, {filters.start} to {filters.end}", built.tables, shared=shared,
                                          notes=built.notes), suffix=".xlsx")
    for_sharing = " for sharing outside the council (numbers under 5 hidden)" if shared else ""
    return {"summary": f"{built.title}, {filters.start:%-d %B %Y} to {filters.end:%-d %B %Y}: an Excel workbook of "
                       f"{counted(len(built.tables), 'table')}{for_sharing}. You can download it for "
                       f"{jobs.FILES_KEPT.days} days.",
            "url": reverse("insight:export-file", args=[params["job"]]), "link_text": "Download the workbook",
            "file": name, "filename": f"{params['dashboard']}-{filters.start}-{filters.end}{'-shared' if shared else ''}.xlsx",
            "shared": shared, "team": filters.team_id, "what": f"{built.title} for {filters.start} to {filters.end}"}
