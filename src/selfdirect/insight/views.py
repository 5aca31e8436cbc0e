from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from selfdirect.audit import actions as audit
from selfdirect.core import access as core_access
from selfdirect.core import charts, jobs, permissions
from selfdirect.core.downloads import csv_download
from selfdirect.people import access

from . import cld, dashboards, forms, queries, tables
from . import jobs as insight_jobs

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def cld_return(request):
    """A performance officer runs the return: the file to download, or the validation report naming each problem."""
    if not permissions.may_run_returns(request.user):
        raise PermissionDenied
    form = forms.PeriodForm(request.POST or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        try:
            text = queries.export(start, end)
        except cld.InvalidReturn as invalid:
            problems = invalid.problems
        else:
            audit.record(actor=request.user, action=audit.Action.EXPORT, what=f"Exported the CLD return for {start} to {end}")
            return csv_download(text, f"cld-{start}-{end}.csv")
    return render(request, "insight/cld.html", {"form": form, "problems": problems},
                  status=400 if form.errors or problems else 200)


PEOPLE_PER_PAGE = 50


def _dashboard(request, slug: str):
    """One dashboard page: its filters, charts and tables; ?format=csv&table=KEY or ?format=xlsx to download (add
    shared=1 to hide small numbers); ?drill=KEY:ROW:COLUMN to list the people behind a count."""
    from django.utils import timezone

    if not permissions.may_read_dashboards(request.user):
        raise PermissionDenied
    form = forms.filters_form(slug)(request.GET or None, locked_team=request.user.team if permissions.figures_limited_to_own_team(request.user) else None)
    filters = form.filters()
    if filters is None:
        return render(request, "insight/dashboard.html", {"form": form, "slug": slug, "title": dashboards.TITLES[slug]}, status=400)
    built = dashboards.work_out(slug, filters, today=timezone.localdate(), keep_cases=bool(request.GET.get("drill")))
    # Small numbers are hidden in files meant for sharing, and everywhere for those who see figures but never people
    # (commissioners; issue 15 finding 6), on the page as in every download.
    figures_only = not permissions.may_see_people_behind_figures(request.user)
    shared = request.GET.get("shared") == "1" or figures_only
    suffix = f"{filters.start}-{filters.end}{'-shared' if shared else ''}"
    if request.GET.get("format") in {"csv", "xlsx"}:
        audit.record(actor=request.user, action=audit.Action.EXPORT,
                     what=f"Downloaded {built.title} for {filters.start} to {filters.end}{' for sharing' if shared else ''}")
        if request.GET["format"] == "xlsx":
            from django.http import HttpResponse

            response = HttpResponse(tables.workbook(f"{built.title}, {filters.start} to {filters.end}", built.tables,
                                                    shared=shared, notes=built.notes),
                                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            response["Content-Disposition"] = f'attachment; filename="{slug}-{suffix}.xlsx"'
            return response
        table = built.table(request.GET.get("table", "")) or built.tables[0]
        return csv_download(tables.csv_text(table, shared=shared), f"{table.key}-{suffix}.csv")
    drill = _drill(request, built)
    query = request.GET.copy()
    for name in ("drill", "page", "format", "table", "shared"):
        query.pop(name, None)
    return render(request, "insight/dashboard.html", {
        "form": form, "slug": slug, "title": built.title, "dashboard": built, "query": query.urlencode(),
        "charts": [charts.image(*make()) for make in built.charts], "may_drill": permissions.may_see_people_behind_figures(request.user),
        "drill": drill, "filters": filters, "kind": tables.kind, "figures_only": figures_only, "shown_cell": tables.shown})


def _drill(request, built):
    """The page of people behind the count a drill-down link names, read through the person access rules and audited."""
    link = request.GET.get("drill", "")
    if not link:
        return None
    if not permissions.may_see_people_behind_figures(request.user):
        raise PermissionDenied
    found = built.behind(link)
    if found is None:
        return {"problem": "That figure is not a count of people, or the figures have changed since the link was made."}
    what, ordered = found
    pages = max(1, -(-len(ordered) // PEOPLE_PER_PAGE))
    try:
        number = min(max(1, int(request.GET.get("page", 1))), pages)
    except ValueError:
        number = 1
    people = people_behind(request.user, ordered[(number - 1) * PEOPLE_PER_PAGE: number * PEOPLE_PER_PAGE],
                           what=f"{what} in {built.title}", channel="web")
    return {"what": what, "total": len(ordered), "people": people, "page": number, "pages": pages, "link": link}


def people_behind(user, case_ids, *, what: str, channel: str):
    """The people whose cases these are, as far as the user may see them, with the read audited."""
    people = list(access.people_visible_to(user).filter(cases__in=case_ids).distinct().order_by("la_person_id"))
    audit.record_each(people, actor=user, action=audit.Action.READ, channel=channel,
                      what=f"Listed {len(people)} people behind '{what}'")
    return people


@login_required
def take_up(request):
    """New personal budgets per month, client group, age band, team and worker by delivery option, and the share with
    a direct payment against the council's target."""
    return _dashboard(request, "take-up")


@login_required
def journey_times(request):
    """Days from referral to assessment, assessment to approved plan, approval to first payment; where cases wait."""
    return _dashboard(request, "journey-times")


@login_required
def choice_offered(request):
    """Who is offered which option, per team and worker, the reasons for not offering, and groups offered direct
    payments less often than others with the same needs."""
    return _dashboard(request, "choice-offered")


@login_required
def money(request):
    """Indicative budget, agreed plan and previous package per client group; personal budgets as a share of the
    council's adult social care spend; surplus held in direct payment accounts; money recovered."""
    return _dashboard(request, "money")


@login_required
def outcomes(request):
    """The evaluation questionnaires' answers by domain of life, delivery option, client group, age band, ethnicity and
    who answered, with 95% intervals; Review Outcomes Achieved by option; the same people over time (issue 21)."""
    return _dashboard(request, "outcomes")


@login_required
@require_POST
def export(request):
    """A dashboard, as the page showed it, exported to Excel on the task worker (insight.jobs): to the job's page."""
    if not permissions.may_read_dashboards(request.user):
        raise PermissionDenied
    slug = request.POST.get("dashboard", "")
    if slug not in dashboards.TITLES:
        raise Http404("No such dashboard")
    chosen = {name: request.POST.get(name, "") for name in forms.filters_form(slug).base_fields}
    if insight_jobs.filters_for(request.user, chosen, slug) is None:  # the dashboard itself names what is wrong
        return redirect(f"{reverse(f'insight:{slug}')}?{urlencode(chosen)}")
    shared = request.POST.get("shared") == "1" or not permissions.may_see_people_behind_figures(request.user)
    job = jobs.start("insight.export", actor=request.user, params={
        "dashboard": slug, "filters": chosen, "shared": shared, "actor": request.user.pk},
        label=f"Export {dashboards.TITLES[slug]} to Excel{' for sharing' if shared else ''}")
    return redirect("core:job", job_pk=job.pk)


@login_required
def export_file(request, job_pk):
    """The workbook an export job wrote: only for the one who asked for it, and only while they still read the
    dashboards (and, for a workbook showing small numbers, still see the people behind figures, for the same team)."""
    if not permissions.may_read_dashboards(request.user):
        raise PermissionDenied
    job = core_access.job_for(request.user, job_pk)
    if job.kind != "insight.export" or job.status != job.Status.DONE:
        raise Http404("No such export")
    result = job.result
    if not result.get("shared") and not permissions.may_see_people_behind_figures(request.user):
        raise PermissionDenied
    if permissions.figures_limited_to_own_team(request.user) and result.get("team") != request.user.team_id:
        raise PermissionDenied
    try:
        workbook = jobs.open_file(result["file"])
    except FileNotFoundError:
        raise Http404("The workbook has been deleted: export the dashboard again") from None
    audit.record(actor=request.user, action=audit.Action.EXPORT,
                 what=f"Downloaded {result.get('what', 'a dashboard')}{' for sharing' if result.get('shared') else ''}")
    response = FileResponse(workbook, as_attachment=True, filename=result["filename"], content_type=XLSX)
    response["Cache-Control"] = "private, no-store"
    return response
