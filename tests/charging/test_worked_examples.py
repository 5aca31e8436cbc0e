"""Published council worked examples of the financial assessment for care at home (England), reproduced to the penny.

Each example goes through parse_input + assess with the shipped rates of its year, and with an explicit ChargingPolicy
where the council's own policy differs from the shipped default. The examples were collected by a researcher from the
councils' web pages (the pages' URLs are cited; the text was read from a stored copy of each page's opening, not from
PDFs). Every figure below is the council's printed figure unless a comment says "(our arithmetic)".

The couple examples at the end are worked by hand from the Charging Regulations and the statutory guidance, because no
published 2023-or-later couple example with a printed result could be found, and because the shipped 2024/25 rates hold
no couple Minimum Income Guarantee (it could not be read from LAC(DHSC)(2024)1). They run on TEST_RATES_2425: the
shipped 2024-25.json figures with the couple figures filled with TEST VALUES, which are NOT statutory figures."""

import datetime
import json

import pytest

from selfdirect.charging.contribution import assess, parse_input
from selfdirect.charging.policy import ChargingPolicy
from selfdirect.charging.rates import SHIPPED_RATES, parse_rates, rates_for

REGS = "Care and Support (Charging and Assessment of Resources) Regulations 2014"

# A copy of src/selfdirect/charging/rates/2024-25.json (sources shortened; the shipped file gives them in full), with
# the four couple figures filled with TEST VALUES. THE TEST VALUES ARE NOT STATUTORY FIGURES: they are round numbers
# chosen so that a couple's assessment can be worked by hand. Replace nothing here with them in a rates file.
# test_the_copied_rates_match_the_shipped_file_except_the_test_values keeps the copy in step with the shipped file.
TEST_VALUES = {
    "mig_couple_member_18_plus": 10000,
    "mig_couple_member_pension_credit_age": 17500,
    "disability_premium_couple": 3000,
    "enhanced_disability_premium_couple": 1500,
}
TEST_RATES_2425_TEXT = """{
 "financial_year": "2024/25",
 "starts_on": "2024-04-01",
 "ends_on": "2025-03-31",
 "note": "TEST COPY of the shipped 2024-25.json: the couple figures marked TEST VALUE are not statutory figures.",
 "figures": {
  "upper_capital_limit": {"pence": 2325000, "source": "LAC(DHSC)(2024)1; Charging Regulations 2014, reg 12"},
  "lower_capital_limit": {"pence": 1425000, "source": "LAC(DHSC)(2024)1; Charging Regulations 2014"},
  "tariff_capital_step": {"pence": 25000, "source": "Charging Regulations 2014, reg 25"},
  "tariff_income_per_step": {"pence": 100, "source": "Charging Regulations 2014, reg 25"},
  "mig_single_18_24": {"pence": 8765, "source": "West Sussex County Council (quotes LAC(DHSC)(2024)1)"},
  "mig_single_25_to_pension_age": {"pence": 11060, "source": "West Sussex County Council (quotes LAC(DHSC)(2024)1)"},
  "mig_pension_credit_age_single": {"pence": 22870, "source": "West Sussex County Council; Leeds City Council"},
  "disability_premium": {"pence": 4880, "source": "LAC(DHSC)(2024)1; Knowsley Council, Example 1"},
  "enhanced_disability_premium": {"pence": 2385, "source": "LAC(DHSC)(2024)1; Knowsley Council, Example 1"},
  "carer_premium": {"pence": 5235, "source": "Reading Borough Council, Appendix B 2024-2025"},
  "dependent_child": {"pence": 10125, "source": "Reading Borough Council, Appendix B 2024-2025"},
  "personal_expenses_allowance": {"pence": 3015, "source": "Care Aware (quotes LAC(DHSC)(2024)1)"},
  "pip_daily_living_enhanced": {"pence": 10855, "source": "The Care Advice Line (quotes DWP)"},
  "pip_daily_living_standard": {"pence": 7265, "source": "The Care Advice Line (quotes DWP)"},
  "pip_mobility_enhanced": {"pence": 7575, "source": "The Care Advice Line (quotes DWP)"},
  "pip_mobility_standard": {"pence": 2870, "source": "The Care Advice Line (quotes DWP)"},
  "attendance_allowance_higher": {"pence": 10855, "source": "DWP, Benefit and pension rates 2024 to 2025"},
  "attendance_allowance_lower": {"pence": 7265, "source": "DWP, Benefit and pension rates 2024 to 2025"},
  "dla_care_highest": {"pence": 10855, "source": "The Care Advice Line (quotes DWP)"},
  "dla_care_middle": {"pence": 7265, "source": "The Care Advice Line (quotes DWP)"},
  "savings_credit_disregard_single": {"pence": 695, "source": "Care Aware (quotes LAC(DHSC)(2024)1)"},
  "savings_credit_disregard_couple": {"pence": 1040, "source": "Care Aware (quotes LAC(DHSC)(2024)1)"},
  "mig_lone_parent": {"pence": null, "source": "Not shipped (as in the shipped file)"},
  "mig_couple_member_18_plus": {"pence": 10000, "source": "TEST VALUE, not a statutory figure"},
  "mig_couple_member_pension_credit_age": {"pence": 17500, "source": "TEST VALUE, not a statutory figure"},
  "disability_premium_couple": {"pence": 3000, "source": "TEST VALUE, not a statutory figure"},
  "enhanced_disability_premium_couple": {"pence": 1500, "source": "TEST VALUE, not a statutory figure"},
  "dla_care_lowest": {"pence": 2870, "source": "The Care Advice Line (quotes DWP)"},
  "dla_mobility_higher": {"pence": 7575, "source": "The Care Advice Line (quotes DWP)"},
  "dla_mobility_lower": {"pence": 2870, "source": "The Care Advice Line (quotes DWP)"},
  "carers_allowance": {"pence": 8190, "source": "rightsnet (quotes DWP)"},
  "state_pension_new_full": {"pence": 22120, "source": "Lords Grand Committee, 25 February 2025"},
  "state_pension_basic_full": {"pence": 16950, "source": "Lords Grand Committee, 25 February 2025"},
  "pension_credit_standard_minimum_single": {"pence": 21815, "source": "CPAG, benefit rates 2024/25"},
  "pension_credit_standard_minimum_couple": {"pence": 33295, "source": "CPAG, benefit rates 2024/25"},
  "savings_credit_maximum_single": {"pence": 1701, "source": "CPAG, benefit rates 2024/25"},
  "savings_credit_maximum_couple": {"pence": 1904, "source": "CPAG, benefit rates 2024/25"}
 }
}"""
TEST_RATES_2425 = parse_rates(TEST_RATES_2425_TEXT, path="tests/charging/test_worked_examples.py (TEST rates)")

SHIPPED_DEFAULT = ChargingPolicy()


def assessed(raw: dict, policy: ChargingPolicy = SHIPPED_DEFAULT, rates=None):
    data = parse_input(raw, policy)
    return assess(data, rates or rates_for(data.effective_date), policy)


def weekly(amount_pence: int, period: str = "weekly") -> dict:
    return {"amount_pence": amount_pence, "period": period}


def income(kind: str, amount_pence: int, period: str = "weekly") -> dict:
    return {"type": kind, **weekly(amount_pence, period)}


def cost(description: str, amount_pence: int, period: str = "weekly") -> dict:
    return {"description": description, **weekly(amount_pence, period)}


def total(result, kind: str) -> int:
    return sum(line.pence for line in result.lines if line.kind == kind)


def test_the_copied_rates_match_the_shipped_file_except_the_test_values():
    shipped = json.loads((SHIPPED_RATES / "2024-25.json").read_text())["figures"]
    copied = json.loads(TEST_RATES_2425_TEXT)["figures"]
    assert set(copied) == set(shipped)
    for name, entry in copied.items():
        if name in TEST_VALUES:
            assert shipped[name]["pence"] is None, f"{name} is now shipped: use the shipped figure, not a TEST value"
            assert entry["pence"] == TEST_VALUES[name] and "TEST VALUE" in entry["source"]
        else:
            assert entry["pence"] == shipped[name]["pence"], name


def test_devon_example_1_peter_under_pension_age_with_esa_and_pip_2023_24():
    """Devon County Council, 'Examples of common financial assessments', Example 1 (Peter, 37); 'The following examples
    are based on 2023/24 rates.'
    https://www.devon.gov.uk/adult-social-care/factsheet/financial-assessment-for-community-services/examples-of-common-financial-assessments/
    Printed: 'Peter has been financially assessed as being able to pay £110.10 per week towards the £454.00 weekly cost
    of his community care and support.'

    Devon shows only the PIP mobility component (£26.90) as disregarded, so the enhanced daily living component is
    counted in full: Devon's policy here is night_care_disregard='ignore'. The MIG of £171.75 is printed as a total;
    the shipped 2023/24 figures give it as £103.65 + £45.75 + £22.35. The phone (£10 a month) and broadband (£25 a
    month) are entered monthly, as Devon's page does, and become £2.31 and £5.77 a week (x 12 / 52, to the penny)."""
    raw = {
        "effective_date": "2023-06-01", "date_of_birth": "1986-01-01",  # 37 on the day
        "weekly_cost_of_care_pence": 45400, "capital_pence": 0,  # 'Peter has no capital, savings or investments'
        "income": [income("esa", 22545), income("pip_daily_living_enhanced", 10175),
                   income("pip_mobility_standard", 2690)],
        "housing_costs": [cost("Top-up rent", 1000), cost("Council Tax", 600), cost("Contents insurance", 127)],
        "disability_related_expenditure": [cost("Cleaner", 2000), cost("Mobile phone, pay as you go", 1000, "monthly"),
                                           cost("Broadband, basic", 2500, "monthly")],
    }
    result = assessed(raw, ChargingPolicy(night_care_disregard="ignore"))
    assert total(result, "income") == 35410  # £354.10
    assert total(result, "disregard") == -2690  # £26.90, the mobility component only
    assert [line.pence for line in result.lines if line.label.startswith("Disability-related")] == [-2000, -231, -577]
    assert total(result, "deduction") == -(1727 + 2808)  # housing £17.27, DRE £28.08
    assert result.mig_weekly_pence == 17175  # £171.75, printed
    assert result.weekly_contribution_pence == 11010  # £110.10, printed
    assert result.council_weekly_contribution_pence == 45400 - 11010


def test_knowsley_example_1_client_a_aged_22_in_supported_accommodation_2024_25_rates():
    """Knowsley Council, 'Examples of financial assessments for care provided in your home or the community', Example 1
    (Client A, 22). https://knowsley.gov.uk/adult-social-care/paying-adult-social-care/examples-financial-assessments-care-provided-your-home
    Printed: 'Client A has been financially assessed as being able to pay £67.71 per week towards £391.95 weekly cost of
    their care and support.'

    The year is not printed: the benefit figures (PIP daily living £108.55 / £72.65, mobility £75.75) are the 2024/25
    rates, so it is assessed in 2024/25. Knowsley applies the night-care disregard ('No night care element' = £35.90),
    the shipped default. The MIG of £160.30 equals the shipped £87.65 + £48.80 + £23.85."""
    raw = {
        "effective_date": "2024-06-01", "date_of_birth": "2002-01-01",  # 22 on the day
        "weekly_cost_of_care_pence": 39195, "capital_pence": 0,
        "income": [income("universal_credit", 16796), income("pip_daily_living_enhanced", 10855),
                   income("pip_mobility_enhanced", 7575)],
        "housing_costs": [],  # 'Client A has no household costs'
        "disability_related_expenditure": [cost("Laundry and bedding allowance", 642),
                                           cost("Clothing and footwear allowance", 618)],
        "receives_night_care": False,
    }
    result = assessed(raw, ChargingPolicy(night_care_disregard="apply"))
    assert total(result, "income") == 35226  # £352.26
    night = [line.pence for line in result.lines if line.label.startswith("Night-care part")]
    assert night == [-3590]  # 'No night care element' £35.90
    assert total(result, "disregard") == -11165  # £111.65 = £35.90 + £75.75
    assert total(result, "deduction") == -1260  # £12.60
    assert result.mig_weekly_pence == 16030  # £160.30, printed
    assert result.weekly_contribution_pence == 6771  # £67.71, printed


def test_kingston_example_1_joan_85_pays_nothing_2023_24():
    """Royal Borough of Kingston upon Thames, 'Pay for care at home: examples of what people pay for care and support',
    Example 1 (Joan, 85). https://kingston.gov.uk/paying-social-care/support-pay-care-home/3
    Printed: 'Joan's income is less than her daily living allowance, so she qualifies for help to pay for all of her
    care. She will not have to pay for her care at all.'

    The year is not printed; the MIG of £214.35 is the 2023/24 pension-age figure (it equals the shipped 2023/24
    figure). Kingston counts the higher rate Attendance Allowance in full, with no night-care disregard shown, so its
    policy here is night_care_disregard='ignore'. Kingston's '£100 household bills' are entered as housing costs and
    its '£5 disability-related costs' as disability-related expenditure."""
    raw = {
        "effective_date": "2023-06-01", "date_of_birth": "1938-01-01",  # 85 on the day
        "weekly_cost_of_care_pence": 18010, "capital_pence": 0,  # 10 hours at £18.01
        "income": [income("state_pension", 20385), income("attendance_allowance_higher", 10175)],
        "housing_costs": [cost("Household bills", 10000)],
        "disability_related_expenditure": [cost("Disability-related costs", 500)],
    }
    result = assessed(raw, ChargingPolicy(night_care_disregard="ignore"))
    assert total(result, "income") == 30560 and total(result, "disregard") == 0  # £305.60, counted in full
    assert result.mig_weekly_pence == 21435  # £214.35, printed
    # Allowances £319.35 against income £305.60 (our arithmetic: £13.75 short): nothing to pay.
    assert result.weekly_contribution_pence == 0
    assert result.council_weekly_contribution_pence == 18010
    assert [line.pence for line in result.lines if line.kind == "adjustment"] == [31935 - 30560]


def test_leeds_example_1_mary_85_pays_nothing_2024_25():
    """Leeds City Council, 'Help paying for care and support at home: examples of how much people pay', Example 1
    (Mary, 85). https://leeds.gov.uk/adult-social-care/how-to-get-adult-social-care-and-support/help-to-pay-for-care/help-paying-for-care-and-support/examples-how-much-people-pay-for-care-and-support
    Printed: 'We will ignore up to £228.70 per week of Mary's cost of living allowance and £9.30 per week for her
    Telecare monitoring. The total amount Mary can keep is £238.' and 'Mary's income is less than her cost of living
    allowance, so she qualifies for help to pay for all of her care.'

    The year is not printed; £228.70 is the 2024/25 pension-age MIG (it equals the shipped 2024/25 figure). The
    Telecare monitoring is entered as disability-related expenditure. Care: 10 hours at £23.91 (£239.10), a day centre
    day (£40.25) and transport (£8.15), £287.50 a week."""
    raw = {
        "effective_date": "2024-06-01", "date_of_birth": "1939-01-01",  # 85 on the day
        "weekly_cost_of_care_pence": 23910 + 4025 + 815, "capital_pence": 0,
        "income": [income("state_pension", 16950), income("pension_credit", 4865)],
        "disability_related_expenditure": [cost("Telecare monitoring", 930)],
    }
    result = assessed(raw)
    assert total(result, "income") == 21815  # £218.15
    assert result.mig_weekly_pence == 22870  # £228.70, printed
    assert result.mig_weekly_pence - total(result, "deduction") == 23800  # 'The total amount Mary can keep is £238'
    assert result.weekly_contribution_pence == 0
    assert result.council_weekly_contribution_pence == 28750


@pytest.mark.parametrize(("capital_pence", "tariff_pence"), [
    # St Helens Council, 'Savings' (https://sthelens.gov.uk/article/4474/Savings): 'If you have £15,000 savings,
    # £14,250 is disregarded and tariff income of £3 per week is considered as income.'
    (1500000, 300),
    # Lambeth Council, 'Paying for help at home' (https://www.lambeth.gov.uk/adult-social-care-and-health/paying-for-help-at-home):
    # 'Capital assets of £15,250 £4 a week There are 4 intervals of £250 above the £14,250 t[hreshold]'.
    (1525000, 400),
    # Care Aware, 'Ask our advisers: what is tariff income' (https://www.careawareias.co.uk/post/ask-our-advisers-what-is-tariff-income):
    # £23,250 gives '36 slices of £250 so 36 x £1 = £36 per week'; £18,450 gives '17 slices or part slices of £250 so
    # 17 x £1 = £17 per week'.
    (2325000, 3600),
    (1845000, 1700),
    # Knowsley Council, residential example (https://knowsley.gov.uk/adult-social-care/paying-adult-social-care/examples-financial-assessments-care-provided-residential):
    # '£17,050.91 ... £2800.91 divided by £250 equals £11.20. Tariff income is rounded up, therefore; Client C has
    # £12.00 in tariff income'. A care-home example, but the tariff is the same reg 25 calculation at home.
    (1705091, 1200),
])
def test_published_tariff_income_figures(capital_pence, tariff_pence):
    """Tariff income (reg 25: £1 a week for every £250, or part of £250, above the lower capital limit of £14,250).
    The pages print no year; the limits are the same in every shipped year, so each is assessed in 2024/25."""
    raw = {"effective_date": "2024-06-01", "date_of_birth": "1950-01-01", "weekly_cost_of_care_pence": 50000,
           "capital_pence": capital_pence, "income": [income("state_pension", 22120)]}
    result = assessed(raw)
    assert result.tariff_income_weekly_pence == tariff_pence
    assert [line.pence for line in result.lines if line.kind == "tariff"] == [tariff_pence]


def reading_policy(**changes) -> ChargingPolicy:
    """Reading Borough Council, 'Appendix B: Financial Assessment Allowances Schedule', 2024-2025:
    https://www.reading.gov.uk/adult-care/carecharges/care-and-support-charging-and-financial-assessment-framework-policies/appendix-b-financial-assessment-allowances-schedule/
    'Minimum Assessed Contribution – £1.25 per week (services are FREE if assessed contribution is less than this)';
    'Disability-Related Expense Standard Allowance – £10.85 per week'."""
    return ChargingPolicy(minimum_weekly_charge_pence=125, standard_dre_weekly_pence=1085, **changes)


def _reading_case(**changes):
    # Single, 40, on an occupational pension, 2024/25: MIG £110.60 (the shipped figure).
    return {"effective_date": "2024-06-01", "date_of_birth": "1984-01-01", "weekly_cost_of_care_pence": 30000,
            "capital_pence": 0, **changes}


def test_reading_services_are_free_when_the_assessed_contribution_is_below_1_25():
    """Reading's minimum assessed contribution (Appendix B, 2024-2025, above): £1.24 assessed is not charged; £1.25
    is."""
    below = assessed(_reading_case(income=[income("occupational_pension", 11060 + 124)]), reading_policy())
    assert below.weekly_contribution_pence == 0
    assert [line.pence for line in below.lines if line.kind == "adjustment"] == [-124]
    at = assessed(_reading_case(income=[income("occupational_pension", 11060 + 125)]), reading_policy())
    assert at.weekly_contribution_pence == 125


def test_reading_standard_disability_related_expenditure_allowance_of_10_85():
    """Reading, Appendix C (2024-2025): 'We apply a standard allowance of £10.85 per week unless you ask us for a full
    assessment of your disability-related expenses.'
    https://reading.gov.uk/adult-care/carecharges/care-and-support-charging-and-financial-assessment-framework-policies/appendix-c-disability-related-expenditure-guide"""
    raw = _reading_case(income=[income("occupational_pension", 20000)], standard_disability_related_expenditure=True)
    result = assessed(raw, reading_policy())
    assert [line.pence for line in result.lines if line.label.startswith("Disability-related")] == [-1085]
    assert result.weekly_contribution_pence == 20000 - 11060 - 1085


def test_reading_local_pension_age_mig_is_the_statutory_one_plus_an_uplift():
    """Reading, Appendix B (2024-2025, above): local MIG for a single person of 'Pension Credit age or over: £235.65'.
    The statutory 2024/25 figure is £228.70, so Reading's uplift for this row is £6.95 a week (our arithmetic). Reading
    uplifts each row by a different amount; a flat policy uplift reproduces this row only."""
    raw = {"effective_date": "2024-06-01", "date_of_birth": "1950-01-01", "weekly_cost_of_care_pence": 30000,
           "capital_pence": 0, "income": [income("state_pension", 22120)]}
    result = assessed(raw, reading_policy(mig_uplift_weekly_pence=695))
    assert result.mig_weekly_pence == 23565  # £235.65, printed
    assert [p.pence for p in result.mig_parts] == [22870, 695]


def test_reading_couples_affordability_check_uses_the_shipped_couple_pension_credit_figure():
    """Reading, 'Appendix D: Affordability Checker for Couples', Example 1: 'couple personal allowance for DWP benefits'
    B = £332.95 (2024/25). https://www.reading.gov.uk/adult-care/carecharges/care-and-support-charging-and-financial-assessment-framework-policies/appendix-d-affordability-checker-for-couples/
    A cross-check of the shipped 2024/25 Pension Credit standard minimum guarantee for a couple, which the engine does
    not use to assess."""
    assert rates_for(datetime.date(2024, 6, 1)).figures["pension_credit_standard_minimum_couple"] == 33295


# Couples, worked by hand on TEST_RATES_2425 (the couple MIG there is a TEST VALUE of £175.00, not a statutory figure).

def test_knowsley_example_2_client_b_gets_half_of_the_couples_pension_credit():
    """Knowsley Council, same page as Example 1, Example 2 'Over pension age' (Client B, 76, 'lives in extra care housing
    with their partner. Only the income of Client B will be included in the financial assessment.'). Printed inputs:
    State Retirement Pension £203.93; 'Guaranteed Pension Credit: £72.73 (this is Client B's 50% of this benefit)';
    'Savings Pension Credit: £9.52'; savings of £9,500 'below the lower limit of £14,250 meaning their savings are
    fully disregarded'; care £274.73 a week. The page's MIG and result were not captured, so the result is worked by
    hand with the TEST couple MIG.

    The couple's awards (£145.46 and £19.04 a week, our arithmetic: twice Knowsley's halves) are entered as joint income;
    the engine counts half of each (statutory guidance, Annex C, para 5: 'the starting presumption is that the
    cared-for person has an equal share of the income') and reproduces Knowsley's £72.73 and £9.52 to the penny. The
    Savings Credit half (£9.52) is within the couple's Savings Credit disregard (£10.40, shipped 2024/25), so none of it
    is counted. MIG: a member of a couple where one or both have reached Pension Credit age (reg 7(4)(b))."""
    raw = {
        "effective_date": "2024-06-01", "date_of_birth": "1948-01-01",  # 76 on the day
        "partner": {"date_of_birth": "1949-01-01", "receives_pension_credit": True},
        "weekly_cost_of_care_pence": 27473,
        "capital": [{"type": "savings", "amount_pence": 950000}],
        "income": [income("state_pension", 20393)],
        "joint_income": [income("pension_credit", 14546), income("pension_credit_savings_credit", 1904)],
    }
    result = assessed(raw, rates=TEST_RATES_2425)
    joint = [line.pence for line in result.lines if "half of an amount paid to the couple" in line.label]
    assert joint == [7273, 952]  # Knowsley's printed halves
    assert [line.pence for line in result.lines if line.kind == "disregard"] == [-952]
    assert result.tariff_income_weekly_pence == 0 and result.counted_capital_pence == 950000
    assert result.couple and [p.rule for p in result.mig_parts] == [f"{REGS}, reg 7(4)(b)"]
    assert result.mig_weekly_pence == 17500  # TEST VALUE
    # 203.93 + 72.73 + 9.52 - 9.52 - 175.00 (TEST) = 101.66 (our arithmetic)
    assert result.weekly_contribution_pence == 10166


def test_a_couple_worked_by_hand_from_the_regulations():
    """A couple worked by hand (not a published example), on TEST_RATES_2425:
    - MIG (reg 7(4)(b)): a member of a couple where 'one or both have attained pension credit age': the person is 68,
      the partner 60, so the pension-age couple figure applies (TEST VALUE £175.00).
    - Joint capital (reg 24, capital jointly held): equal shares, so half of £32,000 of joint savings, £16,000, plus
      the person's own £1,000 of Premium Bonds; a life insurance policy's surrender value is disregarded (Schedule 2).
      St Helens Council says the same: 'If you have savings that you hold jointly with your partner, we will assume
      you have equal shares.' (https://sthelens.gov.uk/article/4474/Savings)
    - Tariff (reg 25): £17,000 - £14,250 = £2,750, eleven steps of £250: £11 a week.
    - Joint income (statutory guidance, Annex C, para 5): half of an occupational pension of £800 a month paid to the
      couple: £800 x 12 / 52 = £184.615... a week, half £92.307..., £92.30 rounded down in the person's favour.
    - Attendance Allowance, lower rate, counted in full (no night-care part at the lower rate).
    - The person's half of the rent (£50) and disability-related expenditure (£10) are deducted."""
    raw = {
        "effective_date": "2024-09-01", "date_of_birth": "1956-03-01",
        "partner": {"date_of_birth": "1964-01-01"},
        "weekly_cost_of_care_pence": 30000,
        "capital": [{"type": "savings", "amount_pence": 3200000, "owners": 2},
                    {"type": "premium_bonds", "amount_pence": 100000},
                    {"type": "life_insurance", "amount_pence": 500000}],
        "income": [income("state_pension", 22120), income("attendance_allowance_lower", 7265)],
        "joint_income": [income("occupational_pension", 80000, "monthly")],
        "housing_costs": [cost("Rent, the person's half", 5000)],
        "disability_related_expenditure": [cost("Extra heating", 1000)],
    }
    result = assessed(raw, rates=TEST_RATES_2425)
    assert [line.pence for line in result.capital_lines] == [1600000, 100000, 0]
    assert result.counted_capital_pence == 1700000
    assert result.tariff_income_weekly_pence == 1100
    assert [line.pence for line in result.lines if line.kind == "income"] == [22120, 7265, 9230]
    assert result.mig_weekly_pence == 17500  # TEST VALUE, reg 7(4)(b)
    # 221.20 + 72.65 + 92.30 - 50.00 - 10.00 - 175.00 + 11.00 = 162.15 (our arithmetic)
    assert result.weekly_contribution_pence == 16215
    assert sum(line.pence for line in result.lines if line.kind != "result") == 16215

    # 'one or both': the same couple with the partner also of pension age is assessed the same.
    older = assessed({**raw, "partner": {"date_of_birth": "1950-01-01"}}, rates=TEST_RATES_2425)
    assert older.as_dict() == result.as_dict()
    # Both below Pension Credit age: reg 7(4)(a), the TEST couple figure of £100.00. Below that age the person would have
    # an occupational pension, not the State Pension, and PIP, not Attendance Allowance (the same amounts here): the PIP daily living standard rate (£72.65, the same amount) gives the
    # disability premium for a member of a couple (reg 7(6), TEST VALUE £30.00).
    younger = assessed({**raw, "date_of_birth": "1966-01-01",
                        "income": [income("occupational_pension", 22120), income("pip_daily_living_standard", 7265)]},
                       rates=TEST_RATES_2425)
    assert [(p.rule, p.pence) for p in younger.mig_parts] == [
        (f"{REGS}, reg 7(4)(a)", 10000),
        ("Disability premium: the person gets a disability benefit and is below Pension Credit age "
         f"({REGS}, reg 7(6))", 3000)]
    assert younger.weekly_contribution_pence == 16215 + 17500 - 13000
