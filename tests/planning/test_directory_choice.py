"""Issue 20, in the plan: choosing a provider for an item from the market directory shows its price against what the
plan allows ("£24.50 an hour; your plan allows £18.00: £6.50 over, £91.00 a week") and the alternatives that fit; the
worker chooses one, and the person's family suggests one, which the worker accepts."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import timezone

from selfdirect.audit.models import AuditEvent
from selfdirect.market.search import Price
from selfdirect.planning import actions, directory, queries
from selfdirect.planning.models import PlanProposal
from tests.market import directory as market_directory

# ---- the comparison rules --------------------------------------------------------------------------------------------

FOURTEEN_HOURS = directory.Allowance(1800, "hour", Fraction(14), "weekly")


def test_a_price_over_what_the_plan_allows_says_by_how_much_a_unit_and_a_week():
    compared = directory.compare(FOURTEEN_HOURS, [Price(2450, "hour", "weekday")])
    assert compared.line == "£24.50 an hour; your plan allows £18.00: £6.50 over, £91.00 a week"
    assert (compared.over_pence, compared.over_weekly_pence) == (650, 9100)
    assert compared.comparable and not compared.fits


def test_a_price_within_or_exactly_what_the_plan_allows_fits():
    under = directory.compare(FOURTEEN_HOURS, [Price(1600, "hour", "weekday")])
    assert under.line == "£16.00 an hour: within what your plan allows (£18.00)"
    assert under.fits and (under.over_pence, under.over_weekly_pence) == (-200, -2800)
    same = directory.compare(FOURTEEN_HOURS, [Price(1800, "hour", "weekday")])
    assert same.line == "£18.00 an hour: exactly what your plan allows" and same.fits and same.over_weekly_pence == 0


def test_the_weekday_price_is_compared_and_another_band_is_named():
    prices = [Price(2800, "hour", "weekend"), Price(2450, "hour", "weekday"), Price(3500, "session", "weekday")]
    assert directory.compare(FOURTEEN_HOURS, prices).price == Price(2450, "hour", "weekday")
    nights = directory.compare(FOURTEEN_HOURS, [Price(3100, "hour", "night"), Price(2900, "hour", "weekend")])
    assert nights.line.startswith("£29.00 an hour (weekends); your plan allows £18.00: £11.00 over")


def test_a_weekly_figure_follows_the_items_period():
    monthly = directory.Allowance(3000, "sessions", Fraction(4), "monthly")  # 4 sessions a month
    compared = directory.compare(monthly, [Price(3500, "session", "weekday")])
    # £5.00 over a session, 4 a month: £20.00 a month is £20 x 12 / 52 = £4.62 a week (core.money's rounding)
    assert compared.line == "£35.00 a session; your plan allows £30.00: £5.00 over, £4.62 a week"


def test_a_different_unit_or_no_current_price_cannot_be_compared_and_says_why():
    sessions = directory.compare(FOURTEEN_HOURS, [Price(3500, "session", "weekday")])
    assert not sessions.comparable and not sessions.fits
    assert sessions.line == "Cannot be compared: priced a session, and the plan counts this support an hour"
    yearly = directory.compare(
        directory.Allowance(5200, "year", Fraction(1), "annual"), [Price(500, "week", "weekday")]
    )
    assert yearly.line == (
        "Cannot be compared: the plan counts this support by the year, and the directory's prices are a week"
    )
    none = directory.compare(FOURTEEN_HOURS, [])
    assert not none.comparable and none.line == "No current price: ask the provider what it charges"


def test_those_that_fit_come_first_cheapest_first_then_the_least_over():
    pairs = [
        (name, directory.compare(FOURTEEN_HOURS, prices))
        for name, prices in [
            ("dear", [Price(2450, "hour", "weekday")]),
            ("none", []),
            ("cheap", [Price(1500, "hour", "weekday")]),
            ("bit over", [Price(1900, "hour", "weekday")]),
            ("fits", [Price(1700, "hour", "weekday")]),
        ]
    ]
    assert [name for name, _ in directory.ordered(pairs)] == ["cheap", "fits", "bit over", "dear", "none"]


def test_what_an_item_is_comes_from_its_words_else_from_who_supplies_it():
    assert directory.terms_for("agency", "Help with personal care") == ("personal_care",)
    assert directory.terms_for("provider", "A day centre on Tuesdays") == ("day_opportunity",)
    assert directory.terms_for("agency", "Support at home") == ("personal_care", "personal_assistant")
    assert directory.terms_for("network", "Lifts from my neighbour") == ()
    assert directory.rate_unit_of(" Hours ") == "hour" and directory.rate_unit_of("item") is None


def test_a_service_for_the_whole_plan_is_priced_against_the_room_the_budget_leaves():
    art = Price(3500, "session", "weekday")
    assert directory.room_line(art, Fraction(1), "weekly", 10000) == (
        "£35.00 a session, once a week: £35.00 a week, within the £100.00 a week the plan has left"
    )
    assert directory.room_line(art, Fraction(2), "weekly", 5000) == (
        "£35.00 a session, twice a week: £70.00 a week, £20.00 a week more than the £50.00 the plan has left"
    )
    assert directory.room_line(art, Fraction(1), "weekly", 0).endswith(
        "the plan already uses all of the indicative budget"
    )
    assert directory.fits_room(art, Fraction(1), "weekly", 3500) and not directory.fits_room(
        art, Fraction(1), "weekly", 3499
    )


# ---- the pages and actions -------------------------------------------------------------------------------------------


def _planning_person(council, **extra):
    """A person at planning with a draft plan: 10 hours a week of personal care at £20.00 an hour (£200.00 a week),
    against an indicative £300.00."""
    person = council.person(**{"user": council.holder, **extra})
    council.assess(person)
    council.plan(person)
    return person


def _family_for(council, person):

    council.family_acts_for(person)


@pytest.fixture
def listed(council):
    found = market_directory.build(council, timezone.localdate())
    year_ago = timezone.localdate() - datetime.timedelta(days=365)
    found["cheaper"] = market_directory.service(
        found["riverside"], "Morning care", "personal_care", rates=[(1800, "hour", "weekday", year_ago, None)]
    )
    return found


def _item(council, person):
    return queries.draft_plan_for(council.case(person)).items.get()


@pytest.mark.django_db
def test_the_worker_sees_each_service_against_what_the_plan_allows_the_ones_that_fit_first(client, council, listed):
    person = _planning_person(council)
    item = _item(council, person)
    client.force_login(council.worker)
    page = client.get(f"/people/{person.pk}/plan/items/{item.pk}/provider/")
    assert page.status_code == 200
    text = page.content.decode()
    fitting, over = text.index("Alternatives that fit"), text.index("Over what the plan allows")
    assert fitting < text.index("Morning care") < over  # £18.00 an hour: within the £20.00 allowed
    assert "£18.00 an hour: within what your plan allows (£20.00)" in text
    assert over < text.index("Home care visits")
    assert "£24.50 an hour; your plan allows £20.00: £4.50 over, £45.00 a week" in text
    assert "Newcomer home care" not in text and "Art and craft days" not in text  # not listed; not personal care
    assert f'href="/directory/services/{listed["cheaper"].pk}/"' in text  # the public service page
    plan_page = client.get(f"/people/{person.pk}/plan/").content.decode()
    assert f"/people/{person.pk}/plan/items/{item.pk}/provider/" in plan_page
    # Any kind of support: the day opportunity, priced by the session, cannot be compared with an hourly item.
    text = client.get(f"/people/{person.pk}/plan/items/{item.pk}/provider/?what=any").content.decode()
    assert "Cannot be compared: priced a session, and the plan counts this support an hour" in text


@pytest.mark.django_db
def test_only_the_team_and_the_person_or_their_family_open_the_page(client, council, listed):
    person = _planning_person(council)
    _family_for(council, person)
    item = _item(council, person)
    address = f"/people/{person.pk}/plan/items/{item.pk}/provider/"
    for user in (council.worker, council.holder, council.family):
        client.force_login(user)
        assert client.get(address).status_code == 200, user
        assert client.get(f"/people/{person.pk}/plan/directory/").status_code == 200, user
    for user in (council.south_worker, council.other_holder, council.provider):
        client.force_login(user)
        assert client.get(address).status_code == 404, user
        assert client.post(address, {"service": listed["cheaper"].pk}).status_code == 404, user
        assert client.get(f"/people/{person.pk}/plan/directory/").status_code == 404, user
    other = _planning_person(council, first_name="Olu", nhs_number="9434765870", user=None)
    client.force_login(council.worker)  # another person's item under this person: not found
    assert client.get(f"/people/{person.pk}/plan/items/{_item(council, other).pk}/provider/").status_code == 404
    _item(council, person).refresh_from_db()
    assert _item(council, person).supplier_name == ""


@pytest.mark.django_db
def test_the_worker_chooses_a_provider_keeping_the_planned_cost_or_taking_its_price(client, council, listed):
    person = _planning_person(council)
    case, item = council.case(person), _item(council, person)
    chosen = actions.choose_provider(case, item.pk, listed["home_care"], actor=council.worker)
    assert (chosen.supplier_name, chosen.organisation) == ("Exe Valley Home Care", council.agency)
    assert (chosen.unit_cost_pence, chosen.weekly_cost_pence) == (2000, 20000)  # the cost as planned
    chosen = actions.choose_provider(case, item.pk, listed["cheaper"], actor=council.worker, use_price=True)
    assert chosen.supplier_name == "Riverside Day Opportunities" and chosen.organisation is None  # no accounts record
    assert (chosen.unit_cost_pence, chosen.weekly_cost_pence) == (1800, 18000)
    event = AuditEvent.objects.filter(person=person, what__startswith="Chose Morning care").get()
    assert "at its price of £18.00 an hour" in event.what
    # Through the page: the worker ticks "Use this provider's price".
    client.force_login(council.worker)
    response = client.post(
        f"/people/{person.pk}/plan/items/{item.pk}/provider/", {"service": listed["home_care"].pk, "use_price": "yes"}
    )
    assert response.status_code == 302 and response["Location"] == f"/people/{person.pk}/plan/"
    item.refresh_from_db()
    assert (item.unit_cost_pence, item.weekly_cost_pence, item.organisation) == (2450, 24500, council.agency)


@pytest.mark.django_db
def test_choosing_is_refused_with_a_reason_and_nothing_changes(council, listed):
    person = _planning_person(council)
    case, item = council.case(person), _item(council, person)
    with pytest.raises(actions.PlanError, match="Art and craft days's price cannot be used: cannot be compared"):
        actions.choose_provider(case, item.pk, listed["art"], actor=council.worker, use_price=True)
    with pytest.raises(actions.PlanError, match="Choose a service the directory lists"):
        actions.choose_provider(case, item.pk, listed["hidden"], actor=council.worker)  # its provider is not confirmed
    with pytest.raises(actions.PlanError, match="Choose a service the directory lists"):
        actions.choose_provider(case, item.pk, listed["closed"], actor=council.worker)
    item.refresh_from_db()
    assert (item.supplier_name, item.organisation, item.unit_cost_pence) == ("", council.agency, 2000)
    live = council.live_person(first_name="Ada", nhs_number="9434765870")
    approved = queries.approved_plan_for(council.case(live)).items.get()
    with pytest.raises(actions.PlanError, match="only be changed while the case is at the planning step"):
        actions.choose_provider(council.case(live), approved.pk, listed["home_care"], actor=council.worker)


@pytest.mark.django_db
def test_a_family_suggestion_from_the_directory_waits_and_the_worker_accepting_adds_the_provider(
    client, council, listed
):
    person = _planning_person(council)
    _family_for(council, person)
    case = council.case(person)
    client.force_login(council.family)
    page = client.get(f"/people/{person.pk}/plan/directory/?what=day_opportunity").content.decode()
    # £300.00 indicative less the plan's £200.00 a week: £100.00 left; a session of art once a week fits.
    assert "£35.00 a session, once a week: £35.00 a week, within the £100.00 a week the plan has left" in page
    assert "Home care visits" not in page  # personal care, not a day opportunity
    suggest = f"/people/{person.pk}/plan/directory/suggest/"
    # a service closed for now is neither listed for the plan nor offered to suggest
    listed["music"].status = "temporarily closed"
    listed["music"].save()
    assert "Music and drama" in page
    assert "Music and drama" not in client.get(f"/people/{person.pk}/plan/directory/?what=day_opportunity").content.decode()
    gone = client.get(f"{suggest}?service={listed['music'].pk}")
    assert gone.status_code == 302 and gone.url == f"/people/{person.pk}/plan/directory/"  # back to the list
    assert "Art and craft days" in client.get(f"{suggest}?service={listed['art'].pk}").content.decode()
    refused = client.post(
        suggest, {"service": listed["art"].pk, "unit": "session", "quantity": "0", "period": "weekly"}
    )
    assert refused.status_code == 400 and "How many units must be more than 0" in refused.content.decode()
    slip = client.post(suggest, {"service": listed["art"].pk, "unit": "session", "quantity": "1000", "period": "weekly"})
    assert slip.status_code == 400
    assert "How many must be at most 21 sessions a week (it is 1000 a week)" in slip.content.decode()
    assert not PlanProposal.objects.filter(plan__case=case).exists()
    sent = client.post(suggest, {"service": listed["art"].pk, "unit": "session", "quantity": "1", "period": "weekly"})
    assert sent.status_code == 302
    proposal = PlanProposal.objects.get(plan__case=case)
    assert proposal.status == PlanProposal.Status.WAITING and proposal.proposed_by == council.family
    assert proposal.details == {
        "description": "Art and craft days",
        "supplier_kind": "provider",
        "supplier_name": "Riverside Day Opportunities",
        "unit": "session",
        "unit_cost_pence": 3500,
        "quantity": "1",
        "period": "weekly",
        "service": str(listed["art"].uuid),
    }
    assert queries.draft_plan_for(case).items.count() == 1  # nothing changes until the worker accepts
    actions.respond_to_proposal(case, proposal.pk, actor=council.worker, accept=True, response="Good idea")
    added = queries.draft_plan_for(case).items.get(description="Art and craft days")
    assert (added.supplier_name, added.unit_cost_pence, added.weekly_cost_pence) == (
        "Riverside Day Opportunities",
        3500,
        3500,
    )
    assert added.added_by == council.family


@pytest.mark.django_db
def test_a_suggested_provider_with_an_accounts_record_is_linked_when_accepted(client, council, listed):
    person = _planning_person(council)
    case, item = council.case(person), _item(council, person)
    client.force_login(council.holder)
    response = client.post(f"/people/{person.pk}/plan/items/{item.pk}/provider/", {"service": listed["home_care"].pk})
    assert response.status_code == 302
    proposal = PlanProposal.objects.get(plan__case=case)
    assert proposal.details["unit_cost_pence"] == 2450 and proposal.details["quantity"] == "10.00"
    assert proposal.details["description"] == "Help with personal care"
    item.refresh_from_db()
    assert item.supplier_name == ""  # the person suggests; only the worker changes the plan
    actions.respond_to_proposal(case, proposal.pk, actor=council.worker, accept=True)
    added = queries.draft_plan_for(case).items.exclude(pk=item.pk).get()
    assert added.organisation == council.agency and added.weekly_cost_pence == 24500
    assert Decimal(added.quantity) == Decimal("10")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("since", "why"),
    [
        (
            "provider",
            "Art and craft days cannot be added from the directory: its provider, Riverside Day Opportunities, "
            "is no longer listed",
        ),
        ("service", "Art and craft days cannot be added from the directory: it is closed for good"),
        ("paused", "Art and craft days cannot be added from the directory: it is closed for now"),
    ],
)
def test_accepting_a_suggestion_from_the_directory_is_refused_once_it_is_no_longer_there(council, listed, since, why):
    """Between the family's suggestion and the worker's answer, the council may stop listing the provider, or the
    service close for good: accepting it then is refused, naming the service and why, and the suggestion still waits."""
    from selfdirect.market.models import Provider, Service

    person = _planning_person(council)
    _family_for(council, person)
    case = council.case(person)
    proposal = actions.suggest_service(
        case, listed["art"], actor=council.family, quantity="1", period="weekly", unit="session"
    )
    if since == "provider":
        Provider.objects.filter(pk=listed["riverside"].pk).update(status=Provider.Status.WITHDRAWN)
    else:
        Service.objects.filter(pk=listed["art"].pk).update(
            status=Service.Status.DEFUNCT if since == "service" else Service.Status.TEMPORARILY_CLOSED)
    with pytest.raises(actions.PlanError) as refused:
        actions.respond_to_proposal(case, proposal.pk, actor=council.worker, accept=True)
    assert str(refused.value).startswith(why)
    proposal.refresh_from_db()
    assert proposal.status == PlanProposal.Status.WAITING
    assert not queries.draft_plan_for(case).items.filter(description="Art and craft days").exists()
    # The worker may still say why it is not accepted.
    actions.respond_to_proposal(case, proposal.pk, actor=council.worker, accept=False, response="No longer listed")
    proposal.refresh_from_db()
    assert proposal.status == PlanProposal.Status.DECLINED


@pytest.mark.django_db
def test_the_worker_is_told_on_the_page_why_a_suggestion_from_the_directory_cannot_be_accepted(client, council, listed):
    from selfdirect.market.models import Provider

    person = _planning_person(council)
    _family_for(council, person)
    case = council.case(person)
    proposal = actions.suggest_service(
        case, listed["art"], actor=council.family, quantity="1", period="weekly", unit="session"
    )
    Provider.objects.filter(pk=listed["riverside"].pk).update(status=Provider.Status.WITHDRAWN)
    client.force_login(council.worker)
    response = client.post(f"/people/{person.pk}/plan/suggestions/{proposal.pk}/", {"accept": "yes"})
    assert response.status_code == 400
    assert "Riverside Day Opportunities, is no longer listed" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == PlanProposal.Status.WAITING
