from django import forms

from selfdirect.core import uploads
from selfdirect.core.forms import DateField, GovukForm, PenceField
from selfdirect.core.money import Money


class SpendingForm(GovukForm, forms.Form):
    spent_on = DateField(label="Date you paid", error_messages={"required": "Enter the date you paid"})
    payee = forms.CharField(label="Who you paid", max_length=160, error_messages={"required": "Enter who you paid"})
    amount_pence = PenceField(label="Amount", error_messages={"required": "Enter the amount"})
    item = forms.TypedChoiceField(label="What it was for (from your plan)", required=False, coerce=int, empty_value=None,
                                  choices=[])
    what_for = forms.CharField(label="Anything else about it", required=False, max_length=300)
    hours = forms.DecimalField(label="Hours (if you paid a personal assistant)", required=False, min_value=0, max_digits=6,
                               decimal_places=2, widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
                               error_messages={"invalid": "Hours must be a number, like 7.5"})
    receipt = forms.FileField(label="Receipt: a photo or PDF (optional)", required=False, help_text=uploads.HINT)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "Something else")] + [(i.pk, i.description) for i in items]

    def clean_amount_pence(self):
        pence = self.cleaned_data["amount_pence"]
        if pence is not None and pence <= 0:
            raise forms.ValidationError("Amount must be more than £0")
        return pence

    def clean_receipt(self):
        """Judged by parsing its content (core.uploads), never by its name or the type the browser sent; the action
        checks it again and keeps only the clean copy."""
        receipt = self.cleaned_data.get("receipt")
        if receipt:
            if receipt.size > uploads.MAX_BYTES:
                raise forms.ValidationError(f"The receipt must be smaller than {uploads.MAX_BYTES // (1024 * 1024)} MB")
            receipt.seek(0)
            data = receipt.read()
            receipt.seek(0)
            try:
                uploads.detect(data, what="receipt")
            except uploads.UploadRefused as refused:
                raise forms.ValidationError(str(refused)) from None
        return receipt


class StatementForm(GovukForm, forms.Form):
    statement = forms.FileField(label="Statement file (CSV or OFX)", error_messages={"required": "Choose a statement file"})
    account = forms.CharField(label="Direct payment account reference", required=False, max_length=40,
                              help_text="Like DP-EX000001 (or, for a provider's statement of an individual service "
                                        "fund, ISF-EX000001-3). For a file with an account column, or an OFX file "
                                        "with several accounts: leave blank to import every account's lines, or give "
                                        "one to import only its lines.")
    layout = forms.ChoiceField(label="Layout of a CSV file", widget=forms.RadioSelect, initial="signed", choices=[
        ("signed", "Date, Description, Amount (money out is negative)"),
        ("debit_credit", "Date, Description, Paid out, Paid in"),
        ("card", "Prepaid card: Date, Description, Amount, Transaction ID, Card"),
        ("fund", "A provider's statement of individual service funds: Date, Description, Amount, Hours, Fund"),
    ])


LAYOUTS = {
    "signed": {},
    "debit_credit": {"amount": None, "debit": "Paid out", "credit": "Paid in"},
    "card": {"transaction_id": "Transaction ID", "account": "Card"},
    "fund": {"account": "Fund", "hours": "Hours"},
}


class FundStatementForm(GovukForm, forms.Form):
    """A provider's statement of the individual service funds it holds."""

    statement = forms.FileField(label="Statement file (CSV)", error_messages={"required": "Choose a statement file"})
    layout = forms.ChoiceField(label="What the file's columns are", widget=forms.RadioSelect, initial="funds", choices=[
        ("funds", "Date, Description, Amount, Hours, Fund: one file for every fund you hold"),
        ("one_fund", "Date, Description, Amount, Hours: one fund, whose reference you give below"),
    ])
    fund = forms.CharField(label="Fund reference (for a file about one fund)", required=False, max_length=40,
                           help_text="It starts ISF-: the list below gives each fund's reference.")

    def clean(self):
        data = super().clean()
        if data.get("layout") == "one_fund" and not (data.get("fund") or "").strip():
            self.add_error("fund", "Enter the reference of the fund the file is about")
        return data


FUND_LAYOUTS = {
    # Hours may be left empty on a line, and the column left out of a file (statements.Mapping.hours)
    "funds": {"account": "Fund", "hours": "Hours"},
    "one_fund": {"hours": "Hours"},
}


class MatchForm(GovukForm, forms.Form):
    choice = forms.ChoiceField(label="What this payment was for", widget=forms.RadioSelect, choices=[],
                               error_messages={"required": "Choose what this payment was for"})

    def __init__(self, *args, reported=(), items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = (
            [(f"r{r.pk}", f"Reported: {r.payee}, {Money(r.amount_pence).format()} on {r.spent_on:%-d %B %Y}") for r in reported]
            + [(f"i{i.pk}", f"Plan item: {i.description}") for i in items]
            + [("outside", "Nothing in the plan (flag it)")])


class ExplanationForm(GovukForm, forms.Form):
    explanation = forms.CharField(label="What the person said about money they have set aside", max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  error_messages={"required": "Record what the person said, or that they did not reply"})
    committed_pence = PenceField(label="Committed spending to take off the surplus", required=False)


class DecisionForm(GovukForm, forms.Form):
    decision = forms.ChoiceField(label="Decision", widget=forms.RadioSelect, error_messages={"required": "Choose a decision"},
                                 choices=[("recover", "Recover the surplus"), ("reduce", "Reduce future payments"),
                                          ("write_off", "Write it off"), ("none", "No recovery: the money is committed")])
    amount_pence = PenceField(label="Amount", required=False)
    reason = forms.CharField(label="Reason (the person will see it)", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "Give the reason for the decision"})


class AppealForm(GovukForm, forms.Form):
    appeal = forms.CharField(label="Grounds of the appeal", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Record the grounds of the appeal"})
    outcome = forms.ChoiceField(label="Outcome", widget=forms.RadioSelect, initial="pending",
                                choices=[("pending", "Not decided yet"), ("upheld", "Upheld: reverse the recovery"),
                                         ("not_upheld", "Not upheld")])


class OneOffForm(GovukForm, forms.Form):
    description = forms.CharField(label="What it is for", max_length=200, help_text="For example: a shower chair, or a set-up payment",
                                  error_messages={"required": "Say what the one-off payment is for"})
    amount_pence = PenceField(label="Amount", error_messages={"required": "Enter the amount"})


class SuspensionForm(GovukForm, forms.Form):
    starts_on = DateField(label="Payments stop from", error_messages={"required": "Enter the date payments stop"})
    ends_on = DateField(label="Payments start again on (if known)", required=False)
    reason = forms.CharField(label="Why", max_length=200, help_text="For example: in hospital",
                             error_messages={"required": "Give the reason payments are suspended"})


class InvoicePeriodForm(GovukForm, forms.Form):
    """Which four-weekly period the finance page shows (money.invoices: four weeks from Monday 6 April 2026 on)."""

    period = forms.ChoiceField(label="Four-weekly period", choices=[],
                               error_messages={"required": "Choose a period", "invalid_choice": "Choose a period"})

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.starts_on.isoformat(), p.label) for p in periods]


class ContributionPaymentForm(GovukForm, forms.Form):
    reference = forms.CharField(label="Invoice reference", max_length=20, help_text="Like CI-000123",
                                error_messages={"required": "Enter the invoice reference"})
    paid_on = DateField(label="Date paid", past_only=True, error_messages={"required": "Enter the date it was paid"})


class CollectionForm(GovukForm, forms.Form):
    method = forms.ChoiceField(label="How the contribution is collected", widget=forms.RadioSelect,
                               choices=[("invoice", "Invoiced by the council"),
                                        ("care_home", "Paid to the care home directly (the council agreed it)")],
                               error_messages={"required": "Choose how the contribution is collected"})
    starts_on = DateField(label="From", help_text="The council invoices no day before this date",
                          error_messages={"required": "Enter the date this starts"})
    care_home_name = forms.CharField(label="The care home's name (if paid to the home)", required=False, max_length=160)
    agreed_by = forms.CharField(label="Who at the council agreed it (if paid to the home)", required=False,
                                max_length=160)
    agreed_on = DateField(label="Date the council agreed it (if paid to the home)", required=False)


def _yes_no(label: str, required: str, **extra) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=[("yes", "Yes"), ("no", "No")], coerce=lambda v: v == "yes",
                                  widget=forms.RadioSelect, error_messages={"required": required}, **extra)


class ArrearsCheckForm(GovukForm, forms.Form):
    """A check of the circumstances of a person whose contribution invoices are overdue (money.actions.
    record_arrears_check); the choices are the model's."""

    checked_on = DateField(label="Date of the check", past_only=True, error_messages={"required": "Enter the date of the check"})
    income_changed = _yes_no("Has their income or savings changed since their financial assessment?",
                             "Say whether their income or savings changed")
    capacity = forms.ChoiceField(label="Their capacity to manage the debt", widget=forms.RadioSelect, choices=[],
                                 error_messages={"required": "Choose what was found about their capacity"})
    reassessment_needed = _yes_no("Is a financial reassessment needed?", "Say whether a financial reassessment is needed")
    outcome = forms.ChoiceField(label="Outcome", widget=forms.RadioSelect, choices=[],
                                error_messages={"required": "Choose the outcome of the check"})
    notes = forms.CharField(label="What was checked, with whom, and why this outcome", widget=forms.Textarea,
                            max_length=4000, error_messages={"required": "Say what was checked and why this outcome"})

    def __init__(self, *args, capacity=(), outcomes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].choices = list(capacity)
        self.fields["outcome"].choices = list(outcomes)


class DebtRecoveryForm(GovukForm, forms.Form):
    """The decision to recover overdue contributions (money.actions.start_debt_recovery)."""

    action = forms.ChoiceField(label="How the debt is to be recovered", widget=forms.RadioSelect, choices=[],
                               error_messages={"required": "Choose how the debt is to be recovered"})
    reason = forms.CharField(label="Reason for the decision", widget=forms.Textarea, max_length=4000,
                             error_messages={"required": "Give the reason for the decision"})

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = list(actions)
