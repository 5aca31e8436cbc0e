from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from selfdirect.audit import actions as audit_trail
from selfdirect.core import permissions
from selfdirect.core.charts import image
from selfdirect.core.money import Money
from selfdirect.people.models import Code

from . import actions, forms, packages, queries, ras
from .caseload import caseload_arrays, live_caseload
from .models import AllocationTable


def _require(user, permission):
    if not permission(user):
        raise PermissionDenied


@login_required
def index(request):
    _require(request.user, permissions.may_set_allocation)
    current = queries.current_table()
    points, weekly = caseload_arrays()
    rules = current.rules
    form = forms.WhatIfForm(request.GET or None, initial={"price_per_point_pence": rules.price_per_point_pence,
                                                          "contingency_percent": rules.contingency_percent})
    result = None
    proposed = None
    if form.is_bound and form.is_valid():
        proposed = ras.Table(**{**rules.__dict__, "method": "price_per_point",
                                "price_per_point_pence": form.cleaned_data["price_per_point_pence"],
                                "contingency_percent": form.cleaned_data["contingency_percent"]})
        result = ras.what_if(points, weekly, proposed)
    publish = forms.PublishForm(initial={"price_per_point_pence": proposed.price_per_point_pence if proposed else None,
                                         "contingency_percent": proposed.contingency_percent if proposed else 0})
    return render(request, "allocation/index.html", {
        "current": current, "tables": list(AllocationTable.objects.select_related("published_by")), "form": form, "result": result,
        "publish": publish, "caseload_size": len(points)}, status=400 if form.errors else 200)


@login_required
def publish(request):
    _require(request.user, permissions.may_set_allocation)
    form = forms.PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        current = queries.current_table().rules
        definition = {**current.as_dict(), "key": form.cleaned_data["key"], "method": "price_per_point",
                      "title": f"Allocation table {form.cleaned_data['key']}",
                      "price_per_point_pence": form.cleaned_data["price_per_point_pence"],
                      "contingency_percent": form.cleaned_data["contingency_percent"],
                      "source": f"Published by {request.user.display_name} after a what-if"}
        try:
            actions.publish_table(definition, actor=request.user, effective_from=form.cleaned_data["effective_from"])
        except ras.TableError as problem:
            form.add_error("key", str(problem))
        else:
            messages.success(request, "Allocation table published")
            return redirect("allocation:index")
    return render(request, "core/form_page.html", {"form": form, "heading": "Publish an allocation table",
                                                    "submit_text": "Publish", "back_url": "/allocation/"},
                  status=400 if form.errors else 200)


def _chart_calibration(rows, price):
    import altair as alt
    import pandas as pd

    df = pd.DataFrame({"points": [r.points for r in rows], "weekly cost (£)": [Money(r.weekly_cost_pence).pounds() for r in rows]})
    top = int(df["points"].max()) if len(df) else 0
    line = pd.DataFrame({"points": [0, top], "weekly cost (£)": [0, Money(top * price).pounds()]})
    chart = (alt.Chart(df).mark_circle(opacity=0.5, color="#1d70b8").encode(x="points:Q", y="weekly cost (£):Q")
             + alt.Chart(line).mark_line(color="#d4351c").encode(x="points:Q", y="weekly cost (£):Q")).properties(width=560, height=320)
    return image(chart, f"Scatter of {len(rows)} packages' weekly cost against points, with the fitted line of "
                        f"{Money(price).format(grouping=False)} a point")


@login_required
def calibrate(request):
    _require(request.user, permissions.may_set_allocation)
    form = forms.PackagesForm(request.POST or None, request.FILES or None)
    result = chart = None
    if request.method == "POST" and form.is_valid():
        try:
            rows = packages.parse_packages(form.cleaned_data["packages"].read().decode("utf-8-sig"))
            caseload = live_caseload()
            result = _statistics().calibrate(rows, caseload_points=[r.package.points for r in caseload],
                                          caseload_weekly=[r.package.weekly_cost_pence for r in caseload])
            chart = _chart_calibration(rows, result["price_per_point_pence"])
        except UnicodeDecodeError:
            form.add_error("packages", "The file must be a CSV saved as UTF-8 text")
        except (packages.PackagesError, ValueError) as problem:
            form.add_error("packages", f"{problem}. Nothing was imported.")
    return render(request, "allocation/calibrate.html", {"form": form, "result": result, "chart": chart},
                  status=400 if form.errors else 200)


def _chart_audit(groups):
    import altair as alt
    import pandas as pd

    df = pd.DataFrame([{"group": f"{g['dimension_label']}: {g['label']}", "ratio": g["ratio"], "low": g["ci95"][0],
                        "high": g["ci95"][1], "flagged": "flagged" if g["flagged"] else "not flagged"} for g in groups])
    base = alt.Chart(df).encode(y=alt.Y("group:N", sort=None, title=None))
    chart = (base.mark_rule().encode(x=alt.X("low:Q", title="allocation ratio at equal points", scale=alt.Scale(zero=False)), x2="high:Q")
             + base.mark_point(filled=True, size=60).encode(x="ratio:Q", color=alt.Color("flagged:N", scale=alt.Scale(
                 domain=["flagged", "not flagged"], range=["#d4351c", "#1d70b8"])))).properties(width=480)
    return image(chart, "Each group's allocation ratio to the overall mean at equal points, with its 95% confidence "
                        "interval; the table below gives the same figures")


@login_required
def audit(request):
    _require(request.user, permissions.may_oversee_allocation)
    caseload = live_caseload()
    threshold = 0.10
    result = chart = None
    if caseload:
        result = _statistics().audit([r.package for r in caseload], threshold=threshold)
        _label(result["groups"])
        chart = _chart_audit(result["groups"])
    audit_trail.record(actor=request.user, action=audit_trail.Action.READ, what="Ran the allocation fairness audit")
    overrides = [r for r in caseload if r.overridden]
    return render(request, "allocation/audit.html", {"result": result, "chart": chart, "overrides": overrides,
                                                     "caseload_size": len(caseload)})


DIMENSION_LABELS = {"client_group": "Client group", "age_band": "Age band", "sex": "Sex", "ethnicity": "Ethnic group"}


def _label(groups):
    """Each group by the name people read elsewhere (the code lists), not its code."""
    names = {}
    for list_name, code, label in Code.objects.filter(code_list__name__in=["client_group", "ethnicity"]).values_list(
            "code_list__name", "code", "label"):
        names[(list_name, code)] = label
    for g in groups:
        g["dimension_label"] = DIMENSION_LABELS.get(g["dimension"], g["dimension"].replace("_", " ").capitalize())
        g["label"] = names.get((g["dimension"], str(g["group"])), str(g["group"]))


def _statistics():
    """A lazy import for start-up cost: statsmodels and pandas take about two seconds to import, so they load only when
    a fit or an audit is asked for, not with every page and command."""
    # Lazy: for start-up cost (statsmodels and pandas), as the docstring says.
    from selfdirect.allocation import statistics

    return statistics
