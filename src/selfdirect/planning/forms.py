from decimal import Decimal

from django import forms

from selfdirect.accounts.models import Organisation
from selfdirect.assessment.eligibility import OUTCOME_LABELS
from selfdirect.core.forms import DateField, Form, PenceField
from selfdirect.core.money import Money

from .costing import DELIVERY_OPTIONS, ITEM_DELIVERY, ITEM_PERIODS
from .models import PlanItem


class OutcomeForm(Form):
    needs = forms.MultipleChoiceField(label="Which eligible needs does it meet?", required=False,
                                      widget=forms.CheckboxSelectMultiple, choices=[])
    in_own_words = forms.CharField(label="What does the person want to achieve, in their own words?",
                                   widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                                   help_text="For example: “I want to get to the allotment twice a week”",
                                   error_messages={"required": "Enter what the person wants to achieve"})
    how_met = forms.CharField(label="How will this be met?", widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=2000, required=False)

    field_order = ["in_own_words", "how_met", "needs"]

    def __init__(self, *args, needs=(), **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["needs"].choices = [(n, OUTCOME_LABELS[n]) for n in needs]
        if not needs:
            del self.fields["needs"]


class ItemForm(Form):
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
    pa_is_household_relative = forms.BooleanField(
        label="The personal assistant is a spouse, partner or close relative who lives in the same household",
        required=False)
    relative_agreed_reason = forms.CharField(
        label="If so, why the council agreed it is necessary", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}))


class ProposalItemForm(ItemForm):
    """What a budget holder suggests: no provider list or council decisions."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("organisation", "relative_agreed_reason"):
            del self.fields[name]


class RiskForm(Form):
    risk = forms.CharField(label="The risk", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                           error_messages={"required": "Describe the risk"})
    how_managed = forms.CharField(label="How it will be managed", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                                  error_messages={"required": "Say how the risk will be managed"})


class DetailsForm(Form):
    unpaid_support = forms.CharField(label="What family, friends and the person's network will do unpaid", required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    contingency_plan = forms.CharField(label="What happens if support does not turn up", required=False,
                                       widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    emergency_plan = forms.CharField(label="Who to contact in an emergency, and what to do", required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class UnpaidProposalForm(Form):
    unpaid_support = forms.CharField(label="What will your family and friends do?", widget=forms.Textarea(attrs={"rows": 3}),
                                     max_length=4000, error_messages={"required": "Say what family and friends will do"})


class ProposalResponseForm(Form):
    accept = forms.TypedChoiceField(label="Your response", choices=[("yes", "Accept it into the plan"), ("no", "Do not accept it")],
                                    coerce=lambda v: v == "yes", widget=forms.RadioSelect,
                                    error_messages={"required": "Select accept or do not accept"})
    response = forms.CharField(label="Your reply (the person will see it)", required=False, max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 2}))


class ChoiceForm(Form):
    from .models import ChoiceRecord as _CR

    option = forms.ChoiceField(label="Which option?", choices=DELIVERY_OPTIONS, widget=forms.RadioSelect,
                               error_messages={"required": "Select the option"})
    offered = forms.TypedChoiceField(label="Was it explained and offered?", choices=[("yes", "Yes"), ("no", "No")],
                                     coerce=lambda v: v == "yes", widget=forms.RadioSelect,
                                     error_messages={"required": "Select yes if the option was offered"})
    how = forms.ChoiceField(label="How was it explained?", choices=_CR.How.choices, widget=forms.RadioSelect, required=False)
    decision = forms.ChoiceField(label="What did the person decide?", choices=_CR.Decision.choices, widget=forms.RadioSelect,
                                 required=False)
    not_offered_reason = forms.ChoiceField(label="If not offered, why not?", choices=_CR.NotOffered.choices,
                                           widget=forms.RadioSelect, required=False)
    reason_text = forms.CharField(label="Explain", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("offered") is True:
            if not data.get("how"):
                self.add_error("how", "Say how the option was explained")
            if not data.get("decision"):
                self.add_error("decision", "Record what the person decided")
        elif data.get("offered") is False:
            if not data.get("not_offered_reason"):
                self.add_error("not_offered_reason", "Select why the option was not offered")
            if not (data.get("reason_text") or "").strip():
                self.add_error("reason_text", "Explain why the option was not offered")
        return data


class ConfirmChoicesForm(Form):
    confirmed = forms.BooleanField(label="I was told about all four ways my budget can be managed, and my choice was recorded",
                                   error_messages={"required": "Tick the box to confirm"})
    comment = forms.CharField(label="Anything you want to add", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class DirectPaymentSetupForm(Form):
    recipient = forms.ChoiceField(label="Who will receive the direct payment?", widget=forms.RadioSelect,
                                  choices=[("person", "The person"), ("nominated", "A nominated person"),
                                           ("authorised", "An authorised person (the person lacks capacity)")],
                                  error_messages={"required": "Select who will receive the direct payment"})
    recipient_name = forms.CharField(label="Name of the nominated or authorised person", required=False, max_length=160)
    capacity_and_consent = forms.BooleanField(label="Capacity and consent recorded (or an authorised person agreed)", required=False)
    agreement_signed_on = DateField(label="Date the direct payment agreement was signed", required=False)
    account_kind = forms.ChoiceField(label="Where the money goes", widget=forms.RadioSelect, required=False,
                                     choices=[("bank", "Separate bank account"), ("prepaid", "Prepaid card")])
    account_name = forms.CharField(label="Account name", required=False, max_length=120)
    sort_code = forms.CharField(label="Sort code", required=False, max_length=8,
                                widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5", "spellcheck": "false"}))
    account_number = forms.CharField(label="Account number", required=False, max_length=10,
                                     widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10", "spellcheck": "false"}))
    employer_responsibilities = forms.BooleanField(label="Employer responsibilities (payroll, insurance) explained and accepted", required=False)
    support_organisation_offered = forms.BooleanField(label="A direct payment support organisation was offered", required=False)


class ArrangeForm(Form):
    arranged_with = forms.CharField(label="Who will provide it?", max_length=160,
                                    error_messages={"required": "Enter who will provide this support"})
    starts_on = DateField(label="Date it starts", error_messages={"required": "Enter the date this support starts"})


class SignForm(Form):
    signed_name = forms.CharField(label="Full name of the person signing", max_length=160,
                                  error_messages={"required": "Enter the name of the person signing"})
    how = forms.ChoiceField(label="How", widget=forms.RadioSelect, error_messages={"required": "Select how the plan was signed"},
                            choices=[("online", "Signed here, online"), ("paper", "Signed on a printed copy"),
                                     ("on_behalf", "Signed by someone acting for the person")])


class ExampleForm(Form):
    title = forms.CharField(label="Title", max_length=160, help_text="For example: Swimming instead of a day centre",
                            error_messages={"required": "Give the example a title"})
    outcome = forms.CharField(label="The outcome, with nothing that could identify the person", max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}), error_messages={"required": "Describe the outcome"})
    how_met = forms.CharField(label="How it was met", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DeliveriesForm(Form):
    """How each item's money is managed. An item the spending rules say a direct payment cannot buy (`refused`: item
    id to the rules' answer) has a reason box, needed if a direct payment is chosen for it."""

    def __init__(self, *args, items=(), refused=None, **kwargs):
        super().__init__(*args, **kwargs)

        self.refused = refused or {}
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=f"{item.description} ({Money(item.weekly_cost_pence).format(symbol=False)} a week)", choices=ITEM_DELIVERY,
                widget=forms.RadioSelect, initial=item.delivery or None,
                error_messages={"required": f"Select how the money for {item.description} is managed"})
            if item.pk in self.refused:
                self.fields[f"reason_{item.pk}"] = forms.CharField(
                    label=f"If a direct payment pays for {item.description}, why?", required=False, max_length=2000,
                    initial=item.direct_payment_reason, widget=forms.Textarea(attrs={"rows": 2}),
                    help_text=f"The council's rules say a direct payment cannot buy this: {self.refused[item.pk].reason} "
                              "The manager sees your reason.",
                    error_messages={"max_length": f"Reason for {item.description} must be 2000 characters or less"})

    def clean(self):
        data = super().clean()
        for pk in self.refused:
            if data.get(f"item_{pk}") == "direct_payment" and not (data.get(f"reason_{pk}") or "").strip():
                label = self.fields[f"item_{pk}"].label.rsplit(" (", 1)[0]
                self.add_error(f"reason_{pk}", f"Say why a direct payment will pay for {label}")
        return data

    def deliveries(self) -> dict[int, str]:
        return {int(name[5:]): value for name, value in self.cleaned_data.items() if name.startswith("item_")}

    def reasons(self) -> dict[int, str]:
        return {int(name[7:]): value for name, value in self.cleaned_data.items()
                if name.startswith("reason_") and self.cleaned_data.get(f"item_{name[7:]}") == "direct_payment"}


class ReasonForm(Form):
    difference_reason = forms.CharField(label="Why does the plan cost more or less than the indicative budget?",
                                        widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                                        error_messages={"required": "Enter why the plan costs more or less than the indicative budget",
                                                        "max_length": "Reason must be 2000 characters or less"})


class DecisionForm(Form):
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


class DirectoryFilterForm(Form):
    """Which of the directory's services to show beside a plan (issue 20): what they are for, and where."""

    what = forms.ChoiceField(label="What kind of support", required=False, choices=[])
    area = forms.ChoiceField(label="Where", required=False, choices=[])

    def __init__(self, *args, kinds=(), areas=(), like: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        first = [("", f"Like this item: {like}"), ("any", "Any kind of support")] if like else [("", "Any kind of support")]
        self.fields["what"].choices = [*first, *kinds]
        self.fields["area"].choices = [("", "Anywhere"), *((a, a) for a in areas)]


class DirectorySuggestionForm(Form):
    """How much of a service from the directory the person or their family suggests for the plan."""

    unit = forms.ChoiceField(label="Which price", widget=forms.RadioSelect, choices=[],
                             error_messages={"required": "Select which price"})
    quantity = ItemForm.base_fields["quantity"]
    period = forms.ChoiceField(label="How often", choices=ITEM_PERIODS, widget=forms.RadioSelect,
                               error_messages={"required": "Select how often"})

    def __init__(self, *args, prices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = list(prices)
        self.fields["quantity"].label = "How many"
