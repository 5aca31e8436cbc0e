import json

from .test_statistics import generated

ANSWERS = {"washing": "some_help", "dressing": "independent", "meals": "regular_help", "eating": "independent",
           "toilet": "independent", "moving_home": "some_help", "getting_out": "regular_help", "risk": "sometimes",
           "housework": "regular_help", "family_friends": "some_help", "activities": "some_help", "work": "independent",
           "choices": "independent", "mood": "sometimes", "carer_support": "some"}



def _write_packages(path, packages):
    lines = ["person_ref,points,client_group,age,sex,ethnicity,weekly_cost_pence"]
    lines += [f"{p.person_ref},{p.points},{p.client_group},{p.age},{p.sex},{p.ethnicity},{p.weekly_cost_pence}" for p in packages]
    path.write_text("\n".join(lines) + "\n")


def test_score_prints_points_the_indicative_budget_and_the_lines(tmp_path, cli):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(ANSWERS))
    result = cli("allocation", "score", "--instrument", "adult", "--answers", str(path))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["points"] == sum(out["points_by_domain"].values()) == 22
    assert out["instrument"] == "adult-v1" and out["table"]
    assert out["indicative_annual_pence"] == out["indicative_weekly_pence"] * 52
    assert {"label", "points"} <= set(out["lines"][0]) and {"label", "pence"} <= set(out["lines"][-1])


def test_score_names_an_unknown_question(tmp_path, cli):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({**ANSWERS, "juggling": "lots"}))
    result = cli("allocation", "score", "--answers", str(path))
    assert result.returncode == 2 and "juggling" in result.stderr and result.stdout == ""


def test_calibrate_prints_the_contract_as_json(tmp_path, cli):
    path = tmp_path / "packages.csv"
    _write_packages(path, generated(n=300))
    result = cli("allocation", "calibrate", "--packages", str(path), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert {"price_per_point_pence", "ci95_pence", "r_squared", "n", "outliers", "caseload_cost_change_pence"} <= set(out)
    assert out["n"] == 300 and out["ci95_pence"][0] <= out["price_per_point_pence"] <= out["ci95_pence"][1]


def test_calibrate_refuses_a_bad_row_and_imports_nothing(tmp_path, cli):
    path = tmp_path / "packages.csv"
    path.write_text("person_ref,points,client_group,age,sex,ethnicity,weekly_cost_pence\nA,1,older_people,80,F,A,-5\n")
    result = cli("allocation", "calibrate", "--packages", str(path))
    assert result.returncode == 2 and "row 2, column weekly_cost_pence" in result.stderr


def test_audit_prints_groups_with_ratios_intervals_and_flags(tmp_path, cli):
    path = tmp_path / "packages.csv"
    _write_packages(path, generated(bias=("ethnicity", "B", 0.75)))
    result = cli("allocation", "audit", "--packages", str(path), "--json")
    assert result.returncode == 0, result.stderr
    groups = json.loads(result.stdout)["groups"]
    assert {"dimension", "group", "n", "ratio", "ci95", "p_value", "flagged"} <= set(groups[0])
    assert {g["dimension"] for g in groups} == {"client_group", "age_band", "sex", "ethnicity"}
    flagged = [(g["dimension"], g["group"]) for g in groups if g["flagged"]]
    assert ("ethnicity", "B") in flagged
    assert all(dimension == "ethnicity" for dimension, _ in flagged)  # other dimensions are not dragged in


def test_calibrate_works_in_an_empty_folder_with_no_database(tmp_path):
    import os
    import subprocess
    import sys

    folder = tmp_path / "empty"
    folder.mkdir()
    path = folder / "packages.csv"
    _write_packages(path, generated(n=120))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'none' / 'missing.sqlite3'}"}
    def calibrate(*extra):
        result = subprocess.run([sys.executable, "-m", "selfdirect.cli", "allocation", "calibrate", "--packages",
                                 str(path), *extra], capture_output=True, text=True, cwd=folder, env=env)
        assert result.returncode == 0, result.stderr
        return result.stdout

    out = json.loads(calibrate("--json"))
    assert out["n"] == 120 and out["caseload_cost_change_pence"] == 0
    assert "No live caseload here" in calibrate()
