import datetime

import pytest


@pytest.fixture
def grant():
    """Give a user one more role (as an administrator or an invitation would)."""
    from selfdirect.accounts.models import RoleGrant

    def give(user, role, *, team=None, organisation=None):
        if user.role and not user.role_grants.filter(role=user.role).exists():
            RoleGrant.objects.create(user=user, role=user.role, team=user.team, organisation=user.organisation)
        return RoleGrant.objects.create(user=user, role=role, team=team, organisation=organisation)

    return give


@pytest.fixture
def mother(council):
    return council.person(first_name="Margaret", last_name="Oakley")


@pytest.fixture
def acts_for():
    def record(person, user, *, actor, starts_on=datetime.date(2026, 1, 1), name="Dana Oakley"):
        from selfdirect.people import actions

        return actions.add_representative(person, actor=actor, name=name, relationship="Son or daughter",
                                          kind="consent", scope="welfare_and_property", evidence_reference="Consent form signed", user=user,
                                          starts_on=starts_on)

    return record


@pytest.fixture
def carer_for():
    def record(person, *, actor, name="Dana Oakley"):
        from selfdirect.people import actions

        return actions.add_carer(person, actor=actor, name=name, relationship="Son or daughter",
                                 lives_with_person=False, hours_caring_per_week=20, willing_and_able_to_continue=True)

    return record
