"""What a payment run pays and the file it sends to the bank. Django-free: the money actions and checks read these."""

from .payment_files import payment_csv


def four_week_budget(items) -> tuple[int, dict[int, int], int]:
    """Four weeks of the approved plan's items, by who is paid: (direct payment, {provider: individual service fund},
    council-commissioned), in pence."""
    dp, commissioned, isf = 0, 0, {}
    for item in items:
        four_weeks = item.weekly_cost_pence * 4
        if item.delivery == "direct_payment":
            dp += four_weeks
        elif item.delivery == "individual_service_fund" and item.organisation_id:
            isf[item.organisation_id] = isf.get(item.organisation_id, 0) + four_weeks
        else:
            commissioned += four_weeks
    return dp, isf, commissioned


def render_file(lines) -> str:
    """The run's payment file (money.payment_files: written with the csv module, read by the bank byte for byte)."""
    return payment_csv(lines)
