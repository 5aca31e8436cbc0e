from django import forms

from selfdirect.core.forms import DateField, GovukForm

from . import exemptions
from .models import SubjectAccessRequest


class RepresentativeChoice(forms.ModelChoiceField):
    def label_from_instance(self, rep):
        return f"{rep.name} ({rep.relationship})"


class LogRequestForm(GovukForm, forms.Form):
    received_on = DateField(label="Date received", past_only=True,
                             help_text="The day it reached the council, whether or not a working day. For example, "
                                       "27 3 2026")
    received_how = forms.ChoiceField(label="How did the request come?", widget=forms.RadioSelect,
                                     choices=SubjectAccessRequest.Channel.choices)
    requester = forms.ChoiceField(label="Who asked?", widget=forms.RadioSelect,
                                  choices=SubjectAccessRequest.Requester.choices)
    requester_name = forms.CharField(label="Name of the person acting for them", max_length=160, required=False,
                                     help_text="Only if someone asked for them")
    requester_relationship = forms.CharField(label="Their relationship to the person, or capacity", max_length=100,
                                             required=False, help_text="For example: daughter, attorney, solicitor")
    representative = RepresentativeChoice(label="Recorded as acting for the person", queryset=None, required=False,
                                          help_text="If they are recorded on the person's record")
    authority_checked = forms.CharField(
        label="How was their authority to act for the person checked?", required=False, widget=forms.Textarea,
        help_text="Only if someone asked for them. For example: the lasting power of attorney seen, or the person's "
                  "signed authority")
    identity_checked = forms.CharField(
        label="How was the requester's identity checked?", widget=forms.Textarea,
        help_text="For example: known to the worker; or a document seen, and which. Ask only for what you need")
    asked_for = forms.CharField(label="What did they ask for?", widget=forms.Textarea,
                                help_text="In their words: everything held, or particular records or dates")
    proof_arrived_on = DateField(
        label="Date the proof or clarification arrived", required=False,
        help_text="Only if you had to ask for proof of identity or authority, or what they meant: the month runs "
                  "from this day")

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["representative"].queryset = person.representatives.order_by("name", "pk")


class ExtendForm(GovukForm, forms.Form):
    reason = forms.CharField(label="Why is the extension necessary?", widget=forms.Textarea,
                             help_text="The law allows it for complex requests or a number of requests. The "
                                       "requester must be told this reason")
    told_on = DateField(label="Date the requester was told", past_only=True,
                        help_text="It must be within one month of the request")


class RefuseForm(GovukForm, forms.Form):
    grounds = forms.ChoiceField(label="Why can the request be refused?", widget=forms.RadioSelect,
                                choices=list(exemptions.REFUSAL_GROUNDS.items()))
    reason = forms.CharField(label="The reasons, as given to the requester", widget=forms.Textarea,
                             help_text="The council must be able to show the request is manifestly unfounded or "
                                       "excessive")
    told_on = DateField(label="Date the requester was told", past_only=True,
                        help_text="Tell them the reasons, and that they may complain to the Information "
                                  "Commissioner's Office and go to court, within one month of the request")


class ExemptionRadios(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(widget=forms.RadioSelect, choices=exemptions.choices(), **kwargs)


class RedactForm(GovukForm, forms.Form):
    field_index = forms.TypedChoiceField(label="Which part of the item?", coerce=int)
    words = forms.CharField(label="Words to redact", max_length=500, required=False,
                            help_text="Copy them as they are shown. Leave this empty to redact the whole part")
    everywhere = forms.BooleanField(label="Redact these words everywhere they appear in this request",
                                    required=False)
    exemption = ExemptionRadios(label="Which exemption allows it?")
    reason = forms.CharField(label="Reason, as the person will read it", max_length=300,
                             help_text="It replaces the words, as “[redacted: reason]”. For example: third party: "
                                       "carer's own health")

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_index"].choices = [(index, label) for index, (label, _) in enumerate(item.fields)]
        _offer_exemptions(self, item)


def _offer_exemptions(form, item) -> None:
    """"Outside the requester's authority" only for a request made by someone acting for the person."""
    representative_asked = item.request.requester == SubjectAccessRequest.Requester.REPRESENTATIVE
    form.fields["exemption"].choices = exemptions.choices(representative_asked=representative_asked)


class WithholdForm(GovukForm, forms.Form):
    exemption = ExemptionRadios(label="Which exemption allows withholding it?")
    reason = forms.CharField(label="Why it is withheld, as the person will read it", max_length=300,
                             help_text="The list of everything held still names the item, with this reason")

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_exemptions(self, item)


class ReturnForm(GovukForm, forms.Form):
    reason = forms.CharField(label="What should change?", widget=forms.Textarea)


class ReleaseForm(GovukForm, forms.Form):
    how = forms.ChoiceField(label="How will it be given?", widget=forms.RadioSelect,
                            choices=SubjectAccessRequest.HowGiven.choices)
