"""Object rules (django-rules) for people. The scoping itself lives in access.py; these name the decisions."""

import rules

from selfdirect.core.roles import Role

from . import access


@rules.predicate
def can_see_person(user, person):
    return person is not None and access.people_visible_to(user).filter(pk=person.pk).exists()


@rules.predicate
def works_on_persons_team(user, person):
    return access.can_change(user, person)


@rules.predicate
def is_administrator(user):
    return user.is_authenticated and user.role == Role.ADMINISTRATOR


@rules.predicate
def is_team_manager_for(user, person):
    return (
        user.is_authenticated
        and user.role == Role.TEAM_MANAGER
        and person is not None
        and user.team_id == person.team_id
    )


rules.add_perm("people.view_person", can_see_person)
rules.add_perm("people.change_person", works_on_persons_team)
rules.add_perm("people.approve_plan", is_team_manager_for | (is_administrator & can_see_person))
rules.add_perm("audit.search", is_administrator | rules.predicate(lambda u: u.is_authenticated and u.role == Role.TEAM_MANAGER))
rules.add_perm("people.edit_code_lists", is_administrator)
