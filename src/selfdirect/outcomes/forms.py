from django import forms

from selfdirect.core.forms import DateField, GovukForm

from .models import OutcomeRating, Review


class ReviewForm(GovukForm, forms.Form):
    held_on = DateField(label="Date of the review", past_only=True, error_messages={"required": "Enter the date of the review"})
    summary = forms.CharField(label="What did the person say about how things are going?",
                              widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                              error_messages={"required": "Enter what the person said about how things are going"})
    decision = forms.ChoiceField(label="What happens next?", choices=Review.Decision.choices, widget=forms.RadioSelect,
                                 error_messages={"required": "Select what happens next"})

    def __init__(self, *args, outcomes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome_fields = []
        for index, outcome in enumerate(outcomes, start=1):
            name = f"outcome_{outcome.pk}"
            self.fields[name] = forms.ChoiceField(
                label=f"Outcome {index}: “{outcome.in_own_words}”", choices=OutcomeRating.Rating.choices,
                widget=forms.RadioSelect, error_messages={"required": f"Select how far outcome {index} was achieved"})
            self.outcome_fields.append((outcome.pk, name))

    def ratings(self) -> dict[int, str]:
        return {pk: self.cleaned_data[name] for pk, name in self.outcome_fields}
