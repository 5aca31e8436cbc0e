"""Adding a year's national rates, end to end, as a finance officer would: the refusal and the rates page say which file
and which figures to add and where; the blank file is filled in, checked, saved in the council's rates folder; the page
then says the year is complete and the assessment goes through.

The figures filled in below are test values, not statutory figures: Selfdirect ships no 2026/27 file because no copy of
LAC(DHSC)(2026)1 could be read (docs/charging-rates.md)."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from selfdirect.charging import actions
from selfdirect.charging.models import FinancialAssessment
from selfdirect.charging.rates import ASSESSMENT_FIGURES, SHIPPED_RATES, financial_year_of
from tests.charging.inputs import assessment_input


@pytest.fixture
def rates_folder(tmp_path, settings):
    settings.CHARGING_RATES_DIR = str(tmp_path)
    return tmp_path


def _shipped_year_missing_today():
    year = financial_year_of(timezone.localdate())
    return not (SHIPPED_RATES / (year.replace("/", "-") + ".json")).exists()


@pytest.mark.skipif(not _shipped_year_missing_today(), reason="the shipped rates cover today's year")
def test_a_finance_officer_adds_the_years_rates_from_the_page_and_the_refusal(council, signed_in, rates_folder):
    today = timezone.localdate()
    year = financial_year_of(today)
    name = year.replace("/", "-") + ".json"
    person = council.live_person(user=council.holder, date_of_birth=datetime.date(1950, 5, 1))
    raw = assessment_input(person, effective_date=today.isoformat())
    client = signed_in(council.finance)

    # 1. The assessment is refused, naming the file and the folder it goes in.
    with pytest.raises(actions.ChargingError) as refused:
        actions.record_assessment(person, raw, actor=council.finance)
    assert name in str(refused.value) and str(rates_folder) in str(refused.value)
    assert "charging rates page" in str(refused.value)

    # 2. The finance home links to the rates page, which says what to add, where, and offers a blank file.
    home = client.get("/").content.decode()
    assert f"The {year} national rates have not been added yet" in home and "/finance/charging-rates/" in home
    page = client.get("/finance/charging-rates/").content.decode()
    assert f"The {year} charging rates have not been added yet" in page
    assert f"{rates_folder}/{name}" in page and f"Download a blank {name}" in page
    assert f"selfdirect charging check-rates {rates_folder}/{name}" in page

    # 3. The blank file holds every figure, each empty and saying where it comes from; it passes the checks as it is.
    blank = client.get(f"/finance/charging-rates/{name}")
    assert blank.status_code == 200 and blank["Content-Disposition"].endswith(f'{name}"')
    data = json.loads(blank.content)
    assert data["financial_year"] == year
    assert all(data["figures"][f]["pence"] is None for f in ASSESSMENT_FIGURES if not f.startswith("tariff_"))
    assert all(data["figures"][f]["source"].startswith("Add from ") for f in ASSESSMENT_FIGURES if not f.startswith("tariff_"))

    # 4. Saved half-filled, the page lists exactly the figures still missing.
    data["figures"]["upper_capital_limit"] = {"pence": 2325000, "source": "test value"}
    data["figures"]["lower_capital_limit"] = {"pence": 1425000, "source": "test value"}
    (rates_folder / name).write_text(json.dumps(data))
    page = client.get("/finance/charging-rates/").content.decode()
    assert "do not yet include" in page and "Minimum Income Guarantee for a single person of Pension Credit age" in page
    with pytest.raises(actions.ChargingError, match="mig_pension_credit_age_single"):
        actions.record_assessment(person, raw, actor=council.finance)

    # 5. Filled in whole (test values) and checked with the command the page names, the year is complete.
    for figure, entry in data["figures"].items():
        if entry["pence"] is None:
            entry.update(pence=10000 if figure.startswith(("mig_", "pip_", "attendance_", "dla_care_h")) else 2000,
                         source="test value")
    data["figures"]["mig_pension_credit_age_single"]["pence"] = 24000
    (rates_folder / name).write_text(json.dumps(data))
    call_command("charging", "check-rates", str(rates_folder / name))
    page = client.get("/finance/charging-rates/").content.decode()
    assert f"The {year} rates hold every figure an assessment may need" in page and "test value" in page
    made = actions.record_assessment(person, raw, actor=council.finance)
    assert made.financial_year == year and made.weekly_contribution_pence == 30000 - 24000
    assert FinancialAssessment.objects.filter(person=person).count() == 1


def test_the_rates_page_shows_each_years_figures_with_their_sources(council, signed_in):
    client = signed_in(council.finance)
    page = client.get("/finance/charging-rates/?year=2024/25").content.decode()
    assert "£228.70" in page and "West Sussex County Council" in page
    assert "Missing" in page  # the couple amounts, which could not be found
    assert client.get("/finance/charging-rates/?year=1999/00").status_code == 404
    assert client.get("/finance/charging-rates/2026-28.json").status_code == 404
    assert signed_in(council.worker).get("/finance/charging-rates/").status_code == 403


def test_a_provisional_assessment_worked_out_again_once_the_year_is_added_uses_the_year(council, rates_folder):
    """A budget change (or uprating) re-runs the stored input: once the year's figures are there, the earlier year is
    dropped rather than the re-run refused (which would have undone the plan's approval it runs inside)."""
    from selfdirect.charging.rates import blank_file

    person = council.live_person(date_of_birth=datetime.date(1950, 5, 1))
    made = actions.record_assessment(person, assessment_input(person, effective_date="2026-12-01",
                                                              provisional_rates_year="2025/26"), actor=council.finance)
    assert made.is_provisional
    data = json.loads(blank_file("2026/27"))
    for entry in data["figures"].values():
        if entry["pence"] is None:
            entry.update(pence=2000, source="test value")
    data["figures"].update(upper_capital_limit={"pence": 2325000, "source": "test value"},
                           lower_capital_limit={"pence": 1425000, "source": "test value"},
                           mig_pension_credit_age_single={"pence": 24000, "source": "test value"})
    (rates_folder / "2026-27.json").write_text(json.dumps(data))
    again = actions.personal_budget_changed(person, weekly_cost_pence=25000, actor=council.finance)
    assert again.financial_year == "2026/27" and not again.is_provisional
    assert again.weekly_contribution_pence == 30000 - 24000
