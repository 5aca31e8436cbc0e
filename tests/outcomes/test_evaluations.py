"""Issue 21: the worker records the POET-style answers and the stories at a review (outcomes.actions), on the review's
own page, and through the API; every refusal names its field; a recording is judged by its content."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from selfdirect.audit.models import AuditEvent
from selfdirect.outcomes import actions, audio
from selfdirect.outcomes.models import Evaluation, Story
from selfdirect.planning import queries as plans
from tests.outcomes.recordings import answers_to, m4a, mp3, ogg_opus, wav, webm


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _reviewed(council, person=None):
    person = person or council.live_person()
    case = council.case(person)
    outcome = plans.approved_plan_for(case).outcomes.get()
    review = actions.record_review(case, actor=council.worker, held_on=datetime.date(2026, 3, 20), summary="Going well",
                                   decision="continue", ratings={outcome.pk: "achieved"}, depth="light",
                                   reason="Planned", method="Service user and carer", what_changed="Nothing changed")
    return person, review, outcome


def _fields(problem) -> dict[str, str]:
    return {p.field: str(p) for p in problem.every}


# ---- the actions --------------------------------------------------------------------------------------------------

def test_the_persons_answers_are_kept_with_who_answered_the_version_and_the_reviews_date(council):
    person, review, _ = _reviewed(council)
    made = actions.record_evaluation(review, actor=council.worker, respondent="person", answered_by="relative",
                                     answers=answers_to("person", "better"))
    assert made.questionnaire == "person-v1" and made.scale == "change" and made.held_on == datetime.date(2026, 3, 20)
    assert made.answered_by == "relative" and not made.own_voice and made.answers["health"] == "better"
    assert AuditEvent.objects.filter(person_id=person.pk, action="create", what__contains="person-v1").exists()


def test_every_problem_is_named_at_once_with_its_field(council):
    _, review, _ = _reviewed(council)
    given = answers_to("family_carer")
    del given["carer_wellbeing"]
    given["money"] = "brilliant"
    with pytest.raises(actions.EvaluationError) as refused:
        actions.record_evaluation(review, actor=council.worker, respondent="family_carer", answered_by="relative",
                                  answers=given)
    fields = _fields(refused.value)
    assert set(fields) == {"answered_by", "respondent_name", "carer_wellbeing", "money"}
    assert fields["respondent_name"] == "Enter the family carer's name"
    assert not Evaluation.objects.exists()


def test_one_persons_and_one_workers_questionnaire_a_review_and_one_a_family_carer(council):
    _, review, _ = _reviewed(council)
    actions.record_evaluation(review, actor=council.worker, respondent="person", answered_by="person_with_family",
                              answers=answers_to("person"))
    with pytest.raises(actions.EvaluationError) as again:
        actions.record_evaluation(review, actor=council.worker, respondent="person", answered_by="person_alone",
                                  answers=answers_to("person"))
    assert again.value.field == "answered_by" and "recorded already" in str(again.value)
    actions.record_evaluation(review, actor=council.worker, respondent="worker", answered_by="worker_themselves",
                              answers=answers_to("worker"))
    with pytest.raises(actions.EvaluationError, match="recorded already"):
        actions.record_evaluation(review, actor=council.worker, respondent="worker", answered_by="worker_themselves",
                                  answers=answers_to("worker"))
    actions.record_evaluation(review, actor=council.worker, respondent="family_carer", answered_by="carer_themselves",
                              respondent_name="Jane Evans", answers=answers_to("family_carer"))
    actions.record_evaluation(review, actor=council.worker, respondent="family_carer", answered_by="carer_themselves",
                              respondent_name="Frank Evans", answers=answers_to("family_carer"))
    with pytest.raises(actions.EvaluationError) as same_carer:
        actions.record_evaluation(review, actor=council.worker, respondent="family_carer",
                                  answered_by="carer_themselves", respondent_name=" jane  evans ",
                                  answers=answers_to("family_carer"))
    assert same_carer.value.field == "respondent_name"
    assert Evaluation.objects.filter(review=review).count() == 4


def test_a_councils_satisfaction_scale_asks_its_own_questionnaire(council, settings):
    settings.EVALUATION_SCALE = "satisfaction"
    _, review, _ = _reviewed(council)
    with pytest.raises(actions.EvaluationError) as wrong_scale:
        actions.record_evaluation(review, actor=council.worker, respondent="person", answered_by="person_alone",
                                  answers=answers_to("person", "better"))
    assert "health" in _fields(wrong_scale.value)
    made = actions.record_evaluation(review, actor=council.worker, respondent="person", answered_by="person_alone",
                                     answers=answers_to("person", "satisfied"))
    assert made.scale == "satisfaction" and made.questionnaire == "person-satisfaction-v1"


def test_only_staff_who_change_the_record_record_answers_and_stories(council):
    _, review, _ = _reviewed(council)
    for outsider in (council.south_worker, council.finance, council.provider, council.holder):
        with pytest.raises(actions.EvaluationError):
            actions.record_evaluation(review, actor=outsider, respondent="person", answered_by="person_alone",
                                      answers=answers_to("person"))
        with pytest.raises(actions.EvaluationError):
            actions.record_story(review, actor=outsider, told_by="person", teller_name="", words="Good",
                                 share_with_helpers=False, share_for_research=False)
    assert not Evaluation.objects.exists() and not Story.objects.exists()


def test_a_story_needs_words_or_a_recording_and_outcomes_from_the_reviewed_plan(council):
    person, review, outcome = _reviewed(council)
    other = council.live_person(first_name="Ann", nhs_number="9434765870")
    other_outcome = plans.approved_plan_for(council.case(other)).outcomes.get()
    with pytest.raises(actions.EvaluationError) as refused:
        actions.record_story(review, actor=council.worker, told_by="family_carer", teller_name="", words="  ",
                             domains=["not_a_domain"], outcome_ids=[other_outcome.pk], share_with_helpers=True,
                             share_for_research=False)
    assert set(_fields(refused.value)) == {"teller_name", "words", "domains", "outcome_ids"}
    story = actions.record_story(review, actor=council.worker, told_by="family_carer", teller_name="Jane Evans",
                                 words="Mum cooks again", domains=["health", "dignity"], outcome_ids=[outcome.pk],
                                 share_with_helpers=True, share_for_research=False)
    assert list(story.outcomes.all()) == [outcome] and story.domains == ["health", "dignity"]
    assert story.held_on == review.held_on and not story.audio


@pytest.mark.parametrize("made, kind", [(wav, audio.WAV), (mp3, audio.MP3), (ogg_opus, audio.OGG), (m4a, audio.M4A),
                                        (webm, audio.WEBM)])
def test_a_recording_is_kept_by_the_kind_its_content_is(council, made, kind):
    _, review, _ = _reviewed(council)
    story = actions.record_story(review, actor=council.worker, told_by="person", teller_name="", words="",
                                 audio_file=SimpleUploadedFile("anything.txt", made(), content_type="text/plain"),
                                 share_with_helpers=False, share_for_research=False)
    assert story.audio_type == kind.content_type and story.audio.name.startswith(f"stories/{review.case_id}/")


def test_a_recording_that_is_not_sound_or_too_big_is_refused_and_nothing_kept(council, tmp_path, monkeypatch):
    _, review, _ = _reviewed(council)
    for data in (b"%PDF-1.4 not a recording", b"RIFF\x24\x00\x00\x00WAVEjunk", mp3()[:-417 * 4] + b"\x00" * 50,
                 b"<html><script>alert(1)</script></html>"):
        with pytest.raises(actions.EvaluationError) as refused:
            actions.record_story(review, actor=council.worker, told_by="person", teller_name="", words="",
                                 audio_file=SimpleUploadedFile("story.mp3", data, content_type="audio/mpeg"),
                                 share_with_helpers=False, share_for_research=False)
        assert refused.value.field == "audio" and "must be a sound recording" in str(refused.value)
    monkeypatch.setattr(audio, "MAX_BYTES", 1000)
    with pytest.raises(actions.EvaluationError, match="smaller than"):
        actions.record_story(review, actor=council.worker, told_by="person", teller_name="", words="",
                             audio_file=wav(), share_with_helpers=False, share_for_research=False)
    assert not Story.objects.exists() and not any(tmp_path.rglob("stories/*/*"))


def test_an_mp3_is_kept_without_its_id3_tag(council):
    _, review, _ = _reviewed(council)
    story = actions.record_story(review, actor=council.worker, told_by="person", teller_name="", words="",
                                 audio_file=mp3(), share_with_helpers=False, share_for_research=False)
    assert story.audio.read() == mp3(id3=False)


def test_the_teller_changes_who_may_read_their_story(council):
    person, review, _ = _reviewed(council)
    story = actions.record_story(review, actor=council.worker, told_by="person", teller_name="", words="Good",
                                 share_with_helpers=False, share_for_research=False)
    changed = actions.change_story_consent(story, actor=council.worker, share_with_helpers=True,
                                           share_for_research=True)
    assert changed.share_with_helpers and changed.share_for_research and changed.consent_changed_on is not None
    assert AuditEvent.objects.filter(person_id=person.pk, action="change", what__contains="researchers").exists()
    with pytest.raises(actions.EvaluationError):
        actions.change_story_consent(story, actor=council.south_worker, share_with_helpers=False,
                                     share_for_research=False)


# ---- the pages ----------------------------------------------------------------------------------------------------

def test_recording_a_review_goes_to_its_page_with_the_links_to_add_answers_and_stories(council, client):
    person = council.live_person()
    case = council.case(person)
    outcome = plans.approved_plan_for(case).outcomes.get()
    client.force_login(council.worker)
    done = client.post(f"/people/{person.pk}/review/", {
        "held_on_0": "20", "held_on_1": "3", "held_on_2": "2026", "summary": "Going well", "decision": "continue",
        "depth": "light", "reason": "Planned", "method": "Service user only", "what_changed": "Nothing changed",
        f"outcome_{outcome.pk}": "achieved"})
    review = case.reviews.get()
    assert done.status_code == 302 and done["Location"] == f"/people/{person.pk}/reviews/{review.pk}/"
    page = client.get(done["Location"]).content.decode()
    for link, words in [("answers/person/", "Add the person's answers"),
                        ("answers/family-carer/", "Add a family carer's answers"),
                        ("answers/worker/", "Add the worker's answers"), ("stories/new/", "Add a story")]:
        assert f'<a class="govuk-link" href="/people/{person.pk}/reviews/{review.pk}/{link}">{words}</a>' in page
    assert f'href="/people/{person.pk}/reviews/{review.pk}/"' in client.get(f"/people/{person.pk}/").content.decode()
    assert f'href="/people/{person.pk}/reviews/{review.pk}/"' in client.get(f"/people/{person.pk}/review/").content.decode()


def test_the_answers_form_asks_each_domain_and_shows_the_answers_in_words(council, client):
    person, review, _ = _reviewed(council)
    client.force_login(council.worker)
    url = f"/people/{person.pk}/reviews/{review.pk}/answers/person/"
    form = client.get(url).content.decode()
    assert "The person, with family present" in form and "Health: Your physical and mental health" in form
    assert "Since the budget began, is this better, about the same or worse?" in form and "Your health" in form
    assert f'href="/people/{person.pk}/reviews/{review.pk}/answers/person/easy-read/"' in form
    missing = client.post(url, {"answered_by": "person_alone"})
    assert missing.status_code == 400 and "Select an answer for health" in missing.content.decode()
    done = client.post(url, {"answered_by": "relative", **answers_to("person", "worse")})
    assert done.status_code == 302
    page = client.get(f"/people/{person.pk}/reviews/{review.pk}/").content.decode()
    assert "Health: Your physical and mental health" in page and "Worse" in page
    assert "a relative, without the person" in page and "“How things have changed for you”, version 1" in page
    easy = client.get(f"/people/{person.pk}/reviews/{review.pk}/answers/person/easy-read/").content.decode()
    assert "Your health" in easy and "Not for me" in easy
    carer = client.post(f"/people/{person.pk}/reviews/{review.pk}/answers/family-carer/",
                        {"answered_by": "carer_themselves", **answers_to("family_carer")})
    assert carer.status_code == 400 and "Enter the family carer" in carer.content.decode()


def test_a_story_with_a_recording_is_added_and_the_recording_is_a_download(council, client):
    person, review, outcome = _reviewed(council)
    client.force_login(council.worker)
    done = client.post(f"/people/{person.pk}/reviews/{review.pk}/stories/new/", {
        "told_by": "person", "words": "I cook again", "domains": ["health"], "outcome_ids": [outcome.pk],
        "share_with_helpers": "yes", "share_for_research": "no",
        "audio": SimpleUploadedFile("story.wav", wav(), content_type="audio/wav")})
    assert done.status_code == 302
    story = Story.objects.get()
    page = client.get(f"/people/{person.pk}/reviews/{review.pk}/").content.decode()
    assert "I cook again" in page and "Download the recording" in page and "the staff who helped" in page
    got = client.get(f"/people/{person.pk}/reviews/{review.pk}/stories/{story.pk}/recording/")
    assert got.status_code == 200 and got["Content-Type"] == "audio/wav"
    assert got["Content-Disposition"].startswith("attachment") and got["X-Content-Type-Options"] == "nosniff"
    assert b"".join(got.streaming_content) == wav()
    bad = client.post(f"/people/{person.pk}/reviews/{review.pk}/stories/new/", {
        "told_by": "person", "share_with_helpers": "no", "share_for_research": "no",
        "audio": SimpleUploadedFile("story.mp3", b"not sound at all", content_type="audio/mpeg")})
    assert bad.status_code == 400 and "must be a sound recording" in bad.content.decode()


def test_another_teams_worker_gets_not_found_and_a_provider_or_finance_forbidden(council, client):
    person, review, _ = _reviewed(council)
    story = actions.record_story(review, actor=council.worker, told_by="person", teller_name="", words="",
                                 audio_file=wav(), share_with_helpers=False, share_for_research=False)
    base = f"/people/{person.pk}/reviews/{review.pk}/"
    urls = [base, f"{base}answers/person/", f"{base}stories/new/", f"{base}stories/{story.pk}/recording/",
            f"{base}stories/{story.pk}/consent/"]
    client.force_login(council.south_worker)
    assert {client.get(url).status_code for url in urls} == {404}
    client.force_login(council.provider)  # reaches the person (the plan's home care is its), not their care record
    assert {client.get(url).status_code for url in urls} == {403}
    client.force_login(council.finance)
    assert {client.get(url).status_code for url in urls} == {403}
    other, other_review, _ = _reviewed(council, council.live_person(first_name="Ann", nhs_number="9434765870"))
    client.force_login(council.worker)
    assert client.get(f"/people/{other.pk}/reviews/{review.pk}/").status_code == 404  # only through its own person
    assert client.get(f"/people/{person.pk}/reviews/{other_review.pk}/stories/{story.pk}/recording/").status_code == 404


# ---- the API ------------------------------------------------------------------------------------------------------

def test_the_api_records_answers_naming_each_bad_one_and_lists_answers_and_stories(council, api):
    person, review, _ = _reviewed(council)
    url = f"/api/v1/people/{person.pk}/reviews/{review.pk}/evaluations/"
    given = answers_to("person")
    given["money"] = "brilliant"
    bad = api(council.worker).post(url, {"respondent": "person", "answered_by": "carer_themselves", "answers": given},
                                   format="json")
    assert bad.status_code == 400, bad.json()
    assert set(bad.json()["errors"]) == {"answered_by", "answers.money"}
    made = api(council.worker).post(url, {"respondent": "person", "answered_by": "advocate",
                                          "answers": answers_to("person")}, format="json")
    assert made.status_code == 201 and made.json()["questionnaire"] == "person-v1"
    assert made.json()["own_voice"] is False
    listed = api(council.manager).get(url)
    assert listed.status_code == 200 and [e["answered_by"] for e in listed.json()] == ["advocate"]
    assert api(council.manager).post(url, {"respondent": "worker", "answered_by": "worker_themselves",
                                           "answers": answers_to("worker")}, format="json").status_code == 201
    actions.record_story(review, actor=council.worker, told_by="person", teller_name="", words="Good",
                         audio_file=wav(), share_with_helpers=False, share_for_research=True)
    stories = api(council.worker).get(f"/api/v1/people/{person.pk}/reviews/{review.pk}/stories/")
    assert stories.status_code == 200 and stories.json()[0]["has_recording"] is True
    assert api(council.south_worker).get(url).status_code == 404
    assert api(council.finance).get(url).status_code == 403
