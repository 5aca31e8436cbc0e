"""Issue 15, "done means": every URL in the URL configuration, page and API, walked as every role, with identifiers from
another team and another person.

Every URL pattern has an access rule below, or the first test fails: a new URL cannot arrive without one. Then, for
each rule:

- a person's URLs (`<pk>` is a person) are walked as every role with the id of a person in the South team whom only
  the South team's staff, finance and administrators reach (people.access), and with each of that person's own
  records as the second id (a plan item, a suggestion, a representative, a financial assessment, a request for one
  and a request to look at it again, a receipt). Everyone else gets "not found" or "forbidden", to GET and to POST,
  and nothing is written;
- the same second ids under a person the user does reach (a North person, as the North worker) are not found either:
  a record is reached only through its own person;
- a page for some roles (the finance pages, the dashboards, the accounts) is refused to every other role, and opens for
  the roles named, so the table cannot drift from the code;
- no page or API answer given to someone who does not reach the South person names them or shows their reference.

docs/security.md ("Access to people's records") says what this proves."""

import datetime

import pytest
from django.apps import apps
from django.urls import get_resolver
from django.urls.resolvers import URLPattern, URLResolver

from selfdirect.core.roles import Role
from tests import writes

# ---- the access rules ------------------------------------------------------------------------------------------------

# Open without signing in: signing in itself, the statements every visitor may read, the API's description.
PUBLIC = {
    "core:accessibility", "site:privacy", "accounts:sign-in", "accounts:code", "accounts:redeem", "api-schema",
    "api-token",
    # the information a person is given before they consent (people/authority.py's purposes), and its easy read version
    "consent-information", "consent-information-purpose", "consent-information-easy-read",
    # the market directory's search and a listed service's page (issue 20): anyone, signed in or not
    "market:search", "market:service",
    # their easy read versions (issue 20: search "in easy read")
    "market:search-easy", "market:service-easy",
    # the directory on paper for an area and a need, as a page to print and a tagged PDF (issue 20)
    "market:print", "market:print-pdf",
    # the open Open Referral UK API (market.api): listed providers' services, for any site, with no key
    "openreferral:index", "openreferral:services", "openreferral:service", "openreferral:service-at-locations",
    "openreferral:service-at-location", "openreferral:taxonomies", "openreferral:taxonomy",
    "openreferral:taxonomy-terms", "openreferral:taxonomy-term",
    # the directory's published review policy (market.reviews)
    "market:review-policy",
}
# Any signed-in user, about themselves only (their home page, roles, sign-out, their own details).
OWN = {"site:home", "accounts:change-role", "accounts:sign-out", "api-me", "carer-home", "planning:examples",
       "planning:can-it-be-bought",
       # signing in (docs/security.md, "Signing in"): the second step, your password and your API tokens
       "accounts:second-step", "accounts:set-up-two-factor", "accounts:your-sign-in", "accounts:password",
       "accounts:tokens", "api-my-tokens"}

# Lists whose content is scoped to the people the user reaches (so open to several roles, checked for leaks below),
# and who may post to them (adding a person).
SCOPED_LISTS = {
    "people:list": {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FINANCE_OFFICER, Role.ADMINISTRATOR},
    "api-people": {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FINANCE_OFFICER, Role.ADMINISTRATOR, Role.BUDGET_HOLDER,
                   Role.NOMINATED_PERSON, Role.INDEPENDENT_ADVISER},
    # the open subject access requests of the people the user's team works with
    "subject_access:index": {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.ADMINISTRATOR},
    "api-subject-access": {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.ADMINISTRATOR},
}

# Pages and endpoints for some roles only, with no person in the address.
FINANCE = {Role.FINANCE_OFFICER, Role.ADMINISTRATOR}
FIGURES = {Role.TEAM_MANAGER, Role.COMMISSIONER, Role.ADMINISTRATOR}
ADMIN = {Role.ADMINISTRATOR}
STAFF_WHO_ADD_PEOPLE = {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.ADMINISTRATOR}
HELPERS = {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FINANCE_OFFICER, Role.INDEPENDENT_ADVISER, Role.ADMINISTRATOR}
FOR_ROLES = {
    "site:dashboards": ADMIN,
    # rebuilding the demo council, on the task worker (site.jobs): administrators, in demo mode only ("not found" else)
    "site:demo": ADMIN,
    "accounts:list": ADMIN, "accounts:new": ADMIN, "api-accounts": ADMIN,
    "people:reference-lists": ADMIN, "people:reference-list": ADMIN, "new-consent-information": ADMIN,
    "people:new": STAFF_WHO_ADD_PEOPLE, "people:new-check": STAFF_WHO_ADD_PEOPLE, "people:new-step": STAFF_WHO_ADD_PEOPLE,
    "people:new-cancel": STAFF_WHO_ADD_PEOPLE,
    "planning:choices-report": FIGURES,
    "money:finance": FINANCE, "money:prepare-run": FINANCE, "money:import-statement": FINANCE, "money:reconcile": FINANCE, "api-runs": FINANCE,
    # care home residents' contribution invoices for a period (a person's own invoices are a person's URL, walked below)
    "money:contributions": FINANCE,
    # a provider's statement of the individual service funds it holds (lines for other funds are refused)
    "money:fund-statements": {Role.PROVIDER},
    "api-statements": FINANCE,
    "charging:assessment-requests": FINANCE, "api-assessment-request-queue": FINANCE,
    "charging:reconsiderations": FINANCE, "api-look-again-queue": FINANCE,
    # the council's charging policy: read and changed by finance officers and administrators (core.permissions)
    "charging:policy": FINANCE, "charging:policy-new": FINANCE, "api-charging-policy": FINANCE,
    # the national charging rates, each year's figures and a blank file to fill in (files, not person data)
    "charging:rates": FINANCE, "charging:rates-blank": FINANCE,
    # every assessment worked out again with a new year's rates, on the task worker (charging.jobs)
    "charging:uprating": FINANCE,
    # the national maximum interest rates for deferred payment agreements, shipped and added (not person data)
    "money:deferred-interest": FINANCE,
    "audit:search": {Role.TEAM_MANAGER, Role.ADMINISTRATOR},
    "insight:cld": {Role.COMMISSIONER, Role.ADMINISTRATOR},
    "insight:take-up": FIGURES, "insight:journey-times": FIGURES, "insight:choice-offered": FIGURES,
    "insight:money": FIGURES, "api-insight": FIGURES,
    # the outcomes dashboard (issue 21, "Reporting")
    "insight:outcomes": FIGURES,
    # a dashboard exported to Excel on the task worker (insight.jobs): posted from the dashboard
    "insight:export": FIGURES,
    "allocation:index": FINANCE, "allocation:publish": FINANCE, "allocation:calibrate": FINANCE,
    "allocation:audit": {Role.TEAM_MANAGER, Role.COMMISSIONER, Role.FINANCE_OFFICER, Role.ADMINISTRATOR},
    "research:index": {Role.RESEARCHER, Role.ADMINISTRATOR}, "api-research-projects": {Role.RESEARCHER, Role.ADMINISTRATOR},
    "research:new": ADMIN, "api-research-new-project": ADMIN,
    # retention (a person's retention pages are a person's URLs, walked below, and administrators' only)
    "retention:index": ADMIN, "retention:schedule": ADMIN, "retention:due": ADMIN, "retention:holds": ADMIN,
    "api-retention-schedule": ADMIN, "api-retention-due": ADMIN, "api-retention-holds": ADMIN,
    # the market directory: a provider's own entries; the providers waiting for the council to confirm them
    "market:yours": {Role.PROVIDER}, "market:waiting": {Role.COMMISSIONER, Role.ADMINISTRATOR},
    # a provider keeps its own entries: its details, a new service, a new venue
    "market:change-details": {Role.PROVIDER}, "market:add-service": {Role.PROVIDER}, "market:add-venue": {Role.PROVIDER},
    # the reviews waiting for the council to check them against the review policy
    "market:reviews-waiting": {Role.COMMISSIONER, Role.ADMINISTRATOR},
    # the reviews due in the user's own team (an administrator's: every team), late ones first (outcomes.schedule)
    "outcomes:reviews-due": {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.ADMINISTRATOR},
    # what happened to the people the user helped on their way (outcomes.helped: only with the person's consent, within
    # the window, only its fields), the email choice about it, and the same for a team manager's team
    "outcomes:helped": HELPERS, "outcomes:helped-email": HELPERS, "api-helped": HELPERS,
    "outcomes:helped-team": {Role.TEAM_MANAGER},
}

# Who may POST where that differs from who may GET.
POSTS = {"people:list": set(), "api-people": STAFF_WHO_ADD_PEOPLE}

# Records that are not a person's, addressed by their own id: who may open them.
RECORDS = {
    "accounts:account": ADMIN, "accounts:roles": ADMIN, "accounts:deactivate": ADMIN, "accounts:reactivate": ADMIN,
    "api-account-deactivate": ADMIN, "api-account-reactivate": ADMIN,
    "accounts:unlock": ADMIN, "accounts:reset-two-factor": ADMIN, "accounts:account-revoke-token": ADMIN,
    "api-account-unlock": ADMIN, "api-account-tokens": ADMIN, "api-account-tokens-revoke": ADMIN,
    # your own API token by its id: anyone signed in, and "not found" for anyone else's
    "accounts:revoke-token": set(Role), "api-my-token-revoke": set(Role),
    # a long job by its id (core.jobs): the one who asked for it sees it, "not found" for anyone else
    "core:job": set(Role),
    # what a job made, by the job's id: only for the one who asked for it (an uprating's table, a dashboard's workbook)
    "charging:uprating-result": FINANCE, "insight:export-file": FIGURES,
    "money:match-line": FINANCE, "money:run-file": FINANCE, "money:run-bacs-file": FINANCE, "money:run": FINANCE,
    # a paid run's remittance advice: a provider's or a person's own account (`pk` is the provider or the person)
    "money:remittances-csv": FINANCE, "money:provider-remittance": FINANCE, "money:provider-remittance-csv": FINANCE,
    "money:provider-remittance-pdf": FINANCE, "money:person-remittance": FINANCE, "money:person-remittance-csv": FINANCE,
    "money:person-remittance-pdf": FINANCE,
    # a research project: its lead researcher's and administrators' (another researcher's is "not found")
    "research:project": {Role.RESEARCHER, Role.ADMINISTRATOR}, "research:add-people": ADMIN,
    "research:make-release": {Role.RESEARCHER, Role.ADMINISTRATOR},
    # the stories its members shared for research (no names): its lead researcher's while it runs, and administrators'
    "research:stories": {Role.RESEARCHER, Role.ADMINISTRATOR},
    "api-research-project": {Role.RESEARCHER, Role.ADMINISTRATOR},
    "api-research-extract": {Role.RESEARCHER, Role.ADMINISTRATOR}, "api-research-people": ADMIN,
    "api-research-releases": {Role.RESEARCHER, Role.ADMINISTRATOR},
    # a research release, by its own id: its project's lead researcher's and administrators'
    "research:release": {Role.RESEARCHER, Role.ADMINISTRATOR}, "research:release-csv": {Role.RESEARCHER, Role.ADMINISTRATOR},
    "api-research-release": {Role.RESEARCHER, Role.ADMINISTRATOR},
    # a provider's own service, by its id: its price and places (another provider's is "not found")
    "market:change-price": {Role.PROVIDER}, "market:report-capacity": {Role.PROVIDER},
    # a provider's own service, venue or time, by its id: changed or taken off (another provider's is "not found")
    "market:change-service": {Role.PROVIDER}, "market:service-times": {Role.PROVIDER},
    "market:change-venue": {Role.PROVIDER}, "market:remove-time": {Role.PROVIDER},
    # a provider waiting to be confirmed, by its id: the council confirms it (a POST) or, saying why, does not list it
    "market:confirm-provider": {Role.COMMISSIONER, Role.ADMINISTRATOR},
    "market:decline-provider": {Role.COMMISSIONER, Role.ADMINISTRATOR},
    # a service's review, by the service's id: written for the person who used it through their plan ("not found" for
    # a service they did not use); a waiting review by its id, checked by the council; a published review of a
    # provider's own service, by its id, replied to by that provider ("not found" for another's)
    "market:write-review": {Role.BUDGET_HOLDER, Role.NOMINATED_PERSON},
    "market:moderate-review": {Role.COMMISSIONER, Role.ADMINISTRATOR},
    "market:reply-to-review": {Role.PROVIDER},
}

# Addresses whose first id is a person (`pk`), reached through people.access; a second id is that person's record.
# Every URL name with a `pk` of a person, other than those above, is a person's URL; this names the second ids.
SECOND_IDS = {"item_pk": "item", "proposal_pk": "proposal", "rep_pk": "representative", "request_pk": "request",
              "assessment_pk": "assessment", "record_pk": "receipt", "consent_pk": "consent",
              "sar_pk": "subject_access", "sar_item_pk": "subject_access_item",
              "reconsideration_pk": "reconsideration",
              "agreement_pk": "deferred_payment", "statement_pk": "deferred_statement",
              "top_up_pk": "top_up", "review_pk": "review", "story_pk": "story"}
# A person's URLs whose `pk` is not a person but the thing named.
NOT_A_PERSON = {"invitation-letter": "invitation"}

SLUGS = {"people:new-step": "about", "people:reference-list": "client_group", "allocation:saq-domain": "personal_care",
         "api-insight": "take-up", "people:record-consent": "research", "consent-information-purpose": "research",
         "consent-information-easy-read": "research", "new-consent-information": "research",
         "charging:rates-blank": "2026-27",
         # an Open Referral UK record's id (a UUID; one that is no record's is "not found")
         **{f"openreferral:{name}": "00000000-0000-4000-8000-000000000000"
            for name in ("service", "service-at-location", "taxonomy", "taxonomy-term")}}


def _patterns(patterns=None, prefix="", namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern), pattern


def _kind(name, route):
    if name in PUBLIC:
        return "public"
    if name in OWN:
        return "own"
    if name in SCOPED_LISTS:
        return "scoped"
    if name in FOR_ROLES:
        return "roles"
    if name in RECORDS:
        return "record"
    if name in NOT_A_PERSON:
        return "not-a-person"
    if "<int:pk>" in route:
        return "person"
    return None


def test_every_url_has_an_access_rule():
    unnamed = [route for name, route, _ in _patterns() if not name]
    assert not unnamed, f"URL patterns with no name (name them, then give them an access rule): {unnamed}"
    missing = [f"{name} ({route})" for name, route, _ in _patterns() if _kind(name, route) is None]
    assert not missing, ("These URLs have no access rule in tests/site/test_every_url.py; add each to the table its "
                         f"access follows: {missing}")
    named = {name for name, _, _ in _patterns()}
    stale = sorted((PUBLIC | OWN | set(SCOPED_LISTS) | set(FOR_ROLES) | set(RECORDS) | set(NOT_A_PERSON)) - named)
    assert not stale, f"Rules for URLs that no longer exist: {stale}"
    for name, route, _ in _patterns():
        for part in route.split("<")[1:]:
            converter, _, arg = part.split(">")[0].partition(":")
            if converter == "int" and arg not in {"pk", "run_pk", "line_pk", "job_pk"}:
                assert arg in SECOND_IDS, f"{name}: no record for <{converter}:{arg}> in SECOND_IDS"
            if converter in {"slug", "str"} and name not in SLUGS and name != "accounts:redeem":
                raise AssertionError(f"{name}: give a value for <{converter}:{arg}> in SLUGS")


# ---- the council walked ------------------------------------------------------------------------------------------------

STRANGER = {"first_name": "Zebedee", "last_name": "Quarrington-Vale"}


@pytest.fixture
def walk(council):
    """A South person, live on a direct payment, with one of each record a person's URL can name; and a North person
    the North worker reaches."""
    from selfdirect.charging import actions as charging
    from selfdirect.money import actions as money
    from selfdirect.people import actions as people
    from selfdirect.planning import actions as planning
    from selfdirect.planning import queries as plans

    south = council.person(team=council.south, **STRANGER, nhs_number="9434765870")
    council.assess(south, actor=council.south_worker)
    council.plan(south, actor=council.south_worker)
    proposal = planning.propose(council.case(south), actor=council.south_worker, kind="outcome",
                                details={"in_own_words": "To go swimming"})
    council.submit(south, actor=council.south_worker)
    planning.approve_plan(council.case(south), actor=council.south_manager, comment="Agreed")
    case = council.case(south)
    for code in ["council_managed", "individual_service_fund", "direct_payment", "mixed"]:
        planning.record_choice(case, actor=council.south_worker, option=code, offered=True, how="conversation",
                               decision="chosen" if code == "direct_payment" else "declined")
    planning.organise_money(case, actor=council.south_worker, delivery_option="direct_payment")
    planning.save_direct_payment_setup(case, actor=council.south_worker, recipient="person", capacity_and_consent=True,
                                       agreement_signed_on=datetime.date(2026, 1, 20), account_kind="bank",
                                       account_name="Z Q-V DP account", sort_code="30-99-50", account_number="12345678",
                                       employer_responsibilities=True, support_organisation_offered=True)
    item = plans.approved_plan_for(case).items.first()
    planning.arrange_item(case, item.pk, actor=council.south_worker, arranged_with="Exe Valley Home Care",
                          starts_on=datetime.date(2026, 2, 1))
    planning.start_support(case, actor=council.south_worker, starts_on=datetime.date(2026, 2, 1))

    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = _one_page_pdf()
    spent = money.record_spending(case, actor=council.south_worker, spent_on=datetime.date(2026, 2, 3), payee="A shop",
                                  amount_pence=1250, what_for="Bus fares",
                                  receipt=SimpleUploadedFile("receipt.pdf", pdf, content_type="application/pdf"))
    # A review held, with a story told and recorded at it (outcomes.actions)
    from selfdirect.outcomes import actions as outcomes
    from tests.outcomes.recordings import wav

    review = outcomes.record_review(case, actor=council.south_worker, held_on=datetime.date(2026, 3, 1),
                                    summary="Going well", decision="continue",
                                    ratings={o.pk: "achieved" for o in plans.approved_plan_for(case).outcomes.all()},
                                    depth="light", reason="Planned", method="Service user only",
                                    what_changed="Nothing changed")
    story = outcomes.record_story(review, actor=council.south_worker, told_by="person", teller_name="",
                                  words="I go out more", audio_file=wav(), share_with_helpers=False,
                                  share_for_research=False)
    request = charging.request_assessment(south, actor=council.south_worker, note="Please assess")
    rep_user = council.family.__class__.objects.create_user(username="south.family", password="a-long-test-password",
                                                           role=Role.NOMINATED_PERSON)
    representative = people.add_representative(
        south, actor=council.south_worker, name="Quinn Quarrington-Vale", relationship="Son",
        kind="consent", scope="welfare_and_property", evidence_reference="Seen", user=rep_user, starts_on=datetime.date(2026, 1, 1))
    invitation = people.invite(south, actor=council.south_worker, kind="budget_holder", delivery="letter").invitation
    consent = people.record_consent(south, actor=council.south_worker, purpose="sharing",
                                    given_on=datetime.date(2026, 1, 5))
    from tests.charging.inputs import assessment_input

    assessment = charging.record_assessment(south, assessment_input(south), actor=council.finance)
    look_again = charging.ask_to_look_again(assessment, actor=council.south_worker, asked_via="phone",
                                            grounds="The pension figure is wrong")
    from tests.money.test_deferred_payments import agreement_in_force

    agreement = agreement_in_force(council, south)
    statement = agreement.statements.get()
    top_up = _top_up(council, south)

    from selfdirect.subject_access import actions as subject_access

    sar = subject_access.log_request(south, actor=council.south_worker, received_on=datetime.date(2026, 2, 2),
                                     received_how="email", requester="person", identity_checked="Known",
                                     asked_for="Everything")
    subject_access.gather(sar, actor=council.south_worker)
    north = council.live_person()
    money.pay(datetime.date(2026, 2, 2), actor=council.finance)  # a payment run, for its file
    ids = {"item": item.pk, "proposal": proposal.pk, "representative": representative.pk, "request": request.pk,
           "assessment": assessment.pk, "receipt": getattr(spent, "pk", None), "consent": consent.pk,
           "subject_access": sar.pk, "subject_access_item": sar.items.order_by("pk").first().pk,
           "reconsideration": look_again.pk, "deferred_payment": agreement.pk, "deferred_statement": statement.pk,
           "top_up": top_up.pk, "review": review.pk, "story": story.pk,
           "invitation": getattr(invitation, "pk", None) or _first_pk(apps.get_model("accounts", "Invitation"))}
    return {"south": south, "north": north, "ids": ids, "council": council}


def _top_up(council, person):
    """A third-party top-up in force (charging.actions.record_top_up)."""
    from selfdirect.charging import actions as charging

    return charging.record_top_up(person, actor=council.finance, values={
        "kind": "third_party", "payer_name": "Quinn Quarrington-Vale", "payer_relationship": "Son",
        "care_home": "The Limes, Exeter", "weekly_price_pence": 95000, "council_rate_pence": 80000,
        "frequency": "four_weekly", "paid_to": "council", "agreed_on": datetime.date(2026, 2, 2),
        "agreement_reference": "TU-1", "signed_by": "Quinn Quarrington-Vale", "review_on": datetime.date(2027, 2, 2),
        "if_payments_stop": "The council pays the home in full until it recovers the cost or makes other arrangements"})


def _first_pk(model):
    first = model.objects.order_by("pk").first()
    return first.pk if first else None


def _one_page_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _users(council):
    return [council.worker, council.manager, council.south_worker, council.south_manager, council.finance,
            council.commissioner, council.researcher, council.admin, council.holder, council.other_holder,
            council.family, council.adviser, council.provider, council.other_provider]


def _address(route, values, name=None):
    path = route
    for part in route.split("<")[1:]:
        token = part.split(">")[0]
        converter, _, arg = token.partition(":")
        value = SLUGS[name] if converter in {"slug", "str"} and name in SLUGS else values[arg]
        path = path.replace(f"<{token}>", str(value))
    return "/" + path


REFUSED = {403, 404, 405}


def _refused(response, anonymous):
    if anonymous:
        return response.status_code in REFUSED | {401} or (
            response.status_code == 302 and "/sign-in/" in response.headers.get("Location", ""))
    return response.status_code in REFUSED


def _reaches(user, person):
    from selfdirect.people.access import people_visible_to

    return people_visible_to(user).filter(pk=person.pk).exists()


@pytest.mark.django_db
def test_no_one_outside_a_persons_reach_opens_or_changes_anything_of_theirs(client, walk):
    council, south, ids = walk["council"], walk["south"], walk["ids"]
    values = {"pk": south.pk, **{arg: ids[kind] for arg, kind in SECOND_IDS.items()}}
    failures, opened_by_reach = [], set()
    people_urls = [(name, route) for name, route, _ in _patterns() if _kind(name, route) == "person"]
    assert len(people_urls) > 60  # the walk covers what it says
    # Those outside the reach first, so that what those within it post (a request for an assessment, say) is not
    # counted against them; then those within it, to show the ids were real.
    users = sorted([None, *_users(council)], key=lambda user: user is not None and _reaches(user, south))
    # A refused request writes nothing but the audit trail and the session (tests/writes.BOOKKEEPING says why): no
    # statement sent while it is answered writes another table, and every row of every other table is as it was.
    refused_to = 0
    for user in users:
        client.logout()
        if user is not None:
            client.force_login(user)  # which writes the account's last sign-in: the rows are taken after it
        reaches = user is not None and _reaches(user, south)
        before = None if reaches else writes.digest(writes.BOOKKEEPING)
        for name, route in people_urls:
            if any(values.get(a) is None for a in SECOND_IDS if f":{a}>" in route):
                failures.append(f"{name}: the walk made no record for its second id")
                continue
            address = _address(route, values, name)
            for method in ("get", "post"):
                with writes.watch(writes.BOOKKEEPING) as seen:
                    response = getattr(client, method)(address)
                if reaches:
                    if response.status_code != 404:
                        opened_by_reach.add(name)
                    continue
                if not _refused(response, user is None):
                    failures.append(f"{method.upper()} {address} ({name}) as {user or 'anonymous'}: "
                                    f"{response.status_code}")
                if seen:
                    failures.append(f"{method.upper()} {address} ({name}), refused to {user or 'anonymous'}, wrote:\n"
                                    f"{seen}")
        if before is not None:
            refused_to += 1
            differ = writes.changed(before, writes.digest(writes.BOOKKEEPING))
            if differ:
                failures.append(f"the requests refused to {user or 'anonymous'} changed the rows of {differ}")
    assert not failures, "\n".join(failures)
    assert refused_to > 5  # the walk was refused to someone
    # The ids were real: the South team's worker (or finance, or an administrator) got past "not found" on each.
    assert opened_by_reach == {name for name, _ in people_urls}, sorted({n for n, _ in people_urls} - opened_by_reach)


@pytest.mark.django_db
def test_a_persons_records_are_reached_only_through_that_person(client, walk):
    council, north, ids = walk["council"], walk["north"], walk["ids"]
    client.force_login(council.worker)  # reaches the North person, not the South one
    failures = []
    for name, route, _ in _patterns():
        args = [a for a in SECOND_IDS if f":{a}>" in route]
        if _kind(name, route) != "person" or not args:
            continue
        address = _address(route, {"pk": north.pk, **{a: ids[SECOND_IDS[a]] for a in args}}, name)
        for method in ("get", "post"):
            response = getattr(client, method)(address)
            if response.status_code not in REFUSED:
                failures.append(f"{method.upper()} {address} ({name}): {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_pages_for_some_roles_open_for_those_and_no_others(client, walk):
    council = walk["council"]
    from selfdirect.money.models import PaymentRun, StatementLine

    run = PaymentRun.objects.order_by("pk").first()
    line = StatementLine.objects.order_by("pk").first()
    # The accounts' pages are walked on an account of no one else's use (an administrator deactivates it on the way).
    spare = council.worker.__class__.objects.create_user(username="spare", password="a-long-test-password",
                                                         role=Role.SOCIAL_WORKER, team=council.north)
    job = _first_pk(apps.get_model("core", "Job"))
    values = {"pk": spare.pk, "run_pk": run.pk if run else 1, "line_pk": line.pk if line else 1, "job_pk": job or 1,
              **{arg: slug for arg, slug in [("step", "about"), ("name", "client_group"), ("domain", "personal_care"),
                                             ("slug", "take-up")]}}
    failures = []
    for name, route, _ in _patterns():
        kind = _kind(name, route)
        if kind not in {"roles", "record", "scoped"}:
            continue
        allowed = {**FOR_ROLES, **RECORDS, **SCOPED_LISTS}[name]
        route_values = dict(values)
        if name in SLUGS:
            for part in route.split("<")[1:]:
                token = part.split(">")[0]
                if token.startswith(("slug:", "str:")):
                    route_values[token.partition(":")[2]] = SLUGS[name]
        address = _address(route, route_values)
        for user in [None, *_users(council)]:
            client.logout()
            if user is not None:
                client.force_login(user)
            for method in ("get", "post"):
                may = user is not None and Role(user.role) in (
                    POSTS.get(name, allowed) if method == "post" else allowed)
                with writes.watch(writes.BOOKKEEPING) as seen:
                    response = getattr(client, method)(address)
                if may and response.status_code in {401, 403}:
                    failures.append(f"{method.upper()} {address} ({name}) refused to {user}, whom the rule allows")
                if not may and not _refused(response, user is None):
                    failures.append(f"{method.upper()} {address} ({name}) as {user or 'anonymous'}: "
                                    f"{response.status_code}")
                if not may and seen:  # a refused request writes only the audit trail and the session
                    failures.append(f"{method.upper()} {address} ({name}), refused to {user or 'anonymous'}, wrote:\n"
                                    f"{seen}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_no_answer_names_a_person_to_someone_outside_their_reach(client, walk):
    council, south = walk["council"], walk["south"]
    marks = [south.la_person_id, STRANGER["last_name"], south.nhs_number]
    values = {"pk": south.pk, "run_pk": 1, "line_pk": 1, "job_pk": 1, **{a: walk["ids"][k] for a, k in SECOND_IDS.items()}}
    failures = []
    for user in _users(council):
        if _reaches(user, south):
            continue
        client.force_login(user)
        for name, route, _ in _patterns():
            if name in {"accounts:sign-out"}:
                continue
            route_values = dict(values)
            for part in route.split("<")[1:]:
                token = part.split(">")[0]
                if token.startswith(("slug:", "str:")):
                    route_values[token.partition(":")[2]] = SLUGS.get(name, "x")
            response = client.get(_address(route, route_values))
            body = response.content.decode(errors="replace") if response.status_code == 200 else ""
            for mark in marks:
                if mark and mark in body:
                    failures.append(f"{name} shows {mark!r} to {user}")
    assert not failures, "\n".join(failures)
