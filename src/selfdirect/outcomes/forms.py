from django import forms

from selfdirect.core.forms import DateField, GovukForm

from . import cld_review
from .models import OutcomeRating, Review, ReviewRequest


class ReviewForm(GovukForm, forms.Form):
    held_on = DateField(label="Date of the review", past_only=True, error_messages={"required": "Enter the date of the review"})
    summary = forms.CharField(label="What did the person say about how things are going?",
                              widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                              error_messages={"required": "Enter what the person said about how things are going"})
    decision = forms.ChoiceField(label="What happens next?", choices=Review.Decision.choices, widget=forms.RadioSelect,
                                 error_messages={"required": "Select what happens next"})
    depth = forms.ChoiceField(label="Was this a light review or a full review?", choices=Review.Depth.choices,
                              widget=forms.RadioSelect,
                              error_messages={"required": "Select whether this is a light review or a full review"})
    depth.choice_hints = {Review.Depth.LIGHT: "A conversation, recorded here",
                          Review.Depth.FULL: "A reassessment: the journey starts again from finding out the budget"}
    reason = forms.ChoiceField(label="Why was the review held?", choices=cld_review.REVIEW_REASONS,
                               widget=forms.RadioSelect, error_messages={"required": "Select why the review was held"})
    method = forms.ChoiceField(label="Whose review was it?", choices=cld_review.METHODS_OF_REVIEW,
                               widget=forms.RadioSelect,
                               error_messages={"required": "Select whose review it was: the person's, their carer's, "
                                                           "or both together"})
    what_changed = forms.CharField(label="What changed in the plan and the budget as a result?", max_length=5000,
                                   help_text="If nothing changed, say so: “Nothing changed”",
                                   widget=forms.Textarea(attrs={"rows": 4}),
                                   error_messages={"required": "Enter what changed in the plan and the budget, or "
                                                               "“Nothing changed”"})

    def __init__(self, *args, outcomes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome_fields = []
        for index, outcome in enumerate(outcomes, start=1):
            name = f"outcome_{outcome.pk}"
            self.fields[name] = forms.ChoiceField(
                label=f"Outcome {index}: “{outcome.in_own_words}”", choices=OutcomeRating.Rating.choices,
                widget=forms.RadioSelect, error_messages={"required": f"Select how far outcome {index} was achieved"})
            self.outcome_fields.append((outcome.pk, name))
        self.order_fields(["held_on", "reason", "method", "summary", *(name for _, name in self.outcome_fields),
                           "decision", "depth", "what_changed"])

    def ratings(self) -> dict[int, str]:
        return {pk: self.cleaned_data[name] for pk, name in self.outcome_fields}


class AskForReviewForm(GovukForm, forms.Form):
    """The person, or someone acting for them, asks for a review through their own sign-in."""

    said = forms.CharField(label="Why would you like a review?", max_length=5000,
                           help_text="For example, what has changed, or what is not working", widget=forms.Textarea(attrs={"rows": 5}),
                           error_messages={"required": "Enter why you would like a review"})


class RecordRequestForm(GovukForm, forms.Form):
    """Staff record a request for a review made on the person's behalf: by phone, in a letter, at a visit."""

    asked_by_name = forms.CharField(label="Who asked?", max_length=160,
                                    error_messages={"required": "Enter the name of who asked for the review"})
    asked_by_relationship = forms.CharField(label="Who are they to the person?", max_length=120,
                                            help_text="For example, the person themselves, their daughter, their advocate",
                                            error_messages={"required": "Enter who they are to the person"})
    asked_on = DateField(label="When did they ask?", past_only=True, error_messages={"required": "Enter the date they asked"})
    said = forms.CharField(label="What did they say?", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
                           error_messages={"required": "Enter what they said"})


class TriggerForm(GovukForm, forms.Form):
    """A change that needs a review: a condition of the direct payment breached, capacity changed, a concern raised."""

    trigger = forms.ChoiceField(label="What changed?", choices=ReviewRequest.Trigger.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select what changed"})
    raised_on = DateField(label="When did it happen, or when were you told?", past_only=True,
                          error_messages={"required": "Enter the date of the change"})
    said = forms.CharField(label="What happened?", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
                           error_messages={"required": "Enter what happened"})


class DecideRequestForm(GovukForm, forms.Form):
    decision = forms.ChoiceField(label="Will the review be held?", widget=forms.RadioSelect,
                                 choices=[("accept", "Yes: the review is due now"), ("decline", "No: decline the request")],
                                 error_messages={"required": "Select whether the review will be held"})
    reasons = forms.CharField(label="If not, the reasons, as they will be given to the person", required=False,
                              max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
                              help_text="The person and anyone acting for them will see these words")
