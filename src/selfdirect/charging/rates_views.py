"""The charging rates page: every year's figures with their sources, what today's year still lacks, and how to add it.
Rates are files, not database rows (docs/charging-rates.md), so these pages read no database."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from selfdirect.core import permissions

from . import queries
from .rates import ALL_FIGURES, ASSESSMENT_FIGURES, RatesError, blank_file, financial_year_of, label_of


@login_required
def rates(request):
    if not permissions.may_read_charging_policy(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    year = financial_year_of(today)
    years = queries.rates_years()
    shown = request.GET.get("year") or year
    if shown not in set(years) | {year}:
        raise Http404("No such year")
    try:
        table = queries.rates_of_year(shown)
    except RatesError:
        table = None
    rows = []
    if table is not None:
        for name in ALL_FIGURES:
            rows.append({"name": name, "label": label_of(name),
                         "pence": table.figures.get(name), "source": table.sources.get(name, ""),
                         "needed": name in ASSESSMENT_FIGURES})
    folder = getattr(settings, "CHARGING_RATES_DIR", "")
    file_name = year.replace("/", "-") + ".json"
    return render(request, "charging/rates.html", {
        "year": year, "shown": shown, "years": years, "table": table, "rows": rows,
        "gaps": queries.rates_gaps(today), "plain_gaps": queries.plain_gaps(today), "folder": folder,
        "file_name": file_name, "missing_names": queries.missing_figures(today), "label_of": label_of,
    })


@login_required
def blank(request, year):
    """A blank rates file for a year (e.g. 2026-27), every figure null, to fill in from the year's circular."""
    if not permissions.may_read_charging_policy(request.user):
        raise PermissionDenied
    import re

    if not re.fullmatch(r"\d{4}-\d{2}", year) or int(year[:4]) + 1 != 2000 + int(year[5:]):
        raise Http404("No such year")
    response = HttpResponse(blank_file(year.replace("-", "/")), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{year}.json"'
    return response
