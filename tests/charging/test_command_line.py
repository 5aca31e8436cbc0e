import json

from .test_contribution import EXAMPLE


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
    assert "mig_pension_credit_age_single" in result.stdout
