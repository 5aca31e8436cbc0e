"""A page offers no link that would answer 403 to the one reading it (found on the walk after issue 14)."""

import datetime

from selfdirect.accounts.models import RoleGrant
from selfdirect.core.roles import Role
from selfdirect.people import actions as people_actions


def _adviser_for(council, person):
    people_actions.add_representative(person, actor=council.worker, name="Ada Adviser", relationship="Independent adviser",
                                      kind="consent", scope="welfare_and_property", evidence_reference="Consent form", user=council.adviser,
                                      starts_on=datetime.date(2026, 1, 1))


def test_an_adviser_is_not_offered_sign_the_plan_which_only_the_person_or_worker_may(council, signed_in):
    person = council.person()
    council.assess(person)
    council.plan(person)
    _adviser_for(council, person)
    sign = f"/people/{person.pk}/plan/sign/"

    adviser_page = signed_in(council.adviser).get(f"/people/{person.pk}/plan/")
    assert adviser_page.status_code == 200
    assert sign not in adviser_page.content.decode()
    assert signed_in(council.adviser).get(sign).status_code == 403

    worker_page = signed_in(council.worker).get(f"/people/{person.pk}/plan/")
    assert sign in worker_page.content.decode()
    assert signed_in(council.worker).get(sign).status_code == 200


def test_the_audit_trail_link_follows_the_role_being_acted_in(council, signed_in):
    """A manager of one team who also works cases in another, acting as a social worker, sees the record's recent audit
    events (the manager role reaches it) but no link to the trail's search, which answers to the acting role only."""
    person = council.person(team=council.south)
    user = council.manager
    RoleGrant.objects.create(user=user, role=Role.TEAM_MANAGER, team=council.south)
    RoleGrant.objects.create(user=user, role=Role.SOCIAL_WORKER, team=council.north)
    link = f"/audit/?person={person.pk}"

    user.role, user.team = Role.TEAM_MANAGER, council.south
    user.save()
    as_manager = signed_in(user).get(f"/people/{person.pk}/")
    assert link in as_manager.content.decode()
    assert signed_in(user).get(link).status_code == 200

    user.role, user.team = Role.SOCIAL_WORKER, council.north
    user.save()
    as_worker = signed_in(user).get(f"/people/{person.pk}/")
    assert as_worker.status_code == 200
    assert link not in as_worker.content.decode()
    assert signed_in(user).get(link).status_code == 403
