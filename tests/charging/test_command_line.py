import json
import os
import subprocess
import sys

import pytest

from .test_contribution import EXAMPLE
from .test_worked_examples import TEST_RATES_2425_TEXT


def test_assess_prints_the_contract_as_json(tmp_path, cli):
    path = tmp_path / "input.json"
    path.write_text(json.dumps(EXAMPLE))
    result = cli("charging", "assess", "--input", str(path))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["weekly_contribution_pence"] == 6389
    assert out["council_weekly_contribution_pence"] == 39195 - 6389
    assert out["full_cost"] is False and out["tariff_income_weekly_pence"] == 0
    assert out["mig_weekly_pence"] == sum(p["pence"] for p in out["mig_parts"])
    assert all({"label", "pence", "rule"} <= set(line) for line in out["lines"])


def test_bad_input_exits_2_naming_the_field_with_nothing_on_stdout(tmp_path, cli):
    path = tmp_path / "input.json"
    path.write_text(json.dumps({**EXAMPLE, "income": [{"type": "esa", "amount_pence": 100, "period": "hourly"}]}))
    result = cli("charging", "assess", "--input", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "income[0].period" in result.stderr


def test_a_year_without_rates_exits_2(tmp_path, cli):
    path = tmp_path / "input.json"
    path.write_text(json.dumps({**EXAMPLE, "effective_date": "2027-06-01"}))
    result = cli("charging", "assess", "--input", str(path))
    assert result.returncode == 2 and "2027-28.json" in result.stderr and result.stdout == ""


def test_check_rates_accepts_a_shipped_file_and_lists_unknown_figures(cli):
    from selfdirect.charging.rates import SHIPPED_RATES

    result = cli("charging", "check-rates", str(SHIPPED_RATES / "2025-26.json"))
    assert result.returncode == 0
    # 2025/26 now ships the single pension-age MIG; the couple figures are still unknown.
    assert "mig_couple_member_pension_credit_age" in result.stdout
    assert "mig_pension_credit_age_single" not in result.stdout


def without_a_database(tmp_path, *args, rates_folder=None):
    """`selfdirect ...` with DATABASE_URL pointing at a database that cannot exist (its folder is missing), so any
    query fails; `rates_folder` is the council's own rates folder (SELFDIRECT_CHARGING_RATES_DIR)."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'none' / 'missing.sqlite3'}"}
    env.pop("SELFDIRECT_CHARGING_RATES_DIR", None)
    if rates_folder is not None:
        env["SELFDIRECT_CHARGING_RATES_DIR"] = str(rates_folder)
    return subprocess.run([sys.executable, "-m", "selfdirect.cli", *args], capture_output=True, text=True,
                          cwd=tmp_path, env=env)


def _input_file(tmp_path, raw):
    path = tmp_path / "input.json"
    path.write_text(json.dumps(raw))
    return str(path)


def _single_with_items():
    raw = {key: value for key, value in EXAMPLE.items() if key != "capital_pence"}
    return {**raw, "capital": [{"type": "savings", "amount_pence": 3000000, "owners": 2},
                               {"type": "life_insurance", "amount_pence": 500000}],
            "policy": {"minimum_weekly_charge_pence": 200, "maximum_weekly_charge_pence": 6000,
                       "mig_uplift_weekly_pence": 100}}


def test_assess_needs_no_database_with_the_old_keys(tmp_path):
    result = without_a_database(tmp_path, "charging", "assess", "--input", _input_file(tmp_path, EXAMPLE))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["weekly_contribution_pence"] == 6389 and out["couple"] is False and out["capital"] == []
    assert out["policy"]["minimum_weekly_charge_pence"] == 0  # the shipped default policy


def test_assess_reads_capital_items_and_a_policy_object(tmp_path, cli):
    result = cli("charging", "assess", "--input", _input_file(tmp_path, _single_with_items()))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["counted_capital_pence"] == 1500000 and out["tariff_income_weekly_pence"] == 300
    assert [line["pence"] for line in out["capital"]] == [1500000, 0]
    assert out["policy"]["maximum_weekly_charge_pence"] == 6000 and out["policy"]["mig_uplift_weekly_pence"] == 100
    # 63.89 + 3.00 tariff - 1.00 uplift = 65.89, capped at the policy's maximum of 60.00
    assert out["weekly_contribution_pence"] == 6000
    assert sum(line["pence"] for line in out["lines"] if line["kind"] != "result") == 6000


def test_assess_a_couple_with_joint_income_on_a_councils_rates_folder(tmp_path):
    # The shipped 2024/25 file has no couple MIG; a council's folder supplies one (TEST VALUES, not statutory figures).
    folder = tmp_path / "council-rates"
    folder.mkdir()
    (folder / "2024-25.json").write_text(TEST_RATES_2425_TEXT)
    raw = {**EXAMPLE, "partner": {"date_of_birth": "2001-01-01", "receives_pension_credit": False},
           "joint_income": [{"type": "occupational_pension", "amount_pence": 2001, "period": "weekly"}]}
    result = without_a_database(tmp_path, "charging", "assess", "--input", _input_file(tmp_path, raw),
                                rates_folder=folder)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["couple"] is True
    assert [part["pence"] for part in out["mig_parts"]] == [10000, 3000, 1500]  # TEST VALUES
    assert [line["pence"] for line in out["lines"] if "half of an amount" in line["label"]] == [1000]


def test_a_couple_on_the_shipped_rates_exits_2_naming_the_missing_figure(tmp_path):
    raw = {**EXAMPLE, "partner": {"date_of_birth": "2001-01-01"}}
    result = without_a_database(tmp_path, "charging", "assess", "--input", _input_file(tmp_path, raw))
    assert result.returncode == 2 and result.stdout == ""
    assert "'mig_couple_member_18_plus'" in result.stderr


def _capital_items(*items):
    raw = {key: value for key, value in EXAMPLE.items() if key != "capital_pence"}
    return {**raw, "capital": list(items)}


@pytest.mark.parametrize(("raw", "named"), [
    (_capital_items({"type": "yacht", "amount_pence": 1}), "capital[0].type"),
    (_capital_items({"type": "home", "amount_pence": 25000000}), "capital[0].type"),
    (_capital_items({"type": "savings", "amount_pence": 2, "owners": 2, "share_pence": 1}), "capital[0].share_reason"),
    (_capital_items({"type": "notional", "amount_pence": 1}), "capital[0].reason"),
    ({**EXAMPLE, "capital": []}, "capital"),
    ({**EXAMPLE, "policy": {"minimum_weekly_charge_pence": -1}}, "policy.minimum_weekly_charge_pence"),
    ({**EXAMPLE, "policy": {"bonus": 1}}, "policy.bonus"),
    ({**EXAMPLE, "policy": {"night_care_disregard": "sometimes"}}, "policy.night_care_disregard"),
    ({**EXAMPLE, "policy": {"minimum_weekly_charge_pence": 500, "maximum_weekly_charge_pence": 100}},
     "policy.maximum_weekly_charge_pence"),
    ({**EXAMPLE, "policy": {"night_care_disregard": "ignore"}}, "night_care_disregard_policy"),  # EXAMPLE says apply
    ({**EXAMPLE, "partner": {"date_of_birth": "2001-01-01", "income": []}}, "partner.income"),
    ({**EXAMPLE, "joint_income": [{"type": "esa", "amount_pence": 1, "period": "weekly"}]}, "joint_income"),
    ({**EXAMPLE, "light_touch": True, "light_touch_reason": "tired"}, "light_touch_reason"),
    ({**EXAMPLE, "standard_disability_related_expenditure": True}, "standard_disability_related_expenditure"),
    ({**EXAMPLE, "support_for": "neighbour"}, "support_for"),
    (_capital_items({"type": ["savings"], "amount_pence": 1}), "capital[0].type"),  # a list, not a crash
])
def test_unknown_values_exit_2_naming_them(tmp_path, raw, named):
    result = without_a_database(tmp_path, "charging", "assess", "--input", _input_file(tmp_path, raw))
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert named in result.stderr and "Traceback" not in result.stderr
