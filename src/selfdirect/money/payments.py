"""What a payment run pays and the file it sends to the bank. Django-free: the money actions and checks read these."""

from selfdirect.core.money import Money


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
    # Read by the bank, not by people: its own columns and characters, byte for byte, so no core.cells.safe_cell here.
    rows = ["payee,sort_code,account_number,amount,reference"]
    for line in lines:
        payee = line.payee.replace('"', "'")
        rows.append(f'"{payee}",{line.sort_code},{line.account_number},{Money(line.amount_pence).pounds_text()},{line.reference}')
    return "\n".join(rows) + "\n"
