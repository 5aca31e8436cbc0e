"""The forms a review, its moderation and the provider's reply are written with (market.reviews holds the policy)."""

from django import forms

from selfdirect.core.forms import GovukForm

from . import reviews

STARS = [("", "No rating"), *((str(n), f"{n} star{'s' if n > 1 else ''}") for n in range(5, 0, -1))]


def stars(label: str) -> forms.TypedChoiceField:
    """The optional rating of 1 to 5 stars a review gives (market.reviews.rating_problem checks it)."""
    return forms.TypedChoiceField(
        label=label, choices=STARS, coerce=int, empty_value=None, required=False, widget=forms.RadioSelect
    )


class ReviewForm(GovukForm, forms.Form):
    person = forms.ChoiceField(label="Who are you reviewing it for?", widget=forms.RadioSelect)
    text = forms.CharField(
        label="What did you use, and how was it?",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=reviews.LONGEST,
        help_text="Say what you used through your plan and what it was like. Do not name anyone: the council checks "
        "every review against the review policy before it is published.",
    )
    rating = stars("How many stars would you give it?")

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        people = list(people)
        if len(people) > 1:  # a family member acting for more than one person who used it chooses; else it is asked not
            self.fields["person"].choices = [(str(p.pk), str(p)) for p in people]
        else:
            del self.fields["person"]


class ModerationForm(GovukForm, forms.Form):
    decision = forms.ChoiceField(
        label="Does it meet the review policy?",
        choices=[("publish", "Yes: publish it"), ("decline", "No: do not publish it")],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label="If not, why not?",
        required=False,
        choices=[("", "Not declined"), *((r.code, r.label) for r in reviews.REASONS)],
        widget=forms.RadioSelect,
        help_text="The person who wrote it sees this reason.",
    )


class ReplyForm(GovukForm, forms.Form):
    reply = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=reviews.REPLY_LONGEST,
        help_text="It is shown beside the review, with today's date.",
    )


class GivenReviewForm(GovukForm, forms.Form):
    """A review the person gave on paper, by phone or at a meeting, written down by a worker: which of the services
    they used, how they gave it, their words and stars, and that they agreed to it being sent to the council."""

    service = forms.ChoiceField(label="Which service is it about?", widget=forms.RadioSelect)
    how = forms.ChoiceField(
        label="How did they give it?",
        choices=[(code, label) for code, label, _ in reviews.GIVEN_HOW],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label="What did they say about it?",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=reviews.LONGEST,
        help_text="Write down what they said, in their words as far as you can. Leave out anyone's name: the council "
        "checks every review against the review policy before it is published.",
    )
    rating = stars("How many stars did they give it?")
    agreed = forms.BooleanField(label="They agreed to this review being sent to the council to publish")

    def __init__(self, *args, services=(), first_name="them", **kwargs):
        super().__init__(*args, **kwargs)
        self.services = {str(s.pk): s for s in services}
        self.fields["service"].choices = [(pk, f"{s.name}, {s.provider.name}") for pk, s in self.services.items()]
        self.fields["agreed"].label = (
            f"{first_name} agreed to this review being sent to the council to publish, without their name"
        )
        self.fields["agreed"].error_messages["required"] = (
            f"Confirm that {first_name} agreed to the review being sent to the council"
        )

    def chosen_service(self):
        return self.services[self.cleaned_data["service"]]
