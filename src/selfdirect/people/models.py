from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from . import authority
from .checks import format_nhs_number


class CodeList(models.Model):
    """A coded field's list, seeded from reference/code_lists.json. Official CLD lists are read-only."""

    name = models.SlugField(max_length=40, unique=True)
    title = models.CharField(max_length=120)
    cld_field = models.CharField(max_length=200, blank=True)
    official = models.BooleanField(default=False)
    source = models.TextField()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Code(models.Model):
    code_list = models.ForeignKey(CodeList, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=120)
    label = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code_list", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["code_list", "code"], name="unique_code_in_list")]

    def __str__(self) -> str:
        return self.label


class Person(models.Model):
    """Someone who asks the council for care and support. Fields follow the CLD return's person section."""

    la_person_id = models.CharField("Council person reference", max_length=20, unique=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, db_index=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    date_of_death = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=40)
    ethnicity = models.CharField(max_length=10)
    postcode = models.CharField(max_length=8)
    gp_practice_name = models.CharField("GP practice name", max_length=120, blank=True)
    gp_practice_code = models.CharField("GP practice code", max_length=10, blank=True)
    client_type = models.CharField(max_length=40, default="Service User")
    primary_support_reason = models.CharField(max_length=80)
    client_group = models.CharField(max_length=30)
    accommodation_status = models.CharField(max_length=120, default="Unknown")
    employment_status = models.CharField(max_length=80, default="Unknown")
    autism = models.CharField("Autism spectrum disorder", max_length=10, default="Unknown")
    visual_impairment = models.CharField(max_length=10, default="Unknown")
    hearing_impairment = models.CharField(max_length=10, default="Unknown")
    dementia = models.CharField(max_length=10, default="Unknown")
    client_funding_status = models.CharField(max_length=60, default="Unknown")
    previous_package_description = models.CharField(
        "Previous traditional package", max_length=200, blank=True
    )
    previous_package_weekly_pence = models.PositiveIntegerField(
        "Previous package weekly cost (pence)", null=True, blank=True
    )
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="people")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="own_record"
    )
    # Consent to research, sharing and plan examples is a record of its own (Consent), never a field here.
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def nhs_number_display(self) -> str:
        return format_nhs_number(self.nhs_number)

    @property
    def has_unpaid_carer(self) -> str:
        return "Yes" if self.carers.exists() else "No"


class Carer(models.Model):
    """An unpaid carer who supports the person."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="carers")
    name = models.CharField(max_length=160)
    relationship = models.CharField(max_length=60)
    lives_with_person = models.BooleanField(default=False)
    hours_caring_per_week = models.PositiveIntegerField(null=True, blank=True)
    willing_and_able_to_continue = models.BooleanField(default=True)
    # The carer's own sign-in, if they have one (made from an invitation): it shows their carer details, never the
    # cared-for person's record (docs/sign-ins.md).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="cares_as"
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.name


class Representative(models.Model):
    """Someone who may act for the person: their authority, of its kind (people/authority.py, each with its legal
    source), what it lets them see (its scope), the evidence seen, and when it starts, is reviewed and ends. What they
    see of the record is the scope of their live authorities (people.access.sections_for). One row is one authority:
    someone who holds two (an LPA for health and welfare and one for property) has two rows."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="representatives")
    name = models.CharField(max_length=160)
    relationship = models.CharField(max_length=60)
    kind = models.CharField("Kind of authority", max_length=30, choices=authority.kind_choices())
    scope = models.CharField("What it covers", max_length=30, choices=authority.scope_choices())
    evidence_reference = models.CharField("Evidence seen: its reference", max_length=300, blank=True)
    evidence_seen_on = models.DateField("Date the evidence was seen", null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="acts_for"
    )
    starts_on = models.DateField()
    review_on = models.DateField("Review the authority by", null=True, blank=True)
    # The first day on which they may NOT act: authority runs from starts_on up to the day before ends_on, so
    # authority ended "today" ends access today (docs/sign-ins.md). Blank while it lasts.
    ends_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField("Why the authority ended", max_length=2000, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who recorded it (blank for records made before this was kept).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "name"]

    def __str__(self) -> str:
        return f"{self.name} for {self.person}"

    @property
    def kind_rule(self) -> authority.Kind | None:
        return authority.KINDS.get(self.kind)

    @property
    def kind_source(self) -> str:
        return self.kind_rule.source if self.kind_rule else ""

    @property
    def scope_label(self) -> str:
        return authority.scope_label(self.scope)

    @property
    def scope_not_recorded(self) -> bool:
        return self.scope == authority.NOT_RECORDED

    def live_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on > day)

    def review_overdue_on(self, day) -> bool:
        return self.live_on(day) and authority.review_overdue(self.review_on, day)


class ConsentInformation(models.Model):
    """The information a person is given before they consent to a purpose, in the council's words, with an easy read
    version. Each change is a new version (the earlier ones stay, because each consent records the version given);
    an administrator publishes a new version (people.actions.publish_consent_information).

    `published_at` is when an administrator published it. Version 1 is the words Selfdirect ships (people/seed.py),
    published by nobody, and has no such moment: it is dated the day it was loaded, or the earliest day any consent was
    given against it if that is earlier (people.actions.record_consent moves the date back to an earlier consent's
    day; migration 0008 did so for the consents held when it ran)."""

    purpose = models.CharField(max_length=30, choices=authority.purpose_choices())
    version = models.PositiveIntegerField()
    text = models.TextField()
    easy_read_text = models.TextField("Easy read version")
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["purpose", "-version"]
        constraints = [models.UniqueConstraint(fields=["purpose", "version"], name="one_version_number_a_purpose")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}, version {self.version}"

    @property
    def shipped(self) -> bool:
        """Version 1 as Selfdirect ships it, dated by the consents given against it rather than by a publication."""
        return self.version == 1 and self.published_by_id is None

    @property
    def published_on(self):
        return timezone.localdate(self.published_at)

    @property
    def title_for_the_person(self) -> str:
        return authority.TITLES_FOR_THE_PERSON.get(self.purpose, self.get_purpose_display())

    @property
    def easy_read_title(self) -> str:
        return authority.EASY_READ_TITLES.get(self.purpose, self.get_purpose_display())


class Consent(models.Model):
    """A person's consent to one purpose: the version of the information they were given, the day they gave it and who
    recorded it; and, once withdrawn, the day it stopped counting and who recorded that. Consent counts from
    `given_on` up to the day before `withdrawn_on` (people.queries.has_consent): withdrawn today, it stops today,
    everywhere the purpose is used (research's releases, the plan examples library)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=30, choices=authority.purpose_choices())
    information = models.ForeignKey(ConsentInformation, on_delete=models.PROTECT, related_name="consents")
    given_on = models.DateField()
    note = models.CharField("How it was given", max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_note = models.CharField("How it was withdrawn", max_length=500, blank=True)
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["person", "purpose", "-given_on", "-id"]
        constraints = [
            # One consent at a time for a purpose: a new one only once the last was withdrawn.
            models.UniqueConstraint(fields=["person", "purpose"], condition=models.Q(withdrawn_on__isnull=True),
                                    name="one_open_consent_a_purpose"),
        ]
        indexes = [models.Index(fields=["purpose", "given_on"], name="consent_purpose_given")]

    def __str__(self) -> str:
        return f"{self.person} agrees to {self.get_purpose_display().lower()}"

    def live_on(self, day) -> bool:
        return authority.consent_live(self.given_on, self.withdrawn_on, day)
