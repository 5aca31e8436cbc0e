from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

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
    research_consent = models.BooleanField(
        "Agrees to pseudonymised data being used in research", default=False
    )
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
    """Someone who may act for the person, and the legal basis on which they do."""

    class LegalBasis(models.TextChoices):
        CONSENT = "consent", "Consent of the person, who has capacity"
        AUTHORISED_PERSON = "authorised_person", "Authorised person (Care Act s.32; the person lacks capacity)"
        DEPUTY = "deputy", "Deputy appointed by the Court of Protection"
        ATTORNEY = "attorney", "Attorney under a lasting power of attorney (health and welfare or property and affairs)"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="representatives")
    name = models.CharField(max_length=160)
    relationship = models.CharField(max_length=60)
    legal_basis = models.CharField(max_length=30, choices=LegalBasis.choices)
    evidence = models.CharField("Evidence seen", max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="acts_for"
    )
    starts_on = models.DateField()
    # The first day on which they may NOT act: authority runs from starts_on up to the day before ends_on, so
    # authority ended "today" ends access today (docs/sign-ins.md). Blank while it lasts.
    ends_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField("Why the authority ended", max_length=2000, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "name"]

    def __str__(self) -> str:
        return f"{self.name} for {self.person}"
