"""A subject access request (UK GDPR article 15), the review of what is gathered for it, and its release.

A request moves received → gathered → in review → approved → released, or is refused as manifestly unfounded or
excessive (article 12(5)); each move is a django-fsm transition, made only by subject_access.actions. Extending the
deadline by two further months (article 12(3)) is a transition too, one that leaves the request where it is (an
extended request is still gathered, or in review): its deadline, reason and the day the requester was told are kept
on the request, and the history (django-simple-history) keeps every version.

Gathering writes a frozen snapshot of everything held about the person as ReviewItems. The reviewer's redactions and
withholdings are Redactions of those items: they change what the release shows, never the records themselves, which
nothing here changes or deletes. A redaction taken back is marked withdrawn, not deleted."""

from django.conf import settings
from django.db import models
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from . import exemptions


class SubjectAccessRequest(models.Model):
    class State(models.TextChoices):
        RECEIVED = "received", "Received"
        GATHERED = "gathered", "Gathered"
        IN_REVIEW = "in_review", "In review"
        APPROVED = "approved", "Approved"
        RELEASED = "released", "Released"
        REFUSED = "refused", "Refused"

    OPEN = (State.RECEIVED, State.GATHERED, State.IN_REVIEW, State.APPROVED)
    REVIEWING = (State.GATHERED, State.IN_REVIEW)

    class Requester(models.TextChoices):
        PERSON = "person", "The person themselves"
        REPRESENTATIVE = "representative", "Someone acting for them"

    class Channel(models.TextChoices):
        LETTER = "letter", "Letter"
        EMAIL = "email", "Email"
        IN_PERSON = "in_person", "In person"
        PHONE = "phone", "Phone"

    class HowGiven(models.TextChoices):
        POST = "post", "By post (printed, or the archive on an encrypted memory stick)"
        EMAIL = "email", "By secure email"
        IN_PERSON = "in_person", "Handed over in person"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    state = FSMField(default=State.RECEIVED, choices=State.choices)  # moved only by subject_access.actions

    # Logging the request.
    received_on = models.DateField("Date received")
    received_how = models.CharField("How it came", max_length=20, choices=Channel.choices)
    proof_arrived_on = models.DateField(
        "Date the proof or clarification asked for arrived", null=True, blank=True,
        help_text="The month runs from this day when it is later than the day the request came")
    requester = models.CharField("Who asked", max_length=20, choices=Requester.choices)
    requester_name = models.CharField("Their name", max_length=160, blank=True)
    requester_relationship = models.CharField("Their relationship to the person, or capacity", max_length=100,
                                              blank=True)
    representative = models.ForeignKey("people.Representative", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")
    identity_checked = models.TextField("How the requester's identity was checked")
    authority_checked = models.TextField("How their authority to act for the person was checked", blank=True)
    asked_for = models.TextField("What they asked for")
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    logged_at = models.DateTimeField(auto_now_add=True)

    # The deadline (subject_access.deadlines): one month, or three when extended; kept as worked out when logged.
    starts_on = models.DateField()
    first_due_on = models.DateField()
    due_on = models.DateField(db_index=True)
    extension_reason = models.TextField(blank=True)
    extension_told_on = models.DateField(null=True, blank=True)
    extended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    extended_at = models.DateTimeField(null=True, blank=True)

    gathered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    gathered_at = models.DateTimeField(null=True, blank=True)
    review_done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")
    review_done_at = models.DateTimeField(null=True, blank=True)
    returned_reason = models.TextField("Why the review was returned", blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)
    released_on = models.DateField(null=True, blank=True)
    released_how = models.CharField("How it was given", max_length=20, choices=HowGiven.choices, blank=True)
    archive_sha256 = models.CharField(max_length=64, blank=True)

    refusal_grounds = models.CharField(max_length=20, choices=list(exemptions.REFUSAL_GROUNDS.items()), blank=True)
    refusal_reason = models.TextField(blank=True)
    refusal_told_on = models.DateField(null=True, blank=True)
    refused_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    refused_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["person", "-received_on"]), models.Index(fields=["state", "due_on"])]

    def __str__(self) -> str:
        return f"Subject access request {self.pk} for {self.person}"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN

    @property
    def extended(self) -> bool:
        return self.extension_told_on is not None

    @property
    def requester_display(self) -> str:
        if self.requester == self.Requester.PERSON:
            return "The person themselves"
        relationship = f" ({self.requester_relationship})" if self.requester_relationship else ""
        return f"{self.requester_name}{relationship}"

    # Transitions, each called only through subject_access.actions (which locks the request, checks the actor and
    # audits the move in one transaction).
    @transition(field=state, source=State.RECEIVED, target=State.GATHERED)
    def gather(self):
        pass

    @transition(field=state, source=State.GATHERED, target=State.IN_REVIEW)
    def begin_review(self):
        pass

    @transition(field=state, source=[State.GATHERED, State.IN_REVIEW], target=State.IN_REVIEW)
    def finish_review(self):
        pass

    @transition(field=state, source=State.IN_REVIEW, target=None)  # the review goes back to the reviewer
    def return_review(self):
        pass

    @transition(field=state, source=State.IN_REVIEW, target=State.APPROVED)
    def approve(self):
        pass

    @transition(field=state, source=State.APPROVED, target=State.RELEASED)
    def release(self):
        pass

    @transition(field=state, source=[State.RECEIVED, State.GATHERED, State.IN_REVIEW], target=State.REFUSED)
    def refuse(self):
        pass

    @transition(field=state, source=list(OPEN), target=None)  # the deadline moves; the request stays where it is
    def extend(self):
        pass


class ReviewItem(models.Model):
    """One thing held about the person, as gathered: its fields, (label, text), frozen when gathered, and the file it
    brings (a receipt), by its stored name. `key` names the record it came from, stable across gatherings."""

    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveIntegerField()
    kind = models.SlugField(max_length=40)
    kind_label = models.CharField(max_length=120)
    key = models.CharField(max_length=120)
    title = models.CharField(max_length=300)
    fields = models.JSONField(default=list)
    file_path = models.CharField(max_length=300, blank=True)
    file_name = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["request", "position"]
        constraints = [
            models.UniqueConstraint(fields=["request", "key"], name="one_item_a_key_per_request"),
            models.UniqueConstraint(fields=["request", "position"], name="one_item_a_position_per_request"),
        ]

    def __str__(self) -> str:
        return self.title


class Redaction(models.Model):
    """Something taken out of the release, with the exemption and the reason: words in one field, a whole field, or
    the whole item (withheld). A redaction taken back is marked withdrawn, never deleted."""

    class Scope(models.TextChoices):
        WORDS = "words", "Some words in a field"
        FIELD = "field", "A whole field"
        ITEM = "item", "The whole item (withheld)"

    item = models.ForeignKey(ReviewItem, on_delete=models.PROTECT, related_name="redactions")
    scope = models.CharField(max_length=10, choices=Scope.choices)
    field_index = models.PositiveIntegerField(null=True, blank=True)
    words = models.CharField(max_length=500, blank=True)
    exemption = models.CharField(max_length=20, choices=exemptions.choices())
    reason = models.CharField(max_length=300)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item", "id"]

    def __str__(self) -> str:
        return f"{self.get_scope_display()}: {self.reason}"

    @property
    def exemption_rule(self) -> exemptions.Exemption:
        return exemptions.exemption(self.exemption)
