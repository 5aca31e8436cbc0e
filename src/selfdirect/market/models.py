"""The market directory (issue 20): the providers, services and venues a budget holder, a family, a worker or a broker
chooses support from, held in the shape of Open Referral UK (the UK profile of HSDS 3.0, tests/market/fixtures/oruk
and docs/market.md): organization (a Provider beside the accounts' Organisation that signs in and is paid), service,
location, service_at_location, service_area, cost_option (our Rate), schedule, language, taxonomy and taxonomy_term,
and accessibility (a venue's four facts).

Every record has a UUID: the id Open Referral UK publishes, stable across exports and imports. A record loaded from
another directory (`selfdirect market import-oruk`) keeps that directory's id as `source_id`, so a second import of the
same pages changes what changed and adds nothing. Prices are integer pence (core.money.Money): a rate's amount, and
the framework rate the council pays. Changes to prices and vacancies are dated: a price change ends the old rate and
starts a new one; vacancies carry the day the provider reported them; django-simple-history keeps every earlier
version of a service and a venue."""

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from . import search


class Taxonomy(models.Model):
    """A classification of services: the directory's own ("What you can do"), or another directory's, imported."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=40, blank=True)
    source_id = models.CharField(max_length=200, blank=True, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    """What a person can do with a service (personal care, a day opportunity, a club, transport, a short break...)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    code = models.CharField(max_length=80)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source_id = models.CharField(max_length=200, blank=True, db_index=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["taxonomy", "code"], name="market_term_code_once")]

    def __str__(self) -> str:
        return self.name


class Provider(models.Model):
    """An organisation as the directory lists it (ORUK organization). `organisation` is the accounts record a provider
    signs in as and is paid through, where there is one; an organisation imported from another directory has none
    until the council links it. A new provider is listed only once the council confirms it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for the council to confirm"
        LISTED = "listed", "Listed"
        WITHDRAWN = "withdrawn", "Not listed"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.OneToOneField("accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="listing")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    confirmed_on = models.DateField(null=True, blank=True)
    # why the council did not list it, and when: shown to the provider on its own entries, cleared if it is listed later
    declined_reason = models.CharField("Why the council did not list it", max_length=500, blank=True)
    declined_on = models.DateField(null=True, blank=True)
    source_id = models.CharField(max_length=200, blank=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """A venue (ORUK location): where a service is given, with its address, its CQC registration and its access."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="locations")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    address_1 = models.CharField("Address line 1", max_length=200, blank=True)
    city = models.CharField("Town or city", max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    cqc_location_id = models.CharField("CQC location ID", max_length=20, blank=True, db_index=True)
    step_free = models.BooleanField("Step-free access", null=True)
    accessible_toilet = models.BooleanField(null=True)
    hearing_loop = models.BooleanField(null=True)
    parking = models.BooleanField("Accessible parking", null=True)
    source_id = models.CharField(max_length=200, blank=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """A service (ORUK service): what a person can do with it, where and when, for whom, at what price, how the
    council stands with it and what a budget can buy it with, and how full it is."""

    class Status(models.TextChoices):  # ORUK service.status's enum
        ACTIVE = "active", "Open"
        INACTIVE = "inactive", "Not running"
        DEFUNCT = "defunct", "Closed for good"
        TEMPORARILY_CLOSED = "temporarily closed", "Closed for now"

    class Relationship(models.TextChoices):
        # the plain words of search.RELATIONSHIPS, shown wherever the relationship is
        FRAMEWORK = "framework", search.RELATIONSHIPS["framework"]
        CONTRACT = "contract", search.RELATIONSHIPS["contract"]
        SPOT = "spot", search.RELATIONSHIPS["spot"]
        NONE = "none", search.RELATIONSHIPS["none"]

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    terms = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="services")
    locations = models.ManyToManyField(Location, through="ServiceAtLocation", related_name="services")
    relationship = models.CharField(max_length=20, choices=Relationship.choices, default=Relationship.NONE)
    framework_rate_pence = models.BigIntegerField("The rate the council pays, in pence an hour", null=True, blank=True)
    direct_payment = models.BooleanField("A direct payment can buy it", default=True)
    individual_service_fund = models.BooleanField("An individual service fund can hold it", default=False)
    council_commissioned = models.BooleanField("The council can arrange it", default=False)
    vacancies = models.PositiveIntegerField("Places free", null=True, blank=True)
    waiting_weeks = models.PositiveSmallIntegerField("Weeks' wait for a place", null=True, blank=True)
    capacity_reported_on = models.DateField("When the provider last said", null=True, blank=True)
    source_id = models.CharField(max_length=200, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ServiceAtLocation(models.Model):
    """A service given at a venue (ORUK service_at_location)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="service_at_locations")
    source_id = models.CharField(max_length=200, blank=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="market_service_at_location_once")]


class ServiceArea(models.Model):
    """Where a service reaches (ORUK service_area): a town, a district or the whole council's area."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]


class Language(models.Model):
    """A language the service is given in (ORUK language; the UK profile publishes only its id)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    name = models.CharField(max_length=80)
    code = models.CharField("ISO 639 code", max_length=10, blank=True)

    class Meta:
        ordering = ["name"]


class Schedule(models.Model):
    """When a service runs (ORUK schedule): weekly on the days named, between two times."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    byday = models.CharField("Days (RFC 5545 BYDAY: MO,TU,WE,TH,FR,SA,SU)", max_length=40)
    opens_at = models.TimeField()
    closes_at = models.TimeField()
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]


class Rate(models.Model):
    """A price (published as an ORUK cost_option): an amount for a unit in a time band, from the day it starts until
    the day before a newer one for the same unit and band, with the day the provider confirmed it."""

    class Unit(models.TextChoices):
        HOUR = "hour", "an hour"
        SESSION = "session", "a session"
        DAY = "day", "a day"
        WEEK = "week", "a week"

    class Band(models.TextChoices):
        WEEKDAY = "weekday", "weekdays"
        WEEKEND = "weekend", "weekends"
        NIGHT = "night", "nights"
        BANK_HOLIDAY = "bank_holiday", "bank holidays"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="rates")
    amount_pence = models.BigIntegerField()
    unit = models.CharField(max_length=10, choices=Unit.choices)
    band = models.CharField(max_length=20, choices=Band.choices, default=Band.WEEKDAY)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    confirmed_on = models.DateField("The day the provider confirmed it")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["service", "unit", "band", "-starts_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_pence__gte=0), name="market_rate_not_negative"),
            models.UniqueConstraint(fields=["service", "unit", "band"], condition=models.Q(ends_on__isnull=True),
                                    name="market_one_current_rate"),
        ]


class CqcRating(models.Model):
    """A venue's current CQC rating, overall or for one key question, with the day CQC published it (loaded from
    CQC's published files by `selfdirect market import-cqc`; every earlier rating is in its history)."""

    class KeyQuestion(models.TextChoices):
        OVERALL = "overall", "Overall"
        SAFE = "safe", "Safe"
        EFFECTIVE = "effective", "Effective"
        CARING = "caring", "Caring"
        RESPONSIVE = "responsive", "Responsive"
        WELL_LED = "well_led", "Well-led"

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="cqc_ratings")
    key_question = models.CharField(max_length=20, choices=KeyQuestion.choices)
    rating = models.CharField(max_length=60)
    published_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["location", "key_question"], name="market_one_rating_a_question")]


class CqcImport(models.Model):
    """One CQC file loaded: what it matched, and each row it could not use, named for a person to resolve."""

    file_name = models.CharField(max_length=200)
    file_sha256 = models.CharField(max_length=64)
    kind = models.CharField(max_length=20)  # "directory" (the care directory CSV) or "ratings" (the ODS)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    left_out = models.PositiveIntegerField(default=0)  # rows of other local authorities (SELFDIRECT_CQC_LOCAL_AUTHORITIES)
    unmatched = models.JSONField(default=list)  # [{"row": n, "location_id": ..., "name": ...}]
    problems = models.JSONField(default=list)  # ["row 7: Location ID 'LOC-7' is not a CQC location id", ...]

    class Meta:
        ordering = ["-imported_at", "-id"]


class Review(models.Model):
    """What a person, or a family member acting for them, says about a service they used through their plan: one a
    person a service, moderated by the council against the published policy (market.reviews,
    docs/market-review-policy.md) before anyone else sees it, with the provider's reply shown beside it. Published
    without the reviewer's name. It is the person's data: a subject access request gathers it and erasure deletes it
    (retention)."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for the council to check it"
        PUBLISHED = "published", "Published"
        DECLINED = "declined", "Not published"

    class Writer(models.TextChoices):
        PERSON = "person", "A person who uses this service"
        FAMILY = "family", "A family member"
        # said on a paper form, by phone or at a meeting, and written down by a worker with the person's agreement
        # (market.actions.record_review_given): people without the internet or a sign-in review services too
        GIVEN = "given", "A person who uses this service, on paper or by phone"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="reviews")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="service_reviews")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acting_for = models.CharField("Written by", max_length=10, choices=Writer.choices)
    text = models.TextField("Review")
    rating = models.PositiveSmallIntegerField("Stars (1 to 5)", null=True, blank=True)
    written_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    moderated_on = models.DateField(null=True, blank=True)
    moderation_reason = models.CharField("Why it was not published", max_length=40, blank=True)
    reply = models.TextField("The provider's reply", blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    replied_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-written_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["service", "person"], name="market_one_review_a_person_a_service"),
            models.CheckConstraint(condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                                   name="market_review_rating_1_to_5"),
        ]


class Suggestion(models.Model):
    """A service in the directory that a worker suggested to a person, by phone, on paper (a printed list sent), at a
    meeting or by email, and why it suits them: kept for the person's file (market.actions.suggest_services). It is
    the person's data: a subject access request gathers it and erasure deletes it (retention)."""

    class How(models.TextChoices):
        PHONE = "phone", "By phone"
        PAPER = "paper", "On paper (a printed list sent)"
        MEETING = "meeting", "At a meeting"
        EMAIL = "email", "By email"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="directory_suggestions")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="suggestions")
    suggested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    suggested_on = models.DateField()
    how = models.CharField("How they were told", max_length=10, choices=How.choices)
    why = models.TextField("Why it suits them")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-suggested_on", "-id"]
