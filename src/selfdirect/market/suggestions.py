"""The form a worker records, for a person's file, the services from a directory search they suggested to the person:
for each service found on the page, a box to tick and why it suits them, and once how they were told. Every answer
may be left empty here; market.actions.suggest_services names each problem (no service chosen, a chosen service
without its why, how they were told left out) together."""

from django import forms

from selfdirect.core.forms import GovukForm

from .actions import WHY_LONGEST
from .models import Suggestion


class SuggestForm(GovukForm, forms.Form):
    how = forms.ChoiceField(
        label="How did you tell them?", choices=Suggestion.How.choices, required=False, widget=forms.RadioSelect
    )

    def __init__(self, *args, services=(), first_name="them", **kwargs):
        super().__init__(*args, **kwargs)
        self.services = list(services)
        for service in self.services:
            self.fields[f"suggest_{service.pk}"] = forms.BooleanField(
                label=f"Suggest {service.name} ({service.provider.name}) to {first_name}", required=False
            )
            self.fields[f"why_{service.pk}"] = forms.CharField(
                label=f"Why {service.name} ({service.provider.name}) suits {first_name}",
                required=False,
                max_length=WHY_LONGEST,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # GovukForm set the messages of the fields it found; these came after
        for name, field in self.fields.items():
            if name != "how":
                field.error_messages["max_length"] = f"{field.label} must be {WHY_LONGEST} characters or less"

    def chosen(self) -> list:
        """(service, why) for each service ticked, in the order found."""
        data = self.cleaned_data
        return [(s, data.get(f"why_{s.pk}") or "") for s in self.services if data.get(f"suggest_{s.pk}")]

    def field_for(self, problem) -> str | None:
        """The field a problem from the action goes on: "Choose at least one service" on the first service's box."""
        if problem.field == "services":
            return f"suggest_{self.services[0].pk}" if self.services else None
        return problem.field
