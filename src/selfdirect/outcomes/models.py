from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from . import cld_review, evaluation


class Review(models.Model):
    """Step 7: how the plan worked, outcome by outcome, and what happens next."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", "Support continues as planned"
        REASSESS = "reassess", "Needs have changed: assess again and plan again"
        END = "end", "Support ends"

    class Depth(models.TextChoices):
        LIGHT = "light", "Light review"
        FULL = "full", "Full review"

    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="reviews")
    plan = models.ForeignKey("planning.SupportPlan", on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    summary = models.TextField("What the person said about how things are going")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    depth = models.CharField("Light or full review", max_length=5, choices=Depth.choices, default=Depth.LIGHT)
    # The Client Level Data review fields (outcomes.cld_review, docs/cld-review-fields.md): the value the file carries.
    # "Review Outcomes Achieved" is not kept: it is worked out from the ratings (cld_review.outcomes_achieved).
    cld_reason = models.CharField("Why the review was held", max_length=60, blank=True,
                                  help_text="A Review Reason value from outcomes.cld_review.REVIEW_REASONS")
    cld_method = models.CharField("Whose review it was", max_length=30, blank=True,
                                  help_text="A Method of Review value from outcomes.cld_review.METHODS_OF_REVIEW; blank "
                                            "only on reviews recorded before it was asked")
    what_changed = models.TextField("What changed in the plan and the budget as a result", blank=True)
    budget_before_pence = models.PositiveIntegerField(
        "Weekly personal budget before", null=True, blank=True,
        help_text="The weekly personal budget (the approved plan's weekly cost) when it was held")
    budget_after_pence = models.PositiveIntegerField(
        "Weekly personal budget after", null=True, blank=True,
        help_text="The weekly personal budget after it: the same when support continues, nothing when it ends; after a "
                  "full review, the next plan's when it is signed off (blank until then)")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]

    @property
    def cld_reason_display(self) -> str:
        return cld_review.label(cld_review.REVIEW_REASONS, self.cld_reason)

    @property
    def cld_method_display(self) -> str:
        return cld_review.label(cld_review.METHODS_OF_REVIEW, self.cld_method)

    @property
    def outcomes_achieved(self) -> str:
        """The "Review Outcomes Achieved" value, from the ratings (prefetch them when listing many)."""
        return cld_review.outcomes_achieved([r.rating for r in self.ratings.all()])


class OutcomeRating(models.Model):
    class Rating(models.TextChoices):
        ACHIEVED = "achieved", "Achieved"
        PARTLY = "partly", "Partly achieved"
        NOT_ACHIEVED = "not_achieved", "Not achieved"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="ratings")
    outcome = models.ForeignKey("planning.PlanOutcome", on_delete=models.PROTECT, related_name="ratings")
    rating = models.CharField(max_length=20, choices=Rating.choices)


class ReviewRequest(models.Model):
    """A review asked for (by the person, or someone acting for them: Care Act 2014 s.27(1)(b)) or triggered by a
    change (a direct payment condition breached, the person's capacity changed, a concern raised). A request waits for
    a decision: accepted, it is due (outcomes.schedule); declined, the reasons given to the person are kept. A
    trigger is due at once. The review that met it is recorded when it is held (outcomes.actions.record_review)."""

    class Kind(models.TextChoices):
        REQUESTED = "requested", "Asked for"
        TRIGGERED = "triggered", "Triggered by a change"

    class Trigger(models.TextChoices):
        CONDITION_BREACHED = "condition_breached", "A condition of the direct payment was breached"
        CAPACITY_CHANGED = "capacity_changed", "The person's capacity changed"
        CONCERN_RAISED = "concern_raised", "A concern was raised"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a decision"
        ACCEPTED = "accepted", "Agreed: the review is due"
        DECLINED = "declined", "Declined"
        HELD = "held", "Held"

    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="review_requests")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    trigger = models.CharField(max_length=20, choices=Trigger.choices, blank=True)
    asked_by_name = models.CharField("Who asked", max_length=160, blank=True)
    asked_by_relationship = models.CharField("Their relationship to the person", max_length=120, blank=True)
    asked_on = models.DateField()
    said = models.TextField("What they said")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    decline_reasons = models.TextField("The reasons given to the person", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    review = models.ForeignKey(Review, null=True, blank=True, on_delete=models.PROTECT, related_name="requests",
                               help_text="The review that met it")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-asked_on", "-id"]


def _choices(mapping: dict[str, str]) -> list[tuple[str, str]]:
    return list(mapping.items())


class Evaluation(models.Model):
    """One set of answers to an evaluation questionnaire at a review (outcomes.evaluation): the person's, a family
    carer's or the worker's, with who answered. `answers` maps each domain asked to an answer on the questionnaire's
    scale; `questionnaire` is the version asked (its key), so a later version never changes what was said."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="evaluations")
    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="evaluations")
    respondent = models.CharField("Whose questionnaire", max_length=14, choices=_choices(evaluation.RESPONDENTS))
    respondent_name = models.CharField("The family carer's name", max_length=160, blank=True)
    answered_by = models.CharField("Who answered", max_length=20, choices=_choices(evaluation.ANSWERED_BY))
    questionnaire = models.CharField(max_length=60)
    scale = models.CharField(max_length=14, choices=[(s, s) for s in evaluation.SCALES])
    answers = models.JSONField()
    held_on = models.DateField(help_text="The review's date, kept here for the reports")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "respondent", "id"]
        indexes = [models.Index(fields=["respondent", "held_on"], name="evaluation_respondent_held")]

    @property
    def own_voice(self) -> bool:
        return self.answered_by in evaluation.OWN_VOICE


def story_audio_path(story, filename):
    # The name is ours, never the uploader's: the case and a random part (the file is served only through access).
    import secrets
    return f"stories/{story.case_id}/{secrets.token_hex(16)}"


class Story(models.Model):
    """What changed, in the person's own words (or a family carer's), told at a review: written down, or recorded as
    audio. Kept as data, linked to the outcomes and the domains of life it speaks to; who may read it beyond the
    person's care team is the teller's choice, recorded with it and changeable at any time."""

    class ToldBy(models.TextChoices):
        PERSON = "person", "The person"
        FAMILY_CARER = "family_carer", "A family carer"
        REPRESENTATIVE = "representative", "Someone acting for the person"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="stories")
    case = models.ForeignKey("journey.Case", on_delete=models.PROTECT, related_name="stories")
    told_by = models.CharField(max_length=16, choices=ToldBy.choices)
    teller_name = models.CharField("Who told it", max_length=160, blank=True)
    words = models.TextField("The story, in their own words", blank=True)
    audio = models.FileField(upload_to=story_audio_path, blank=True)
    audio_type = models.CharField(max_length=40, blank=True)
    domains = models.JSONField(default=list, help_text="The domains of life it speaks to (outcomes.evaluation)")
    outcomes = models.ManyToManyField("planning.PlanOutcome", blank=True, related_name="stories")
    # Consent, as the teller gave it: the care team always reads it; beyond that, only as chosen.
    share_with_helpers = models.BooleanField("The staff who helped may read it", default=False)
    share_for_research = models.BooleanField("Researchers may read it, without the person's name", default=False)
    consent_changed_on = models.DateField(null=True, blank=True)
    held_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["audio"])

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name_plural = "stories"


class HelperNotice(models.Model):
    """A review's outcomes, sent back to a member of staff who helped the person on their way (outcomes.helped): read
    in the product, and in an email digest for those who ask for one. One a review and helper."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outcome_notices")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="notices")
    helped_as = models.CharField("How they helped", max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "review"], name="one_notice_a_review_and_helper")]


class DigestChoice(models.Model):
    """A member of staff's choice to have the outcomes of the people they helped sent as an email digest."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outcome_digest")
    email = models.BooleanField(default=False)
    changed_at = models.DateTimeField(auto_now=True)
