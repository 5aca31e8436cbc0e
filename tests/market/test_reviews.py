"""Reviews in the directory (issue 20): written by a budget holder or family member for a person who used the service
through their plan (planning registers that check, market.usage), one a person a service, moderated by the council
against the published policy, with the provider's reply beside each; and the number of people using a service, for
signed-in council staff only, fewer than 5 never as a number, never in the public search or the Open Referral UK API."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from selfdirect.audit.models import AuditEvent
from selfdirect.market import actions, queries, reviews, usage
from selfdirect.market.models import Review

from . import directory

TODAY = datetime.date(2026, 12, 7)
SAID = "The carers came on time every morning and helped me wash and dress."


@pytest.fixture
def listed(council):
    return directory.build(council, timezone.localdate())


@pytest.fixture
def holder_person(council):
    """Elsie, who signs in as `holder`, with an approved plan of home care from Exe Valley Home Care (the agency)."""
    person = council.person(user=council.holder)
    council.assess(person)
    council.plan(person)
    council.submit(person)
    council.approve(person)
    return person


def _write(council, listed, person, user=None, text=SAID, rating=5):
    return actions.write_review(
        listed["home_care"], actor=user or council.holder, person=person, text=text, rating=rating, on=TODAY
    )


def _published(council, listed, person, **kwargs):
    review = _write(council, listed, person, **kwargs)
    return actions.moderate_review(review, actor=council.commissioner, publish=True, on=TODAY)


# ---- who may write one -----------------------------------------------------------------------------------------------


def test_the_policy_rules_name_what_is_wrong():
    assert reviews.text_problem("") == "Enter your review"
    assert reviews.text_problem("Too short") == "Write at least 20 characters in your review"
    assert reviews.text_problem("x" * 2001) == "Your review must be 2000 characters or fewer (it has 2001)"
    assert reviews.text_problem(SAID) == ""
    assert reviews.rating_problem(None) == "" and reviews.rating_problem(5) == ""
    assert reviews.rating_problem(6) == "Choose a rating from 1 to 5 stars, or none"
    assert reviews.decline_problem("rude") == "Choose the policy's reason for declining the review"
    assert [reviews.shown_count(n) for n in (0, 4, 5, 12)] == ["fewer than 5", "fewer than 5", "5", "12"]


def test_usage_comes_from_planning_approved_plans(council, listed, holder_person):
    assert usage.used_by(holder_person, listed["home_care"])
    assert not usage.used_by(holder_person, listed["elsewhere"])  # another agency's service
    assert not usage.used_by(holder_person, listed["art"])  # a provider with no sign-in organisation
    assert usage.people_using([listed["home_care"], listed["elsewhere"]]) == {
        listed["home_care"].pk: 1,
        listed["elsewhere"].pk: 0,
    }


def test_a_budget_holder_reviews_a_service_they_used_and_it_waits_for_the_council(council, listed, holder_person):
    review = _write(council, listed, holder_person)
    assert (review.status, review.acting_for, review.rating, review.text) == ("waiting", "person", 5, SAID)
    event = AuditEvent.objects.filter(person=holder_person, what__startswith="Wrote a review").get()
    assert event.actor == council.holder


def test_a_service_not_used_through_the_plan_is_refused(council, listed, holder_person):
    with pytest.raises(actions.MarketError, match="You can review a service you have used through your plan"):
        actions.write_review(
            listed["elsewhere"], actor=council.holder, person=holder_person, text=SAID, rating=None, on=TODAY
        )
    assert not Review.objects.exists()


def test_a_person_with_no_approved_plan_cannot_review(council, listed):
    person = council.person(user=council.holder)
    council.assess(person)
    council.plan(person)  # a draft: not used yet
    with pytest.raises(actions.MarketError, match="used through your plan"):
        _write(council, listed, person)


def test_only_the_person_or_someone_acting_for_them_writes_one(council, listed, holder_person):
    for someone in [council.other_holder, council.worker, council.provider, council.family]:
        with pytest.raises(PermissionDenied):
            _write(council, listed, holder_person, user=someone)


def test_a_family_member_acting_for_the_person_writes_one_as_a_family_member(council, listed, holder_person):

    council.family_acts_for(holder_person)
    review = _write(council, listed, holder_person, user=council.family)
    assert review.acting_for == "family"


def test_one_review_a_person_a_service_changed_while_waiting_then_refused(council, listed, holder_person):
    first = _write(council, listed, holder_person)
    again = _write(council, listed, holder_person, text="Changed my mind: they were late twice in May.", rating=3)
    assert again.pk == first.pk and Review.objects.count() == 1 and again.rating == 3
    actions.moderate_review(again, actor=council.commissioner, publish=True, on=TODAY)
    with pytest.raises(actions.MarketError, match="has already reviewed Home care visits .*published"):
        _write(council, listed, holder_person, text="A third try at a review of it.")
    assert Review.objects.get().text.startswith("Changed my mind")


def test_bad_text_and_rating_are_named_together(council, listed, holder_person):
    with pytest.raises(actions.MarketError) as raised:
        _write(council, listed, holder_person, text="Short", rating=9)
    assert sorted(e.field for e in raised.value.every) == ["rating", "text"]
    assert not Review.objects.exists()


# ---- moderation and the reply --------------------------------------------------------------------------------------


def test_the_council_declines_for_a_policy_reason_and_the_person_sees_it(council, listed, holder_person, signed_in):
    review = _write(council, listed, holder_person)
    with pytest.raises(actions.MarketError, match="policy's reason"):
        actions.moderate_review(review, actor=council.commissioner, publish=False, reason="", on=TODAY)
    with pytest.raises(PermissionDenied):
        actions.moderate_review(review, actor=council.worker, publish=True, on=TODAY)
    with pytest.raises(actions.MarketError, match="A reason is for a review not published") as mixed:
        actions.moderate_review(review, actor=council.commissioner, publish=True, reason="names_someone", on=TODAY)
    assert mixed.value.field == "reason"
    review.refresh_from_db()
    assert review.status == "waiting"
    declined = actions.moderate_review(
        review, actor=council.commissioner, publish=False, reason="names_someone", on=TODAY
    )
    assert (declined.status, declined.moderation_reason, declined.moderated_by) == (
        "declined",
        "names_someone",
        council.commissioner,
    )
    with pytest.raises(actions.MarketError, match="checked already"):
        actions.moderate_review(declined, actor=council.admin, publish=True, on=TODAY)
    page = signed_in(council.holder).get(f"/directory/services/{listed['home_care'].pk}/").content.decode()
    assert "Your review: not published" in page and "it names or identifies a person" in page
    assert "Write a review" not in page


def test_the_moderation_queue_and_page_publish_a_review(council, listed, holder_person, signed_in):
    review = _write(council, listed, holder_person)
    client = signed_in(council.commissioner)
    queue = client.get("/directory/reviews/waiting/")
    assert queue.status_code == 200 and "Home care visits" in queue.content.decode()
    assert client.get(f"/directory/reviews/{review.pk}/check/").status_code == 200
    refused = client.post(f"/directory/reviews/{review.pk}/check/", {"decision": "decline"})
    assert refused.status_code == 400 and "policy&#39;s reason" in refused.content.decode()
    done = client.post(f"/directory/reviews/{review.pk}/check/", {"decision": "publish"})
    assert done.status_code == 302
    assert Review.objects.get().status == "published"
    assert signed_in(council.worker).get("/directory/reviews/waiting/").status_code == 403


def test_declining_a_review_that_describes_harm_prompts_the_safeguarding_procedure(council, listed, holder_person,
                                                                                  signed_in):
    review = _write(council, listed, holder_person)
    client = signed_in(council.commissioner)
    done = client.post(f"/directory/reviews/{review.pk}/check/", {"decision": "decline", "reason": "safeguarding"},
                       follow=True)
    body = done.content.decode()
    assert "follow the council&#39;s safeguarding procedures now" in body and f"its number, {review.pk}" in body


def test_the_provider_replies_only_to_a_published_review_of_its_own_service(council, listed, holder_person):
    review = _write(council, listed, holder_person)
    with pytest.raises(actions.MarketError, match="once the council has published it"):
        actions.reply_to_review(review, actor=council.provider, text="Thank you", on=TODAY)
    actions.moderate_review(review, actor=council.commissioner, publish=True, on=TODAY)
    with pytest.raises(PermissionDenied):
        actions.reply_to_review(review, actor=council.other_provider, text="Thank you", on=TODAY)
    replied = actions.reply_to_review(
        review, actor=council.provider, text="Thank you, we will tell the team.", on=TODAY
    )
    assert (replied.reply, replied.replied_by, replied.replied_on) == (
        "Thank you, we will tell the team.",
        council.provider,
        TODAY,
    )


def test_the_public_page_shows_only_published_reviews_each_with_its_reply_and_no_name(
    council, listed, client, holder_person, signed_in
):
    published = _published(council, listed, holder_person)
    actions.reply_to_review(published, actor=council.provider, text="Thank you, we will tell the team.", on=TODAY)
    other = council.person(user=council.other_holder, first_name="Olive", nhs_number="9434765870")
    council.assess(other)
    council.plan(other)
    council.submit(other)
    council.approve(other)
    _write(council, listed, other, user=council.other_holder, text="Still waiting to be checked by the council.")
    page = client.get(f"/directory/services/{listed['home_care'].pk}/").content.decode()
    assert SAID in page and "Thank you, we will tell the team." in page
    assert "The provider's reply, 7 December 2026" in page
    assert "Still waiting to be checked" not in page
    assert "A person who uses this service, 7 December 2026" in page
    assert "Elsie" not in page and "Evans" not in page
    assert "Write a review" not in page  # signed out
    mine = signed_in(council.other_holder).get(f"/directory/services/{listed['home_care'].pk}/").content.decode()
    assert "Your review: waiting for the council to check it" in mine and "Change your review" in mine


def test_the_provider_sees_reviews_among_its_entries_and_replies_on_a_page(council, listed, holder_person, signed_in):
    review = _published(council, listed, holder_person)
    client = signed_in(council.provider)
    assert SAID in client.get("/directory/yours/").content.decode()
    assert client.post(f"/directory/yours/reviews/{review.pk}/reply/", {"reply": ""}).status_code == 400
    assert client.post(f"/directory/yours/reviews/{review.pk}/reply/", {"reply": "Thank you."}).status_code == 302
    assert Review.objects.get().reply == "Thank you."
    assert signed_in(council.other_provider).get(f"/directory/yours/reviews/{review.pk}/reply/").status_code == 404


def test_a_budget_holder_writes_a_review_on_its_page(council, listed, holder_person, signed_in):
    client = signed_in(council.holder)
    url = f"/directory/services/{listed['home_care'].pk}/review/"
    assert "Write a review" in client.get(f"/directory/services/{listed['home_care'].pk}/").content.decode()
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": SAID, "rating": "4"}).status_code == 302
    assert Review.objects.get().rating == 4
    assert client.get(f"/directory/services/{listed['elsewhere'].pk}/review/").status_code == 404  # not used
    assert signed_in(council.worker).get(url).status_code == 403


def test_the_policy_page_lists_every_reason(client):
    page = client.get("/directory/reviews/policy/").content.decode()
    assert all(reason.label in page.replace("&#39;", "'") for reason in reviews.REASONS)


# ---- how many people use a service ---------------------------------------------------------------------------------


def test_usage_is_shown_to_signed_in_staff_only_and_under_5_hidden(council, listed, holder_person, client, signed_in):
    url = f"/directory/services/{listed['home_care'].pk}/"
    assert "Use through Selfdirect" not in client.get(url).content.decode()
    for someone in [council.holder, council.provider]:
        assert "Use through Selfdirect" not in signed_in(someone).get(url).content.decode()
    staff = signed_in(council.commissioner).get(url).content.decode()
    assert "People whose approved plans use this provider: fewer than 5" in staff


def test_usage_of_5_or_more_is_shown_as_a_number(council, listed, signed_in, monkeypatch):
    monkeypatch.setattr(usage, "_people_by_organisation", lambda ids: {i: set(range(7)) for i in ids})
    page = signed_in(council.worker).get(f"/directory/services/{listed['home_care'].pk}/").content.decode()
    assert "People whose approved plans use this provider: 7" in page


def test_neither_reviews_nor_usage_reach_the_public_search_or_the_open_referral_api(
    council, listed, holder_person, client
):
    _published(council, listed, holder_person)
    search = client.get("/directory/").content.decode()
    service = client.get(f"/openreferral/services/{listed['home_care'].uuid}").content.decode()
    services = client.get("/openreferral/services").content.decode()
    for body in (search, service, services):
        assert SAID not in body
        assert "review" not in body.lower()
        assert "fewer than 5" not in body and "Use through Selfdirect" not in body


# ---- the person's data -----------------------------------------------------------------------------------------------


def test_a_subject_access_request_gathers_the_persons_reviews(council, listed, holder_person):
    from selfdirect.subject_access import gatherers

    review = _published(council, listed, holder_person)
    actions.reply_to_review(review, actor=council.provider, text="Thank you, we will tell the team.", on=TODAY)
    found = [f for g, f in gatherers.gather_all(holder_person) if g.kind == "service-reviews"]
    assert [f.title for f in found] == ["Review of Home care visits, written on 7 December 2026"]
    text = " ".join(t for _, t in found[0].fields)
    assert SAID in text and "Thank you, we will tell the team." in text


def test_erasure_deletes_the_persons_reviews(council, listed, settings, tmp_path, django_capture_on_commit_callbacks):
    from selfdirect.retention import actions as retention
    from tests.retention.conftest import build_past_person

    settings.MEDIA_ROOT = tmp_path / "media"
    past = build_past_person(council)
    Review.objects.create(
        service=listed["home_care"],
        person=past.person,
        written_by=past.user,
        acting_for="person",
        text="Zebedee Quarrington-Vale says the carers were lovely.",
        written_on=TODAY,
        status="published",
        reply="Thank you Zebedee.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        erasure = retention.erase(past.person, actor=council.admin)
    assert not Review.objects.filter(person=past.person).exists()
    assert erasure.counts["market_reviews"] == 1


def test_the_demo_writes_a_published_review_with_a_reply_for_a_budget_holder_who_signs_in(
    council, listed, holder_person
):
    from selfdirect.market import demo

    assert demo.build_reviews(today=TODAY, moderator=council.commissioner) == 1
    review = Review.objects.get()
    assert (review.person, review.service, review.status) == (holder_person, listed["home_care"], "published")
    assert review.reply and review.replied_by == council.provider
    demo.clear()
    assert not Review.objects.exists()


def test_showing_someone_their_own_review_is_an_audited_read_of_that_persons_record(
    council, listed, holder_person, signed_in
):
    """Every read of a person's data is audited: the service page and the review form show the reviews written for
    the people the user acts as, so each shown is recorded as a read of that person (found by the review)."""
    from selfdirect.audit.models import AuditEvent

    _write(council, listed, holder_person)
    reads = AuditEvent.objects.filter(actor=council.holder, action="read", person=holder_person,
                                      what__startswith="Read their review of")
    service = listed["home_care"].pk
    assert signed_in(council.holder).get(f"/directory/services/{service}/").status_code == 200
    assert reads.count() == 1
    assert signed_in(council.holder).get(f"/directory/services/{service}/review/").status_code == 200
    assert reads.count() == 2
    signed_in(council.holder).get(f"/directory/services/{listed['art'].pk}/")  # no review of it: no read
    assert reads.count() == 2


# ---- reviews given on paper, by phone or at a meeting, written down by a worker ---------------------------------------

GIVEN = "They are always cheerful and never rush me. I look forward to the visits."


def _given(council, listed, person, user=None, service="home_care", text=GIVEN, rating=4, how="phone", agreed=True):
    return actions.record_review_given(
        listed[service], actor=user or council.worker, person=person, text=text, rating=rating, how=how,
        agreed=agreed, on=TODAY
    )


def test_a_review_given_is_refused_without_the_persons_agreement(council, listed, holder_person):
    with pytest.raises(actions.MarketError) as refused:
        _given(council, listed, holder_person, agreed=False)
    assert [e.field for e in refused.value.every] == ["agreed"]
    assert not Review.objects.exists()


def test_a_worker_records_a_review_given_by_phone_and_it_waits_for_the_council(council, listed, holder_person):
    review = _given(council, listed, holder_person)
    assert (review.status, review.acting_for, review.written_by, review.rating, review.text) == (
        "waiting",
        "given",
        council.worker,
        4,
        GIVEN,
    )
    event = AuditEvent.objects.filter(person=holder_person, what__startswith="Recorded a review").get()
    assert event.actor == council.worker
    assert event.what == "Recorded a review of Home care visits they gave by phone, with their agreement to publish it without their name, for the council to check"
    assert [r.pk for r in queries.waiting_reviews()] == [review.pk]


def test_once_published_it_shows_it_was_given_on_paper_or_by_phone_and_names_no_one(
    council, listed, holder_person, client
):
    review = _given(council, listed, holder_person, how="paper")
    page = client.get(f"/directory/services/{listed['home_care'].pk}/").content.decode()
    assert GIVEN not in page  # waiting: not shown
    actions.moderate_review(review, actor=council.commissioner, publish=True, on=TODAY)
    page = client.get(f"/directory/services/{listed['home_care'].pk}/").content.decode()
    assert GIVEN in page and "A person who uses this service, on paper or by phone, 7 December 2026" in page
    assert holder_person.first_name not in page and holder_person.last_name not in page


def test_only_staff_who_may_change_the_persons_record_write_one_down(council, listed, holder_person):
    council.family_acts_for(holder_person)
    for someone in [council.holder, council.family, council.provider, council.commissioner, council.south_worker,
                    council.finance]:
        with pytest.raises(PermissionDenied):
            _given(council, listed, holder_person, user=someone)
    assert not Review.objects.exists()
    assert _given(council, listed, holder_person, user=council.manager).written_by == council.manager


def test_a_service_they_did_not_use_is_refused_naming_it(council, listed, holder_person):
    with pytest.raises(actions.MarketError, match="Elsie .* has not used Night sitting through their plan") as raised:
        _given(council, listed, holder_person, service="elsewhere")
    assert raised.value.field == "service"
    assert not Review.objects.exists()


def test_how_it_was_given_and_the_policy_rules_are_named_together(council, listed, holder_person):
    with pytest.raises(actions.MarketError) as raised:
        _given(council, listed, holder_person, text="Short", rating=0, how="email")
    assert sorted(e.field for e in raised.value.every) == ["how", "rating", "text"]
    assert "Write at least 20 characters in their review" in [str(e) for e in raised.value.every]
    assert not Review.objects.exists()


def test_one_review_a_person_a_service_whoever_writes_it_down(council, listed, holder_person):
    first = _given(council, listed, holder_person)
    again = _given(council, listed, holder_person, text="They gave a new one by letter: mostly on time now.", how="paper")
    assert again.pk == first.pk and Review.objects.count() == 1 and again.text.startswith("They gave a new one")
    actions.moderate_review(again, actor=council.commissioner, publish=True, on=TODAY)
    with pytest.raises(actions.MarketError, match="has already reviewed Home care visits .*published"):
        _given(council, listed, holder_person, text="A second review of the same service by phone.")
    assert Review.objects.get().text.startswith("They gave a new one")


def test_a_worker_never_replaces_a_review_the_person_wrote_themselves(council, listed, holder_person):
    _write(council, listed, holder_person)
    with pytest.raises(actions.MarketError, match="has already reviewed Home care visits .*waiting"):
        _given(council, listed, holder_person)
    assert Review.objects.get().text == SAID and Review.objects.get().acting_for == "person"


def test_the_page_lists_the_services_they_used_and_records_their_review(council, listed, holder_person, signed_in):
    client = signed_in(council.worker)
    url = f"/directory/people/{holder_person.pk}/review/"
    assert "Record a review they gave on paper or by phone" in client.get(
        f"/directory/people/{holder_person.pk}/").content.decode()
    page = client.get(url).content.decode()
    assert "Home care visits, Exe Valley Home Care" in page  # the agency her approved plan names
    assert "Night sitting" not in page and "Art and craft days" not in page  # not used
    assert "agreed to this review being sent to the council to publish, without their name" in page
    answer = {"service": str(listed["home_care"].pk), "how": "meeting", "text": GIVEN, "rating": "5"}
    refused = client.post(url, answer)  # not saying that she agreed
    assert refused.status_code == 400 and "Confirm that Elsie agreed" in refused.content.decode()
    assert not Review.objects.exists()
    assert client.post(url, {**answer, "agreed": "on"}).status_code == 302
    review = Review.objects.get()
    assert (review.acting_for, review.rating, review.written_by) == ("given", 5, council.worker)
    shown = client.get(url).content.decode()
    assert "Waiting for the council to check it" in shown and "on paper or by phone" in shown
    other = client.post(url, {**answer, "service": str(listed["elsewhere"].pk), "agreed": "on"})
    assert other.status_code == 400 and Review.objects.count() == 1  # not one she used: not a choice


def test_a_worker_outside_the_persons_reach_gets_not_found_and_others_forbidden(
    council, listed, holder_person, signed_in
):
    url = f"/directory/people/{holder_person.pk}/review/"
    answer = {"service": str(listed["home_care"].pk), "how": "phone", "text": GIVEN, "agreed": "on"}
    for someone in [council.south_worker, council.south_manager, council.commissioner]:
        client = signed_in(someone)
        assert client.get(url).status_code == 404
        assert client.post(url, answer).status_code == 404
    # those who reach her record but may not change it: the agency supporting her, and Elsie herself
    for someone in [council.provider, council.holder]:
        client = signed_in(someone)
        assert client.get(url).status_code == 403
        assert client.post(url, answer).status_code == 403
    assert not Review.objects.exists()


def test_the_page_says_so_when_they_used_no_service_in_the_directory(council, listed, signed_in):
    person = council.person()
    page = signed_in(council.worker).get(f"/directory/people/{person.pk}/review/").content.decode()
    assert "has not used any service in the directory through their plan" in page
    assert "Send it to the council" not in page


def test_a_person_reviews_only_the_kinds_of_service_they_used_from_a_provider(council, listed, holder_person):
    """Elsie's plan has "Help with personal care" from the agency: she may review its personal care, not a lunch club
    the same agency runs (issue 20: reviews "about what they used")."""
    club = directory.service(listed["agency"], "Friday lunch club", "club", byday="FR", opens=datetime.time(12),
                             closes=datetime.time(14), rates=[(800, "session", "weekday", TODAY, None)])
    assert usage.used_by(holder_person, listed["home_care"])
    assert not usage.used_by(holder_person, club)
    with pytest.raises(actions.MarketError):
        actions.write_review(club, actor=council.holder, person=holder_person, text=SAID, rating=4, on=TODAY)
    assert [s.name for s in queries.services_used_by(holder_person)] == ["Home care visits"]


def test_an_item_whose_words_name_no_kind_lets_the_person_review_any_of_its_providers_services(council, listed):
    """"Support" from the agency says nothing of its kind: any of the agency's services may be reviewed."""
    person = council.person()
    council.assess(person)
    from selfdirect.planning import actions as planning_actions

    case = council.case(person)
    planning_actions.add_outcome(case, actor=council.worker, in_own_words="I want to get out more")
    planning_actions.add_item(case, actor=council.worker, description="Support", supplier_kind="provider",
                              unit="hour", unit_cost_pence=2000, quantity=5, period="weekly",
                              organisation=council.agency)
    council.submit(person)
    council.approve(person)
    club = directory.service(listed["agency"], "Friday lunch club", "club", rates=[(800, "session", "weekday",
                                                                                       TODAY, None)])
    assert usage.used_by(person, club) and usage.used_by(person, listed["home_care"])
