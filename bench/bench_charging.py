"""The financial assessment for care at home over 5,000 made-up people (couples, joint income, capital item by item,
policies): what working everyone out again costs, as at a yearly uprating. Baseline: reading the same 5,000 input
documents (parsing and checking them) without assessing them."""

import json
import random

from bench.timing import median_seconds, report


def _inputs(count):
    rng = random.Random(1)
    inputs = []
    for i in range(count):
        raw = {"effective_date": "2024-06-01", "date_of_birth": f"19{rng.randint(40, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
               "weekly_cost_of_care_pence": rng.randint(5000, 90000),
               "income": [{"type": rng.choice(["state_pension", "esa", "pip_daily_living_enhanced", "war_widows_pension",
                                               "pension_credit_savings_credit", "attendance_allowance_higher"]),
                           "amount_pence": rng.randint(1000, 30000), "period": rng.choice(["weekly", "monthly"])}
                          for _ in range(rng.randint(1, 5))],
               "capital": [{"type": rng.choice(["savings", "shares", "funeral_plan"]), "amount_pence": rng.randint(0, 3000000),
                            "owners": rng.choice([1, 1, 2])} for _ in range(rng.randint(0, 3))],
               "housing_costs": [{"description": "Rent", "amount_pence": rng.randint(0, 9000), "period": "weekly"}],
               "receives_night_care": rng.random() < 0.3}
        if i % 4 == 0:  # a couple, with a pension paid to them both
            raw["partner"] = {"date_of_birth": "1950-01-01", "receives_pension_credit": rng.random() < 0.5}
            raw["joint_income"] = [{"type": "occupational_pension", "amount_pence": rng.randint(1000, 40000),
                                    "period": "monthly"}]
        inputs.append(raw)
    return inputs


def run(count=5_000):
    from selfdirect.charging.contribution import assess, parse_input
    from selfdirect.charging.policy import ChargingPolicy
    from selfdirect.charging.rates import SHIPPED_RATES, parse_rates

    inputs = _inputs(count)
    # The shipped 2024/25 file lacks the couple amounts (docs/charging-rates.md): bench values, not statutory figures.
    data = json.loads((SHIPPED_RATES / "2024-25.json").read_text())
    for entry in data["figures"].values():
        if entry["pence"] is None:
            entry.update(pence=10000, source="bench value")
    rates = parse_rates(json.dumps(data))
    policy = ChargingPolicy(minimum_weekly_charge_pence=200, standard_dre_weekly_pence=1000)

    def parse_all():
        return [parse_input(raw, policy) for raw in inputs]

    def assess_all():
        return [assess(data, rates, policy) for data in parse_all()]

    baseline = median_seconds(parse_all, repeat=5)
    print(f"{count} input documents; baseline (read and check them) {baseline * 1000:.1f} ms")
    report("read, check and assess every one", median_seconds(assess_all, repeat=5), baseline)
