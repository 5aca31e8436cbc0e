from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from selfdirect.accounts.roles import Role
from selfdirect.audit import services as audit
from selfdirect.core.downloads import csv_download, csv_text

from . import cld, forms, services

RETURNS = {Role.COMMISSIONER, Role.ADMINISTRATOR}


@login_required
def cld_return(request):
    """A performance officer runs the return: the file to download, or the validation report naming each problem."""
    if request.user.role not in RETURNS:
        raise PermissionDenied
    form = forms.PeriodForm(request.POST or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        try:
            text = services.export(start, end)
        except cld.InvalidReturn as invalid:
            problems = invalid.problems
        else:
            audit.record(actor=request.user, action=audit.Action.EXPORT, what=f"Exported the CLD return for {start} to {end}")
            return csv_download(text, f"cld-{start}-{end}.csv")
    return render(request, "insight/cld.html", {"form": form, "problems": problems},
                  status=400 if form.errors or problems else 200)


DASHBOARDS = {Role.TEAM_MANAGER, Role.COMMISSIONER, Role.ADMINISTRATOR}


def _filters(request):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    try:
        start = datetime.date.fromisoformat(request.GET.get("start") or f"{today.year - 1}-{today.month:02d}-01")
        end = datetime.date.fromisoformat(request.GET.get("end") or today.isoformat())
    except ValueError:
        start, end = datetime.date(today.year - 1, today.month, 1), today
    team_id = request.user.team_id if request.user.role == Role.TEAM_MANAGER else (request.GET.get("team") or None)
    return start, end, team_id, request.GET.get("group", "")


@login_required
def take_up(request):
    """New personal budgets per month by delivery option, and the share with a direct payment against the target."""
    import altair as alt
    from django.conf import settings

    from selfdirect.accounts.models import Team
    from selfdirect.core import charts
    from selfdirect.people import codes

    from . import figures

    if request.user.role not in DASHBOARDS:
        raise PermissionDenied
    start, end, team_id, group = _filters(request)
    budgets = services.new_budgets(start=start, end=end, team_id=team_id, client_group=group)
    rows = figures.take_up(budgets)
    if request.GET.get("format") == "csv":
        shared = request.GET.get("shared") == "1"
        lines = []
        for r in rows:
            counts = [r["total"], *[r[code] for code, _ in figures.OPTIONS]]
            lines.append([r["month"], *[(figures.suppress(c) if shared else c) for c in counts],
                          f"{r['direct_payment_share_per_mille'] / 10:.1f}"])
        header = ["Month", "New personal budgets", *[label for _, label in figures.OPTIONS], "Share with a direct payment (%)"]
        return csv_download(csv_text(header, lines), f"take-up-{start}-{end}{'-shared' if shared else ''}.csv")
    chart = None
    if rows:
        long = [{"Month": r["month"], "Option": label, "New budgets": r[code]} for r in rows for code, label in figures.OPTIONS]
        chart = charts.image(alt.Chart(alt.Data(values=long)).mark_bar().encode(
            x=alt.X("Month:O"), y=alt.Y("New budgets:Q", stack="zero"), color=alt.Color("Option:N")).properties(width=560, height=240),
            alt="New personal budgets per month by delivery option; the figures are in the table below")
    drill = request.user.role in {Role.TEAM_MANAGER, Role.ADMINISTRATOR}
    people = []
    if drill and request.GET.get("month"):
        chosen = [b for b in budgets if b.month == request.GET["month"] and (not request.GET.get("option") or b.option == request.GET["option"])]
        from selfdirect.journey.models import Case

        people = list(Case.objects.filter(pk__in=[b.case_id for b in chosen]).select_related("person").order_by("person__la_person_id"))
        audit.record(actor=request.user, action=audit.Action.READ, what=f"Listed {len(people)} people behind a take-up figure")
    return render(request, "insight/take_up.html", {
        "rows": rows, "options": figures.OPTIONS, "chart": chart, "start": start, "end": end, "group": group,
        "team_id": str(team_id or ""), "teams": Team.objects.order_by("name") if request.user.role != Role.TEAM_MANAGER else [],
        "groups": codes.choices("client_group"), "target": settings.DIRECT_PAYMENT_TARGET_PERCENT, "drill": drill,
        "people": people, "query": request.GET.urlencode()})


@login_required
def journey_times(request):
    """Days from referral to assessment, assessment to approved plan, approval to first payment; where cases wait."""
    import altair as alt
    from django.utils import timezone

    from selfdirect.accounts.models import Team
    from selfdirect.core import charts

    from . import figures

    if request.user.role not in DASHBOARDS:
        raise PermissionDenied
    start, end, team_id, _ = _filters(request)
    rows = figures.journey_times(services.journeys(start=start, end=end, team_id=team_id))
    waits = services.waiting(today=timezone.localdate(), team_id=team_id)
    if request.GET.get("format") == "csv":
        header = ["Team", "Cases referred", *[f"{label}: {what}" for _, label, _, _ in figures.STAGES for what in ("cases", "median days")]]
        lines = [[r["team"], r["cases"], *[v for key, _, _, _ in figures.STAGES
                                            for v in (r[key]["n"], "" if r[key]["median"] is None else r[key]["median"])]] for r in rows]
        return csv_download(csv_text(header, lines), f"journey-times-{start}-{end}.csv")
    chart = None
    long = [{"Team": r["team"], "Stage": label, "Median days": r[key]["median"]} for r in rows for key, label, _, _ in figures.STAGES
            if r[key]["median"] is not None]
    if long:
        chart = charts.image(alt.Chart(alt.Data(values=long)).mark_bar().encode(
            x=alt.X("Median days:Q"), y=alt.Y("Stage:N", title=None), color=alt.Color("Team:N"), yOffset="Team:N"
        ).properties(width=520, height=220), alt="Median days for each stage by team; the figures are in the table below")
    return render(request, "insight/journey_times.html", {
        "rows": rows, "stages": figures.STAGES, "waits": waits, "chart": chart, "start": start, "end": end,
        "team_id": str(team_id or ""), "teams": Team.objects.order_by("name") if request.user.role != Role.TEAM_MANAGER else [],
        "query": request.GET.urlencode()})


@login_required
def choice_offered(request):
    """Who is offered which option, per team and worker, the reasons for not offering, and groups offered direct
    payments less often than others with the same needs."""
    from django.utils import timezone

    from selfdirect.planning import services as planning

    from . import figures

    if request.user.role not in DASHBOARDS:
        raise PermissionDenied
    team_id = request.user.team_id if request.user.role == Role.TEAM_MANAGER else None
    table, reasons = planning.choice_report(team_id)
    found = services.offers(today=timezone.localdate(), team_id=team_id)
    attributes = [(name, figures.offered_less_often(found, name)) for name in ("Age band", "Client group", "Ethnicity")]
    act_on = [(name, r) for name, rows in attributes for r in rows if r["less_often"]]
    from selfdirect.planning.costing import DELIVERY_OPTIONS

    return render(request, "insight/choice_offered.html", {"table": table, "reasons": reasons, "options": DELIVERY_OPTIONS,
                                                           "attributes": attributes, "act_on": act_on, "count": len(found)})


@login_required
def money(request):
    """Indicative budget, agreed plan and previous package per client group; personal budgets as a share of the
    council's adult social care spend; surplus held in direct payment accounts; money recovered."""
    import altair as alt
    from django.conf import settings

    from selfdirect.core import charts
    from selfdirect.money import services as money_services
    from selfdirect.people import codes

    from . import figures

    if request.user.role not in DASHBOARDS:
        raise PermissionDenied
    team_id = request.user.team_id if request.user.role == Role.TEAM_MANAGER else None
    group = request.GET.get("group", "")
    found = services.budgets(team_id=team_id, client_group=group)
    rows = figures.money_by_group(found)
    yearly_pence = sum(b.plan_pence for b in found) * 52
    council_spend = settings.ADULT_SOCIAL_CARE_SPEND_PENCE
    chart = None
    if rows:
        long = [{"Client group": r["group"], "Figure": label, "Pounds a week": r[key] / 100} for r in rows
                for key, label in (("indicative_pence", "Indicative budget"), ("plan_pence", "Agreed plan"))]
        chart = charts.image(alt.Chart(alt.Data(values=long)).mark_bar().encode(
            x=alt.X("Pounds a week:Q"), y=alt.Y("Client group:N"), color="Figure:N", yOffset="Figure:N"
        ).properties(width=520, height=260), alt="Average indicative budget and agreed plan by client group; the figures are in the table below")
    return render(request, "insight/money.html", {
        "rows": rows, "chart": chart, "yearly_pence": yearly_pence, "council_spend": council_spend,
        "share_per_mille": (yearly_pence * 1000 * 2 + council_spend) // (2 * council_spend) if council_spend else None,
        "totals": money_services.council_totals() if request.user.role != Role.TEAM_MANAGER else None,
        "group": group, "groups": codes.choices("client_group")})
