from decimal import Decimal

from django import forms

from selfdirect.accounts.models import Organisation
from selfdirect.core.forms import DateField, PenceField

from .costing import DELIVERY_OPTIONS, ITEM_PERIODS
from .models import PlanItem


class OutcomeForm(forms.Form):
    in_own_words = forms.CharField(label="What does the person want to achieve, in their own words?",
                                   widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                                   help_text="For example: “I want to get to the allotment twice a week”",
                                   error_messages={"required": "Enter what the person wants to achieve"})
    how_met = forms.CharField(label="How will this be met?", widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=2000, required=False)


class ItemForm(forms.Form):
    description = forms.CharField(label="What is it?", max_length=200,
                                  help_text="Think beyond hours of care: a gym pass, a class, a piece of equipment, a taxi",
                                  error_messages={"required": "Enter what the item is"})
    supplier_kind = forms.ChoiceField(label="Who supplies it?", choices=PlanItem.SupplierKind.choices,
                                      widget=forms.RadioSelect, error_messages={"required": "Select who supplies it"})
    organisation = forms.ModelChoiceField(label="Provider (if listed)", queryset=Organisation.objects.all(),
                                          required=False)
    supplier_name = forms.CharField(label="Supplier's name (if not listed)", max_length=160, required=False)
    unit = forms.CharField(label="Unit", max_length=40, help_text="For example: hour, session, visit, item",
                           widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
                           error_messages={"required": "Enter the unit, like hour or session"})
    unit_cost_pence = PenceField(label="Cost of one unit", error_messages={"required": "Enter the cost of one unit"})
    quantity = forms.DecimalField(label="How many units", min_value=Decimal("0.01"), max_digits=8, decimal_places=2,
                                  widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
                                  error_messages={"required": "Enter how many units", "invalid": "How many units must be a number, like 7.5",
                                                  "min_value": "How many units must be more than 0",
                                                  "max_decimal_places": "How many units can have at most two decimal places",
                                                  "max_digits": "How many units must be less than 1,000,000"})
    period = forms.ChoiceField(label="How often", choices=ITEM_PERIODS, widget=forms.RadioSelect,
                               error_messages={"required": "Select how often"})


class ReasonForm(forms.Form):
    difference_reason = forms.CharField(label="Why does the plan cost more or less than the indicative budget?",
                                        widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                                        error_messages={"required": "Enter the reason"})


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="Your decision", widget=forms.RadioSelect,
                                 choices=[("approve", "Approve the plan"), ("return", "Return it for changes")],
                                 error_messages={"required": "Select approve or return"})
    comment = forms.CharField(label="Comments the person will see", widget=forms.Textarea(attrs={"rows": 3}),
                              required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", "Say what needs to change before the plan can be approved")
        return data


class OrganiseMoneyForm(forms.Form):
    delivery_option = forms.ChoiceField(label="How will the money be managed?", choices=DELIVERY_OPTIONS,
                                        widget=forms.RadioSelect,
                                        error_messages={"required": "Select how the money will be managed"})
    starts_on = DateField(label="Date support starts", error_messages={"required": "Enter the date support starts"})
