"""Every scoped read of a person's record goes through here. No view fetches a Person any other way."""

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from selfdirect.accounts.queries import acting, held_roles
from selfdirect.audit import actions as audit
from selfdirect.core import permissions
from selfdirect.core.access import Access
from selfdirect.core.roles import CASEWORK_ROLES, PEOPLE_THEMSELVES, REPRESENTATIVE_ROLES, Role

from . import authority
from .models import Person, Representative

# The relationship a representative row records for an independent adviser (people.forms and people.actions
# offer and read the same words).
ADVISER_RELATIONSHIP = "Independent adviser"

# What each role may see of a record it can open. The person page shows only these sections. "consents" is what the
# person agreed to and withdrew, read-only, for the person themselves and those acting for them on an authority whose
# scope opens it (people/authority.py: welfare); staff see consents, and change them, through
# may_see_consents_and_authority below, which follows who may change the record.
SECTIONS = {
    Role.ADMINISTRATOR: {"identity", "contacts", "care", "plan", "budget", "journey", "audit", "charging"},
    Role.TEAM_MANAGER: {"identity", "contacts", "care", "plan", "budget", "journey", "audit", "charging"},
    Role.SOCIAL_WORKER: {"identity", "contacts", "care", "plan", "budget", "journey", "charging"},
    Role.FINANCE_OFFICER: {"identity", "budget", "charging"},
    Role.BUDGET_HOLDER: {"identity", "contacts", "care", "plan", "budget", "journey", "charging", "consents"},
    Role.NOMINATED_PERSON: {"identity", "contacts", "care", "plan", "budget", "journey", "charging", "consents"},
    Role.INDEPENDENT_ADVISER: {"identity", "care", "plan", "budget", "journey", "charging"},
    Role.PROVIDER: {"delivered_items"},
}

# The section of a record each of a person's fields belongs to, for every view of a person other than the person page
# (the API, people.api.PersonSerializer): a field is shown to a user who may see any one of its sections. It follows
# the pages: the person page (site/person.html) shows the name, council reference and date of birth with the identity,
# and the rest of "About the person" (NHS number, postcode, gender, ethnicity, primary support reason, client group,
# team, previous package) only with the contacts or the care record; the people list shows the team and the case's
# step to everyone who may list people. The care record's other details, which no page shows, go with the care record.
_IDENTITY = frozenset({"identity"})
_ABOUT = frozenset({"contacts", "care"})
_CARE = frozenset({"care"})
FIELD_SECTIONS = {
    "id": _IDENTITY, "la_person_id": _IDENTITY, "first_name": _IDENTITY, "last_name": _IDENTITY,
    "date_of_birth": _IDENTITY, "team": _IDENTITY, "case_state": _IDENTITY,
    "nhs_number": _ABOUT, "gender": _ABOUT, "ethnicity": _ABOUT, "postcode": _ABOUT, "primary_support_reason": _ABOUT,
    "client_group": _ABOUT, "previous_package_description": _ABOUT, "previous_package_weekly_pence": _ABOUT,
    "gp_practice_name": _CARE, "gp_practice_code": _CARE, "client_type": _CARE, "accommodation_status": _CARE,
    "employment_status": _CARE, "autism": _CARE, "visual_impairment": _CARE, "hearing_impairment": _CARE,
    "dementia": _CARE, "client_funding_status": _CARE,
}


def fields_shown(sections) -> set[str]:
    """The fields of a person shown to someone who may see these sections (a field not in FIELD_SECTIONS: never)."""
    return {field for field, needs in FIELD_SECTIONS.items() if needs & set(sections)}


# Whom a provider reaches is known to planning (the people whose approved plan has an item the provider delivers),
# which sits above people in the house: planning registers it when the apps are ready (planning.apps), so that this
# module need not import planning. Until it is registered, a provider reaches no one.
_provider_reach = None


def register_provider_reach(person_ids_for_organisation) -> None:
    """`person_ids_for_organisation(organisation_id)` gives the ids (or a subquery of them) a provider may open."""
    global _provider_reach
    _provider_reach = person_ids_for_organisation


def _scope(user, held, today) -> QuerySet[Person] | None:
    """The people one held role reaches (None for a role that reaches every record)."""
    people = Person.objects.all()
    role = held.role
    if role in {Role.ADMINISTRATOR, Role.FINANCE_OFFICER}:
        return None
    if role in CASEWORK_ROLES:
        return people.filter(team_id=held.team_id) if held.team_id else people.none()
    if role == Role.BUDGET_HOLDER:
        return people.filter(user=user)
    if role in REPRESENTATIVE_ROLES:
        # Authority runs from starts_on up to the day before ends_on: ended "today" means no access today. Each role
        # reaches only the people it was given for: an adviser the people who asked for advice, a family member or
        # nominated person the people they act for (one sign-in may be both, for different people).
        as_adviser = Q(representatives__relationship=ADVISER_RELATIONSHIP)
        return people.filter(
            Q(representatives__user=user, representatives__starts_on__lte=today)
            & (Q(representatives__ends_on__isnull=True) | Q(representatives__ends_on__gt=today))
            & (as_adviser if role == Role.INDEPENDENT_ADVISER else ~as_adviser)
        ).distinct()
    if role == Role.PROVIDER:
        if not held.organisation_id or _provider_reach is None:
            return people.none()
        return people.filter(pk__in=_provider_reach(held.organisation_id))
    # Commissioners and researchers see figures and pseudonymised data, never a person's record. An unpaid carer sees
    # their own carer details (accounts' carer page), not the cared-for person's record: that needs a
    # representative's authority, which is a role of its own.
    return people.none()


def _acting_as_researcher(user) -> bool:
    return permissions.is_researcher(user)


def people_visible_to(user) -> QuerySet[Person]:
    """The people whose record this user may open: the union of the scopes of every role they hold, except that
    while acting as a researcher nothing identifiable is reachable (not even their own record)."""
    people = Person.objects.all()
    if not user.is_authenticated or _acting_as_researcher(user):
        return people.none()
    today = timezone.localdate()
    roles = held_roles(user)
    if len(roles) == 1:  # the usual case: one role, its own scope as a plain filter
        scope = _scope(user, roles[0], today)
        return people if scope is None else scope
    condition = None
    for held in roles:
        scope = _scope(user, held, today)
        if scope is None:
            return people
        part = Q(pk__in=scope.values("pk"))
        condition = part if condition is None else condition | part
    if condition is None:
        return people.none()
    return people.filter(condition)


def people_in_acting_role(user) -> QuerySet[Person]:
    """The people the role the user is acting in reaches on its own (for a home page that lists "your" people, where
    the union of every held role would mix, say, a budget holder's own record with someone she acts for)."""
    if not user.is_authenticated or not user.role or _acting_as_researcher(user):
        return Person.objects.none()
    scope = _scope(user, acting(user), timezone.localdate())
    return Person.objects.all() if scope is None else scope


def _held_reaching(user, person):
    if not user.is_authenticated or _acting_as_researcher(user):
        return []
    today = timezone.localdate()
    reaching = []
    for held in held_roles(user):
        scope = _scope(user, held, today)
        if scope is None or scope.filter(pk=person.pk).exists():
            reaching.append(held)
    return reaching


def _authority_sections(user, role, person_ids, today) -> dict[int, frozenset[str]]:
    """For a representative's role: by person id, the parts of the record their live authorities for that person open
    (people/authority.py's scopes), taking the authorities that role is given for (an adviser's for the adviser role,
    the others for a family member or nominated person, as _scope does)."""
    as_adviser = Q(relationship=ADVISER_RELATIONSHIP)
    live = (Representative.objects.filter(user=user, person_id__in=person_ids, starts_on__lte=today)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))
            .filter(as_adviser if role == Role.INDEPENDENT_ADVISER else ~as_adviser))
    opened: dict[int, frozenset[str]] = {}
    for person_id, scope in live.values_list("person_id", "scope"):
        opened[person_id] = opened.get(person_id, frozenset()) | authority.sections_of(scope)
    return opened


def _role_sections(user, held, person_ids, today) -> dict[int, set[str]]:
    """By person id (of those the held role reaches), the sections that role shows: the role's own, and for a
    representative only those the scope of their live authorities for that person opens (an attorney for property and
    financial affairs sees the budget and charging, not the care record)."""
    role_sections = SECTIONS.get(held.role, set())
    if held.role not in REPRESENTATIVE_ROLES:
        return {pk: set(role_sections) for pk in person_ids}
    opened = _authority_sections(user, held.role, person_ids, today)
    return {pk: set(role_sections) & opened.get(pk, frozenset()) for pk in person_ids}


def sections_for(user, person=None) -> set[str]:
    """What of a record the user may see. With the person: the union of the sections of every held role whose scope
    includes that person, a representative's limited to the scope of their live authorities. Without: the sections of
    the role they are acting in (callers that have no person yet)."""
    if not user.is_authenticated or not user.role:
        return set()
    if person is None:
        return set(SECTIONS.get(Role(user.role), set()))
    today = timezone.localdate()
    sections = set()
    for held in _held_reaching(user, person):
        sections |= _role_sections(user, held, [person.pk], today)[person.pk]
    return sections


def sections_for_each(user, people) -> dict[int, set[str]]:
    """sections_for(user, person) for each of these people, by id, in one query a held role rather than one a person
    (a list of people: each person's sections follow the roles that reach that person, not the role being acted in)."""
    ids = [person.pk for person in people]
    sections = {pk: set() for pk in ids}
    if not ids or not user.is_authenticated or not user.role or _acting_as_researcher(user):
        return sections
    today = timezone.localdate()
    for held in held_roles(user):
        scope = _scope(user, held, today)
        reached = ids if scope is None else list(scope.filter(pk__in=ids).values_list("pk", flat=True))
        for pk, shown in _role_sections(user, held, reached, today).items():
            sections[pk] |= shown
    return sections


def person_for(user, pk, *, why: str = "", channel: str = "web", audit_read: bool = True) -> Person:
    """The person with this id if the user may see them (else 404, and the refusal is audited with the person asked
    for), the read audited. In a request, the read is written when the answer is ready, and as a refusal of the page
    if a later check refuses it (audit.actions.settle)."""
    try:
        person = people_visible_to(user).select_related("team").get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        asked_for = Person.objects.filter(pk=int(pk)).first() if str(pk).isdigit() and len(str(pk)) <= 18 else None
        audit.record_refusal(actor=user, person=asked_for, what=f"Tried to open person {pk}", why=why, channel=channel)
        raise Http404("No such person") from None
    if audit_read:
        audit.record(actor=user, action=audit.Action.READ, person=person, what="Opened the record", why=why, channel=channel)
    return person


def changeable_person_for(user, pk, *, why: str, channel: str = "web") -> Person:
    """The person, as person_for gives them, when the user may also change their record (else 403)."""
    person = person_for(user, pk, why=why, channel=channel)
    if not can_change(user, person):
        raise PermissionDenied
    return person


def can_change(user, person) -> bool:
    """Staff may change a record while acting as staff (a casework role or administrator) if they hold a casework role
    on the person's team, or are an administrator: a manager who also carries cases in another team changes both
    teams' records, but a worker acting as her mother's nominated person changes nobody's. Nobody changes their own
    record as staff: a worker who also holds a personal budget has her case worked on by a colleague
    (docs/decisions/0007)."""
    if not user.is_authenticated or not user.role or person.user_id == user.pk:
        return False
    if not permissions.works_on_cases(user):
        return False
    for held in held_roles(user):
        if held.role == Role.ADMINISTRATOR:
            return True
        if held.role in CASEWORK_ROLES and held.team_id and held.team_id == person.team_id:
            return True
    return False


def acts_as_person(user, person) -> bool:
    """True when the user is this person (their own budget) or acts for this person under a live authority, whatever
    other roles they hold: only then do they suggest, confirm, arrange and record "as the person". A provider or a
    worker who also acts for her own mother is never "the person" on anyone else's record."""
    if not user.is_authenticated or _acting_as_researcher(user):
        return False
    return any(held.role in PEOPLE_THEMSELVES for held in _held_reaching(user, person))


def may_see_consents_and_authority(user, person) -> bool:
    """The person's consents and the authorities recorded for them, with their history: for staff who may change the
    record, and for those who see its audit part (the team's managers, administrators)."""
    return can_change(user, person) or "audit" in sections_for(user, person)


def consents_and_authority_for(user, pk, *, change: bool = False, why: str = "", channel: str = "web") -> Access:
    """The person (record) for a page or API of their consents and authorities: 404 outside the user's reach, 403 for
    someone who may not see them (or, with change=True, may not change the record)."""
    person = person_for(user, pk, why=why, channel=channel)
    may_change = can_change(user, person)
    if (change and not may_change) or not (may_change or "audit" in sections_for(user, person)):
        raise PermissionDenied
    return Access(record=person, person=person, may_change=may_change)


def consent_of(person, pk):
    """One of this person's consents (the person already reached), or None."""
    try:
        return person.consents.select_related("information").filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def representative_of(person, pk):
    """One of this person's representatives (the person already reached through person_for), or None."""
    return person.representatives.filter(pk=pk).first()


def carer_of(person, pk):
    """One of this person's carers (the person already reached through person_for), or None."""
    return person.carers.filter(pk=pk).first()


# ---- the decisions about one person's record, as object rules (django-rules) ----------------------------------------
# The role-only rules are core.permissions'; these add the person's record.

@rules.predicate
def can_see_person(user, person):
    return person is not None and people_visible_to(user).filter(pk=person.pk).exists()


@rules.predicate
def works_on_persons_team(user, person):
    return can_change(user, person)


@rules.predicate
def is_team_manager_for(user, person):
    return permissions.is_team_manager(user) and person is not None and user.team_id == person.team_id


rules.add_perm("people.view_person", can_see_person)
rules.add_perm("people.change_person", works_on_persons_team)
rules.add_perm("people.approve_plan", is_team_manager_for | (permissions.is_administrator & can_see_person))
