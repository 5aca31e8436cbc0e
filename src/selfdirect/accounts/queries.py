"""Reads about sign-ins: the roles a user holds, accounts for the administrator's pages, open invitations."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from selfdirect.core.roles import Role

from .models import Invitation, User


@dataclass(frozen=True)
class Held:
    """One role a user holds, with the team or organisation it is held in."""

    role: Role
    team_id: int | None = None
    organisation_id: int | None = None

    @property
    def label(self) -> str:
        return self.role.label


def held_roles(user) -> list[Held]:
    """Every role the user holds: their grants, plus `user.role` for an account made the old way (one role, no grant).
    An inactive or signed-out user holds none."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    return held_roles_of_account(user)


def held_roles_of_account(user) -> list[Held]:
    """The roles an account holds, active or not (for the administrator's pages)."""
    held = [Held(Role(g.role), g.team_id, g.organisation_id) for g in user.role_grants.all()]
    if user.role and Role(user.role) not in {h.role for h in held}:
        held.insert(0, Held(Role(user.role), user.team_id, user.organisation_id))
    return held


def acting(user) -> Held | None:
    """The role the user is acting in now, with the team or organisation they act in."""
    if user is None or not user.is_authenticated or not user.role:
        return None
    return Held(Role(user.role), user.team_id, user.organisation_id)


def holds(user, role: Role) -> bool:
    return any(h.role == role for h in held_roles(user))


def accounts(query: str = ""):
    found = User.objects.prefetch_related("role_grants").select_related("team", "organisation")
    if query:
        found = found.filter(Q(username__icontains=query) | Q(first_name__icontains=query)
                             | Q(last_name__icontains=query) | Q(email__icontains=query))
    return found.order_by("last_name", "first_name", "username")


def account(pk):
    """The account with this id (administrators only reach this), or None."""
    return User.objects.filter(pk=pk).prefetch_related("role_grants").first()


def open_invitations_for(person):
    return Invitation.objects.filter(person=person, used_at__isnull=True, voided_at__isnull=True,
                                     expires_at__gt=timezone.now())
