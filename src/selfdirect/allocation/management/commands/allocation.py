import json

from django.core.management.base import BaseCommand, CommandError

from selfdirect.allocation import packages as packages_module
from selfdirect.allocation import queries, ras
from selfdirect.allocation.caseload import live_caseload
from selfdirect.assessment import questionnaire
from selfdirect.core.money import Money


class Command(BaseCommand):
    help = "Resource Allocation System: score answers, calibrate the allocation table, audit it for fairness."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        score = sub.add_parser("score", help="Score an answers file and print the indicative budget as JSON")
        score.add_argument("--instrument", default=None, help="Questionnaire, e.g. adult or adult-v1 (default: latest adult)")
        score.add_argument("--answers", required=True, help="JSON file of question id to option id")
        calibrate = sub.add_parser("calibrate", help="Fit the price per point to historic packages")
        calibrate.add_argument("--packages", required=True, help="CSV: " + ",".join(packages_module.HEADER))
        calibrate.add_argument("--instrument", default=None)
        calibrate.add_argument("--json", action="store_true")
        audit = sub.add_parser("audit", help="Compare allocations at equal points across groups")
        audit.add_argument("--packages", default=None, help="CSV of packages (default: the live caseload)")
        audit.add_argument("--threshold", type=float, default=0.10, help="Flag a group whose ratio differs by more (0.10 = 10%%)")
        audit.add_argument("--json", action="store_true")

    def handle(self, *args, action, **options):
        getattr(self, "handle_" + action)(**options)

    def _read_packages(self, path):
        try:
            with open(path, encoding="utf-8") as handle:
                return packages_module.parse_packages(handle.read())
        except OSError as error:
            raise CommandError(f"--packages: cannot read {path}: {error.strerror}", returncode=2) from None
        except packages_module.PackagesError as problem:
            raise CommandError(f"{path}: {problem}; nothing was imported", returncode=2) from None

    def handle_score(self, *, instrument, answers, **_):
        try:
            definition = questionnaire.get(instrument)
            with open(answers, encoding="utf-8") as handle:
                raw = json.load(handle)
            raw = raw.get("answers", raw) if isinstance(raw, dict) else raw
            scored = questionnaire.score(definition, raw)
        except OSError as error:
            raise CommandError(f"--answers: cannot read {answers}: {error.strerror}", returncode=2) from None
        except json.JSONDecodeError as error:
            raise CommandError(f"{answers}, line {error.lineno}, column {error.colno}: not valid JSON", returncode=2) from None
        except questionnaire.AnswerError as problem:
            raise CommandError(f"{problem.question}: {problem}", returncode=2) from None
        table = queries.current_table(instrument=definition.id)
        allocation = ras.allocate(scored.points, table.rules)
        lines = [{"label": f"{line.domain}: {line.question} – {line.answer}", "points": line.points} for line in scored.lines]
        lines += [{"label": line["label"], "pence": line["pence"]} for line in allocation.lines]
        self.stdout.write(json.dumps({
            "instrument": definition.key, "table": table.key, "points": scored.points,
            "points_by_domain": scored.by_domain, "indicative_weekly_pence": allocation.weekly_pence,
            "indicative_annual_pence": allocation.annual_pence, "lines": lines,
        }, indent=2))

    def handle_calibrate(self, *, packages, instrument, json: bool = False, **_):
        import json as json_module

        rows = self._read_packages(packages)
        caseload = _caseload_if_any()
        try:
            result = _statistics().calibrate(rows, caseload_points=[r.package.points for r in caseload],
                                          caseload_weekly=[r.package.weekly_cost_pence for r in caseload])
        except ValueError as problem:
            raise CommandError(str(problem), returncode=2) from None
        result["instrument"] = questionnaire.get(instrument).key
        if json:
            self.stdout.write(json_module.dumps(result, indent=2))
            return
        low, high = result["ci95_pence"]
        self.stdout.write(f"Packages: {result['n']}\nPrice per point: {Money(result['price_per_point_pence'])} "
                          f"(95% CI {Money(low)} to {Money(high)})\nR-squared: {result['r_squared']}\n"
                          f"Residual spread (SD): {Money(result['residual_sd_pence'])} a week\n"
                          f"Outliers: {', '.join(result['outliers']) or 'none'}\n"
                          + (f"Applying it to the live caseload ({len(caseload)} open cases) changes annual cost by "
                             f"{Money(result['caseload_cost_change_pence'])}" if caseload
                             else "No live caseload here, so no cost on it is worked out"))
        fits = result["fits"]
        self.stdout.write(f"With an intercept: {Money.nearest(fits['ols_with_intercept']['intercept_pence'])} + "
                          f"{Money.nearest(fits['ols_with_intercept']['price_per_point_pence']).pounds_text()} a point "
                          f"(R-squared {fits['ols_with_intercept']['r_squared']}); robust (Huber): "
                          f"{Money.nearest(fits['robust_huber_through_origin']['price_per_point_pence']).pounds_text()} a point")

    def handle_audit(self, *, packages, threshold, json: bool = False, **_):
        import json as json_module

        if packages:
            rows, overrides = self._read_packages(packages), []
        else:
            caseload = live_caseload()
            rows = [r.package for r in caseload]
            overrides = [r for r in caseload if r.overridden]
        if not rows:
            raise CommandError("there are no packages to audit", returncode=2)
        result = _statistics().audit(rows, threshold=threshold)
        for group in result["groups"]:
            group["overrides"] = [
                {"person_ref": r.package.person_ref, "ras_weekly_pence": r.ras_weekly_pence,
                 "indicative_weekly_pence": r.package.weekly_cost_pence, "reason": r.override_reason}
                for r in overrides if group["flagged"] and _in_group(r.package, group)]
        if json:
            self.stdout.write(json_module.dumps(result, indent=2))
            return
        for group in result["groups"]:
            mark = "FLAGGED" if group["flagged"] else ""
            low, high = group["ci95"]
            self.stdout.write(f"{group['dimension']:<13} {group['group']:<22} n={group['n']:<6} ratio {group['ratio']:.3f} "
                              f"(95% CI {low:.3f} to {high:.3f}) p={group['p_value']:.4f} {mark}")
            for o in group["overrides"]:
                self.stdout.write(f"    override {o['person_ref']}: {Money(o['ras_weekly_pence'])} -> "
                                  f"{Money(o['indicative_weekly_pence'])}: {o['reason']}")


def _caseload_if_any():
    """The live caseload, or none where there is no migrated database (calibrating a file needs none)."""
    from django.db import DatabaseError

    try:
        return live_caseload()
    except DatabaseError:
        return []


def _in_group(package, group):
    value = packages_module.age_band(package.age) if group["dimension"] == "age_band" else getattr(package, group["dimension"])
    return str(value) == group["group"]


def _statistics():
    """A lazy import for start-up cost: statsmodels and pandas take about two seconds to import, so they load only when
    a fit or an audit is asked for, not with every page and command."""
    # Lazy: for start-up cost (statsmodels and pandas), as the docstring says.
    from selfdirect.allocation import statistics

    return statistics
