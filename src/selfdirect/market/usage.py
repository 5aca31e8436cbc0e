"""Who uses a directory service through Selfdirect: asked of planning, which sits above market in the layers
(docs/decisions/0008-layers.md, "Registration"). planning registers its answer when the apps are ready
(planning.apps: a person uses a service when a plan of theirs that was approved has an item delivered by the
service's provider's organisation); market never imports planning. Until one is registered, no one uses anything:
no review can be written, and every count is 0."""

from collections.abc import Callable, Iterable

# (organisation ids) -> {organisation id: [person ids]}: the people whose approved plans name each organisation.
_people_by_organisation: Callable[[Iterable[int]], dict[int, set[int]]] | None = None
# (organisation ids) -> {organisation id: {person id: the kinds of service (directory codes) their items were}}: an
# empty set for an item whose kind cannot be told from its words or its supplier.
_kinds_by_organisation: Callable[[Iterable[int]], dict[int, dict[int, set[str]]]] | None = None


def register_usage(people_by_organisation: Callable[[Iterable[int]], dict[int, set[int]]],
                   kinds_by_organisation: Callable[[Iterable[int]], dict[int, dict[int, set[str]]]] | None = None) -> None:
    global _people_by_organisation, _kinds_by_organisation
    _people_by_organisation, _kinds_by_organisation = people_by_organisation, kinds_by_organisation


def kinds_of(organisation_ids: set[int]) -> dict[int, dict[int, set[str]]]:
    """By organisation and person, the kinds of service (directory codes) each person used from it through their
    plan; an empty set where an item's kind cannot be told."""
    if not organisation_ids:
        return {}
    if _kinds_by_organisation is None:
        return {o: {p: set() for p in people} for o, people in people_of(organisation_ids).items()}
    return _kinds_by_organisation(organisation_ids)


def kinds_used(person_id: int, organisation_ids: set[int]) -> dict[int, set[str]]:
    """By organisation, the kinds of service the person used from it (kinds_of); organisations they did not use are
    left out."""
    return {o: kinds[person_id] for o, kinds in kinds_of(organisation_ids).items() if person_id in kinds}


def fits(kinds: set[str], service) -> bool:
    """Whether a service is one of the kinds a person used from its provider: any of its kinds (directory codes) among
    theirs; any service of the provider where their item's kind cannot be told (Lazy: an item typed as "Support" could
    be anything its provider does)."""
    return not kinds or bool(kinds & {t.code for t in service.terms.all()})


def people_of(organisation_ids: set[int]) -> dict[int, set[int]]:
    """By organisation id, the ids of the people who used it through their plan (none until planning registers)."""
    if _people_by_organisation is None or not organisation_ids:
        return {}
    return _people_by_organisation(organisation_ids)


def used_by(person, service) -> bool:
    """True when the person has used the service through their plan: an approved plan of theirs has an item its
    provider's organisation delivers, of the service's kind (fits)."""
    organisation_id = service.provider.organisation_id
    if organisation_id is None or person is None:
        return False
    used = kinds_used(person.pk, {organisation_id})
    return organisation_id in used and fits(used[organisation_id], service)


def people_using(services) -> dict[int, int]:
    """By service id, how many people use its provider through Selfdirect (plan items name an organisation, not a
    service, so every service of a provider has the provider's count; for signed-in staff only, shown through
    reviews.shown_count; never in the public search or the Open Referral UK API)."""
    services = list(services)
    by_organisation = people_of({s.provider.organisation_id for s in services if s.provider.organisation_id})
    return {s.pk: len(by_organisation.get(s.provider.organisation_id, ())) for s in services}
