"""Who uses a directory service through Selfdirect: asked of planning, which sits above market in the layers
(docs/decisions/0008-layers.md, "Registration"). planning registers its answer when the apps are ready
(planning.apps: a person uses a service when a plan of theirs that was approved has an item delivered by the
service's provider's organisation); market never imports planning. Until one is registered, no one uses anything:
no review can be written, and every count is 0."""

from collections.abc import Callable, Iterable

# (organisation ids) -> {organisation id: [person ids]}: the people whose approved plans name each organisation.
_people_by_organisation: Callable[[Iterable[int]], dict[int, set[int]]] | None = None


def register_usage(people_by_organisation: Callable[[Iterable[int]], dict[int, set[int]]]) -> None:
    global _people_by_organisation
    _people_by_organisation = people_by_organisation


def people_of(organisation_ids: set[int]) -> dict[int, set[int]]:
    """By organisation id, the ids of the people who used it through their plan (none until planning registers)."""
    if _people_by_organisation is None or not organisation_ids:
        return {}
    return _people_by_organisation(organisation_ids)


def used_by(person, service) -> bool:
    """True when the person has used the service through their plan (its provider's organisation delivers support in
    an approved plan of theirs)."""
    organisation_id = service.provider.organisation_id
    if organisation_id is None or person is None:
        return False
    return person.pk in people_of({organisation_id}).get(organisation_id, set())


def people_using(services) -> dict[int, int]:
    """By service id, how many people use its provider through Selfdirect (plan items name an organisation, not a
    service, so every service of a provider has the provider's count; for signed-in staff only, shown through
    reviews.shown_count; never in the public search or the Open Referral UK API)."""
    services = list(services)
    by_organisation = people_of({s.provider.organisation_id for s in services if s.provider.organisation_id})
    return {s.pk: len(by_organisation.get(s.provider.organisation_id, ())) for s in services}
