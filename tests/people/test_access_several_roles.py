"""One sign-in, several roles: access is the union of each held role's scope, except that acting as a researcher
reaches nothing identifiable; what is done follows the role the person is acting in."""

import datetime

import pytest
from django.utils import timezone

from selfdirect.accounts import actions as account_actions
from selfdirect.accounts.models import RoleGrant, User
from selfdirect.audit.models import AuditEvent
from selfdirect.core.roles import Role
from selfdirect.people import access
from selfdirect.people import actions as people_actions


def _give(user, role, *, team=None, organisation=None):
    if user.role and not user.role_grants.filter(role=user.role).exists():
        RoleGrant.objects.create(user=user, role=user.role, team=user.team, organisation=user.organisation)
    return RoleGrant.objects.create(user=user, role=role, team=team, organisation=organisation)


def _fresh(user):
    return User.objects.get(pk=user.pk)


@pytest.fixture
def mother(council):
    return council.person(first_name="Margaret", last_name="Oakley")


@pytest.fixture
def daughter(council, mother):
    """A carer who also acts for her mother: both roles on one sign-in."""
    from selfdirect.people import actions

    user = User.objects.create_user(username="dana", password="a-long-test-password", role=Role.CARER,
                                    first_name="Dana", last_name="Oakley")
    _give(user, Role.NOMINATED_PERSON)
    carer = actions.add_carer(mother, actor=council.worker, name="Dana Oakley", relationship="Son or daughter",
                              lives_with_person=False, hours_caring_per_week=20, willing_and_able_to_continue=True)
    carer.user = user
    carer.save()
    actions.add_representative(mother, actor=council.worker, name="Dana Oakley", relationship="Son or daughter",
                               kind="consent", scope="welfare_and_property", evidence_reference="Consent form", user=user,
                               starts_on=datetime.date(2026, 1, 1))
    return user


# ---- a carer who also acts for her mother ----------------------------------------------------------------------------

def test_a_carer_alone_sees_her_carer_details_but_not_the_cared_for_persons_record(council, mother, signed_in):
    from selfdirect.people import actions

    user = User.objects.create_user(username="carer.only", password="a-long-test-password", role=Role.CARER)
    carer = actions.add_carer(mother, actor=council.worker, name="Carrie Only", relationship="Son or daughter",
                              lives_with_person=True, hours_caring_per_week=35, willing_and_able_to_continue=True)
    carer.user = user
    carer.save()
    client = signed_in(user)
    assert client.get("/").url == "/carer/"  # a carer's home is their carer page
    assert client.get(f"/people/{mother.pk}/").status_code == 404
    assert not access.people_visible_to(user).exists()
    page = client.get("/carer/").content.decode()
    assert "Carrie Only" in page and "35 hours" in page
    assert "carer's assessment" in page and "Care Act 2014, section 10" in page
    assert "Oakley" not in page  # only the cared-for person's first name
    assert "Change the role" not in page


def test_a_carer_who_acts_for_her_mother_reaches_the_record_through_that_authority(council, mother, daughter,
                                                                                  signed_in):
    client = signed_in(daughter)
    assert daughter.role == Role.CARER
    response = client.get(f"/people/{mother.pk}/")
    assert response.status_code == 200
    assert access.sections_for(daughter, mother) == access.SECTIONS[Role.NOMINATED_PERSON]
    carer_page = client.get("/carer/").content.decode()
    assert "You care for Margaret" in carer_page


def test_when_her_authority_ends_the_carer_keeps_only_her_carer_details(council, mother, daughter, signed_in):
    rep = mother.representatives.get()
    people_actions.end_authority(rep, actor=council.worker, ends_on=timezone.localdate(), reason="Mother asked")
    client = signed_in(daughter)
    assert client.get(f"/people/{mother.pk}/").status_code == 404
    assert client.get("/carer/").status_code == 200
    assert access.sections_for(daughter, mother) == set()


def test_the_header_offers_a_change_of_role_only_to_someone_holding_several(council, daughter, signed_in):
    body = signed_in(daughter).get("/carer/").content.decode()
    assert "Change role" in body and "acting as unpaid carer" in body
    body = signed_in(council.worker).get("/").content.decode()
    assert "Change role" not in body


def test_choosing_a_role_is_a_post_that_is_audited_and_sets_what_the_home_page_shows(council, mother, daughter,
                                                                                    signed_in):
    client = signed_in(daughter)
    form = client.get("/change-role/").content.decode()
    assert "Unpaid carer" in form and "Family member or nominated person" in form and "Social worker" not in form
    response = client.post("/change-role/", {"role": Role.NOMINATED_PERSON})
    assert response.status_code == 302 and response.url == "/"
    assert _fresh(daughter).role == Role.NOMINATED_PERSON
    assert AuditEvent.objects.filter(actor=daughter, what="Changed role from Unpaid carer to Family member or "
                                                          "nominated person").exists()
    assert "Margaret Oakley" in client.get("/").content.decode()


def test_a_role_not_held_cannot_be_chosen(council, daughter, signed_in):
    client = signed_in(daughter)
    response = client.post("/change-role/", {"role": Role.ADMINISTRATOR})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert _fresh(daughter).role == Role.CARER
    with pytest.raises(account_actions.AccountError):
        account_actions.act_as(_fresh(daughter), Role.ADMINISTRATOR)


# ---- a budget holder who works as a peer researcher ------------------------------------------------------------------

@pytest.fixture
def peer_researcher(council):
    holder = council.holder
    _give(holder, Role.RESEARCHER)
    person = council.person(user=holder, first_name="Petra", last_name="Peerson", consents=("research",))
    return _fresh(holder), person


def test_as_a_budget_holder_she_sees_her_own_record(peer_researcher, signed_in):
    holder, person = peer_researcher
    assert holder.role == Role.BUDGET_HOLDER
    assert signed_in(holder).get(f"/people/{person.pk}/").status_code == 200


def test_as_a_researcher_she_never_reaches_her_own_identifiable_record(peer_researcher, signed_in):
    holder, person = peer_researcher
    account_actions.act_as(holder, Role.RESEARCHER)
    holder = _fresh(holder)
    client = signed_in(holder)
    assert client.get(f"/people/{person.pk}/").status_code == 404
    assert not access.people_visible_to(holder).exists()
    assert access.sections_for(holder, person) == set()
    assert not access.can_change(holder, person)
    assert client.get(f"/api/v1/people/{person.pk}/").status_code in {403, 404}
    home = client.get("/").content.decode()
    assert "Peerson" not in home and "Petra" not in home


def test_her_researcher_role_adds_nothing_to_what_she_sees_as_a_budget_holder(council, peer_researcher):
    holder, person = peer_researcher
    other = council.person(first_name="Someone", last_name="Else", consents=("research",))
    visible = set(access.people_visible_to(holder))
    assert visible == {person} and other not in visible


# ---- a team manager who also carries cases ---------------------------------------------------------------------------

@pytest.fixture
def manager_with_cases(council):
    """The North team manager also carries cases as a social worker in the South team."""
    _give(council.manager, Role.SOCIAL_WORKER, team=council.south)
    return _fresh(council.manager)


def test_a_manager_who_carries_cases_sees_the_union_of_both_teams(council, manager_with_cases):
    north = council.person(first_name="Nora", last_name="North")
    south = council.person(team=council.south, first_name="Sam", last_name="South")
    elsewhere = council.person(team=council.north, first_name="Also", last_name="North")
    visible = set(access.people_visible_to(manager_with_cases))
    assert {north, south, elsewhere} <= visible
    assert access.can_change(manager_with_cases, north) and access.can_change(manager_with_cases, south)
    # The audit section comes from the manager role, for the manager's own team only.
    assert "audit" in access.sections_for(manager_with_cases, north)
    assert "audit" not in access.sections_for(manager_with_cases, south)


def test_what_she_may_decide_follows_the_role_she_acts_in(council, manager_with_cases):
    north = council.person(first_name="Nora", last_name="North")
    assert manager_with_cases.has_perm("people.approve_plan", north)
    account_actions.act_as(manager_with_cases, Role.SOCIAL_WORKER)
    acting = _fresh(manager_with_cases)
    assert acting.team == council.south  # the social worker grant's team
    assert not acting.has_perm("people.approve_plan", north)
    assert access.can_change(acting, north)  # she still holds the manager role on North
    account_actions.act_as(acting, Role.TEAM_MANAGER)
    assert _fresh(acting).team == council.north


def test_a_worker_in_one_team_only_still_sees_only_that_team(council):
    south = council.person(team=council.south, first_name="Sam", last_name="South")
    assert south not in set(access.people_visible_to(council.worker))
    assert not access.can_change(council.worker, south)


def test_a_deactivated_account_holds_no_role_and_sees_nobody(council, manager_with_cases):
    north = council.person(first_name="Nora", last_name="North")
    account_actions.deactivate(manager_with_cases, actor=council.admin)
    user = _fresh(manager_with_cases)
    assert not access.people_visible_to(user).exists()
    assert not access.can_change(user, north)


def test_a_carer_opening_the_home_page_is_sent_to_her_carer_page(council, daughter, signed_in):
    response = signed_in(daughter).get("/")
    assert response.status_code == 302 and response.url == "/carer/"


def test_the_acting_roles_own_people_leave_out_those_reached_through_another_role(council, mother, signed_in):
    from selfdirect.people import actions

    own = council.person(user=council.holder, first_name="Betty", last_name="Holder")
    _give(council.holder, Role.NOMINATED_PERSON)
    actions.add_representative(mother, actor=council.worker, name="Betty Holder", relationship="Son or daughter",
                               kind="consent", scope="welfare_and_property", evidence_reference="Consent form", user=council.holder,
                               starts_on=datetime.date(2026, 1, 1))
    holder = _fresh(council.holder)
    assert set(access.people_visible_to(holder)) == {own, mother}
    assert set(access.people_in_acting_role(holder)) == {own}
    account_actions.act_as(holder, Role.NOMINATED_PERSON)
    assert set(access.people_in_acting_role(_fresh(holder))) == {mother}


def test_a_worker_who_holds_a_personal_budget_cannot_change_her_own_record(council):
    _give(council.worker, Role.BUDGET_HOLDER)
    own = council.person(user=council.worker, first_name="Wendy", last_name="Walker")
    colleague = council.person(first_name="Other", last_name="Person")
    worker = _fresh(council.worker)
    assert own in set(access.people_visible_to(worker))
    assert not access.can_change(worker, own)
    assert access.can_change(worker, colleague)


# ---- home pages follow the role being acted in -----------------------------------------------------------------------

def test_a_budget_holder_who_acts_for_her_mother_sees_each_on_its_own_home(council, mother, signed_in):
    from selfdirect.people import actions

    own = council.person(first_name="Dana", last_name="Oakley", nhs_number="", user=None)
    user = User.objects.create_user(username="dana.holder", password="a-long-test-password",
                                    role=Role.BUDGET_HOLDER, first_name="Dana", last_name="Oakley")
    own.user = user
    own.save()
    _give(user, Role.NOMINATED_PERSON)
    actions.add_representative(mother, actor=council.worker, name="Dana Oakley", relationship="Son or daughter",
                               kind="consent", scope="welfare_and_property", evidence_reference="Consent form", user=user,
                               starts_on=datetime.date(2026, 1, 1))
    client = signed_in(user)
    home = client.get("/").content.decode()
    assert "Dana Oakley" in home and "Margaret Oakley" not in home
    account_actions.act_as(_fresh(user), Role.NOMINATED_PERSON)
    home = client.get("/").content.decode()
    assert "Margaret Oakley" in home and "Dana Oakley</a>" not in home
    # both records open, whichever role she acts in: access is the union
    assert client.get(f"/people/{own.pk}/").status_code == 200
    assert client.get(f"/people/{mother.pk}/").status_code == 200


# ---- a second role never lends its powers to another person's record -------------------------------------------------

def test_a_provider_who_acts_for_her_own_mother_sees_only_what_a_provider_sees_of_her_clients(council, mother, signed_in):
    from selfdirect.people import actions

    client_person = council.live_person()  # Exe Valley Home Care delivers this person's support
    provider = council.provider
    _give(provider, Role.NOMINATED_PERSON)
    actions.add_representative(mother, actor=council.worker, name="Pat Provider", relationship="Son or daughter",
                               kind="consent", scope="welfare_and_property", evidence_reference="Consent form", user=provider,
                               starts_on=datetime.date(2026, 1, 1))
    account_actions.act_as(_fresh(provider), Role.NOMINATED_PERSON)
    acting = _fresh(provider)
    assert access.sections_for(acting, client_person) == {"delivered_items"}
    assert not access.acts_as_person(acting, client_person) and access.acts_as_person(acting, mother)
    web = signed_in(acting)
    for page in ("account/", "account/spending/", "charging/", "plan/", "eligibility/decision/"):
        assert web.get(f"/people/{client_person.pk}/{page}").status_code in {403, 404}, page


def test_a_worker_acting_as_her_mothers_nominated_person_changes_no_record(council, mother):
    north = council.person(first_name="Nora", last_name="North")
    _give(council.worker, Role.NOMINATED_PERSON)
    assert access.can_change(_fresh(council.worker), north)
    account_actions.act_as(_fresh(council.worker), Role.NOMINATED_PERSON)
    acting = _fresh(council.worker)
    assert not access.can_change(acting, north) and not access.acts_as_person(acting, north)


def test_an_adviser_who_is_also_family_for_someone_else_reaches_each_person_by_the_right_role(council, mother):
    from selfdirect.people import actions

    advised = council.person(first_name="Ann", last_name="Advised")
    adviser = council.adviser
    _give(adviser, Role.NOMINATED_PERSON)
    actions.add_representative(advised, actor=council.worker, name="Ade Adviser", relationship="Independent adviser",
                               kind="consent", scope="welfare_and_property", evidence_reference="Asked for advice", user=adviser,
                               starts_on=datetime.date(2026, 1, 1))
    actions.add_representative(mother, actor=council.worker, name="Ade Adviser", relationship="Son or daughter",
                               kind="consent", scope="welfare_and_property", evidence_reference="Consent form", user=adviser,
                               starts_on=datetime.date(2026, 1, 1))
    user = _fresh(adviser)
    assert set(access.people_visible_to(user)) == {advised, mother}
    assert "contacts" not in access.sections_for(user, advised)  # an adviser does not see contacts
    assert "contacts" in access.sections_for(user, mother)
    assert not access.acts_as_person(user, advised) and access.acts_as_person(user, mother)
