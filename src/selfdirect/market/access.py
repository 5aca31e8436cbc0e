"""Scoped fetches of the directory's records: one per kind, each with who may reach it.

A service's public page shows only a listed provider's service that is not closed for good ("not found" else). A
provider reaches only its own services ("not found" for another's id, so ids tell nothing); the council
(may_manage_directory) reaches the providers waiting to be confirmed."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from selfdirect.audit import actions as audit
from selfdirect.core import permissions
from selfdirect.people import access as people_access

from . import queries, usage
from .models import Location, Provider, Review, Schedule, Service


def public_service(pk) -> Service:
    found = queries.listed_services().select_related("provider").filter(pk=pk).first()
    if found is None:
        raise Http404("No such service in the directory")
    return found


def own_service_for(user, pk) -> Service:
    """A service of the provider the user signs in as: PermissionDenied to anyone who is not a provider, "not found"
    for another provider's."""
    if not permissions.may_maintain_own_listing(user):
        raise PermissionDenied("Only a provider keeps its own directory entries")
    organisation_id = getattr(user, "organisation_id", None)
    found = (
        Service.objects.select_related("provider").filter(pk=pk, provider__organisation_id=organisation_id).first()
        if organisation_id is not None
        else None
    )
    if found is None:
        raise Http404("No such service among your directory entries")
    return found


def own_provider_for(user) -> Provider:
    """The directory's entry for the organisation the provider signs in as ("not found" when it has none yet)."""
    organisation_id = own_entries_for(user)
    found = Provider.objects.filter(organisation_id=organisation_id).first() if organisation_id is not None else None
    if found is None:
        raise Http404("Your organisation is not in the directory yet")
    return found


def own_location_for(user, pk) -> Location:
    """A venue of the provider the user signs in as ("not found" for another provider's)."""
    provider = own_provider_for(user)
    found = Location.objects.filter(pk=pk, provider=provider).first()
    if found is None:
        raise Http404("No such venue among your directory entries")
    return found


def own_schedule_for(user, pk) -> Schedule:
    """A time one of the provider's own services runs ("not found" for another provider's)."""
    provider = own_provider_for(user)
    found = Schedule.objects.select_related("service__provider").filter(pk=pk, service__provider=provider).first()
    if found is None:
        raise Http404("No such time among your directory entries")
    return found


def own_entries_for(user):
    """The organisation whose entries a provider keeps (its id, or None when the sign-in has none)."""
    if not permissions.may_maintain_own_listing(user):
        raise PermissionDenied("Only a provider keeps its own directory entries")
    return getattr(user, "organisation_id", None)


def may_confirm(user) -> None:
    if not permissions.may_manage_directory(user):
        raise PermissionDenied("Only the council confirms new providers")


def waiting_provider_for(user, pk, *, not_listed_too: bool = False) -> Provider:
    """A provider waiting for the council to confirm it; with not_listed_too, also one the council did not list (to
    list it after all). Declining is for waiting providers only."""
    may_confirm(user)
    statuses = [Provider.Status.PROPOSED] + ([Provider.Status.WITHDRAWN] if not_listed_too else [])
    found = Provider.objects.filter(pk=pk, status__in=statuses).first()
    if found is None:
        raise Http404("No such provider waiting to be confirmed")
    return found


# ---- reviews ---------------------------------------------------------------------------------------------------------


def may_see_usage(user) -> bool:
    """How many people use a service through Selfdirect: for signed-in council staff only (never the public, a
    provider, a budget holder or family, nor the Open Referral UK API)."""
    return bool(
        permissions.is_casework(user)
        | permissions.is_commissioner(user)
        | permissions.is_finance_officer(user)
        | permissions.is_administrator(user)
    )


def may_write_reviews(user) -> None:
    if not permissions.is_person_themselves(user):
        raise PermissionDenied("Only a person with a plan, or someone acting for them, writes a review")


def reviewers_for(user, service):
    """The people this user may review the service for: themselves (a budget holder), or those they act for (a family
    member or nominated person), who used it through their plan."""
    if not permissions.is_person_themselves(user):
        return []
    return [p for p in people_access.people_in_acting_role(user) if usage.used_by(p, service)]


def own_reviews_for(user, service, *, channel: str = "web") -> tuple[list, list[Review]]:
    """The people this user may review the service for (reviewers_for), and the reviews written for them, whatever
    their status. Each person whose review is shown is a read of their record, audited as every read is."""
    people = reviewers_for(user, service)
    reviews = queries.reviews_by(people, service) if people else []
    for person in {r.person_id: r.person for r in reviews}.values():
        audit.record(actor=user, action=audit.Action.READ, person=person, channel=channel,
                     what=f"Read their review of {service.name} in the directory"[:200])
    return people, reviews


def review_to_moderate(user, pk):
    if not permissions.may_manage_directory(user):
        raise PermissionDenied("Only the council checks reviews")
    found = Review.objects.select_related("service__provider").filter(pk=pk, status=Review.Status.WAITING).first()
    if found is None:
        raise Http404("No such review waiting to be checked")
    return found


def may_moderate(user) -> None:
    if not permissions.may_manage_directory(user):
        raise PermissionDenied("Only the council checks reviews")


def own_review_for(user, pk):
    """A published review of one of the provider's own services ("not found" for another provider's or an unpublished
    one)."""
    organisation_id = own_entries_for(user)
    found = (
        Review.objects.select_related("service__provider")
        .filter(pk=pk, status=Review.Status.PUBLISHED, service__provider__organisation_id=organisation_id)
        .first()
        if organisation_id is not None
        else None
    )
    if found is None:
        raise Http404("No such review of your services")
    return found


# ---- suggestions for a person's file ---------------------------------------------------------------------------------


def suggesting_for(user, person_pk, *, channel: str = "web"):
    """The person whose directory search a worker makes with them and whose suggestions they record: for staff who may
    change the person's record (people.access: "not found" outside the user's reach, forbidden to anyone else who
    reaches them), the read audited."""
    return people_access.changeable_person_for(
        user, person_pk, why="to find support with them in the directory", channel=channel
    )


def recording_review_for(user, person_pk, *, channel: str = "web"):
    """The person whose review, given on paper, by phone or at a meeting, a worker writes down: for staff who may
    change the person's record (people.access: "not found" outside the user's reach, forbidden to anyone else who
    reaches them), the read audited."""
    return people_access.changeable_person_for(
        user, person_pk, why="to record a review they gave of a service in the directory", channel=channel
    )
