from django import forms
from django.utils import timezone

from selfdirect.core.forms import DateField, Form
from selfdirect.core.roles import ORGANISATION_ROLES, STAFF_ROLES, TEAM_ROLES, Role

from .actions import Grant
from .models import Invitation, Organisation, Team


def _team_field(role: Role):
    return forms.ModelChoiceField(label=f"Team for the {role.label.lower()} role", queryset=Team.objects.all(),
                                  required=False, empty_label="Select a team",
                                  help_text="Needed only if you selected this role")


class RolesForm(Form):
    """The staff roles an account holds, with the team of each casework role and the provider's organisation."""

    roles = forms.MultipleChoiceField(
        label="Roles", widget=forms.CheckboxSelectMultiple, choices=[(r.value, r.label) for r in STAFF_ROLES],
        help_text="Select every role this person works in. They choose which role they are acting in when they sign "
                  "in.", error_messages={"required": "Select at least one role"})
    team_social_worker = _team_field(Role.SOCIAL_WORKER)
    team_team_manager = _team_field(Role.TEAM_MANAGER)
    organisation = forms.ModelChoiceField(label="Provider organisation (for the provider role)",
                                          queryset=Organisation.objects.all(), required=False,
                                          empty_label="Select an organisation",
                                          help_text="Needed only if you selected the provider role")

    def clean(self):
        data = super().clean()
        for value in data.get("roles") or []:
            role = Role(value)
            if role in TEAM_ROLES and not data.get(f"team_{role.value}"):
                self.add_error(f"team_{role.value}", f"Select the team for the {role.label.lower()} role")
            if role in ORGANISATION_ROLES and not data.get("organisation"):
                self.add_error("organisation", "Select the provider organisation")
        return data

    def grants(self) -> list[Grant]:
        data = self.cleaned_data
        return [Grant(Role(v), team=data.get(f"team_{v}") if Role(v) in TEAM_ROLES else None,
                      organisation=data.get("organisation") if Role(v) in ORGANISATION_ROLES else None)
                for v in data["roles"]]


class StaffForm(RolesForm):
    first_name = forms.CharField(label="First name", max_length=150, error_messages={"required": "Enter the first name"})
    last_name = forms.CharField(label="Last name", max_length=150, error_messages={"required": "Enter the last name"})
    email = forms.EmailField(label="Email address", help_text="We send a link here so they can set their password",
                             error_messages={"required": "Enter an email address, so they can set their password",
                                             "invalid": "Enter an email address in the correct format, like "
                                                        "name@example.com"})
    username = forms.CharField(label="Sign-in name", max_length=150, help_text="For example, firstname.lastname",
                               error_messages={"required": "Enter a sign-in name"})
    field_order = ["first_name", "last_name", "email", "username", "roles", "team_social_worker", "team_team_manager",
                   "organisation"]


class DeactivateForm(Form):
    reason = forms.CharField(label="Why is this account being deactivated? (optional)", required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))


class ChangeRoleForm(Form):
    role = forms.ChoiceField(label="Which role are you acting in?", widget=forms.RadioSelect, choices=[],
                             error_messages={"required": "Select the role you want to act in"})

    def __init__(self, *args, held=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(h.role.value, h.role.label) for h in held]


class InviteForm(Form):
    who = forms.ChoiceField(label="Who are you inviting to sign in?", widget=forms.RadioSelect, choices=[],
                            error_messages={"required": "Select who you are inviting"})
    delivery = forms.ChoiceField(label="How should we send the invitation?", widget=forms.RadioSelect,
                                 choices=Invitation.Delivery.choices,
                                 help_text="A letter is for someone without email: it has a code they type in",
                                 error_messages={"required": "Select how to send the invitation"})
    email = forms.EmailField(label="Email address (for an email link)", required=False,
                             error_messages={"invalid": "Enter an email address in the correct format, like "
                                                        "name@example.com"})

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        if person is not None:
            if not person.user_id:
                choices.append(("person", f"{person.full_name}, the person whose record this is"))
            today = timezone.localdate()
            for rep in person.representatives.filter(user__isnull=True):
                if rep.ends_on is None or rep.ends_on > today:
                    choices.append((f"rep-{rep.pk}", f"{rep.name} ({rep.relationship.lower()}), who acts for them"))
            for carer in person.carers.filter(user__isnull=True):
                choices.append((f"carer-{carer.pk}", f"{carer.name} ({carer.relationship.lower()}), unpaid carer"))
        self.fields["who"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("delivery") == Invitation.Delivery.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "Enter the email address to send the link to")
        return data


class NewSignInForm(Form):
    username = forms.CharField(label="Choose a sign-in name", max_length=150,
                               help_text="Letters, numbers and @ . + - _ only",
                               error_messages={"required": "Enter a sign-in name"})
    password = forms.CharField(label="Choose a password", widget=forms.PasswordInput, strip=False,
                               help_text="At least 12 characters. A few words together are easy to remember",
                               error_messages={"required": "Enter a password"})
    password_again = forms.CharField(label="Type the password again", widget=forms.PasswordInput, strip=False,
                                     error_messages={"required": "Type the password again"})

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", "The passwords do not match. Type the same password twice")
        return data


class SetPasswordForm(NewSignInForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["username"]


class LetterCodeForm(Form):
    code = forms.CharField(label="Code from your letter", max_length=30,
                           help_text="12 letters and numbers, for example ABCD-EFGH-JKMN",
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                                         "class": "govuk-input--width-20"}),
                           error_messages={"required": "Enter the code from your letter"})


class LetterCodeNewSignInForm(LetterCodeForm, NewSignInForm):
    field_order = ["code", "username", "password", "password_again"]


class EndAuthorityForm(Form):
    ends_on = DateField(label="Date the authority ends", help_text="They cannot act for the person from this day. "
                                                                   "For example, 27 3 2026",
                        error_messages={"required": "Enter the date the authority ends"})
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
                             error_messages={"required": "Enter the reason",
                                             "max_length": "Reason must be 2000 characters or less"})


class CodeForm(Form):
    """The second step of a staff sign-in, and confirming a new authenticator app."""

    code = forms.CharField(label="Code from your authenticator app", max_length=12, required=False,
                           help_text="6 numbers, for example 123456. A new code shows every 30 seconds",
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "spellcheck": "false", "class": "govuk-input--width-10"}))


class TokenForm(Form):
    name = forms.CharField(label="What is the token for?", max_length=100, required=False,
                           help_text="For example, the finance team's payments script. It helps you tell tokens apart",
                           error_messages={"max_length": "What the token is for must be 100 characters or less"})


class ChangePasswordForm(Form):
    current_password = forms.CharField(label="Your current password", strip=False, required=False,
                                       widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    password = forms.CharField(label="New password", strip=False, required=False,
                               help_text="At least 12 characters. A few random words together are easy to remember "
                                         "and hard to guess",
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password_again = forms.CharField(label="Type the new password again", strip=False, required=False,
                                     widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
