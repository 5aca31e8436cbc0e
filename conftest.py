"""Shared fixtures: a small named council (teams, staff, a provider) and helpers that take a person through the
journey with the same actions the pages use."""

import datetime
import os
from decimal import Decimal

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
# The tests' settings module (tests/settings.py) must import in the `selfdirect` subprocesses some tests start too.
_ROOT = os.path.dirname(os.path.abspath(__file__))
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in [_ROOT, os.environ.get("PYTHONPATH", "")] if p)

import tests.hypo  # noqa: E402,F401  (the Hypothesis profile, before any test module is imported)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _force_login_enters_the_code(monkeypatch):
    """`client.force_login(staff)` signs in as a real staff sign-in ends: with the second step done, as if the code
    from their authenticator app had been entered (a confirmed TOTP device, and django-otp's session key for it).
    Production stays strict: accounts.middleware lets an unverified staff session reach nothing else.
    tests/accounts/test_two_factor.py signs in through the real second step."""
    from django.test import Client

    signed_in_only = Client.force_login

    def force_login(self, user, backend=None):
        signed_in_only(self, user, backend)
        from selfdirect.accounts import queries

        if queries.needs_second_factor(user):
            from django_otp import DEVICE_ID_SESSION_KEY
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device = queries.authenticator_of(user) or TOTPDevice.objects.create(user=user, name="Tests' app",
                                                                                 confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def code_lists(db):
    from selfdirect.people.seed import load_code_lists, load_consent_information

    load_code_lists()  # migrations load them; transactional tests flush them, so load again (idempotent)
    load_consent_information()  # likewise version 1 of the information given before consent


class Council:
    """Named users and teams, as the demo has them."""

    def __init__(self):
        from selfdirect.accounts.models import Organisation, Team, User
        from selfdirect.core.roles import Role

        self.north = Team.objects.create(name="North locality team")
        self.south = Team.objects.create(name="South locality team")
        self.agency = Organisation.objects.create(name="Exe Valley Home Care", kind="agency")
        self.other_agency = Organisation.objects.create(name="Another Agency", kind="agency")

        def make(username, role, **extra):
            user = User.objects.create_user(username=username, password="a-long-test-password", role=role, **extra)
            user.first_name = username.split(".")[0].title()
            user.save()
            return user

        self.worker = make("worker", Role.SOCIAL_WORKER, team=self.north)
        self.manager = make("manager", Role.TEAM_MANAGER, team=self.north)
        self.south_worker = make("worker.south", Role.SOCIAL_WORKER, team=self.south)
        self.south_manager = make("manager.south", Role.TEAM_MANAGER, team=self.south)
        self.finance = make("finance", Role.FINANCE_OFFICER)
        self.commissioner = make("commissioner", Role.COMMISSIONER)
        self.researcher = make("researcher", Role.RESEARCHER)
        self.admin = make("admin", Role.ADMINISTRATOR)
        self.holder = make("holder", Role.BUDGET_HOLDER)
        self.other_holder = make("holder.other", Role.BUDGET_HOLDER)
        self.family = make("family", Role.NOMINATED_PERSON)
        self.adviser = make("adviser", Role.INDEPENDENT_ADVISER)
        self.provider = make("provider", Role.PROVIDER, organisation=self.agency)
        self.other_provider = make("provider.other", Role.PROVIDER, organisation=self.other_agency)

    def person(self, *, team=None, user=None, consents=(), **overrides):
        """A person referred on 5 January 2026; `consents` names the purposes they consented to that day
        (people/authority.py: "research", "sharing", "plan_examples"), recorded as a worker records them."""
        from selfdirect.journey import actions
        from selfdirect.people import actions as people_actions

        data = {
            "first_name": "Elsie", "last_name": "Evans", "date_of_birth": datetime.date(1950, 3, 4),
            "nhs_number": "9434765919", "gender": "Female", "ethnicity": "A", "postcode": "ex1 2ab",
            "client_type": "Service User", "primary_support_reason": "Physical Support: Personal care support",
            "client_group": "older_people",
        }
        data.update(overrides)
        person = actions.create_person(
            data, team=team or self.north, actor=self.worker if (team or self.north) == self.north else self.south_worker,
            referral={"referred_on": datetime.date(2026, 1, 5), "route_of_access": "Community / Other route",
                      "reason": "Asked for help at home"},
        )
        if user is not None:
            person.user = user
            person.save()
        for purpose in consents:
            people_actions.record_consent(person, actor=self.worker if person.team == self.north else self.south_worker,
                                          purpose=purpose, given_on=datetime.date(2026, 1, 5))
        return person

    def case(self, person):
        from selfdirect.journey import queries

        return queries.current_case_for(person)

    def assess(self, person, *, indicative_pence=30000, actor=None):
        from selfdirect.allocation import actions

        actions.record_assessment(
            self.case(person), actor=actor or self.worker, arises_from_impairment=True,
            findings=[{"outcome": code, "meanings": ["without_assistance"], "evidence": "Seen at home"}
                      for code in ["nutrition", "hygiene", "community"]],
            significant_impact_on_wellbeing=True, wellbeing_areas=["health", "dignity"],
            wellbeing_impact="Skips meals and cannot wash safely", indicative_weekly_pence=indicative_pence,
            indicative_reason="Banded table")

    def plan(self, person, *, organisation=None, unit_cost_pence=2000, quantity="10", actor=None):
        from selfdirect.planning import actions

        case = self.case(person)
        actions.add_outcome(case, actor=actor or self.worker, in_own_words="I want to stay at home")
        actions.add_item(case, actor=actor or self.worker, description="Help with personal care", supplier_kind="agency",
                         unit="hour", unit_cost_pence=unit_cost_pence, quantity=Decimal(quantity), period="weekly",
                         organisation=organisation or self.agency)

    def submit(self, person, actor=None):
        """Submit as a worker does: first giving the reason, where the plan differs from the indicative budget by more
        than the council's share (the helpers' plan is £200 a week against an indicative £300)."""
        from selfdirect.planning import actions, queries

        case = self.case(person)
        plan = queries.draft_plan_for(case)
        if plan is not None and queries.difference_reason_needed(plan) and not plan.difference_reason:
            actions.set_difference_reason(case, actor=actor or self.worker, reason="The person chose less paid support")
        actions.submit_plan(case, actor=actor or self.worker)

    def approve(self, person):
        from selfdirect.planning import actions

        actions.approve_plan(self.case(person), actor=self.manager, comment="Agreed")

    def organise(self, person, option="direct_payment"):
        """Step 5 as a worker does it: every option recorded, the money organised, each item arranged."""
        from selfdirect.planning import actions, queries

        case = self.case(person)
        for code in ["council_managed", "individual_service_fund", "direct_payment", "mixed"]:
            actions.record_choice(case, actor=self.worker, option=code, offered=True, how="conversation",
                                  decision="chosen" if code == option else "declined")
        actions.organise_money(case, actor=self.worker, delivery_option=option)
        if option == "direct_payment":
            actions.save_direct_payment_setup(case, actor=self.worker, recipient="person", capacity_and_consent=True,
                                              agreement_signed_on=datetime.date(2026, 1, 20), account_kind="bank",
                                              account_name="E Evans DP account", sort_code="30-99-50",
                                              account_number="12345678", employer_responsibilities=True,
                                              support_organisation_offered=True)
        for item in queries.approved_plan_for(case).items.all():
            actions.arrange_item(case, item.pk, actor=self.worker, arranged_with="Exe Valley Home Care",
                                 starts_on=datetime.date(2026, 2, 1))

    def go_live(self, person, option="direct_payment"):
        from selfdirect.planning import actions

        self.organise(person, option)
        actions.start_support(self.case(person), actor=self.worker, starts_on=datetime.date(2026, 2, 1))

    def live_person(self, option="direct_payment", **kwargs):
        """A person whose plan (£200 a week of home care) is agreed and whose support started on 1 February 2026, the
        money organised as `option`."""
        person = self.person(**kwargs)
        self.assess(person)
        self.plan(person)
        self.submit(person)
        self.approve(person)
        self.go_live(person, option)
        return person

    def family_acts_for(self, person, *, name="Frank Evans"):
        """The `family` sign-in acts for the person with their consent (welfare and property) from 1 January 2026."""
        from selfdirect.people import actions

        return actions.add_representative(person, actor=self.worker, name=name, relationship="Son or daughter",
                                          kind="consent", scope="welfare_and_property",
                                          evidence_reference="Consent form", user=self.family,
                                          starts_on=datetime.date(2026, 1, 1))


@pytest.fixture
def council(db, code_lists):
    return Council()


HISTORY_TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def council_with_history(council):
    """The council with 300 people's five years of history written in bulk (selfdirect demo's way for large councils)."""
    from selfdirect.accounts.models import Organisation
    from selfdirect.site import demo_history

    provider = Organisation.objects.create(name="Riverside Day Opportunities", kind="day_service", cqc_location_id="1-100000002",
                                           bank_sort_code="309634", bank_account_number="22345678")
    council.history_paid = demo_history.build(
        first_index=0, count=300, seed=3, today=HISTORY_TODAY, teams=[council.north, council.south, council.north],
        workers=[council.worker, council.south_worker, council.worker], managers=[council.manager, council.south_manager, council.manager],
        finance=council.finance, orgs=[council.agency, provider], first_run_date=HISTORY_TODAY - datetime.timedelta(days=364))
    council.history_today = HISTORY_TODAY
    return council


@pytest.fixture
def api(council):
    """An API client signed in with a user's token: `api(council.worker).post(...)`. The token is made as
    accounts.actions.issue_token makes one, without its audit row (tests count those), and as if after the code from
    an authenticator app (staff's tokens need it: accounts.queries.live_token)."""
    from rest_framework.test import APIClient

    def as_user(user):
        import datetime

        from django.utils import timezone

        from selfdirect.accounts import tokens
        from selfdirect.accounts.models import ApiToken

        key = tokens.new_api_key()
        ApiToken.objects.create(user=user, name="Tests", key_prefix=key[:8], key_hash=tokens.api_key_hash(key),
                                expires_at=timezone.now() + datetime.timedelta(days=30), second_step=True)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return as_user


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


_TEMPLATE = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """pytest-django's test database; on SQLite, a copy of it just migrated is kept as the template the command-line
    tests start from, so their subprocesses need not migrate a database of their own."""
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        path = tmp_path_factory.mktemp("template") / "migrated.sqlite3"
        with django_db_blocker.unblock():
            connection.ensure_connection()
            target = sqlite3.connect(path)
            connection.connection.backup(target)
            target.close()
        _TEMPLATE["sqlite"] = path


@pytest.fixture(scope="session")
def cli(tmp_path_factory, django_db_setup):
    """Runs the `selfdirect` command in a subprocess against its own migrated SQLite database (a copy of the migrated
    template where there is one)."""
    import shutil
    import subprocess
    import sys

    database = tmp_path_factory.mktemp("cli") / "cli.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}

    def run(*args, stdin=None):
        return subprocess.run([sys.executable, "-m", "selfdirect.cli", *args], capture_output=True, text=True,
                              input=stdin, env=env)

    if "sqlite" in _TEMPLATE:
        shutil.copyfile(_TEMPLATE["sqlite"], database)
    else:
        migrated = run("migrate", "--noinput", "-v", "0")
        assert migrated.returncode == 0, migrated.stderr
    return run
