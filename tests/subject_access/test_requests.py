"""Subject access requests (issue 16): logged with the month's deadline, everything held gathered, redacted and
withheld with exemptions, approved by a second person, released as an archive whose index lists every item, audited;
the records never changed; everyone but the person's team refused."""

import datetime
import io
import re
import zipfile

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.utils import timezone

from selfdirect.audit.models import AuditEvent
from selfdirect.outcomes.models import Review
from selfdirect.subject_access import actions, gatherers, queries
from selfdirect.subject_access.models import SubjectAccessRequest
from tests import writes

pytestmark = pytest.mark.django_db
D = datetime.date
REASON = "third party: carer's own health"


def log(council, person, **overrides):
    given = {"received_on": D(2026, 3, 2), "received_how": "letter", "requester": "person",
             "identity_checked": "Known to the worker", "asked_for": "Everything you hold about me",
             "today": D(2026, 3, 3)}
    given.update(overrides)
    return actions.log_request(person, actor=council.worker, **given)


def item_of(sar, kind, index=0):
    return [item for item in queries.items_of(sar) if item.kind == kind][index]


def field_holding(item, words):
    return next(i for i, (_, text) in enumerate(item.fields) if words in text)


def reviewed(council, person):
    """A request gathered, with the carer's health redacted from the review, the carer withheld, and the review done."""
    sar = log(council, person)
    actions.gather(sar, actor=council.worker)
    review = item_of(sar, "reviews")
    actions.redact(review, actor=council.worker, field_index=field_holding(review, "back pain"), words="back pain",
                   exemption="third_party", reason=REASON)
    actions.withhold(item_of(sar, "carers"), actor=council.worker, exemption="third_party",
                     reason="third party: about your daughter as a carer")
    return actions.finish_review(sar, actor=council.worker)


RELEASED_ON = D(2026, 3, 20)


def released(council, person, today=RELEASED_ON):
    sar = reviewed(council, person)
    actions.approve(sar, actor=council.manager)
    return actions.release(sar, actor=council.worker, how="post", today=today)


def unzip(sar) -> zipfile.ZipFile:
    out = io.BytesIO()
    sha = queries.archive(sar, out, released_on=sar.released_on)
    assert sha == sar.archive_sha256  # made again, byte for byte, from the frozen review
    return zipfile.ZipFile(out)


# ---- logging and the deadline -------------------------------------------------------------------------------------------

def test_a_request_is_logged_with_the_month_as_the_ico_counts_it(council, elsie):
    sar = log(council, elsie, received_on=D(2026, 1, 31), today=D(2026, 2, 2))
    assert (sar.starts_on, sar.first_due_on, sar.due_on) == (D(2026, 1, 31), D(2026, 3, 2), D(2026, 3, 2))
    later = log(council, elsie, received_on=D(2026, 1, 5), proof_arrived_on=D(2026, 1, 12), today=D(2026, 1, 20))
    assert later.due_on == D(2026, 2, 12)  # the month runs from the day the proof asked for arrived
    assert sar.state == SubjectAccessRequest.State.RECEIVED and sar.history.count() == 1


def test_an_extension_is_three_months_from_the_start_told_within_the_first_month(council, elsie):
    sar = log(council, elsie, received_on=D(2026, 3, 2))
    with pytest.raises(actions.SubjectAccessError) as late:
        actions.extend(sar, actor=council.worker, reason="Forty years of records", told_on=D(2026, 4, 3),
                       today=D(2026, 4, 3))
    assert late.value.field == "told_on"
    actions.extend(sar, actor=council.worker, reason="Forty years of records", told_on=D(2026, 3, 20),
                   today=D(2026, 3, 20))
    sar.refresh_from_db()
    assert sar.due_on == D(2026, 6, 2) and sar.extended and sar.state == "received"
    with pytest.raises(actions.SubjectAccessError, match="already been extended"):
        actions.extend(sar, actor=council.worker, reason="Again", told_on=D(2026, 3, 21), today=D(2026, 3, 21))


def test_the_deadline_and_overdue_requests_are_shown_to_the_team(council, elsie, signed_in):
    log(council, elsie, received_on=D(2020, 1, 6), today=D(2020, 1, 6))  # long overdue
    client = signed_in(council.worker)
    for path in ["/subject-access/", f"/people/{elsie.pk}/", f"/people/{elsie.pk}/subject-access/", "/"]:
        body = client.get(path).content.decode()
        assert "6 February 2020" in body and "Overdue" in body, path
    assert "Subject access requests, soonest due first" in client.get("/").content.decode()


# ---- gathering ---------------------------------------------------------------------------------------------------------

def test_gathering_finds_everything_held_of_every_kind(council, elsie):
    sar = log(council, elsie)
    count = actions.gather(sar, actor=council.worker)
    items = queries.items_of(sar)
    assert count == len(items) >= 15
    assert {g.kind for g in gatherers.GATHERERS} == {item.kind for item in items}  # every kind found something
    text = "\n".join(f"{item.title} {label} {value}" for item in items for label, value in item.fields)
    for held in ["Jane Evans", "Frank Evans", "Research", "Help with personal care", "Going well", "Dear Elsie Evans",
                 "Corner shop", "CORNER SHOP", "February 2026", "Referral received", "Direct payment account",
                 "Recorded a review", "Finance (Finance officer)"]:
        assert held in text, held
    spending = item_of(sar, "spending")
    assert spending.file_name == f"receipt-{spending.key.split(':')[1]}.pdf" and default_storage.exists(
        spending.file_path)
    with pytest.raises(actions.SubjectAccessError, match="already been gathered"):
        actions.gather(sar, actor=council.worker)


def test_values_are_written_as_a_person_reads_them(council, elsie):
    """Codes by their labels, money in pounds, dates in words, the NHS number grouped, Yes and No, the channel in
    words, the questionnaire's own words; in the record's history too."""
    from selfdirect.people import codes

    other = next(code for code, _ in codes.choices("ethnicity") if code != elsie.ethnicity)
    before = codes.label("ethnicity", elsie.ethnicity)
    elsie.ethnicity = other
    elsie.save()  # a change the record's history keeps
    sar = log(council, elsie)
    actions.gather(sar, actor=council.worker)
    items = queries.items_of(sar)
    text = "\n".join(f"{item.title}\n" + "\n".join(f"{label}: {value}" for label, value in item.fields)
                     for item in items)
    assert not re.findall(r"\b\d{4}-\d{2}-\d{2}\b", text)  # no ISO date, even in the audit trail
    assert not re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", text)  # no code: some_help, state_pension, pain_distress_anxiety
    assert "pence" not in text.lower() and "Channel" not in text and ": cli" not in text and ": web" not in text
    assert f"NHS number: {elsie.nhs_number_display}" in text and elsie.nhs_number_display != elsie.nhs_number
    fields = dict(item_of(sar, "financial-assessments").fields)
    assert "Weekly cost of care: £200.00" in fields["What you told us"]
    assert "Income: Amount: £300.00; Period: Each week; Type: State Pension" in fields["What you told us"]
    assert "Effective date: 1 March 2024" in fields["What you told us"]
    findings = dict(item_of(sar, "assessments").fields)["Findings"]
    assert "Meanings: Cannot achieve it without assistance; Outcome: Managing and maintaining nutrition" in findings
    answers = dict(item_of(sar, "self-assessments").fields)
    assert "How much help do you need to wash, bathe or shower? I need some help, some of the time" in answers["Answers"]
    assert answers["Questionnaire"] == "Supported self-assessment: adults (version 1)"
    assert dict(item_of(sar, "spending").fields)["How it was entered"] == "On Selfdirect's web pages"
    assert dict(item_of(sar, "indicative-budgets").fields)["Lines"].endswith("Amount: £143.00")
    changes = "\n".join(text for _, text in item_of(sar, "person-history").fields)
    assert f"Ethnicity: from {before} to {codes.label('ethnicity', other)}" in changes


def test_nothing_is_changed_or_deleted_in_the_records(council, elsie):
    ours = {"audit_auditevent", "django_session", "subject_access_subjectaccessrequest", "subject_access_reviewitem",
            "subject_access_redaction", "subject_access_historicalsubjectaccessrequest"}
    before = writes.digest(ours)
    released(council, elsie)
    assert writes.changed(before, writes.digest(ours)) == []
    assert "back pain" in Review.objects.get(case__person=elsie).summary


# ---- review, approval and release ------------------------------------------------------------------------------------

def test_a_redaction_shows_in_the_archive_and_not_the_words(council, elsie):
    sar = released(council, elsie)
    zipped = unzip(sar)
    review = item_of(sar, "reviews")
    page = zipped.read(f"items/{review.position:03d}-reviews.html").decode()
    assert "[redacted: third party: carer&#x27;s own health]" in page and "back pain" not in page.lower()
    assert "Going well" in page and "makes lifting hard" in page
    assert not any("back pain" in zipped.read(name).decode(errors="replace").lower() for name in zipped.namelist()
                   if not name.startswith("files/"))


def test_a_withheld_item_is_absent_from_the_archive_but_listed_in_its_index(council, elsie):
    sar = released(council, elsie)
    zipped = unzip(sar)
    carer = item_of(sar, "carers")
    assert not any(name.startswith(f"items/{carer.position:03d}-") for name in zipped.namelist())
    assert not any("Hours caring per week" in zipped.read(name).decode() for name in zipped.namelist()
                   if name.startswith("items/"))  # the carer's own details are given nowhere
    index = zipped.read("index.html").decode()
    assert "Unpaid carer: Jane Evans" in index
    assert ("Withheld under Data Protection Act 2018, Schedule 2, Part 3, paragraph 16: third party: about your "
            "daughter as a carer") in index


def test_the_index_lists_every_item_and_the_receipt_comes_as_it_was_stored(council, elsie):
    sar = released(council, elsie)
    zipped = unzip(sar)
    items = queries.items_of(sar)
    rows = zipped.read("index.csv").decode("utf-8-sig").splitlines()[1:]
    assert len(rows) == len(items)
    index = zipped.read("index.html").decode()
    assert all(item.title.replace("'", "&#x27;") in index for item in items)
    spending = item_of(sar, "spending")
    entry = f"files/{spending.position:03d}-{spending.file_name}"
    with default_storage.open(spending.file_path, "rb") as stored:
        assert zipped.read(entry) == stored.read()
    # the index names the receipt where it is in the archive, and no file for the items that bring none
    assert f'<a href="{entry}">{entry.removeprefix("files/")}</a>' in index and ">None<" not in index
    assert 'in the folder "files"' in index
    assert f"../{entry}" in zipped.read(f"items/{spending.position:03d}-spending-you-recorded-and-any-receipts.html").decode()


def test_the_reviewer_cannot_approve_their_own_review(council, elsie):
    sar = log(council, elsie)
    actions.gather(sar, actor=council.manager)
    review = item_of(sar, "reviews")
    actions.redact(review, actor=council.manager, field_index=field_holding(review, "back pain"), words="back pain",
                   exemption="third_party", reason=REASON)
    actions.finish_review(sar, actor=council.worker)
    with pytest.raises(actions.SubjectAccessError, match="someone else must approve"):
        actions.approve(sar, actor=council.manager)  # they redacted
    with pytest.raises(actions.SubjectAccessError, match="team manager"):
        actions.approve(sar, actor=council.worker)  # not a manager
    with pytest.raises(actions.SubjectAccessError):
        actions.approve(sar, actor=council.south_manager)  # another team's manager
    assert actions.approve(sar, actor=council.admin).state == "approved"


def test_the_review_is_frozen_once_sent_and_a_manager_may_return_it(council, elsie):
    sar = reviewed(council, elsie)
    with pytest.raises(actions.SubjectAccessError, match="sent for approval"):
        actions.withhold(item_of(sar, "person"), actor=council.worker, exemption="crime", reason="x")
    actions.return_review(sar, actor=council.manager, reason="Redact the son's address too")
    actions.withhold(item_of(sar, "representatives"), actor=council.worker, exemption="third_party", reason="son")
    sar.refresh_from_db()
    assert sar.state == "in_review" and sar.review_done_at is None


def test_a_redaction_taken_back_is_kept_marked_and_leaves_the_release(council, elsie):
    sar = log(council, elsie)
    actions.gather(sar, actor=council.worker)
    review = item_of(sar, "reviews")
    made = actions.redact(review, actor=council.worker, field_index=field_holding(review, "back pain"),
                          words="Back Pain", exemption="third_party", reason=REASON, everywhere=True)
    assert len(made) >= 1 and all(r.words == "Back Pain" for r in made)
    actions.withdraw(review, made[0].pk, actor=council.worker)
    assert "back pain" in str(queries.released_fields(queries.item_of(sar, review.pk)))
    assert made[0].__class__.objects.filter(pk=made[0].pk, withdrawn_by=council.worker).exists()


def test_the_release_is_recorded_and_audited(council, elsie):
    sar = released(council, elsie)
    assert (sar.state, sar.released_by, sar.released_on, sar.released_how) == ("released", council.worker,
                                                                              D(2026, 3, 20), "post")
    assert len(sar.archive_sha256) == 64
    events = list(AuditEvent.objects.filter(person=elsie).values_list("action", "what"))
    for action, starts in [("create", "Logged subject access request"), ("create", "Gathered"),
                           ("change", "Redacted 1 part"), ("change", "Withheld item"),
                           ("decision", "Finished the review"), ("decision", "Approved the release"),
                           ("export", f"Released subject access request {sar.pk}")]:
        assert any(a == action and w.startswith(starts) for a, w in events), starts
    assert not any("back pain" in w.lower() for _, w in events if "subject access" in w)  # never the words redacted
    released_event = AuditEvent.objects.get(person=elsie, action="export", what__startswith="Released")
    assert sar.archive_sha256 in released_event.why


def test_the_team_downloads_the_archive_for_30_days_each_download_audited(council, elsie, signed_in):
    today = timezone.localdate()
    sar = released(council, elsie, today=today)
    url = f"/people/{elsie.pk}/subject-access/{sar.pk}/archive.zip"
    client = signed_in(council.worker)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()[0] == "index.html"
    assert AuditEvent.objects.filter(person=elsie, action="export", what__startswith="Downloaded").count() == 1
    with time_machine.travel(today + datetime.timedelta(days=queries.DOWNLOAD_DAYS + 1)):
        assert signed_in(council.worker).get(url).status_code == 403
        assert signed_in(council.admin).get(url).status_code == 200


def test_an_archive_whose_files_changed_is_not_given(council, elsie, signed_in):
    sar = released(council, elsie, today=timezone.localdate())
    spending = item_of(sar, "spending")
    with open(default_storage.path(spending.file_path), "ab") as stored:
        stored.write(b"\n% changed")
    response = signed_in(council.worker).get(f"/people/{elsie.pk}/subject-access/{sar.pk}/archive.zip")
    assert response.status_code == 409 and "cannot be made again" in response.content.decode()


def test_a_manager_refuses_a_manifestly_excessive_request(council, elsie):
    sar = log(council, elsie)
    with pytest.raises(actions.SubjectAccessError, match="team manager"):
        actions.refuse(sar, actor=council.worker, grounds="excessive", reason="Repeats", told_on=D(2026, 3, 3),
                       today=D(2026, 3, 3))
    with pytest.raises(actions.SubjectAccessError) as bad:
        actions.refuse(sar, actor=council.manager, grounds="annoying", reason="Repeats", told_on=D(2026, 3, 3),
                       today=D(2026, 3, 3))
    assert bad.value.field == "grounds"
    done = actions.refuse(sar, actor=council.manager, grounds="excessive", reason="It repeats last week's request",
                          told_on=D(2026, 3, 3), today=D(2026, 3, 3))
    assert done.state == "refused"
    assert AuditEvent.objects.filter(person=elsie, action="decision", what__startswith="Refused",
                                     why="UK GDPR article 12(5)").exists()


def test_the_demo_rebuilds_over_requests_made_in_it(code_lists, settings):
    """A request logged in the demo council (by someone trying it) does not stop tomorrow's rebuild."""
    from django.core.management import call_command

    from selfdirect.accounts.models import User
    from selfdirect.people.models import Person

    settings.DEMO_MODE = True
    call_command("demo", people=2, seed=3, as_of="2026-12-02", stdout=io.StringIO())
    worker = User.objects.get(username="worker")
    person = Person.objects.filter(team=worker.team).first()
    sar = actions.log_request(person, actor=worker, received_on=D(2026, 12, 1), received_how="letter",
                              requester="person", identity_checked="Known to the worker", asked_for="Everything",
                              today=D(2026, 12, 2))
    actions.gather(sar, actor=worker)
    call_command("demo", people=2, seed=3, as_of="2026-12-03", stdout=io.StringIO())
    assert not SubjectAccessRequest.objects.exists() and not SubjectAccessRequest.history.exists()


def test_every_kind_names_its_heading_for_the_worker_and_the_parts_of_a_record_it_belongs_to():
    from selfdirect.people.access import SECTIONS

    known = set().union(*SECTIONS.values())
    for found in gatherers.GATHERERS:
        assert not re.search(r"\byou(r)?\b", found.heading, flags=re.IGNORECASE), found.kind  # the worker's words
        assert found.sections and found.sections <= known, found.kind
