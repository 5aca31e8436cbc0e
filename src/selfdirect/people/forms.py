from django import forms
from django.utils import timezone

from selfdirect.accounts.models import Team, User
from selfdirect.accounts.queries import held_roles
from selfdirect.core.forms import DateField, GovukForm, PenceField
from selfdirect.core.roles import REPRESENTATIVE_ROLES

from . import codes
from .checks import CheckFailed, check_date_of_birth, normalise_nhs_number, normalise_postcode
from .models import Representative


class CodedFieldsMixin:
    """Fills each coded field's choices from its live code list."""

    radio_fields: tuple[str, ...] = ()

    def _fill_choices(self):
        for name, list_name in codes.PERSON_FIELD_LISTS.items():
            if name in self.fields:
                self.fields[name].choices = codes.choices(list_name)
                if name in self.radio_fields:
                    self.fields[name].widget = forms.RadioSelect(choices=self.fields[name].choices)


def _coded(label, **kwargs):
    return forms.ChoiceField(label=label, choices=[], error_messages={"required": f"Select {label.lower()}"}, **kwargs)


class AboutThePersonForm(CodedFieldsMixin, GovukForm, forms.Form):
    title = "About the person"
    first_name = forms.CharField(max_length=100, error_messages={"required": "Enter the person's first name"})
    last_name = forms.CharField(max_length=100, error_messages={"required": "Enter the person's last name"})
    date_of_birth = DateField(label="Date of birth", past_only=True, help_text="For example, 27 3 1958",
                              error_messages={"required": "Enter the person's date of birth"})
    nhs_number = forms.CharField(label="NHS number", required=False, max_length=14,
                                 help_text="10 digits, like 485 777 3456. Leave blank if not known.",
                                 widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-10"}))
    gender = _coded("Gender")
    ethnicity = _coded("Ethnicity")
    radio_fields = ("gender",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].widget.attrs["autocomplete_prefix"] = "bday"
        self._fill_choices()

    def clean_nhs_number(self):
        raw = self.cleaned_data["nhs_number"]
        if not raw.strip():
            return ""
        try:
            return normalise_nhs_number(raw)
        except CheckFailed as failure:
            raise forms.ValidationError(str(failure)) from None

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        try:
            return check_date_of_birth(value, today=timezone.localdate())
        except CheckFailed as failure:
            raise forms.ValidationError(str(failure)) from None


class CircumstancesForm(CodedFieldsMixin, GovukForm, forms.Form):
    title = "Where the person lives"
    postcode = forms.CharField(max_length=10, error_messages={"required": "Enter the person's postcode"},
                               widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}))
    accommodation_status = _coded("Accommodation status")
    employment_status = _coded("Employment status")
    gp_practice_name = forms.CharField(label="GP practice name", max_length=120, required=False)
    gp_practice_code = forms.CharField(label="GP practice code", max_length=10, required=False,
                                       widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._fill_choices()

    def clean_postcode(self):
        try:
            return normalise_postcode(self.cleaned_data["postcode"])
        except CheckFailed as failure:
            raise forms.ValidationError(str(failure)) from None


class CareNeedsForm(CodedFieldsMixin, GovukForm, forms.Form):
    title = "Care needs"
    client_type = _coded("Client type")
    primary_support_reason = _coded("Primary support reason")
    client_group = _coded("Client group")
    autism = _coded("Autism spectrum disorder")
    visual_impairment = _coded("Visual impairment")
    hearing_impairment = _coded("Hearing impairment")
    dementia = _coded("Dementia")
    client_funding_status = _coded("Client funding status")
    team = forms.ModelChoiceField(queryset=Team.objects.all(), label="Team", empty_label=None,
                                  error_messages={"required": "Select the team that will hold the case"})
    radio_fields = ("client_type", "client_group", "autism", "visual_impairment", "hearing_impairment", "dementia")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._fill_choices()


class ReferralForm(GovukForm, forms.Form):
    title = "The referral"
    referred_on = DateField(label="Date of referral", past_only=True, error_messages={"required": "Enter the date of referral"})
    route_of_access = forms.ChoiceField(label="Route of access", choices=[],
                                        error_messages={"required": "Select how the person came to the council"})
    reason = forms.CharField(label="What the person asked for", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
                             error_messages={"required": "Enter what the person asked for"})
    previous_package_description = forms.CharField(
        label="Previous traditional package", required=False, max_length=200,
        help_text="If the person already had council-arranged care, describe it, for example 'home care, 10 hours a week'")
    previous_package_weekly_pence = PenceField(label="Weekly cost of the previous package", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["route_of_access"].choices = codes.choices("route_of_access")

    def clean(self):
        data = super().clean()
        if data.get("previous_package_weekly_pence") and not data.get("previous_package_description"):
            self.add_error("previous_package_description", "Describe the previous package as well as its cost")
        return data


PERSON_STEPS = [
    ("about", AboutThePersonForm),
    ("circumstances", CircumstancesForm),
    ("care-needs", CareNeedsForm),
    ("referral", ReferralForm),
]


class CarerForm(GovukForm, forms.Form):
    name = forms.CharField(label="Carer's name", max_length=160, error_messages={"required": "Enter the carer's name"})
    relationship = forms.ChoiceField(label="Relationship to the person", choices=[],
                                     error_messages={"required": "Select the carer's relationship to the person"})
    lives_with_person = forms.TypedChoiceField(label="Does the carer live with the person?", coerce=lambda v: v == "yes",
                                               choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect,
                                               error_messages={"required": "Select yes if the carer lives with the person"})
    hours_caring_per_week = forms.IntegerField(label="Hours caring each week", min_value=0, max_value=168, required=False,
                                               widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
                                               error_messages={"min_value": "Hours caring each week must be 0 or more",
                                                               "max_value": "Hours caring each week must be 168 or fewer",
                                                               "invalid": "Hours caring each week must be a whole number"})
    willing_and_able_to_continue = forms.TypedChoiceField(
        label="Is the carer willing and able to go on caring?", coerce=lambda v: v == "yes",
        choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the carer is willing and able to go on caring"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relationship"].choices = codes.choices("relationship")


class RepresentativeForm(GovukForm, forms.Form):
    name = forms.CharField(label="Name", max_length=160, error_messages={"required": "Enter the name of the person who will act"})
    relationship = forms.ChoiceField(label="Relationship to the person", choices=[],
                                     error_messages={"required": "Select their relationship to the person"})
    legal_basis = forms.ChoiceField(label="On what basis do they act?", choices=Representative.LegalBasis.choices,
                                    widget=forms.RadioSelect, error_messages={"required": "Select the legal basis for acting"})
    evidence = forms.CharField(label="Evidence seen", max_length=300, required=False,
                               help_text="For example: consent form signed 3 March 2025; LPA reference; court order number")
    username = forms.CharField(label="Their sign-in name (if they have an account)", max_length=150, required=False)
    starts_on = DateField(label="Acting from", error_messages={"required": "Enter the date they start acting for the person"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relationship"].choices = codes.choices("relationship") + [("Independent adviser", "Independent adviser")]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if not username:
            return None

        user = User.objects.filter(username=username).first()
        if user is None or not any(h.role in REPRESENTATIVE_ROLES for h in held_roles(user)):
            raise forms.ValidationError("There is no family member, nominated person or adviser account with that sign-in name")
        return user

    def clean(self):
        data = super().clean()
        if data.get("legal_basis") in {"deputy", "attorney", "authorised_person"} and not data.get("evidence"):
            self.add_error("evidence", "Record the evidence seen for a deputy, attorney or authorised person")
        return data


class CodeForm(GovukForm, forms.Form):
    code = forms.CharField(max_length=120, error_messages={"required": "Enter the code"})
    label = forms.CharField(max_length=200, error_messages={"required": "Enter the label people will see"})
