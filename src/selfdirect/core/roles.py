"""The roles a user can hold. Django-free: the navigation and the access rules read these names."""

from enum import StrEnum


class Role(StrEnum):
    SOCIAL_WORKER = "social_worker"
    TEAM_MANAGER = "team_manager"
    FINANCE_OFFICER = "finance_officer"
    COMMISSIONER = "commissioner"
    BUDGET_HOLDER = "budget_holder"
    NOMINATED_PERSON = "nominated_person"
    PROVIDER = "provider"
    INDEPENDENT_ADVISER = "independent_adviser"
    RESEARCHER = "researcher"
    ADMINISTRATOR = "administrator"
    CARER = "carer"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.SOCIAL_WORKER: "Social worker or care manager",
    Role.TEAM_MANAGER: "Team manager",
    Role.FINANCE_OFFICER: "Finance officer",
    Role.COMMISSIONER: "Commissioner",
    Role.BUDGET_HOLDER: "Budget holder",
    Role.NOMINATED_PERSON: "Family member or nominated person",
    Role.PROVIDER: "Provider or personal assistant",
    Role.INDEPENDENT_ADVISER: "Independent adviser or broker",
    Role.RESEARCHER: "Researcher",
    Role.ADMINISTRATOR: "Administrator",
    Role.CARER: "Unpaid carer",
}

# Roles that work on people's cases as council staff and are scoped by team.
CASEWORK_ROLES = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER})
# Roles that act for a person because the person (or the law) gave them that right.
REPRESENTATIVE_ROLES = frozenset({Role.NOMINATED_PERSON, Role.INDEPENDENT_ADVISER})
# The person and someone acting for them: they suggest, confirm, arrange and record, but do not decide.
PEOPLE_THEMSELVES = frozenset({Role.BUDGET_HOLDER, Role.NOMINATED_PERSON})
# Roles that come with a link to one person's record (their own, as someone acting for them, or as their carer): an
# administrator cannot simply tick them; they come from an invitation from the person's record (docs/sign-ins.md).
PERSON_LINKED_ROLES = frozenset({Role.BUDGET_HOLDER, Role.NOMINATED_PERSON, Role.CARER})
# Roles an administrator gives a staff (or partner) account on the sign-ins pages.
STAFF_ROLES = tuple(r for r in Role if r not in PERSON_LINKED_ROLES)
# Roles whose scope is a team; each grant of one of these names its team.
TEAM_ROLES = CASEWORK_ROLES
# Roles whose scope is an organisation.
ORGANISATION_ROLES = frozenset({Role.PROVIDER})
