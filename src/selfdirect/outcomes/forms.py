from django import forms

from selfdirect.core.forms import DateField, GovukForm

from . import audio as story_audio
from . import cld_review, evaluation
from .models import OutcomeRating, Review, ReviewRequest, Story


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


# ---- answers and stories at a review (outcomes.evaluation) -------------------------------------------------------------

YES_NO = [("yes", "Yes"), ("no", "No")]


def question_label(question) -> str:
    """"Health: Your physical and mental health"; the question alone where it only repeats its part of life."""
    if question.text.casefold() == question.domain_title.casefold():
        return question.text
    return f"{question.domain_title}: {question.text}"


class EvaluationForm(GovukForm, forms.Form):
    """One questionnaire's answers: who answered, a family carer's name, then each domain's question on the
    questionnaire's scale. The fields are named as the action names its problems (answered_by, respondent_name and
    each domain's id)."""

    def __init__(self, *args, questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        respondent = questionnaire.respondent
        choices = [(code, evaluation.ANSWERED_BY[code]) for code in evaluation.ANSWERED_BY_FOR[respondent]]
        self.answered_by_only = choices[0][0] if len(choices) == 1 else None  # no radios with a single choice
        if self.answered_by_only is None:
            self.fields["answered_by"] = forms.ChoiceField(
                label="Who answered?", choices=choices, widget=forms.RadioSelect,
                help_text="Who gave these answers, and whether the person was there",
                error_messages={"required": "Select who answered"})
        if respondent == evaluation.FAMILY_CARER:
            self.fields["respondent_name"] = forms.CharField(
                label="The family carer's name", max_length=160,
                error_messages={"required": "Enter the family carer's name"})
        self.domains = []
        for question in questionnaire.questions:
            field = forms.ChoiceField(
                label=question_label(question), choices=questionnaire.answers,
                widget=forms.RadioSelect,
                help_text=f"{questionnaire.scale_question} In easy read: “{question.easy_read}”",
                error_messages={"required": f"Select an answer for {question.domain_title[:1].lower()}"
                                            f"{question.domain_title[1:]}"})  # "where I live", not "where i live"
            field.choice_hints = {code: f"In easy read: {evaluation.EASY_READ_ANSWERS[code]}"
                                  for code, words in questionnaire.answers
                                  if evaluation.EASY_READ_ANSWERS.get(code, words) != words}
            self.fields[question.domain] = field
            self.domains.append(question.domain)

    def answers(self) -> dict[str, str]:
        return {domain: self.cleaned_data[domain] for domain in self.domains}

    def answered_by(self) -> str:
        return self.answered_by_only or self.cleaned_data["answered_by"]


class StoryForm(GovukForm, forms.Form):
    told_by = forms.ChoiceField(label="Who told the story?", choices=Story.ToldBy.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select who told the story"})
    teller_name = forms.CharField(label="Their name", required=False, max_length=160,
                                  help_text="Leave it blank if the person told it themselves")
    words = forms.CharField(label="The story, in their own words", required=False, max_length=20000,
                            widget=forms.Textarea(attrs={"rows": 8}),
                            help_text="Write down what they said, as they said it. If you recorded it, you can leave "
                                      "this blank")
    audio = forms.FileField(label="A recording of the story (optional)", required=False,
                            help_text=story_audio.HINT)
    domains = forms.MultipleChoiceField(label="Which parts of life is it about? (optional)", required=False,
                                        choices=list(evaluation.DOMAINS.items()), widget=forms.CheckboxSelectMultiple)
    outcome_ids = forms.TypedMultipleChoiceField(label="Which outcomes in the plan does it speak to? (optional)",
                                                 required=False, coerce=int, choices=[],
                                                 widget=forms.CheckboxSelectMultiple)
    share_with_helpers = forms.ChoiceField(
        label="May the staff who helped them on their way read this story?", choices=YES_NO, widget=forms.RadioSelect,
        help_text="For example the worker who first spoke to them, or who helped them plan. The care team can always "
                  "read it", error_messages={"required": "Select whether the staff who helped may read it"})
    share_for_research = forms.ChoiceField(
        label="May researchers read this story, without their name?", choices=YES_NO, widget=forms.RadioSelect,
        error_messages={"required": "Select whether researchers may read it"})

    def __init__(self, *args, outcomes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome_ids"].choices = [(o.pk, o.in_own_words) for o in outcomes]
        if not outcomes:
            del self.fields["outcome_ids"]

    # The action's own checks of the teller's name and the words, here too, so that every problem shows at once, in
    # the order of the page (outcomes.actions.record_story checks them again).
    def clean_teller_name(self):
        name = self.cleaned_data["teller_name"]
        if self.cleaned_data.get("told_by", Story.ToldBy.PERSON) != Story.ToldBy.PERSON and not name.strip():
            raise forms.ValidationError("Enter the name of who told the story")
        return name

    def clean_words(self):
        words = self.cleaned_data["words"]
        if not words.strip() and not self.files.get(self.add_prefix("audio")):
            raise forms.ValidationError("Write the story down, or add a recording of it")
        return words

    def clean_audio(self):
        audio = self.cleaned_data.get("audio")
        if audio and audio.size > story_audio.MAX_BYTES:
            raise forms.ValidationError(f"The recording must be smaller than {story_audio.MAX_BYTES // (1024 * 1024)} "
                                        f"MB")
        return audio


class StoryConsentForm(GovukForm, forms.Form):
    share_with_helpers = StoryForm.base_fields["share_with_helpers"]
    share_for_research = StoryForm.base_fields["share_for_research"]
