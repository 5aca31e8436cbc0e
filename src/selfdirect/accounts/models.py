from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property

from selfdirect.core.roles import Role


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
    """Everyone who signs in. `role`, `team` and `organisation` are the role the user is ACTING in now (and its team or
    organisation); the roles they hold are their RoleGrant rows (see queries.held_roles). An account made the old
    way, with only `role` set, holds that one role."""

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

    @cached_property
    def holds_several_roles(self) -> bool:
        """For the header's "Change role" link: shown only to someone who holds more than one role. The count is
        queries.held_roles': the granted roles plus `role` for an account made the old way (one grant per role)."""
        if not (self.is_authenticated and self.is_active):
            return False
        roles = {g.role for g in self.role_grants.all()}
        if self.role:
            roles.add(self.role)
        return len(roles) > 1


class RoleGrant(models.Model):
    """One role a user holds, with the team (casework roles) or organisation (providers) it is held in."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=30, choices=[(r.value, r.label) for r in Role])
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="one_grant_of_a_role_per_user")]

    def __str__(self) -> str:
        return f"{self.user} as {Role(self.role).label}"

    @property
    def role_label(self) -> str:
        return Role(self.role).label


class Invitation(models.Model):
    """A one-time way in: a link by email or a code in a letter. Only a keyed hash of the secret is kept.

    For a person's record it links the new sign-in to the person (budget holder), to a Representative row or to a
    Carer row; for a staff account (`account`) it lets the member of staff set their password."""

    class Kind(models.TextChoices):
        BUDGET_HOLDER = "budget_holder", "The person themselves"
        REPRESENTATIVE = "representative", "Someone who acts for the person"
        CARER = "carer", "An unpaid carer"
        STAFF = "staff", "A member of staff setting their password"

    class Delivery(models.TextChoices):
        EMAIL = "email", "By email, with a link"
        LETTER = "letter", "In a letter, with a code"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    representative = models.ForeignKey("people.Representative", null=True, blank=True, on_delete=models.CASCADE,
                                       related_name="+")
    carer = models.ForeignKey("people.Carer", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(blank=True)
    name = models.CharField(max_length=160)
    code_ref = models.CharField(max_length=4, blank=True, db_index=True)  # letters: the code's first four characters
    secret_hash = models.CharField(max_length=64, unique=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    expires_at = models.DateTimeField()
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Invitation for {self.name} ({self.get_delivery_display()})"

    def is_open(self, now) -> bool:
        return self.used_at is None and self.voided_at is None and self.expires_at > now


class ApiToken(models.Model):
    """A key for the API (ASVS 4.0.3 V3.5.2, V3.5.3): only a SHA-256 hash of the key is kept, and the first characters
    to tell one token from another. A token ends at `expires_at` (settings.API_TOKEN_DAYS after it was made) or when
    it is revoked (by its holder or an administrator, or when the sign-in is deactivated, gains a staff role or has
    its authenticator app reset).

    `second_step` says whether it was made after the second step (a code from the authenticator app, given with the
    token request or entered by the session that asked): a token without it does not work for a sign-in that holds a
    staff role (accounts.queries.live_token; ASVS 4.0.3 V2.8.x, V4.3.1: no way round the second step)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    second_step = models.BooleanField("made after the code from an authenticator app", default=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"API token {self.key_prefix}… of {self.user}"

    def is_live(self, now) -> bool:
        return self.revoked_at is None and self.expires_at > now

    def state(self, now) -> str:
        if self.revoked_at is not None:
            return "Revoked"
        return "Expired" if self.expires_at <= now else "Works"
