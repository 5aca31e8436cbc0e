"""Every scoped read of a person's record goes through here. No view fetches a Person any other way."""

from django.db.models import Q, QuerySet
from django.http import Http404

from selfdirect.accounts.roles import Role
from selfdirect.audit import services as audit

from .models import Person

# What each role may see of a record it can open. The person page shows only these sections.
SECTIONS = {
    Role.ADMINISTRATOR: {"identity", "contacts", "care", "plan", "budget", "journey", "audit", "charging"},
    Role.TEAM_MANAGER: {"identity", "contacts", "care", "plan", "budget", "journey", "audit", "charging"},
    Role.SOCIAL_WORKER: {"identity", "contacts", "care", "plan", "budget", "journey", "charging"},
    Role.FINANCE_OFFICER: {"identity", "budget", "charging"},
    Role.BUDGET_HOLDER: {"identity", "contacts", "care", "plan", "budget", "journey", "charging"},
    Role.NOMINATED_PERSON: {"identity", "contacts", "care", "plan", "budget", "journey", "charging"},
    Role.INDEPENDENT_ADVISER: {"identity", "care", "plan", "budget", "journey", "charging"},
    Role.PROVIDER: {"delivered_items"},
}


def people_visible_to(user) -> QuerySet[Person]:
    """The people whose record this user may open, by role."""
    people = Person.objects.all()
    if not user.is_authenticated or not user.role:
        return people.none()
    role = Role(user.role)
    if role in {Role.ADMINISTRATOR, Role.FINANCE_OFFICER}:
        return people
    if role in {Role.SOCIAL_WORKER, Role.TEAM_MANAGER}:
        return people.filter(team_id=user.team_id) if user.team_id else people.none()
    if role == Role.BUDGET_HOLDER:
        return people.filter(user=user)
    if role in {Role.NOMINATED_PERSON, Role.INDEPENDENT_ADVISER}:
        from django.utils import timezone

        today = timezone.localdate()
        return people.filter(
            Q(representatives__user=user, representatives__starts_on__lte=today)
            & (Q(representatives__ends_on__isnull=True) | Q(representatives__ends_on__gte=today))
        ).distinct()
    if role == Role.PROVIDER:
        from selfdirect.planning import services as planning

        if not user.organisation_id:
            return people.none()
        return people.filter(pk__in=planning.person_ids_supported_by(user.organisation_id))
    # Commissioners and researchers see figures and pseudonymised data, never a person's record.
    return people.none()


def sections_for(user) -> set[str]:
    if not user.is_authenticated or not user.role:
        return set()
    return SECTIONS.get(Role(user.role), set())


def person_for(user, pk, *, why: str = "", channel: str = "web", audit_read: bool = True) -> Person:
    """The person with this id if the user may see them (else 404, and the refusal is audited), the read audited."""
    try:
        person = people_visible_to(user).select_related("team").get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        audit.record(
            actor=user, action=audit.Action.REFUSED, what=f"Tried to open person {pk}", why=why, channel=channel
        )
        raise Http404("No such person") from None
    if audit_read:
        audit.record(actor=user, action=audit.Action.READ, person=person, what="Opened the record", why=why, channel=channel)
    return person


def can_change(user, person) -> bool:
    if not user.is_authenticated:
        return False
    if user.role == Role.ADMINISTRATOR:
        return True
    return user.role in {Role.SOCIAL_WORKER, Role.TEAM_MANAGER} and user.team_id == person.team_id
