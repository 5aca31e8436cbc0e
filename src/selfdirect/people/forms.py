from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone

from selfdirect.accounts.models import Team, User
from selfdirect.accounts.queries import held_roles
from selfdirect.core.forms import DateField, GovukForm, PenceField
from selfdirect.core.roles import REPRESENTATIVE_ROLES

from . import authority, codes
from .checks import CheckFailed, check_date_of_birth, normalise_nhs_number, normalise_postcode


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


FROM_THE_KIND = "from_kind"


def _scope_field():
    return forms.ChoiceField(
        label="What it covers", widget=forms.RadioSelect, required=False,
        choices=[(FROM_THE_KIND, "Follows from the kind (for all but a deputy and the person's consent)")] + [
            (code, label) for code, label in authority.scope_choices() if code != authority.NOT_RECORDED],
        help_text="A deputy's order covers personal welfare or property and financial affairs: choose which. With the "
                  "person's consent, choose the parts of their record they agreed this person may see.")


class AuthorityFieldsMixin:
    """The fields of an authority's kind, scope and evidence, shared by recording one and reviewing it. The checks
    themselves are people.actions' (people/authority.py), so the page and the API give the same messages."""

    def clean_scope(self):
        scope = self.cleaned_data.get("scope") or ""
        return "" if scope == FROM_THE_KIND else scope

    def _add_authority_problems(self, *, starts_on, also=None):
        """Every problem people/authority.py finds with what the form could read, on its field, so the page names them
        all at once (a start date, the evidence's reference and the day it was seen together) rather than one a
        submission. A field already in error keeps its own message."""
        data = self.cleaned_data
        _, problems = authority.authority_problems(
            kind=data.get("kind"), scope=data.get("scope"), evidence_reference=data.get("evidence_reference"),
            evidence_seen_on=data.get("evidence_seen_on"), starts_on=starts_on, review_on=data.get("review_on"),
            today=timezone.localdate())
        problems.update(also or {})
        for field, message in problems.items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        # The error summary lists the problems in the order of the fields on the page (GOV.UK error summary), whether
        # a field's own check or these found them.
        ordered = {name: self._errors[name] for name in [*self.fields, NON_FIELD_ERRORS] if name in self._errors}
        self._errors.clear()
        self._errors.update(ordered)


def _kind_field():
    return forms.ChoiceField(label="Kind of authority", choices=authority.kind_choices(offered_only=True),
                             widget=forms.RadioSelect,
                             error_messages={"required": "Select the kind of authority they have"})


def _evidence_fields():
    return (
        forms.CharField(label="Reference on the evidence seen", max_length=300, required=False,
                        help_text="Needed for a lasting or enduring power of attorney (the Office of the Public "
                                  "Guardian's registration reference), a deputy (the court order's number) and a DWP "
                                  "appointee (the reference on the DWP's letter)"),
        DateField(label="Date the evidence was seen", past_only=True, required=False,
                  help_text="The day you saw the original or a certified copy. For example, 27 3 2026"),
    )


class RepresentativeForm(AuthorityFieldsMixin, GovukForm, forms.Form):
    name = forms.CharField(label="Name", max_length=160, error_messages={"required": "Enter the name of the person who will act"})
    relationship = forms.ChoiceField(label="Relationship to the person", choices=[],
                                     error_messages={"required": "Select their relationship to the person"})
    kind = _kind_field()
    scope = _scope_field()
    evidence_reference, evidence_seen_on = _evidence_fields()
    username = forms.CharField(label="Their sign-in name (if they have an account)", max_length=150, required=False)
    starts_on = DateField(label="Acting from", error_messages={"required": "Enter the date they start acting for the person"})
    review_on = DateField(label="Review the authority by", required=False,
                          help_text="When to check that it still stands. For example, a year from now")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relationship"].choices = codes.choices("relationship") + [("Independent adviser", "Independent adviser")]

    def clean(self):
        data = super().clean()
        self._add_authority_problems(starts_on=data.get("starts_on"))
        return data

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if not username:
            return None

        user = User.objects.filter(username=username).first()
        if user is None or not any(h.role in REPRESENTATIVE_ROLES for h in held_roles(user)):
            raise forms.ValidationError("There is no family member, nominated person or adviser account with that sign-in name")
        return user


class ReviewAuthorityForm(AuthorityFieldsMixin, GovukForm, forms.Form):
    kind = _kind_field()
    scope = _scope_field()
    evidence_reference, evidence_seen_on = _evidence_fields()
    review_on = DateField(label="Date of the next review", future_only=True,
                          error_messages={"required": "Enter the date of the next review"})
    note = forms.CharField(label="Notes from the review", max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, representative=None, **kwargs):
        if representative is not None:
            initial = kwargs.setdefault("initial", {})
            kind = representative.kind_rule
            initial.setdefault("kind", representative.kind if kind and kind.offered else None)
            if kind and kind.offered and not kind.fixed_scope:
                initial.setdefault("scope", representative.scope)
            elif kind and kind.offered:
                initial.setdefault("scope", FROM_THE_KIND)
            initial.setdefault("evidence_reference", representative.evidence_reference)
            initial.setdefault("evidence_seen_on", representative.evidence_seen_on)
        self.representative = representative
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if self.representative is not None:
            review = ({} if "review_on" in self.errors else
                      authority.next_review_problems(data.get("review_on"), timezone.localdate()))
            self._add_authority_problems(starts_on=self.representative.starts_on, also=review)
        return data


class ConsentForm(GovukForm, forms.Form):
    given_on = DateField(label="Date the person gave their consent", past_only=True,
                         error_messages={"required": "Enter the date the person gave their consent"})
    note = forms.CharField(label="How it was given", max_length=500, required=False,
                           help_text="For example: signed the form at the review; said yes on the phone, with her "
                                     "daughter there")


class WithdrawConsentForm(GovukForm, forms.Form):
    withdrawn_on = DateField(label="Date the person withdrew their consent", past_only=True,
                             error_messages={"required": "Enter the date the person withdrew their consent"})
    note = forms.CharField(label="How it was withdrawn", max_length=500, required=False,
                           help_text="For example: told me at a visit; wrote to adult social care")


class ConsentInformationForm(GovukForm, forms.Form):
    text = forms.CharField(label="The information", widget=forms.Textarea(attrs={"rows": 10}),
                           error_messages={"required": "Enter the information"})
    easy_read_text = forms.CharField(label="The easy read version", widget=forms.Textarea(attrs={"rows": 8}),
                                     help_text="Short sentences, one idea each. Leave a blank line between them",
                                     error_messages={"required": "Enter the easy read version"})


class CodeForm(GovukForm, forms.Form):
    code = forms.CharField(max_length=120, error_messages={"required": "Enter the code"})
    label = forms.CharField(max_length=200, error_messages={"required": "Enter the label people will see"})
