from django import forms

from selfdirect.core.forms import DateField, GovukForm
from selfdirect.people import codes

from . import queries


class ResearcherChoice(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.display_name} ({user.username})"


class ProjectForm(GovukForm, forms.Form):
    name = forms.CharField(label="Project name", max_length=200)
    lead = ResearcherChoice(label="Lead researcher", queryset=queries.researchers(), empty_label="Choose a researcher",
                           help_text="Only sign-ins that hold the researcher role are listed",
                           error_messages={"required": "Select the lead researcher",
                                           "invalid_choice": "Select a lead researcher from the list"})
    approval_reference = forms.CharField(label="Approval reference", max_length=100,
                                         help_text="The ethics committee (REC) or council research governance approval")
    starts_on = DateField(label="Start date")
    ends_on = DateField(label="End date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = queries.researchers()


class AddPeopleForm(GovukForm, forms.Form):
    client_group = forms.ChoiceField(label="Whom to add", required=False,
                                     help_text="Only people who agreed to research use of their data are added")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client_group"].choices = [("", "Everyone who agreed to research")] + [
            (code, f"Only {label.lower()}") for code, label in codes.choices("client_group")]
