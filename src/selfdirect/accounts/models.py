from django.contrib.auth.models import AbstractUser
from django.db import models

from .roles import Role


class Team(models.Model):
    """A council team that holds cases, e.g. 'North locality team'."""

    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A provider, a personal assistant trading alone, a broker or advice service."""

    class Kind(models.TextChoices):
        AGENCY = "agency", "Care agency"
        PERSONAL_ASSISTANT = "personal_assistant", "Personal assistant"
        DAY_SERVICE = "day_service", "Day service or community organisation"
        BROKER = "broker", "Broker or support planning organisation"
        ADVICE = "advice", "Independent advice service"

    name = models.CharField(max_length=160, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    cqc_location_id = models.CharField("CQC location ID", max_length=20, blank=True)
    bank_sort_code = models.CharField("Sort code for payments", max_length=6, blank=True)
    bank_account_number = models.CharField("Account number for payments", max_length=8, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """Everyone who signs in. One role each; staff belong to a team, provider users to an organisation."""

    role = models.CharField(max_length=30, choices=[(r.value, r.label) for r in Role])
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""

    def has_role(self, *roles: Role) -> bool:
        return self.role in {r.value for r in roles}

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
