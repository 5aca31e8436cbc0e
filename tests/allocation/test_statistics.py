import random

import pytest

from selfdirect.allocation.packages import Package, PackagesError, parse_packages
from selfdirect.allocation.statistics import audit, calibrate

GROUPS = ["older_people", "physical_sensory", "learning_disability", "mental_health"]


def generated(n=800, price=650, seed=4, bias=None):
    rng = random.Random(seed)
    packages = []
    for i in range(n):
        points = rng.randint(5, 100)
        group = rng.choice(GROUPS)
        ethnicity = rng.choice(["A", "B", "C"])
        cost = points * price * rng.lognormvariate(0, 0.15)
        if bias and bias[0] == "client_group" and group == bias[1]:
            cost *= bias[2]
        if bias and bias[0] == "ethnicity" and ethnicity == bias[1]:
            cost *= bias[2]
        packages.append(Package(f"P{i}", points, group, rng.randint(18, 95), rng.choice(["F", "M"]), ethnicity, round(cost)))
    return packages


def test_calibration_recovers_a_known_price_per_point():
    result = calibrate(generated(price=650))
    low, high = result["ci95_pence"]
    assert low <= 650 * 1.0113 <= high or abs(result["price_per_point_pence"] - 650 * 1.0113) < 15
    assert 640 <= result["price_per_point_pence"] <= 675  # lognormal noise has mean exp(0.15^2/2) = 1.0113
    assert result["n"] == 800 and 0 < result["r_squared"] <= 1


def test_calibration_names_outliers_and_costs_the_caseload():
    packages = generated(n=200)
    packages.append(Package("WILD", 10, "other", 40, "F", "A", 500000))
    result = calibrate(packages, caseload_points=[10, 20], caseload_weekly=[6000, 12000])
    assert "WILD" in result["outliers"]
    assert result["caseload_cost_change_pence"] == ((10 + 20) * result["price_per_point_pence"] - 18000) * 52


def test_the_audit_finds_a_planted_bias():
    result = audit(generated(bias=("client_group", "mental_health", 0.8)))
    flagged = [(g["dimension"], g["group"]) for g in result["groups"] if g["flagged"]]
    assert ("client_group", "mental_health") in flagged
    mh = next(g for g in result["groups"] if g["group"] == "mental_health")
    assert mh["ratio"] < 0.9 and mh["p_value"] < 0.05 and mh["ci95"][0] < mh["ratio"] < mh["ci95"][1]


def test_the_audit_does_not_flag_an_unbiased_caseload():
    for seed in (1, 2, 3):
        assert not [g for g in audit(generated(seed=seed))["groups"] if g["flagged"]]


def test_a_small_group_is_reported_but_never_flagged():
    packages = generated(n=400)
    packages += [Package(f"S{i}", 50, "other", 40, "F", "Z", 50 * 650 // 2) for i in range(10)]
    result = audit(packages)
    small = next(g for g in result["groups"] if g["dimension"] == "ethnicity" and g["group"] == "Z")
    assert small["n"] == 10 and small["ratio"] < 0.8 and not small["flagged"]


def test_the_packages_csv_names_the_bad_row_and_column_and_imports_nothing():
    header = "person_ref,points,client_group,age,sex,ethnicity,weekly_cost_pence\n"
    assert len(parse_packages(header + "A,10,older_people,80,F,A,6500\n")) == 1
    for body, message in [("A,ten,older_people,80,F,A,6500\n", "row 2, column points"),
                          ("A,10,older_people,80,F,A,6500\nB,10,aliens,80,F,A,6500\n", "row 3, column client_group"),
                          ("A,10,older_people,12,F,A,6500\n", "row 2, column age"),
                          ("A,10,older_people,80,F,A\n", "row 2: expected 7 columns"),
                          ("A,10,older_people,80,F,A,6500\nA,10,older_people,80,F,A,6500\n", "row 3, column person_ref")]:
        with pytest.raises(PackagesError, match=message):
            parse_packages(header + body)
    with pytest.raises(PackagesError, match="row 1: the header"):
        parse_packages("a,b\n1,2\n")
