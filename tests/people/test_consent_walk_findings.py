"""Issue 16, the browser walk's findings on authority and consent: a consent's state in words after withdrawal; the
person (and whoever acts for them on a welfare authority) sees what they agreed to; version 1 of the information is
dated by the consents given against it, not by the day it was loaded; the purposes in plain words addressed to the
person; and every problem with a record of authority named at once, on the page and in the API."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from markupsafe import escape

from selfdirect.people import actions, authority, queries
from selfdirect.people.models import ConsentInformation

TODAY = timezone.localdate()
GIVEN = datetime.date(2026, 1, 5)


def _withdrawn_today(council, person, purpose=authority.RESEARCH):
    consent = queries.open_consent(person, purpose)
    return actions.withdraw_consent(consent, actor=council.worker, withdrawn_on=TODAY)


# ---- 2. the state of each consent, in words -------------------------------------------------------------------------

def test_a_withdrawn_consent_reads_withdrawn_on_its_day_not_never_given(council, signed_in):
    person = council.person(consents=(authority.RESEARCH,))
    _withdrawn_today(council, person)
    client = signed_in(council.worker)
    today = f"{TODAY.day} {TODAY:%B %Y}"
    for page in (f"/people/{person.pk}/consents/", f"/people/{person.pk}/"):
        body = client.get(page).content.decode()
        start = body.index("Research using information about them")
        research = body[start:body.index("Sharing information about them", start)]
        assert "Withdrawn" in research and f"on {today}" in research and "given on 5 January 2026" in research, page
        assert "Never given" not in research and "Not given" not in research, page
        start = body.index("Sharing information about them beyond the care team")
        sharing = body[start:body.index("Examples from their plan", start)]
        assert "Never given" in sharing, page
    given = council.person(first_name="Gwen", consents=(authority.PLAN_EXAMPLES,))
    body = client.get(f"/people/{given.pk}/consents/").content.decode()
    examples = body[body.index("Examples from their plan shown to others"):][:300]
    assert "Given" in examples and "on 5 January 2026" in examples


# ---- 3. the person, and who acts for them, see what they agreed to ---------------------------------------------------

def test_the_budget_holder_sees_what_she_agreed_to_and_withdrew_with_the_version_she_was_given(council, signed_in):
    person = council.live_person(user=council.holder, consents=(authority.RESEARCH, authority.PLAN_EXAMPLES))
    _withdrawn_today(council, person, authority.PLAN_EXAMPLES)
    body = signed_in(council.holder).get(f"/people/{person.pk}/").content.decode()
    assert "What you have agreed to" in body
    assert "Using information about you in research, without your name" in body
    assert "Given on 5 January 2026" in body
    assert f"Withdrawn on {TODAY.day} {TODAY:%B %Y}" in body
    assert "/consent-information/research/?version=1" in body
    assert "/consent-information/research/easy-read/?version=1" in body
    assert f"/people/{person.pk}/consents/{queries.open_consent(person, authority.RESEARCH).pk}/withdraw/" not in body
    assert "Record consent" not in body  # read-only


def test_someone_acting_on_a_welfare_authority_sees_them_and_a_money_only_attorney_does_not(council, signed_in):
    person = council.live_person(consents=(authority.RESEARCH,))
    actions.add_representative(person, actor=council.worker, name="Frank Evans", relationship="Son or daughter",
                               kind="consent", scope="welfare_and_property", user=council.family,
                               starts_on=datetime.date(2026, 1, 5))
    body = signed_in(council.family).get(f"/people/{person.pk}/").content.decode()
    assert "What Elsie has agreed to" in body and "Given on 5 January 2026" in body

    other = council.live_person(first_name="Olive", consents=(authority.RESEARCH,))
    actions.add_representative(other, actor=council.worker, name="Frank Evans", relationship="Son or daughter",
                               kind="lpa_property_finance", evidence_reference="OPG 1", user=council.family,
                               evidence_seen_on=GIVEN, starts_on=GIVEN)
    response = signed_in(council.family).get(f"/people/{other.pk}/")
    assert response.status_code == 200 and "has agreed to" not in response.content.decode()


# ---- 4. version 1 dated by the consents given against it ------------------------------------------------------------

def test_version_1_is_dated_by_the_earliest_consent_given_against_it(council, client):
    first = ConsentInformation.objects.get(purpose=authority.RESEARCH, version=1)
    assert first.shipped and first.published_on == TODAY  # loaded today, before anyone was given it
    council.person(consents=(authority.RESEARCH,))  # given on 5 January 2026
    first.refresh_from_db()
    assert first.published_on == GIVEN
    body = client.get("/consent-information/research/").content.decode()
    assert "Version 1, in use from 5 January 2026" in body
    # a later consent leaves it; an earlier one moves it back
    council.person(first_name="Late", consents=(authority.RESEARCH,))
    actions.record_consent(council.person(first_name="Early"), actor=council.worker, purpose=authority.RESEARCH,
                           given_on=datetime.date(2024, 7, 9))
    first.refresh_from_db()
    assert first.published_on == datetime.date(2024, 7, 9)


def test_a_consent_is_given_against_the_version_in_force_on_its_day(council):
    second = actions.publish_consent_information(authority.SHARING, actor=council.admin, text="New words",
                                                 easy_read_text="New easy words")
    assert second.version == 2 and not second.shipped
    before = actions.record_consent(council.person(), actor=council.worker, purpose=authority.SHARING, given_on=GIVEN)
    since = actions.record_consent(council.person(first_name="Now"), actor=council.worker, purpose=authority.SHARING,
                                   given_on=TODAY)
    assert (before.information.version, since.information.version) == (1, 2)


def test_the_migration_dates_version_1_by_the_consents_held(council):
    council.person(consents=(authority.RESEARCH,))
    loaded = timezone.now()
    ConsentInformation.objects.filter(purpose=authority.RESEARCH, version=1).update(published_at=loaded)
    migration = importlib.import_module("selfdirect.people.migrations.0008_plain_purposes_and_version_1_dated_by_its_consents")
    migration.date_version_1_by_its_consents(apps, None)
    assert ConsentInformation.objects.get(purpose=authority.RESEARCH, version=1).published_on == GIVEN
    # a version with no consent keeps the day it was loaded
    assert ConsentInformation.objects.get(purpose=authority.SHARING, version=1).published_on == TODAY


# ---- 5. plain words, addressed to the person ------------------------------------------------------------------------

JARGON = ("pseudonymised", "anonymised", "pseudonym", "data")


def test_every_purpose_reads_in_plain_words_and_the_persons_titles_address_them(client, council):
    for purpose in authority.PURPOSES:
        for title in (authority.PURPOSES[purpose], authority.TITLES_FOR_THE_PERSON[purpose],
                      authority.EASY_READ_TITLES[purpose]):
            assert not any(word in title.lower() for word in JARGON), title
        for title in (authority.TITLES_FOR_THE_PERSON[purpose], authority.EASY_READ_TITLES[purpose]):
            assert "you" in title.lower().split() or "your" in title.lower().split(), title
        information = queries.current_information(purpose)
        assert not any(word in information.easy_read_text.lower() for word in JARGON), purpose
        easy = client.get(f"/consent-information/{purpose}/easy-read/").content.decode()
        assert f'<h1 class="govuk-heading-l">{escape(authority.EASY_READ_TITLES[purpose])}</h1>' in easy
        full = client.get(f"/consent-information/{purpose}/").content.decode()
        assert f'<h1 class="govuk-heading-l">{escape(authority.TITLES_FOR_THE_PERSON[purpose])}</h1>' in full
    assert "Using information about you in research, without your name" in client.get(
        "/consent-information/research/easy-read/").content.decode()


# ---- 6. every problem with a record of authority at once -------------------------------------------------------------

MISSING = ["Enter the date they start acting for the person",
           "Enter the reference on the evidence you saw for a lasting power of attorney for health and welfare",
           "Enter the date you saw the evidence"]


def test_the_page_names_the_start_date_and_the_evidence_at_once(council, signed_in):
    person = council.person()
    response = signed_in(council.worker).post(f"/people/{person.pk}/representatives/add/", {
        "name": "Ruth Evans", "relationship": "Son or daughter", "kind": "lpa_health_welfare", "scope": "from_kind"})
    assert response.status_code == 400
    body = response.content.decode()
    summary = body[body.index("govuk-error-summary"):body.index("</main>") if "</main>" in body else None]
    summary = summary[:summary.index("</ul>")]
    for message in MISSING:
        assert message in summary, message
    # in the order of the fields on the page
    anchors = ("#id_evidence_reference", "#id_evidence_seen_on_0", "#id_starts_on_0")
    assert sorted(anchors, key=summary.index) == list(anchors)
    assert not person.representatives.exists()


def test_the_action_names_every_problem_and_the_page_shows_them_when_the_form_is_valid(council, signed_in):
    person = council.person()
    with pytest.raises(actions.PersonError) as refused:
        actions.add_representative(person, actor=council.worker, name="Ruth", relationship="Son or daughter",
                                   kind="lpa_health_welfare", starts_on=None, review_on=None)
    assert [(p.field, str(p)) for p in refused.value.every] == [
        ("evidence_reference", MISSING[1]), ("evidence_seen_on", MISSING[2]), ("starts_on", MISSING[0])]
    rep = actions.add_representative(person, actor=council.worker, name="Ruth", relationship="Son or daughter",
                                     kind="deputy", scope="welfare", evidence_reference="COP 1", evidence_seen_on=GIVEN,
                                     starts_on=GIVEN)
    response = signed_in(council.worker).post(f"/people/{person.pk}/representatives/{rep.pk}/review/", {
        "kind": "lpa_health_welfare", "scope": "from_kind",
        "review_on_0": str(TODAY.day), "review_on_1": str(TODAY.month), "review_on_2": str(TODAY.year)})
    body = response.content.decode()
    assert response.status_code == 400
    for message in (MISSING[1], MISSING[2], "The date of the next review must be in the future"):
        assert message in body, message


def test_the_api_answers_one_400_naming_every_field(council, api):
    person = council.person()
    client = api(council.worker)
    url = f"/api/v1/people/{person.pk}/authorities/"
    missing_start = client.post(url, {"name": "Ruth Evans", "relationship": "Son or daughter",
                                      "kind": "lpa_health_welfare"}, format="json")
    assert missing_start.status_code == 400
    assert {"starts_on", "evidence_reference", "evidence_seen_on"} <= set(missing_start.json()["errors"])
    read = client.post(url, {"name": "Ruth Evans", "relationship": "Son or daughter", "kind": "lpa_health_welfare",
                             "starts_on": GIVEN.isoformat(), "evidence_seen_on": (TODAY + datetime.timedelta(days=3))
                             .isoformat()}, format="json")
    assert read.status_code == 400
    assert read.json()["errors"]["evidence_reference"] == [MISSING[1]]
    assert read.json()["errors"]["evidence_seen_on"] == ["The date you saw the evidence must be today or in the past"]
    assert not person.representatives.exists()
