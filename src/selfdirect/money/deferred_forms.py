"""The forms of deferred payment agreements (money.deferred_views)."""

from django import forms

from selfdirect.core.forms import DateField, GovukForm, PenceField

INTEREST = [("national_maximum", "The national maximum rate in force each six months"),
            ("fixed", "A lower fixed rate"), ("none", "No interest")]


class OfferForm(GovukForm, forms.Form):
    home = forms.CharField(label="The home's address, as the agreement names it", max_length=200,
                           error_messages={"required": "Enter the home's address"})
    value_pence = PenceField(label="The home's value (the person's share, if it is jointly owned)",
                             error_messages={"required": "Enter the home's value"})
    valued_on = DateField(label="Valued on", past_only=True, error_messages={"required": "Enter the day it was valued"})
    secured_debt_pence = PenceField(label="Debt already secured on the home, such as a mortgage", required=False)
    kept_income_weekly_pence = PenceField(label="Income the person chooses to keep each week", required=False,
                                          help_text="From the Personal Expenses Allowance up to the disposable income "
                                                    "allowance; leave it empty for the Personal Expenses Allowance")
    interest = forms.ChoiceField(label="Interest", choices=INTEREST, widget=forms.RadioSelect,
                                 initial="national_maximum")
    fixed_rate = forms.DecimalField(label="The fixed rate, in percent a year (for a lower fixed rate)", required=False,
                                    min_value=0, max_digits=4, decimal_places=2,
                                    widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
                                    error_messages={"invalid": "Enter the rate as a number, like 3.5"})
    set_up_charge_pence = PenceField(label="Administration costs of setting it up, added to what is owed",
                                     required=False)
    starts_on = DateField(label="The first day care costs are deferred",
                          error_messages={"required": "Enter the first day care costs are deferred"})

    def clean(self):
        data = super().clean()
        if data.get("interest") == "fixed" and data.get("fixed_rate") is None:
            self.add_error("fixed_rate", "Enter the fixed rate")
        return data

    @property
    def interest_basis_points(self):
        data = self.cleaned_data
        if data["interest"] == "none":
            return 0
        if data["interest"] == "fixed":
            return int(data["fixed_rate"] * 100)
        return None


class DecideForm(GovukForm, forms.Form):
    answer = forms.ChoiceField(label="What did the person decide?", widget=forms.RadioSelect,
                               choices=[("agreed", "They signed it, and the legal charge is registered"),
                                        ("declined", "They declined it")],
                               error_messages={"required": "Choose what the person decided"})
    decided_on = DateField(label="On", past_only=True, error_messages={"required": "Enter the day they decided"})
    title_number = forms.CharField(label="Land Registry title number", max_length=20, required=False)
    charge_registered_on = DateField(label="Legal charge registered on", past_only=True, required=False)
    decline_reason = forms.CharField(label="Why they declined", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CostsForm(GovukForm, forms.Form):
    description = forms.CharField(label="What the costs are for", max_length=200,
                                  error_messages={"required": "Say what the costs are for"})
    amount_pence = PenceField(label="Amount", error_messages={"required": "Enter the amount"})
    on = DateField(label="Added on", past_only=True, error_messages={"required": "Enter the day"})


class RepayForm(GovukForm, forms.Form):
    amount_pence = PenceField(label="Amount repaid", error_messages={"required": "Enter the amount"})
    on = DateField(label="Received on", past_only=True, error_messages={"required": "Enter the day"})


class EndForm(GovukForm, forms.Form):
    reason = forms.ChoiceField(label="Why it ends", widget=forms.RadioSelect,
                               choices=[("sale", "The home was sold"), ("repayment", "The person repaid what they owed"),
                                        ("death", "The person died")],
                               error_messages={"required": "Choose why it ends"})
    on = DateField(label="Ends on", past_only=True, error_messages={"required": "Enter the day it ends"})


class InterestRateForm(GovukForm, forms.Form):
    starts_on = DateField(label="The period starts on (1 January or 1 July)",
                          error_messages={"required": "Enter the day the period starts"})
    percent = forms.DecimalField(label="The national maximum rate, in percent a year", min_value=0, max_digits=4,
                                 decimal_places=2,
                                 widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
                                 error_messages={"required": "Enter the rate", "invalid": "Enter the rate as a number, "
                                                                                          "like 4.25"})
    source = forms.CharField(label="Where it was published", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Say where the rate was published"})
