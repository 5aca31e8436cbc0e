"""The input of a financial assessment the charging tests share: a person on a state pension with no capital."""


def assessment_input(person, **changes) -> dict:
    raw = {"effective_date": "2024-03-01", "date_of_birth": person.date_of_birth.isoformat(),
           "weekly_cost_of_care_pence": 20000, "capital_pence": 0,
           "income": [{"type": "state_pension", "amount_pence": 30000, "period": "weekly"}]}
    raw.update(changes)
    return raw
