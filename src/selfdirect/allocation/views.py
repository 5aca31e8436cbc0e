from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from selfdirect.audit import actions as audit_trail
from selfdirect.core import permissions
from selfdirect.core.charts import image
from selfdirect.core.disclosure import HIDDEN_COUNT, HIDDEN_FIGURE, hidden_cells, is_small, suppress
from selfdirect.core.money import Money
from selfdirect.people import access as people_access

from . import actions, forms, packages, queries, ras
from .caseload import caseload_arrays, live_caseload


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
        "current": current, "tables": queries.all_tables(), "form": form, "result": result,
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
    """The fairness audit. Its figures are the whole council's, so only an administrator (who may open every record)
    sees groups of fewer than 5 people; everyone else sees them hidden (core.disclosure). The overrides behind the
    figures are people's records: a team manager sees their own team's, an administrator everyone's, and a commissioner
    or finance officer only how many there are (docs/security.md, "Figures for commissioners and finance")."""
    user = request.user
    _require(user, permissions.may_oversee_allocation)
    caseload = live_caseload()
    whole_council = permissions.may_see_people_behind_figures(user) and not permissions.figures_limited_to_own_team(user)
    threshold = 0.10
    result = chart = None
    if caseload:
        result = _statistics().audit([r.package for r in caseload], threshold=threshold)
        _label(result["groups"])
        _hide_small_groups(result, shown_in_full=whole_council)
        shown = [g for g in result["groups"] if not g["hidden"]]
        chart = _chart_audit(shown) if shown else None
    audit_trail.record(actor=user, action=audit_trail.Action.READ, what="Ran the allocation fairness audit")
    overrides = [r for r in caseload if r.overridden]
    listed, people = [], []
    if permissions.may_see_people_behind_figures(user):
        people = list(people_access.people_in_acting_role(user).filter(
            la_person_id__in=[r.package.person_ref for r in overrides]))  # a manager's own team; an administrator's all
        yours = {p.la_person_id for p in people}
        listed = [r for r in overrides if r.package.person_ref in yours]
        audit_trail.record_each(people, actor=user, action=audit_trail.Action.READ,  # references, budgets and reasons
                                what="Saw an override of the Resource Allocation System on the fairness page")
    return render(request, "allocation/audit.html", {
        "result": result, "chart": chart, "overrides": listed, "override_counts": _override_counts(overrides, whole_council),
        "caseload_size": len(caseload), "caseload_shown": str(len(caseload)) if whole_council else suppress(len(caseload)),
        "sees_people": permissions.may_see_people_behind_figures(user), "whole_council": whole_council})


def _hide_small_groups(result, *, shown_in_full: bool) -> None:
    """Mark each group whose figures are hidden: fewer than 5 people, and beside a lone one the next smallest in its
    dimension (the ratios of a dimension and its counts add up, so one hidden alone could be worked out)."""
    by_dimension: dict[str, list] = {}
    for g in result["groups"]:
        g["hidden"], g["n_shown"] = False, str(g["n"])
        by_dimension.setdefault(g["dimension"], []).append(g)
    result["n_shown"] = str(result["n"]) if shown_in_full else suppress(result["n"])
    if shown_in_full:
        return
    for groups in by_dimension.values():
        for index in hidden_cells([g["n"] for g in groups]):
            groups[index]["hidden"] = True
            groups[index]["n_shown"] = HIDDEN_COUNT if is_small(groups[index]["n"]) else HIDDEN_FIGURE


def _override_counts(overrides, shown_in_full: bool) -> list[list[str]]:
    """How many overrides, in all and per client group: figures, small ones hidden unless shown in full."""
    from collections import Counter

    groups = Counter(r.package.client_group for r in overrides)
    names = queries.code_labels(["client_group"])["client_group"]
    codes = sorted(groups, key=lambda code: names.get(code, code))
    counts = [groups[code] for code in codes]
    hidden = set() if shown_in_full else hidden_cells(counts)
    rows = [["All client groups", str(len(overrides)) if shown_in_full else suppress(len(overrides))]]
    for index, code in enumerate(codes):
        shown = str(counts[index]) if index not in hidden else (HIDDEN_COUNT if is_small(counts[index]) else HIDDEN_FIGURE)
        rows.append([names.get(code, code), shown])
    return rows


DIMENSION_LABELS = {"client_group": "Client group", "age_band": "Age band", "sex": "Sex", "ethnicity": "Ethnic group"}


def _label(groups):
    """Each group by the name people read elsewhere (the code lists), not its code."""
    names = queries.code_labels(["client_group", "ethnicity"])
    for g in groups:
        g["dimension_label"] = DIMENSION_LABELS.get(g["dimension"], g["dimension"].replace("_", " ").capitalize())
        g["label"] = names.get(g["dimension"], {}).get(str(g["group"]), str(g["group"]))


def _statistics():
    """A lazy import for start-up cost: statsmodels and pandas take about two seconds to import, so they load only when
    a fit or an audit is asked for, not with every page and command."""
    # Lazy: for start-up cost (statsmodels and pandas), as the docstring says.
    from selfdirect.allocation import statistics

    return statistics
