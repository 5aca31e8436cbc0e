"""Issue 16, "Authority and consent, one model": consent is a record (purpose, the version of the information given and
its easy read version, the day, who recorded it; withdrawal with its day and who recorded it), and withdrawal takes
effect everywhere its purpose is used, the same day. The privacy notice says the care record's lawful basis is not
consent."""

import datetime

import pytest
from django.utils import timezone

from selfdirect.audit.models import AuditEvent
from selfdirect.people import actions, authority, queries
from selfdirect.people.models import Consent
from selfdirect.research import actions as research_actions
from selfdirect.research import queries as research_queries

TODAY = timezone.localdate()
GIVEN = datetime.date(2026, 1, 5)


def _consent(council, person, purpose=authority.RESEARCH, given_on=GIVEN):
    return actions.record_consent(person, actor=council.worker, purpose=purpose, given_on=given_on)


def test_a_consent_records_the_version_of_the_information_given_and_who_recorded_it(council):
    person = council.person()
    consent = _consent(council, person)
    assert (consent.information.version, consent.given_on, consent.recorded_by) == (1, GIVEN, council.worker)
    assert queries.has_consent(person, authority.RESEARCH)
    assert not queries.has_consent(person, authority.RESEARCH, on=GIVEN - datetime.timedelta(days=1))
    assert not queries.has_consent(person, authority.SHARING)  # one purpose says nothing of another
    # A new version of the information: consents given from now are given against it; the earlier one keeps
    # version 1 (and one given before the new version was published is given against the version in force that day)
    actions.publish_consent_information(authority.RESEARCH, actor=council.admin, text="New words",
                                        easy_read_text="New easy words")
    other = _consent(council, council.person(first_name="Olive"), given_on=TODAY)
    assert other.information.version == 2
    consent.refresh_from_db()
    assert consent.information.version == 1
    assert AuditEvent.objects.filter(person=person, what__startswith="Recorded consent to research").exists()


def test_consent_is_recorded_once_until_withdrawn_and_a_withdrawal_is_dated_sensibly(council):
    person = council.person()
    consent = _consent(council, person)
    with pytest.raises(actions.PersonError, match="already agrees to research") as twice:
        _consent(council, person)
    assert twice.value.field == "purpose"
    with pytest.raises(actions.PersonError, match="must be on or after 5 January 2026") as early:
        actions.withdraw_consent(consent, actor=council.worker, withdrawn_on=GIVEN - datetime.timedelta(days=1))
    assert early.value.field == "withdrawn_on"
    with pytest.raises(actions.PersonError, match="today or in the past"):
        actions.withdraw_consent(consent, actor=council.worker, withdrawn_on=TODAY + datetime.timedelta(days=1))
    withdrawn = actions.withdraw_consent(consent, actor=council.worker, withdrawn_on=TODAY, note="Phoned us")
    assert (withdrawn.withdrawn_on, withdrawn.withdrawal_recorded_by, withdrawn.withdrawal_note) == (
        TODAY, council.worker, "Phoned us")
    with pytest.raises(actions.PersonError, match="already withdrawn"):
        actions.withdraw_consent(consent, actor=council.worker, withdrawn_on=TODAY)
    again = _consent(council, person, given_on=TODAY)  # given again after the withdrawal: a new record
    assert Consent.objects.filter(person=person).count() == 2 and queries.has_consent(person, authority.RESEARCH)
    assert [c.pk for c in queries.consent_history(person)] == [again.pk, consent.pk]


def test_withdrawing_research_consent_today_takes_the_person_out_of_research_today(council):
    staying, leaving = council.person(first_name="Stay"), council.person(first_name="Leave")
    for person in (staying, leaving):
        _consent(council, person)
    assert set(research_queries.consenting_people()) == {staying, leaving}
    project = research_actions.create_project(
        actor=council.admin, name="Direct payments", lead=council.researcher, approval_reference="26/SW/0001",
        starts_on=TODAY - datetime.timedelta(days=5), ends_on=TODAY + datetime.timedelta(days=100))
    research_actions.add_consenting_people(project, actor=council.admin)
    assert research_queries.projects().get(pk=project.pk).consenting == 2

    actions.withdraw_consent(queries.open_consent(leaving, authority.RESEARCH), actor=council.worker,
                             withdrawn_on=TODAY)
    assert set(research_queries.consenting_people()) == {staying}  # the same day
    assert research_queries.projects().get(pk=project.pk).consenting == 1
    with pytest.raises(research_queries.ExtractRefused):  # one person cannot make a k-anonymous extract...
        research_queries.extract(project, today=TODAY)
    yesterday = TODAY - datetime.timedelta(days=1)
    assert set(queries.consenting_people(authority.RESEARCH, on=yesterday)) == {staying, leaving}  # ...yesterday both

    # Given today, counted today
    late = council.person(first_name="Late")
    _consent(council, late, given_on=TODAY)
    assert late in research_queries.consenting_people()


def test_a_worker_records_and_withdraws_consent_on_the_persons_record(council, signed_in):
    person = council.person()
    client = signed_in(council.worker)
    record = client.get(f"/people/{person.pk}/").content.decode()
    assert f"/people/{person.pk}/consents/" in record and "Never given" in record
    page = client.get(f"/people/{person.pk}/consents/research/record/").content.decode()
    assert "version 1" in page and "/consent-information/research/easy-read/?version=1" in page
    assert "never see your name, address, date of birth or NHS number" in page  # the information itself
    refused = client.post(f"/people/{person.pk}/consents/research/record/", {
        "given_on_0": "1", "given_on_1": "1", "given_on_2": str(TODAY.year + 1)})
    assert refused.status_code == 400 and "must be today or in the past" in refused.content.decode()
    done = client.post(f"/people/{person.pk}/consents/research/record/", {
        "given_on_0": str(TODAY.day), "given_on_1": str(TODAY.month), "given_on_2": str(TODAY.year),
        "note": "Said yes at the review"})
    assert done.status_code == 302 and done["Location"] == f"/people/{person.pk}/consents/"
    consent = queries.open_consent(person, authority.RESEARCH)
    listing = client.get(f"/people/{person.pk}/consents/").content.decode()
    assert "Said yes at the review" in listing and "Given" in listing and "Version 1" in listing
    withdrawn = client.post(f"/people/{person.pk}/consents/{consent.pk}/withdraw/", {
        "withdrawn_on_0": str(TODAY.day), "withdrawn_on_1": str(TODAY.month), "withdrawn_on_2": str(TODAY.year),
        "note": "Changed her mind"})
    assert withdrawn.status_code == 302
    assert not queries.has_consent(person, authority.RESEARCH)
    listing = client.get(f"/people/{person.pk}/consents/").content.decode()
    assert "Changed her mind" in listing and "Record consent" in listing  # the history, and it may be given again


def test_only_staff_who_change_the_record_record_consent(council, signed_in):
    person = council.live_person(user=council.holder)
    assert signed_in(council.holder).get(f"/people/{person.pk}/consents/").status_code == 403
    assert signed_in(council.south_worker).get(f"/people/{person.pk}/consents/").status_code == 404
    assert signed_in(council.manager).get(f"/people/{person.pk}/consents/").status_code == 200
    assert signed_in(council.finance).post(f"/people/{person.pk}/consents/research/record/").status_code == 403


def test_the_api_records_lists_and_withdraws_consent(council, api):
    person = council.person()
    client = api(council.worker)
    url = f"/api/v1/people/{person.pk}/consents/"
    made = client.post(url, {"purpose": "plan_examples", "given_on": GIVEN.isoformat()}, format="json")
    assert made.status_code == 201, made.content
    assert made.json()["information_version"] == 1 and made.json()["counts_today"] is True
    twice = client.post(url, {"purpose": "plan_examples", "given_on": GIVEN.isoformat()}, format="json")
    assert twice.status_code == 400 and "purpose" in twice.json()["errors"]
    withdrawn = client.post(f"{url}{made.json()['id']}/withdraw/", {"withdrawn_on": TODAY.isoformat()}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["counts_today"] is False
    assert [c["withdrawn_on"] for c in client.get(url).json()] == [TODAY.isoformat()]
    assert api(council.family).get(url).status_code == 404  # not someone they act for


def test_the_information_and_its_easy_read_version_are_readable_signed_out(client, council):
    assert "Research using information about them, without their name" in client.get(
        "/consent-information/").content.decode()
    full = client.get("/consent-information/research/")
    assert full.status_code == 200 and "Each study gets a different code for you" in full.content.decode()
    easy = client.get("/consent-information/research/easy-read/")
    assert easy.status_code == 200 and "Saying no will not change your care." in easy.content.decode()
    assert client.get("/consent-information/research/?version=9").status_code == 404
    assert client.get("/consent-information/nonsense/").status_code == 404
    assert client.get("/consent-information/research/new/").status_code == 302  # publishing needs a sign-in


def test_an_administrator_publishes_a_new_version_and_the_old_one_stays_readable(council, signed_in, client):
    admin = signed_in(council.admin)
    published = admin.post("/consent-information/sharing/new/", {"text": "Our new words about sharing.",
                                                                   "easy_read_text": "New easy words."})
    assert published.status_code == 302
    assert "Our new words about sharing." in client.get("/consent-information/sharing/").content.decode()
    assert "housing provider" in client.get("/consent-information/sharing/?version=1").content.decode()
    assert signed_in(council.worker).post("/consent-information/sharing/new/", {
        "text": "x", "easy_read_text": "y"}).status_code == 403


# ---- the privacy notice ----------------------------------------------------------------------------------------------

def test_the_privacy_notice_is_served_signed_out_and_names_the_lawful_basis(client, settings, db):
    settings.DPO_CONTACT = "Dee Pio, dpo@council.example"
    response = client.get("/privacy/")
    assert response.status_code == 200
    body = response.content.decode()
    for named in ["article 6(1)(c)", "article 6(1)(e)", "article 9(2)(h)", "section 10 and Schedule 1, Part 1, "
                  "paragraph 2", "section 11(1)", "Schedule 1, Part 2, paragraph 18", "We do not keep your care record because you agreed to it"]:
        assert named in body, named
    assert "Dee Pio, dpo@council.example" in body and settings.COUNCIL_NAME in body
    assert 'href="/consent-information/"' in body  # consent is asked only for research, sharing and plan examples
    # linked from the footer of every page
    assert 'href="/privacy/"' in client.get("/accessibility/").content.decode()
