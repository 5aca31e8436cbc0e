import datetime
import json

import pytest

from selfdirect.charging.rates import REQUIRED_FIGURES, SHIPPED_RATES, RatesError, parse_rates, rates_for


def test_the_three_shipped_years_load_and_name_a_source_for_every_figure():
    for year in ["2023-24", "2024-25", "2025-26"]:
        rates = parse_rates((SHIPPED_RATES / f"{year}.json").read_text(), path=year)
        assert all(rates.sources[name] for name in REQUIRED_FIGURES)


def test_an_assessment_uses_the_rates_of_its_financial_year():
    assert rates_for(datetime.date(2024, 3, 31)).financial_year == "2023/24"
    assert rates_for(datetime.date(2024, 4, 1)).financial_year == "2024/25"


def test_a_year_with_no_rates_file_is_refused_with_the_file_to_add():
    with pytest.raises(RatesError, match="2026-27.json"):
        rates_for(datetime.date(2026, 6, 1))


def test_a_councils_own_folder_adds_a_year(tmp_path):
    data = json.loads((SHIPPED_RATES / "2025-26.json").read_text())
    data.update(financial_year="2026/27", starts_on="2026-04-01", ends_on="2027-03-31")
    (tmp_path / "2026-27.json").write_text(json.dumps(data, indent=1))
    assert rates_for(datetime.date(2026, 6, 1), folders=[tmp_path]).financial_year == "2026/27"


def _shipped():
    return json.loads((SHIPPED_RATES / "2023-24.json").read_text())


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["figures"].pop("carer_premium"), "'carer_premium' is missing"),
    (lambda d: d["figures"]["carer_premium"].update(pence=-1), "whole pence"),
    (lambda d: d["figures"]["carer_premium"].update(pence=49.05), "whole pence"),
    (lambda d: d["figures"]["carer_premium"].update(source=""), "must name its source"),
    (lambda d: d["figures"].update(bonus={"pence": 1, "source": "x"}), "unknown figure 'bonus'"),
    (lambda d: d.update(starts_on="2023-05-01"), "1 April to 31 March"),
    (lambda d: d["figures"]["lower_capital_limit"].update(pence=9999999), "lower capital limit"),
])
def test_a_bad_rates_file_is_refused_saying_what_is_wrong(change, message):
    data = _shipped()
    change(data)
    with pytest.raises(RatesError, match=message):
        parse_rates(json.dumps(data, indent=1), path="2023-24.json")


def test_a_malformed_rates_file_names_the_line():
    with pytest.raises(RatesError, match=r"line 2, column"):
        parse_rates('{\n "financial_year": ,\n}', path="x.json")


def test_the_gaps_for_a_day_name_the_missing_file_or_each_missing_figure(tmp_path):
    from selfdirect.charging.rates import ASSESSMENT_FIGURES, LATER_FIGURES, gaps_on

    # 2023/24 was written before the couple and lone-parent figures: each is named as missing, nothing else is.
    older = gaps_on(datetime.date(2024, 3, 1))
    assert sorted(g.split("('")[1].split("')")[0] for g in older) == sorted(set(ASSESSMENT_FIGURES) & set(LATER_FIGURES))
    (missing_year,) = gaps_on(datetime.date(2026, 12, 2))
    assert "2026-27.json" in missing_year
    gaps = gaps_on(datetime.date(2025, 6, 1))
    assert any("'mig_couple_member_pension_credit_age'" in g and "2025-26.json" in g for g in gaps)
    shipped = json.loads((SHIPPED_RATES / "2025-26.json").read_text())["figures"]
    assert len(gaps) == sum(1 for name in ASSESSMENT_FIGURES if shipped.get(name, {"pence": None})["pence"] is None)
    data = _shipped()
    data.update(financial_year="2026/27", starts_on="2026-04-01", ends_on="2027-03-31")
    for name in LATER_FIGURES:
        data["figures"][name] = {"pence": 1000, "source": "test value"}
    (tmp_path / "2026-27.json").write_text(json.dumps(data))
    assert gaps_on(datetime.date(2026, 12, 2), folders=[tmp_path]) == []  # the council added a complete year
